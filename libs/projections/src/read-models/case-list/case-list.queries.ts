import type { SqlPool } from '#platform';
import { CASE_LIST } from './case-list.projection.js';

export interface CaseListFilter {
  readonly type?: string;
  readonly status?: string;
  readonly gridId?: string;
  /** cases of any of these grids (an empty list: none) */
  readonly gridIds?: readonly string[];
  readonly communityId?: string;
  readonly streetId?: string;
  readonly squadId?: string;
  readonly level?: string;
  /** true: open cases whose nearest running limit has passed (at `now`); false: all others. */
  readonly overdue?: boolean;
}

export interface CaseListPage {
  readonly cursor?: string;
  /** 1..200, default 50. */
  readonly limit?: number;
  /** The instant overdue is judged against (default: the database's now()). */
  readonly now?: Date;
}

export interface CaseListItem {
  readonly caseId: string;
  readonly type: string;
  readonly status: string;
  readonly title: string;
  readonly category: string;
  readonly urgency: string;
  readonly source: string;
  readonly gridId: string;
  readonly buildingId: string | null;
  readonly communityId: string | null;
  readonly streetId: string | null;
  readonly squadId: string | null;
  readonly level: string;
  readonly handlingUnit: { readonly unitId: string; readonly name: string | null } | null;
  readonly open: boolean;
  readonly escalations: number;
  readonly riskFlagged: boolean;
  readonly nextDeadline: { readonly kind: string; readonly dueAt: string } | null;
  readonly overdue: boolean;
  readonly revision: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const MAX_CASE_LIST_LIMIT = 200;

export class InvalidCursorError extends Error {
  readonly code = 'VALIDATION.FAILED';
}

/** GET /api/v1/cases: every filter of docs/api.md, newest first, keyset cursor paging. */
export async function listCases(
  pool: SqlPool,
  filter: CaseListFilter = {},
  page: CaseListPage = {},
): Promise<{ items: CaseListItem[]; nextCursor: string | null }> {
  const limit = page.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_CASE_LIST_LIMIT)
    throw new RangeError(`limit must be an integer in 1..${MAX_CASE_LIST_LIMIT}`);
  const params: unknown[] = [page.now ? page.now.toISOString() : null];
  const where: string[] = [];
  const equals: [keyof CaseListFilter, string][] = [
    ['type', 'case_type'],
    ['status', 'status'],
    ['gridId', 'grid_id'],
    ['communityId', 'community_id'],
    ['streetId', 'street_id'],
    ['squadId', 'squad_id'],
    ['level', 'level'],
  ];
  for (const [key, column] of equals) {
    const value = filter[key];
    if (value === undefined) continue;
    params.push(value);
    where.push(`${column} = $${params.length}`);
  }
  if (filter.gridIds !== undefined) {
    params.push([...filter.gridIds]);
    where.push(`grid_id = ANY($${params.length}::text[])`);
  }
  const now = 'COALESCE($1::timestamptz, now())';
  if (filter.overdue === true) where.push(`open AND overdue_at IS NOT NULL AND overdue_at <= ${now}`);
  if (filter.overdue === false) where.push(`NOT (open AND overdue_at IS NOT NULL AND overdue_at <= ${now})`);
  if (page.cursor) {
    const [createdAt, caseId] = decodeCursor(page.cursor);
    params.push(createdAt, caseId);
    where.push(`(created_at, case_id) < ($${params.length - 1}::timestamptz, $${params.length})`);
  }
  params.push(limit + 1);
  const { rows } = await pool.query<Record<string, unknown>>(
    `SELECT case_id, case_type, status, title, category, urgency, source, grid_id, building_id, community_id, street_id,
            squad_id, level, unit_id, unit_name, open, escalations, risk_flagged, next_deadline_kind, next_deadline_at,
            (open AND overdue_at IS NOT NULL AND overdue_at <= ${now}) AS overdue, revision::text AS revision,
            to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_key, created_at, updated_at
     FROM ${CASE_LIST} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY created_at DESC, case_id DESC LIMIT $${params.length}`,
    params,
  );
  const more = rows.length > limit;
  const pageRows = more ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return {
    items: pageRows.map(toItem),
    nextCursor: more && last ? encodeCursor(String(last.created_key), String(last.case_id)) : null,
  };
}

function toItem(row: Record<string, unknown>): CaseListItem {
  return {
    caseId: String(row.case_id),
    type: String(row.case_type),
    status: String(row.status),
    title: String(row.title),
    category: String(row.category),
    urgency: String(row.urgency),
    source: String(row.source),
    gridId: String(row.grid_id),
    buildingId: (row.building_id as string | null) ?? null,
    communityId: (row.community_id as string | null) ?? null,
    streetId: (row.street_id as string | null) ?? null,
    squadId: (row.squad_id as string | null) ?? null,
    level: String(row.level),
    handlingUnit: row.unit_id
      ? { unitId: String(row.unit_id), name: (row.unit_name as string | null) ?? null }
      : null,
    open: Boolean(row.open),
    escalations: Number(row.escalations),
    riskFlagged: Boolean(row.risk_flagged),
    nextDeadline: row.next_deadline_at
      ? {
          kind: String(row.next_deadline_kind),
          dueAt: new Date(row.next_deadline_at as string).toISOString(),
        }
      : null,
    overdue: Boolean(row.overdue),
    revision: Number(row.revision),
    createdAt: new Date(row.created_at as string).toISOString(),
    updatedAt: new Date(row.updated_at as string).toISOString(),
  };
}

function encodeCursor(createdAt: string, caseId: string): string {
  return Buffer.from(JSON.stringify([createdAt, caseId])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string' &&
      !Number.isNaN(Date.parse(value[0]))
    ) {
      return [value[0], value[1]];
    }
  } catch {
    // fall through
  }
  throw new InvalidCursorError('cursor is not one this API returned');
}
