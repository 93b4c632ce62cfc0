import type { SqlPool } from '#platform';
import { ENFORCEMENT_STAGES } from '#case-domain';
import { SQUAD_DASHBOARD_CASES } from './squad-dashboard.projection.js';

export interface SquadDashboard {
  readonly squadId: string;
  readonly total: number;
  /** Every enforcement stage, 0 included, in lifecycle order. */
  readonly byStage: Readonly<Record<string, number>>;
  /** The 90-day decision clock (行政处罚法 Art. 60, +30 approved) is running. */
  readonly decisionClockRunning: number;
  /** Running and past its due instant at query time (no decision yet). */
  readonly overdue: number;
  /** Decided: a penalty or no penalty (simple procedure included). */
  readonly decided: number;
  /** Of those, decided after the decision limit. */
  readonly decidedLate: number;
  /** Integer fen. */
  readonly fines: {
    readonly imposedFen: number;
    readonly collectedFen: number;
    readonly surchargesCollectedFen: number;
    readonly outstandingFen: number;
  };
}

/** GET /api/v1/squads/{squadId}/dashboard; `now` is the instant overdue is judged against (default the database's). */
export async function squadDashboard(
  db: Pick<SqlPool, 'query'>,
  squadId: string,
  options: { now?: Date; table?: string } = {},
): Promise<SquadDashboard> {
  const table = options.table ?? SQUAD_DASHBOARD_CASES;
  const now = options.now ? options.now.toISOString() : null;
  const stages = await db.query<{ stage: string; n: string }>(
    `SELECT stage, count(*)::text AS n FROM ${table} WHERE squad_id = $1 GROUP BY stage`,
    [squadId],
  );
  const totals = await db.query<Record<string, string>>(
    `SELECT count(*)::text AS total,
            count(*) FILTER (WHERE decision_due_at IS NOT NULL)::text AS running,
            count(*) FILTER (WHERE decision_due_at <= COALESCE($2::timestamptz, now()))::text AS overdue,
            count(*) FILTER (WHERE decision_outcome IS NOT NULL)::text AS decided,
            count(*) FILTER (WHERE decision_outcome IS NOT NULL AND NOT decided_within_limit)::text AS decided_late,
            COALESCE(sum(fine_imposed_fen), 0)::text AS imposed, COALESCE(sum(fine_collected_fen), 0)::text AS collected,
            COALESCE(sum(surcharge_collected_fen), 0)::text AS surcharges, COALESCE(sum(fine_outstanding_fen), 0)::text AS outstanding
     FROM ${table} WHERE squad_id = $1`,
    [squadId, now],
  );
  const row = totals.rows[0]!;
  const counted = new Map(stages.rows.map((s) => [s.stage, Number(s.n)]));
  return {
    squadId,
    total: Number(row.total),
    byStage: Object.fromEntries(ENFORCEMENT_STAGES.map((stage) => [stage, counted.get(stage) ?? 0])),
    decisionClockRunning: Number(row.running),
    overdue: Number(row.overdue),
    decided: Number(row.decided),
    decidedLate: Number(row.decided_late),
    fines: {
      imposedFen: Number(row.imposed),
      collectedFen: Number(row.collected),
      surchargesCollectedFen: Number(row.surcharges),
      outstandingFen: Number(row.outstanding),
    },
  };
}
