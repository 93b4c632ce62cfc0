import type { SqlPool } from '#platform';
import { ESCALATION_BOARD } from './escalation-board.projection.js';

export interface OpenEscalation {
  readonly caseId: string;
  readonly type: string;
  readonly title: string;
  readonly gridId: string;
  readonly status: string;
  readonly handlingUnitId: string | null;
  readonly fromLevel: string;
  readonly toLevel: string;
  readonly trigger: string;
  readonly reason: string;
  readonly escalatedAt: string;
  readonly newDeadlineAt: string | null;
  readonly escalations: number;
}

/**
 * Open escalations, grouped by the level they were escalated to (building → district), newest first in each.
 * `scope` (the caller's jurisdiction, in the WHERE clause): only cases of these grids, or only enforcement cases of this squad.
 */
export async function openEscalationsByLevel(
  pool: SqlPool,
  options: {
    level?: string;
    limitPerLevel?: number;
    scope?: { gridIds?: readonly string[]; squadId?: string };
  } = {},
): Promise<Record<string, OpenEscalation[]>> {
  const limit = options.limitPerLevel ?? 100;
  const { rows } = await pool.query<Record<string, unknown>>(
    `SELECT * FROM (
       SELECT case_id, case_type, title, grid_id, status, unit_id, from_level, to_level, trigger, reason, escalated_at, new_deadline_at,
              escalations, row_number() OVER (PARTITION BY to_level ORDER BY escalated_at DESC, case_id) AS n
       FROM ${ESCALATION_BOARD} WHERE open AND to_level IS NOT NULL AND ($1::text IS NULL OR to_level = $1)
         AND ($3::text[] IS NULL OR grid_id = ANY($3::text[]))
         AND ($4::text IS NULL OR (case_type = 'enforcement' AND state->'details'->>'squadId' = $4))) ranked
     WHERE n <= $2 ORDER BY to_level, escalated_at DESC, case_id`,
    [
      options.level ?? null,
      limit,
      options.scope?.gridIds ? [...options.scope.gridIds] : null,
      options.scope?.squadId ?? null,
    ],
  );
  const board: Record<string, OpenEscalation[]> = {};
  for (const row of rows) {
    const level = String(row.to_level);
    (board[level] ??= []).push({
      caseId: String(row.case_id),
      type: String(row.case_type),
      title: String(row.title),
      gridId: String(row.grid_id),
      status: String(row.status),
      handlingUnitId: (row.unit_id as string | null) ?? null,
      fromLevel: String(row.from_level),
      toLevel: level,
      trigger: String(row.trigger),
      reason: String(row.reason),
      escalatedAt: new Date(row.escalated_at as string).toISOString(),
      newDeadlineAt: row.new_deadline_at ? new Date(row.new_deadline_at as string).toISOString() : null,
      escalations: Number(row.escalations),
    });
  }
  return board;
}
