import type { SqlPool } from '#platform';
import {
  addFigure,
  ASSESSMENT_MEASURES,
  computeRates,
  computeScore,
  DEFAULT_SCORE_WEIGHTS,
  emptyFigures,
  FACT_RECORD,
  figureColumns,
  type AssessmentFigures,
  type AssessmentMeasure,
  type AssessmentRates,
  type ScoreWeights,
} from '../common/assessment.js';
import { UNIT_ASSESSMENT_CASES } from './unit-assessment.projection.js';

export interface UnitAssessment {
  readonly unitId: string;
  readonly unitName: string | null;
  readonly level: string;
  /** Numerator and denominator of every rate (docs/assessment.md). */
  readonly figures: AssessmentFigures;
  readonly rates: AssessmentRates;
  readonly score: number | null;
  /** 1 = best within its level; units without a score come last, unranked (null). */
  readonly rank: number | null;
}

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The instants [start, end) of the months from..to in China Standard Time. */
export function periodBounds(from: string, to: string): { start: string; end: string } {
  if (!PERIOD.test(from) || !PERIOD.test(to) || from > to) {
    throw new RangeError('from and to must be months YYYY-MM with from ≤ to');
  }
  const [year, month] = to.split('-').map(Number) as [number, number];
  const next = month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
  return { start: `${from}-01T00:00:00+08:00`, end: `${next}-01T00:00:00+08:00` };
}

interface AssessOptions {
  from: string;
  to: string;
  level?: string;
  weights?: ScoreWeights;
  /** The instant the figures are taken at (a limit still running is not due yet); default the database's now. */
  now?: Date;
  /** Another table of the same shape (an as-of answer's temporary copy). */
  table?: string;
  /** Only these units (the caller's jurisdiction), in the WHERE clause; ranks are then among them. */
  unitIds?: readonly string[];
}

/**
 * GET /api/v1/assessments: per unit over the months `from`..`to` (inclusive, `YYYY-MM`, China Standard
 * Time), every rate with its numerator and denominator, the weighted score (default 30/40/30 on
 * response/resolution/satisfaction) and the rank within the unit's level. One statement counts the
 * facts of every case (docs/assessment.md).
 */
export async function assessUnits(
  db: Pick<SqlPool, 'query'>,
  options: AssessOptions,
): Promise<UnitAssessment[]> {
  const { start, end } = periodBounds(options.from, options.to);
  const table = options.table ?? UNIT_ASSESSMENT_CASES;
  const { rows } = await db.query<{
    unit_id: string;
    unit_level: string;
    unit_name: string | null;
    measure: string;
    numerator: number;
    denominator: number;
  }>(
    `SELECT f.unit_id, f.unit_level, max(f.unit_name) AS unit_name, ${figureColumns('COALESCE($5::timestamptz, now())')}
     FROM ${table} c, jsonb_to_recordset(c.facts) AS f${FACT_RECORD}
     WHERE f.period_at >= $1::timestamptz AND f.period_at < $2::timestamptz
       AND ($3::text IS NULL OR f.unit_level = $3) AND ($4::text[] IS NULL OR f.unit_id = ANY($4::text[]))
     GROUP BY f.unit_id, f.unit_level, f.measure`,
    [
      start,
      end,
      options.level ?? null,
      options.unitIds ? [...options.unitIds] : null,
      options.now?.toISOString() ?? null,
    ],
  );
  const byUnit = new Map<
    string,
    { unitId: string; level: string; unitName: string | null; figures: AssessmentFigures }
  >();
  for (const row of rows) {
    const key = JSON.stringify([row.unit_id, row.unit_level]);
    const unit = byUnit.get(key) ?? {
      unitId: row.unit_id,
      level: row.unit_level,
      unitName: null,
      figures: emptyFigures(),
    };
    if (row.unit_name && (!unit.unitName || row.unit_name > unit.unitName)) unit.unitName = row.unit_name;
    addFigure(unit.figures, row);
    byUnit.set(key, unit);
  }
  const weights = options.weights ?? DEFAULT_SCORE_WEIGHTS;
  const units = [...byUnit.values()].map((unit) => {
    const rates = computeRates(unit.figures);
    return { ...unit, rates, score: computeScore(rates, weights), rank: null as number | null };
  });
  return rankWithinLevels(units);
}

/** Standard competition ranking ("1224") within each level; ties share a rank; unscored units last. */
function rankWithinLevels(units: UnitAssessment[] & { rank: number | null }[]): UnitAssessment[] {
  const byLevel = new Map<string, (typeof units)[number][]>();
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

/** One case behind a unit's figure. */
export interface AssessedCase {
  readonly caseId: string;
  readonly measure: AssessmentMeasure;
  readonly level: string;
  /** The instant that puts it in the period (a limit, a signing limit, a follow-up, ...). */
  readonly periodAt: string;
  /** In the denominator from this instant. */
  readonly countsFrom: string;
  /** In the numerator. */
  readonly hit: boolean;
}

/**
 * The drill-down: the cases behind every figure of one unit over from..to (the facts counted, as of
 * `now`), by rate then period instant. `measure` narrows to one rate.
 */
export async function assessedCases(
  db: Pick<SqlPool, 'query'>,
  unitId: string,
  options: Omit<AssessOptions, 'weights' | 'unitIds'> & { measure?: AssessmentMeasure; limit?: number },
): Promise<AssessedCase[]> {
  const { start, end } = periodBounds(options.from, options.to);
  if (options.measure && !ASSESSMENT_MEASURES.includes(options.measure))
    throw new RangeError('unknown measure');
  const { rows } = await db.query<{
    case_id: string;
    measure: AssessmentMeasure;
    unit_level: string;
    period_at: Date;
    counts_from: Date;
    hit: boolean;
  }>(
    `SELECT c.case_id, f.measure, f.unit_level, f.period_at, f.counts_from, f.hit
     FROM ${options.table ?? UNIT_ASSESSMENT_CASES} c, jsonb_to_recordset(c.facts) AS f${FACT_RECORD}
     WHERE f.unit_id = $1 AND f.period_at >= $2::timestamptz AND f.period_at < $3::timestamptz
       AND f.counts_from <= COALESCE($4::timestamptz, now())
       AND ($5::text IS NULL OR f.unit_level = $5) AND ($6::text IS NULL OR f.measure = $6)
     ORDER BY f.measure, f.period_at, c.case_id
     LIMIT $7`,
    [
      unitId,
      start,
      end,
      options.now?.toISOString() ?? null,
      options.level ?? null,
      options.measure ?? null,
      options.limit ?? 1000,
    ],
  );
  return rows.map((row) => ({
    caseId: row.case_id,
    measure: row.measure,
    level: row.unit_level,
    periodAt: new Date(row.period_at).toISOString(),
    countsFrom: new Date(row.counts_from).toISOString(),
    hit: row.hit,
  }));
}
