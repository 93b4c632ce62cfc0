import type { SqlPool } from '#platform';
import {
  COUNTER_COLUMNS,
  COUNTER_KEYS,
  computeRates,
  computeScore,
  DEFAULT_SCORE_WEIGHTS,
  emptyCounters,
  type AssessmentCounters,
  type AssessmentRates,
  type ScoreWeights,
} from '../shared/assessment.js';
import { UNIT_ASSESSMENT_CASES, UNIT_ASSESSMENT_COUNTERS } from './unit-assessment.projection.js';

export interface UnitAssessment {
  readonly unitId: string;
  readonly unitName: string | null;
  readonly level: string;
  readonly counters: AssessmentCounters;
  /** Cases due to be closed: closed in the periods + open cases whose handling limit fell in them and has passed. */
  readonly due: number;
  readonly rates: AssessmentRates;
  readonly score: number | null;
  /** 1 = best within its level; units without a score come last, unranked (null). */
  readonly rank: number | null;
}

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * GET /api/v1/assessments: per unit over the months `from`..`to` (inclusive, `YYYY-MM`, China Standard
 * Time), the counters, every rate, the weighted score (default 30/40/30 on response/resolution/
 * satisfaction) and the rank within the unit's level.
 */
export async function assessUnits(
  db: Pick<SqlPool, 'query'>,
  options: {
    from: string;
    to: string;
    level?: string;
    weights?: ScoreWeights;
    now?: Date;
    tables?: { counters: string; cases: string };
    /** Only these units (the caller's jurisdiction), in the WHERE clause; ranks are then among them. */
    unitIds?: readonly string[];
  },
): Promise<UnitAssessment[]> {
  const tables = options.tables ?? { counters: UNIT_ASSESSMENT_COUNTERS, cases: UNIT_ASSESSMENT_CASES };
  if (!PERIOD.test(options.from) || !PERIOD.test(options.to) || options.from > options.to) {
    throw new RangeError('from and to must be months YYYY-MM with from ≤ to');
  }
  const columns = COUNTER_KEYS.map((key) => COUNTER_COLUMNS[key]);
  const start = `${options.from}-01T00:00:00+08:00`;
  const [year, month] = options.to.split('-').map(Number) as [number, number];
  const end = `${month === 12 ? year + 1 : year}-${String(month === 12 ? 1 : month + 1).padStart(2, '0')}-01T00:00:00+08:00`;
  const { rows } = await db.query<Record<string, string | null>>(
    `WITH counted AS (
       SELECT unit_id, unit_level, max(unit_name) AS unit_name, ${columns.map((c) => `sum(${c})::text AS ${c}`).join(', ')}
       FROM ${tables.counters} WHERE period BETWEEN $1 AND $2 AND ($3::text IS NULL OR unit_level = $3)
         AND ($7::text[] IS NULL OR unit_id = ANY($7::text[]))
       GROUP BY unit_id, unit_level),
     due_open AS (
       SELECT unit_id, unit_level, count(*) AS n FROM ${tables.cases}
       WHERE unit_id IS NOT NULL AND handling_due_at >= $4::timestamptz AND handling_due_at < $5::timestamptz
         AND handling_due_at <= COALESCE($6::timestamptz, now()) AND ($3::text IS NULL OR unit_level = $3)
         AND ($7::text[] IS NULL OR unit_id = ANY($7::text[]))
       GROUP BY unit_id, unit_level)
     SELECT COALESCE(c.unit_id, d.unit_id) AS unit_id, COALESCE(c.unit_level, d.unit_level) AS unit_level, c.unit_name,
            ${columns.map((col) => `COALESCE(c.${col}, '0') AS ${col}`).join(', ')}, COALESCE(d.n, 0)::text AS due_open
     FROM counted c FULL JOIN due_open d ON d.unit_id = c.unit_id AND d.unit_level = c.unit_level`,
    [
      options.from,
      options.to,
      options.level ?? null,
      start,
      end,
      options.now?.toISOString() ?? null,
      options.unitIds ? [...options.unitIds] : null,
    ],
  );
  const weights = options.weights ?? DEFAULT_SCORE_WEIGHTS;
  const units = rows.map((row) => {
    const counters = emptyCounters();
    for (const key of COUNTER_KEYS) counters[key] = Number(row[COUNTER_COLUMNS[key]]);
    const due = counters.closed + Number(row.due_open);
    const rates = computeRates(counters, due);
    return {
      unitId: String(row.unit_id),
      unitName: row.unit_name ?? null,
      level: String(row.unit_level),
      counters,
      due,
      rates,
      score: computeScore(rates, weights),
      rank: null as number | null,
    };
  });
  // Standard competition ranking ("1224") within each level; ties share a rank.
  const byLevel = new Map<string, typeof units>();
  for (const unit of units) byLevel.set(unit.level, [...(byLevel.get(unit.level) ?? []), unit]);
  const ranked: UnitAssessment[] = [];
  for (const level of [...byLevel.keys()].sort(levelOrder)) {
    const group = byLevel
      .get(level)!
      .sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.unitId.localeCompare(b.unitId));
    group.forEach((unit, index) => {
      if (unit.score === null) return;
      const previous = group[index - 1];
      unit.rank = previous && previous.score === unit.score ? previous.rank : index + 1;
    });
    ranked.push(...group);
  }
  return ranked;
}

const LEVELS = ['building', 'community', 'street', 'district'];
function levelOrder(a: string, b: string): number {
  return (LEVELS.indexOf(a) + 1 || 99) - (LEVELS.indexOf(b) + 1 || 99) || a.localeCompare(b);
}
