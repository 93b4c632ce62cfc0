import type { SqlClient } from '#platform';
import { defineProjection, type TableNames } from '../../framework/projection.js';
import {
  assessmentFacts,
  COUNTER_COLUMNS,
  COUNTER_KEYS,
  periodOf,
  type AssessmentCounters,
} from '../shared/assessment.js';
import { CASE_EVENT_TYPES } from '../shared/case-events.js';
import { foldCaseBatch, handlingDeadline, upsertRows, type FoldedCase } from '../shared/case-fold.js';

export const UNIT_ASSESSMENT_COUNTERS = 'unit_assessment_counters';
export const UNIT_ASSESSMENT_CASES = 'unit_assessment_cases';

/**
 * unit_assessment_counters: one row per (unit, month in CST, level the unit handled at) with the
 * counters of every §5 rate; its primary key serves the ranking query (range of periods).
 * unit_assessment_cases: per case its current unit and handling limit, for the query-time part of
 * "due" (open cases whose limit passed); unit_assessment_cases_due_idx serves it.
 */
function schema(t: TableNames): string {
  const counters = t(UNIT_ASSESSMENT_COUNTERS);
  const cases = t(UNIT_ASSESSMENT_CASES);
  return `
    CREATE TABLE IF NOT EXISTS ${counters} (
      unit_id text NOT NULL,
      period text NOT NULL,
      unit_level text NOT NULL,
      unit_name text,
      ${COUNTER_KEYS.map((key) => `${COUNTER_COLUMNS[key]} integer NOT NULL DEFAULT 0`).join(',\n      ')},
      PRIMARY KEY (unit_id, period, unit_level)
    );
    CREATE INDEX IF NOT EXISTS ${counters}_period_idx ON ${counters} (period);
    CREATE TABLE IF NOT EXISTS ${cases} (
      case_id text PRIMARY KEY,
      revision bigint NOT NULL,
      state jsonb NOT NULL,
      memo jsonb NOT NULL DEFAULT '{}',
      unit_id text,
      unit_name text,
      unit_level text NOT NULL,
      handling_due_at timestamptz
    );
    CREATE INDEX IF NOT EXISTS ${cases}_due_idx ON ${cases} (handling_due_at) WHERE handling_due_at IS NOT NULL AND unit_id IS NOT NULL;
  `;
}

export const UNIT_ASSESSMENT_CASE_COLUMNS = {
  case_id: 'text',
  revision: 'bigint',
  state: 'jsonb',
  memo: 'jsonb',
  unit_id: 'text',
  unit_name: 'text',
  unit_level: 'text',
  handling_due_at: 'timestamptz',
};

export interface CounterIncrement {
  readonly unit_id: string;
  readonly period: string;
  readonly unit_level: string;
  unit_name: string | null;
  readonly counts: Record<string, number>;
}

/** The counter increments of folded cases, per (unit, month, level) (pure; the as-of replay sums the same). */
export function assessmentIncrements(
  folded: readonly FoldedCase<unknown>[],
  into = new Map<string, CounterIncrement>(),
): Map<string, CounterIncrement> {
  for (const { steps } of folded) {
    for (const step of steps) {
      for (const fact of assessmentFacts(step)) {
        if (!fact.unitId) continue;
        const period = periodOf(fact.at);
        const key = JSON.stringify([fact.unitId, period, fact.unitLevel]);
        const row = into.get(key) ?? {
          unit_id: fact.unitId,
          period,
          unit_level: fact.unitLevel,
          unit_name: fact.unitName,
          counts: {},
        };
        if (fact.unitName) row.unit_name = fact.unitName;
        for (const counter of Object.keys(fact.delta) as (keyof AssessmentCounters)[]) {
          const column = COUNTER_COLUMNS[counter];
          row.counts[column] = (row.counts[column] ?? 0) + (fact.delta[counter] ?? 0);
        }
        into.set(key, row);
      }
    }
  }
  return into;
}

/** Adds increments to the counters table (the live runner: per batch; the as-of replay: once, into an empty table). */
export async function addCounterIncrements(
  client: SqlClient,
  counters: string,
  increments: ReadonlyMap<string, CounterIncrement>,
): Promise<void> {
  if (increments.size === 0) return;
  const columns = COUNTER_KEYS.map((key) => COUNTER_COLUMNS[key]);
  await client.query(
    `INSERT INTO ${counters} (unit_id, period, unit_level, unit_name, ${columns.join(', ')})
     SELECT unit_id, period, unit_level, unit_name, ${columns.map((c) => `COALESCE(${c}, 0)`).join(', ')}
     FROM jsonb_to_recordset($1::jsonb) AS x(unit_id text, period text, unit_level text, unit_name text, ${columns.map((c) => `${c} integer`).join(', ')})
     ON CONFLICT (unit_id, period, unit_level) DO UPDATE SET unit_name = COALESCE(EXCLUDED.unit_name, ${counters}.unit_name),
       ${columns.map((c) => `${c} = ${counters}.${c} + EXCLUDED.${c}`).join(', ')}`,
    [JSON.stringify([...increments.values()].map(({ counts, ...row }) => ({ ...row, ...counts })))],
  );
}

/** The unit_assessment_cases row of one folded case (pure). */
export function unitAssessmentCaseRow({
  caseId,
  revision,
  state,
  memo,
}: FoldedCase<unknown>): Record<string, unknown> {
  return {
    case_id: caseId,
    revision,
    state,
    memo,
    unit_id: state.unit?.unitId ?? null,
    unit_name: state.unit?.name ?? null,
    unit_level: state.level,
    handling_due_at: handlingDeadline(state),
  };
}

/**
 * Counters per handling unit and month for every rate of docs/domain.md §5 (definitions in shared/assessment.ts).
 * v2: petition and enforcement events folded.
 */
export const unitAssessmentProjection = defineProjection({
  name: 'unit-assessment',
  version: 2,
  eventTypes: CASE_EVENT_TYPES,
  tables: [UNIT_ASSESSMENT_COUNTERS, UNIT_ASSESSMENT_CASES],
  schema,
  async apply(events, ctx) {
    const folded = await foldCaseBatch(ctx.client, ctx.table(UNIT_ASSESSMENT_CASES), events, {
      initialMemo: () => ({}),
    });
    await addCounterIncrements(ctx.client, ctx.table(UNIT_ASSESSMENT_COUNTERS), assessmentIncrements(folded));
    await upsertRows(
      ctx.client,
      ctx.table(UNIT_ASSESSMENT_CASES),
      ['case_id'],
      UNIT_ASSESSMENT_CASE_COLUMNS,
      folded.map(unitAssessmentCaseRow),
    );
  },
});
