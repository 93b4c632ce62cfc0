import type { SqlPool } from '#platform';
import {
  addFigure,
  computeRates,
  computeScore,
  emptyFigures,
  FACT_RECORD,
  figureColumns,
  type AssessmentFigures,
  type AssessmentRates,
  type ScoreWeights,
} from '../common/assessment.js';
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
  /** Numerator and denominator of every rate over the grid's cases, all units and periods (docs/assessment.md). */
  readonly figures: AssessmentFigures;
  readonly rates: AssessmentRates;
  readonly score: number | null;
}

/**
 * GET /api/v1/grids/{gridId}/dashboard. `now`: the instant overdue and due are judged against (default
 * the database's). `table`: another table of the same shape (the as-of replay's temporary one). The
 * rates count the same per-case facts as the assessments, over every unit and period.
 */
export async function gridDashboard(
  db: Pick<SqlPool, 'query'>,
  gridId: string,
  options: { now?: Date; weights?: ScoreWeights; table?: string } = {},
): Promise<GridDashboard> {
  const table = options.table ?? GRID_DASHBOARD_CASES;
  const now = options.now ? options.now.toISOString() : null;
  const [groups, totals, figureRows] = await Promise.all([
    db.query<{ case_type: string; status: string; n: string }>(
      `SELECT case_type, status, count(*)::text AS n FROM ${table} WHERE grid_id = $1 GROUP BY case_type, status ORDER BY case_type, status`,
      [gridId],
    ),
    db.query<Record<string, string>>(
      `SELECT count(*)::text AS total,
              count(*) FILTER (WHERE open)::text AS open,
              count(*) FILTER (WHERE open AND overdue_at <= COALESCE($2::timestamptz, now()))::text AS overdue,
              count(*) FILTER (WHERE open AND escalated)::text AS escalated
       FROM ${table} WHERE grid_id = $1`,
      [gridId, now],
    ),
    db.query<{ measure: string; numerator: number; denominator: number }>(
      `SELECT ${figureColumns('COALESCE($2::timestamptz, now())')}
       FROM ${table} c, jsonb_to_recordset(c.facts) AS f${FACT_RECORD}
       WHERE c.grid_id = $1 GROUP BY f.measure`,
      [gridId, now],
    ),
  ]);
  const row = totals.rows[0]!;
  const figures = emptyFigures();
  for (const figure of figureRows.rows) addFigure(figures, figure);
  const rates = computeRates(figures);
  return {
    gridId,
    total: Number(row.total),
    byTypeAndStatus: groups.rows.map((g) => ({ type: g.case_type, status: g.status, count: Number(g.n) })),
    open: Number(row.open),
    overdue: Number(row.overdue),
    escalated: Number(row.escalated),
    figures,
    rates,
    score: computeScore(rates, options.weights),
  };
}
