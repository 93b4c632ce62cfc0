import { defineProjection, type TableNames } from '../../framework/projection.js';
import { assessmentFacts, assessmentFold, factRows, type AssessmentLedger } from '../common/assessment.js';
import { CASE_EVENT_TYPES } from '../common/case-events.js';
import { foldCaseBatch, upsertRows, type FoldedCase } from '../common/case-fold.js';

export const UNIT_ASSESSMENT_CASES = 'unit_assessment_cases';

/**
 * unit_assessment_cases: per case its state, its assessment ledger (memo) and the assessment facts
 * the ledger gives (jsonb array, docs/assessment.md). The ranking unnests the facts of every case in
 * one statement; the drill-down lists the cases behind a unit's figure.
 */
function schema(t: TableNames): string {
  const cases = t(UNIT_ASSESSMENT_CASES);
  return `
    CREATE TABLE IF NOT EXISTS ${cases} (
      case_id text PRIMARY KEY,
      revision bigint NOT NULL,
      state jsonb NOT NULL,
      memo jsonb NOT NULL DEFAULT '{}',
      facts jsonb NOT NULL DEFAULT '[]'
    );
  `;
}

export const UNIT_ASSESSMENT_CASE_COLUMNS = {
  case_id: 'text',
  revision: 'bigint',
  state: 'jsonb',
  memo: 'jsonb',
  facts: 'jsonb',
};

/** The unit_assessment_cases row of one folded case (pure; the as-of answers write the same rows). */
export function unitAssessmentCaseRow({
  caseId,
  revision,
  state,
  memo,
}: FoldedCase<AssessmentLedger>): Record<string, unknown> {
  return { case_id: caseId, revision, state, memo, facts: factRows(assessmentFacts(memo)) };
}

/**
 * Per case, the assessment facts of every unit that held part of it (definitions in
 * docs/assessment.md, ADR 0036). v3: per-case facts from a ledger instead of per-event counters.
 */
export const unitAssessmentProjection = defineProjection({
  name: 'unit-assessment',
  version: 3,
  eventTypes: CASE_EVENT_TYPES,
  tables: [UNIT_ASSESSMENT_CASES],
  schema,
  async apply(events, ctx) {
    const folded = await foldCaseBatch(ctx.client, ctx.table(UNIT_ASSESSMENT_CASES), events, assessmentFold);
    await upsertRows(
      ctx.client,
      ctx.table(UNIT_ASSESSMENT_CASES),
      ['case_id'],
      UNIT_ASSESSMENT_CASE_COLUMNS,
      folded.map(unitAssessmentCaseRow),
    );
  },
});
