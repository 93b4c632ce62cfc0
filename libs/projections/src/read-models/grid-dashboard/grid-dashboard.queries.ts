import type { SqlPool } from '#platform';
import {
  COUNTER_COLUMNS,
  COUNTER_KEYS,
  computeRates,
  computeScore,
  emptyCounters,
  type AssessmentRates,
  type ScoreWeights,
} from '../shared/assessment.js';
import { GRID_DASHBOARD_CASES } from './grid-dashboard.projection.js';

export interface GridDashboard {
  readonly gridId: string;
  readonly total: number;
  readonly byTypeAndStatus: ReadonlyArray<{
    readonly type: string;
    readonly status: string;
    readonly count: number;
  }>;
  readonly open: number;
  readonly overdue: number;
  readonly escalated: number;
  readonly rates: AssessmentRates;
  readonly score: number | null;
}

/**
 * GET /api/v1/grids/{gridId}/dashboard. `now`: the instant overdue and due are judged against (default
 * the database's). `table`: another table of the same shape (the as-of replay's temporary one).
 */
export async function gridDashboard(
  db: Pick<SqlPool, 'query'>,
  gridId: string,
  options: { now?: Date; weights?: ScoreWeights; table?: string } = {},
): Promise<GridDashboard> {
  const table = options.table ?? GRID_DASHBOARD_CASES;
  const now = options.now ? options.now.toISOString() : null;
  const [groups, totals] = await Promise.all([
    db.query<{ case_type: string; status: string; n: string }>(
      `SELECT case_type, status, count(*)::text AS n FROM ${table} WHERE grid_id = $1 GROUP BY case_type, status ORDER BY case_type, status`,
      [gridId],
    ),
    db.query<Record<string, string>>(
      `SELECT count(*)::text AS total,
              count(*) FILTER (WHERE open)::text AS open,
              count(*) FILTER (WHERE open AND overdue_at <= COALESCE($2::timestamptz, now()))::text AS overdue,
              count(*) FILTER (WHERE open AND escalated)::text AS escalated,
              count(*) FILTER (WHERE open AND handling_due_at <= COALESCE($2::timestamptz, now()))::text AS due_open,
              ${COUNTER_KEYS.map((key) => `COALESCE(sum(${COUNTER_COLUMNS[key]}), 0)::text AS ${COUNTER_COLUMNS[key]}`).join(', ')}
       FROM ${table} WHERE grid_id = $1`,
      [gridId, now],
    ),
  ]);
  const row = totals.rows[0]!;
  const counters = emptyCounters();
  for (const key of COUNTER_KEYS) counters[key] = Number(row[COUNTER_COLUMNS[key]]);
  const rates = computeRates(counters, counters.closed + Number(row.due_open));
  return {
    gridId,
    total: Number(row.total),
    byTypeAndStatus: groups.rows.map((g) => ({ type: g.case_type, status: g.status, count: Number(g.n) })),
    open: Number(row.open),
    overdue: Number(row.overdue),
    escalated: Number(row.escalated),
    rates,
    score: computeScore(rates, options.weights),
  };
}
