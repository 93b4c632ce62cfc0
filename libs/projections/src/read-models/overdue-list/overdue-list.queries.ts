import type { SqlPool } from '#platform';
import { OVERDUE_LIST } from './overdue-list.projection.js';

export interface OverdueCase {
  readonly caseId: string;
  readonly type: string;
  readonly title: string;
  readonly gridId: string;
  readonly level: string;
  readonly status: string;
  readonly handlingUnitId: string | null;
  readonly deadlineKind: string;
  readonly dueAt: string;
  readonly overdueSeconds: number;
}

/**
 * Open cases whose nearest running limit has passed at `now` (default: the database's now), most overdue first.
 * `scope` (the caller's jurisdiction, in the WHERE clause): only cases of these grids, or only enforcement cases of this squad.
 */
export async function listOverdueCases(
  pool: SqlPool,
  options: {
    now?: Date;
    gridId?: string;
    unitId?: string;
    limit?: number;
    scope?: { gridIds?: readonly string[]; squadId?: string };
  } = {},
): Promise<OverdueCase[]> {
  const limit = options.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw new RangeError('limit must be an integer in 1..1000');
  const { rows } = await pool.query<Record<string, unknown>>(
    `SELECT case_id, case_type, title, grid_id, level, status, unit_id, deadline_kind, due_at,
            extract(epoch FROM (COALESCE($1::timestamptz, now()) - due_at))::float8 AS overdue_seconds
     FROM ${OVERDUE_LIST}
     WHERE open AND due_at IS NOT NULL AND due_at <= COALESCE($1::timestamptz, now())
       AND ($2::text IS NULL OR grid_id = $2) AND ($3::text IS NULL OR unit_id = $3)
       AND ($5::text[] IS NULL OR grid_id = ANY($5::text[]))
       AND ($6::text IS NULL OR (case_type = 'enforcement' AND state->'details'->>'squadId' = $6))
     ORDER BY due_at, case_id LIMIT $4`,
    [
      options.now?.toISOString() ?? null,
      options.gridId ?? null,
      options.unitId ?? null,
      limit,
      options.scope?.gridIds ? [...options.scope.gridIds] : null,
      options.scope?.squadId ?? null,
    ],
  );
  return rows.map((row) => ({
    caseId: String(row.case_id),
    type: String(row.case_type),
    title: String(row.title),
    gridId: String(row.grid_id),
    level: String(row.level),
    status: String(row.status),
    handlingUnitId: (row.unit_id as string | null) ?? null,
    deadlineKind: String(row.deadline_kind),
    dueAt: new Date(row.due_at as string).toISOString(),
    overdueSeconds: Number(row.overdue_seconds),
  }));
}
