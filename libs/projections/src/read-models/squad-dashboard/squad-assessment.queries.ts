import type { SqlPool } from '#platform';
import {
  computeSquadRates,
  computeSquadScore,
  DEFAULT_SQUAD_SCORE_WEIGHTS,
  emptySquadCounters,
  SQUAD_COUNTER_COLUMNS,
  SQUAD_COUNTER_KEYS,
  type FinesDue,
  type SquadCounters,
  type SquadRates,
  type SquadScoreWeights,
} from './squad-assessment.js';
import { SQUAD_ASSESSMENT_COUNTERS, SQUAD_DASHBOARD_CASES } from './squad-dashboard.projection.js';

export interface SquadAssessment {
  readonly squadId: string;
  readonly team: string | null;
  readonly counters: SquadCounters;
  /** Open leads whose 15-working-day screening limit fell in the months and has passed (query time). */
  readonly screeningOverdue: number;
  /** Open filed cases whose decision limit fell in the months and has passed (query time). */
  readonly decisionOverdue: number;
  /** Fines decided in the months whose payment period has ended (query time), and what was collected of them. */
  readonly finesDue: FinesDue;
  readonly rates: SquadRates;
  readonly score: number | null;
  /** 1 = best among the squads answered; squads without a score come last, unranked (null). */
  readonly rank: number | null;
}

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

/** A fine decided in the months whose payment period has ended by now. */
const FINE_DUE = `fine_imposed_fen > 0 AND decided_at >= $4::timestamptz AND decided_at < $5::timestamptz
  AND payment_due_at <= COALESCE($6::timestamptz, now())`;

/** `[from-01 00:00 CST, the first day after to)` of a month range. */
export function monthRange(from: string, to: string): { start: string; end: string } {
  if (!PERIOD.test(from) || !PERIOD.test(to) || from > to)
    throw new RangeError('from and to must be months YYYY-MM with from ≤ to');
  const [year, month] = to.split('-').map(Number) as [number, number];
  const end = `${month === 12 ? year + 1 : year}-${String(month === 12 ? 1 : month + 1).padStart(2, '0')}-01T00:00:00+08:00`;
  return { start: `${from}-01T00:00:00+08:00`, end };
}

/**
 * GET /api/v1/assessments?level=squad: per enforcement squad over the months `from`..`to` (inclusive,
 * China Standard Time), the counters, the squad rates (squad-assessment.ts), the weighted score
 * (default 30/40/30 on screening/on-time decision/collection) and the rank among the squads answered.
 * `squadIds` limits the answer to those squads (the caller's jurisdiction), in the WHERE clause.
 */
export async function assessSquads(
  db: Pick<SqlPool, 'query'>,
  options: {
    from: string;
    to: string;
    squadIds?: readonly string[];
    weights?: SquadScoreWeights;
    now?: Date;
    tables?: { counters: string; cases: string };
  },
): Promise<SquadAssessment[]> {
  const tables = options.tables ?? { counters: SQUAD_ASSESSMENT_COUNTERS, cases: SQUAD_DASHBOARD_CASES };
  const { start, end } = monthRange(options.from, options.to);
  const columns = SQUAD_COUNTER_KEYS.map((key) => SQUAD_COUNTER_COLUMNS[key]);
  const { rows } = await db.query<Record<string, string | null>>(
    `WITH counted AS (
       SELECT squad_id, max(team) AS team, ${columns.map((c) => `sum(${c})::text AS ${c}`).join(', ')}
       FROM ${tables.counters} WHERE period BETWEEN $1 AND $2 AND ($3::text[] IS NULL OR squad_id = ANY($3::text[]))
       GROUP BY squad_id),
     overdue AS (
       SELECT squad_id, max(team) AS team,
              count(*) FILTER (WHERE screening_due_at >= $4::timestamptz AND screening_due_at < $5::timestamptz
                                 AND screening_due_at <= COALESCE($6::timestamptz, now())) AS screening,
              count(*) FILTER (WHERE decision_due_at >= $4::timestamptz AND decision_due_at < $5::timestamptz
                                 AND decision_due_at <= COALESCE($6::timestamptz, now())) AS decision,
              COALESCE(sum(fine_imposed_fen) FILTER (WHERE ${FINE_DUE}), 0) AS fines_due,
              COALESCE(sum(fine_collected_fen) FILTER (WHERE ${FINE_DUE}), 0) AS fines_due_collected
       FROM ${tables.cases}
       WHERE ($3::text[] IS NULL OR squad_id = ANY($3::text[]))
         AND (screening_due_at <= COALESCE($6::timestamptz, now()) OR decision_due_at <= COALESCE($6::timestamptz, now())
              OR payment_due_at <= COALESCE($6::timestamptz, now()))
       GROUP BY squad_id)
     SELECT COALESCE(c.squad_id, o.squad_id) AS squad_id, COALESCE(c.team, o.team) AS team,
            ${columns.map((col) => `COALESCE(c.${col}, '0') AS ${col}`).join(', ')},
            COALESCE(o.screening, 0)::text AS screening_overdue, COALESCE(o.decision, 0)::text AS decision_overdue,
            COALESCE(o.fines_due, 0)::text AS fines_due, COALESCE(o.fines_due_collected, 0)::text AS fines_due_collected
     FROM counted c FULL JOIN overdue o ON o.squad_id = c.squad_id
     WHERE c.squad_id IS NOT NULL OR o.screening > 0 OR o.decision > 0 OR o.fines_due > 0`,
    [
      options.from,
      options.to,
      options.squadIds ? [...options.squadIds] : null,
      start,
      end,
      options.now?.toISOString() ?? null,
    ],
  );
  const weights = options.weights ?? DEFAULT_SQUAD_SCORE_WEIGHTS;
  const squads = rows.map((row) => {
    const counters = emptySquadCounters();
    for (const key of SQUAD_COUNTER_KEYS) counters[key] = Number(row[SQUAD_COUNTER_COLUMNS[key]]);
    const overdue = { screening: Number(row.screening_overdue), decision: Number(row.decision_overdue) };
    const finesDue = { dueFen: Number(row.fines_due), collectedFen: Number(row.fines_due_collected) };
    const rates = computeSquadRates(counters, overdue, finesDue);
    return {
      squadId: String(row.squad_id),
      team: row.team ?? null,
      counters,
      screeningOverdue: overdue.screening,
      decisionOverdue: overdue.decision,
      finesDue,
      rates,
      score: computeSquadScore(rates, weights),
      rank: null as number | null,
    };
  });
  return rankByScore(squads, (squad) => squad.squadId);
}

/** Standard competition ranking ("1224") by score, best first; ties share a rank; unscored last, rank null. */
export function rankByScore<T extends { score: number | null; rank: number | null }>(
  items: T[],
  idOf: (item: T) => string,
): T[] {
  const sorted = items.sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || idOf(a).localeCompare(idOf(b)));
  sorted.forEach((item, index) => {
    if (item.score === null) return;
    const previous = sorted[index - 1];
    item.rank = previous && previous.score === item.score ? previous.rank : index + 1;
  });
  return sorted;
}
