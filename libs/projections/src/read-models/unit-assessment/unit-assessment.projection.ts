import { defineProjection, type TableNames } from '../../framework/projection.js';
import { assessmentFacts, COUNTER_COLUMNS, COUNTER_KEYS, periodOf, type AssessmentCounters } from '../shared/assessment.js';
import { CASE_EVENT_TYPES } from '../shared/case-events.js';
import { foldCaseBatch, handlingDeadline, upsertRows } from '../shared/case-fold.js';

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

const CASE_COLUMNS = {
  case_id: 'text', revision: 'bigint', state: 'jsonb', memo: 'jsonb', unit_id: 'text', unit_name: 'text', unit_level: 'text',
  handling_due_at: 'timestamptz',
};

/** Counters per handling unit and month for every rate of domain.md §5 (definitions in shared/assessment.ts). */
export const unitAssessmentProjection = defineProjection({
  name: 'unit-assessment',
  version: 1,
  eventTypes: CASE_EVENT_TYPES,
  tables: [UNIT_ASSESSMENT_COUNTERS, UNIT_ASSESSMENT_CASES],
  schema,
  async apply(events, ctx) {
    const folded = await foldCaseBatch(ctx.client, ctx.table(UNIT_ASSESSMENT_CASES), events, { initialMemo: () => ({}) });
    const increments = new Map<string, { unit_id: string; period: string; unit_level: string; unit_name: string | null; counts: Record<string, number> }>();
    for (const { steps } of folded) {
      for (const step of steps) {
        for (const fact of assessmentFacts(step)) {
          if (!fact.unitId) continue;
          const period = periodOf(fact.at);
          const key = JSON.stringify([fact.unitId, period, fact.unitLevel]);
          const row = increments.get(key) ?? { unit_id: fact.unitId, period, unit_level: fact.unitLevel, unit_name: fact.unitName, counts: {} };
          if (fact.unitName) row.unit_name = fact.unitName;
          for (const counter of Object.keys(fact.delta) as (keyof AssessmentCounters)[]) {
            const column = COUNTER_COLUMNS[counter];
            row.counts[column] = (row.counts[column] ?? 0) + (fact.delta[counter] ?? 0);
          }
          increments.set(key, row);
        }
      }
    }
    if (increments.size > 0) {
      const columns = COUNTER_KEYS.map((key) => COUNTER_COLUMNS[key]);
      const counters = ctx.table(UNIT_ASSESSMENT_COUNTERS);
      await ctx.client.query(
        `INSERT INTO ${counters} (unit_id, period, unit_level, unit_name, ${columns.join(', ')})
         SELECT unit_id, period, unit_level, unit_name, ${columns.map((c) => `COALESCE(${c}, 0)`).join(', ')}
         FROM jsonb_to_recordset($1::jsonb) AS x(unit_id text, period text, unit_level text, unit_name text, ${columns.map((c) => `${c} integer`).join(', ')})
         ON CONFLICT (unit_id, period, unit_level) DO UPDATE SET unit_name = COALESCE(EXCLUDED.unit_name, ${counters}.unit_name),
           ${columns.map((c) => `${c} = ${counters}.${c} + EXCLUDED.${c}`).join(', ')}`,
        [JSON.stringify([...increments.values()].map(({ counts, ...row }) => ({ ...row, ...counts })))],
      );
    }
    await upsertRows(
      ctx.client,
      ctx.table(UNIT_ASSESSMENT_CASES),
      ['case_id'],
      CASE_COLUMNS,
      folded.map(({ caseId, revision, state, memo }) => ({
        case_id: caseId, revision, state, memo, unit_id: state.unit?.unitId ?? null, unit_name: state.unit?.name ?? null,
        unit_level: state.level, handling_due_at: handlingDeadline(state),
      })),
    );
  },
});
