import type { AdmissionState } from '#admission-domain';
import type { SqlPool } from '#platform';
import { ADMISSION_REQUESTS, EVERY_UNIT } from './admission-requests.projection.js';

/** Statuses whose clock runs: what `status=pending` lists, most urgent first. */
export const PENDING_ADMISSION_STATUSES = ['under_review', 'reviewed'] as const;

/**
 * What a caller may see of admission requests, pinned into the WHERE clause: everything, one
 * department's own, or those aimed at one street / community (named, or the whole level).
 */
export type AdmissionVisibility =
  | { readonly kind: 'all' }
  | { readonly kind: 'department'; readonly department: string }
  | { readonly kind: 'unit'; readonly levels: readonly string[]; readonly unitId: string };

export interface AdmissionListFilter {
  /** `pending` (default), `all`, or one status. */
  readonly status?: string;
  readonly department?: string;
  readonly level?: string;
}

export interface AdmissionListPage {
  readonly cursor?: string;
  /** 1..200, default 50. */
  readonly limit?: number;
}

export interface AdmissionListRow {
  readonly requestId: string;
  readonly revision: bigint;
  readonly state: AdmissionState;
}

export const MAX_ADMISSION_LIST_LIMIT = 200;

export class InvalidAdmissionCursorError extends Error {
  readonly code = 'VALIDATION.FAILED';
}

type Order = 'due' | 'newest';

/**
 * GET /api/v1/admissions: filters and the caller's visibility in SQL, keyset cursor paging.
 * `pending`: the most urgent clock first (due_at, request_id); anything else: newest first
 * (submitted_at, request_id descending). A cursor only continues the order it came from.
 */
export async function listAdmissionRequests(
  pool: SqlPool,
  visibility: AdmissionVisibility,
  filter: AdmissionListFilter = {},
  page: AdmissionListPage = {},
): Promise<{ rows: AdmissionListRow[]; nextCursor: string | null }> {
  const limit = page.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_ADMISSION_LIST_LIMIT)
    throw new RangeError(`limit must be an integer in 1..${MAX_ADMISSION_LIST_LIMIT}`);
  const status = filter.status ?? 'pending';
  const order: Order = status === 'pending' ? 'due' : 'newest';
  const params: unknown[] = [];
  const where: string[] = [];
  const bind = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  switch (visibility.kind) {
    case 'all':
      break;
    case 'department':
      where.push(`department = ${bind(visibility.department)}`);
      break;
    case 'unit':
      where.push(
        `target_level = ANY(${bind(visibility.levels)}::text[])`,
        `target_units && ${bind([visibility.unitId, EVERY_UNIT])}::text[]`,
      );
      break;
    default: {
      const unknown: never = visibility;
      throw new Error(`unknown visibility ${JSON.stringify(unknown)}`);
    }
  }
  if (status === 'pending')
    where.push(`status IN (${PENDING_ADMISSION_STATUSES.map((s) => `'${s}'`).join(', ')})`);
  else if (status === 'all') where.push(`status <> 'submitted'`);
  else where.push(`status = ${bind(status)}`);
  if (filter.department !== undefined) where.push(`department = ${bind(filter.department)}`);
  if (filter.level !== undefined) where.push(`target_level = ${bind(filter.level)}`);
  if (page.cursor) {
    const [cursorOrder, key, requestId] = decodeCursor(page.cursor);
    if (cursorOrder !== order)
      throw new InvalidAdmissionCursorError('cursor belongs to another status filter');
    where.push(
      order === 'due'
        ? `(due_at, request_id) > (${bind(key)}::timestamptz, ${bind(requestId)})`
        : `(submitted_at, request_id) < (${bind(key)}::timestamptz, ${bind(requestId)})`,
    );
  }
  const keyColumn = order === 'due' ? 'due_at' : 'submitted_at';
  const orderBy = order === 'due' ? 'due_at ASC, request_id ASC' : 'submitted_at DESC, request_id DESC';
  const { rows } = await pool.query<{
    request_id: string;
    revision: string;
    state: AdmissionState;
    key: string;
  }>(
    `SELECT request_id, revision::text AS revision, state,
            to_char(${keyColumn} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS key
     FROM ${ADMISSION_REQUESTS} WHERE ${where.join(' AND ')}
     ORDER BY ${orderBy} LIMIT ${bind(limit + 1)}`,
    params,
  );
  const more = rows.length > limit;
  const pageRows = more ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return {
    rows: pageRows.map((row) => ({
      requestId: row.request_id,
      revision: BigInt(row.revision),
      state: row.state,
    })),
    nextCursor: more && last ? encodeCursor(order, last.key, last.request_id) : null,
  };
}

function encodeCursor(order: Order, key: string, requestId: string): string {
  return Buffer.from(JSON.stringify([order, key, requestId])).toString('base64url');
}

function decodeCursor(cursor: string): [Order, string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(value) &&
      value.length === 3 &&
      (value[0] === 'due' || value[0] === 'newest') &&
      typeof value[1] === 'string' &&
      !Number.isNaN(Date.parse(value[1])) &&
      typeof value[2] === 'string'
    ) {
      return [value[0], value[1], value[2]];
    }
  } catch {
    // fall through
  }
  throw new InvalidAdmissionCursorError('cursor is not one this API returned');
}
