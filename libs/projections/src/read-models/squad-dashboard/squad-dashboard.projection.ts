import type { EnforcementDetails, ReportedCase } from '#case-domain';
import { defineProjection, type TableNames } from '../../framework/projection.js';
import { CASE_EVENT_TYPES } from '../shared/case-events.js';
import { foldCaseBatch, upsertRows, type FoldedCase } from '../shared/case-fold.js';

export const SQUAD_DASHBOARD_CASES = 'squad_dashboard_cases';

/**
 * One row per enforcement case (others get none): its squad, stage, the due instant of the 90-day
 * decision clock while it runs (overdue is judged at query time), the decision, and money in
 * integer fen. squad_dashboard_cases_squad_idx serves the dashboard (it aggregates one squad).
 */
function schema(t: TableNames): string {
  const table = t(SQUAD_DASHBOARD_CASES);
  return `
    CREATE TABLE IF NOT EXISTS ${table} (
      case_id text PRIMARY KEY,
      revision bigint NOT NULL,
      state jsonb NOT NULL,
      memo jsonb NOT NULL DEFAULT '{}',
      squad_id text NOT NULL,
      team text NOT NULL,
      stage text NOT NULL,
      filed_at timestamptz,
      decision_due_at timestamptz,
      decision_outcome text,
      decided_at timestamptz,
      decided_within_limit boolean,
      fine_imposed_fen bigint NOT NULL,
      fine_outstanding_fen bigint NOT NULL,
      fine_collected_fen bigint NOT NULL,
      surcharge_collected_fen bigint NOT NULL
    );
    CREATE INDEX IF NOT EXISTS ${table}_squad_idx ON ${table} (squad_id);
  `;
}

export const SQUAD_DASHBOARD_COLUMNS: Record<string, string> = {
  case_id: 'text', revision: 'bigint', state: 'jsonb', memo: 'jsonb', squad_id: 'text', team: 'text', stage: 'text',
  filed_at: 'timestamptz', decision_due_at: 'timestamptz', decision_outcome: 'text', decided_at: 'timestamptz',
  decided_within_limit: 'boolean', fine_imposed_fen: 'bigint', fine_outstanding_fen: 'bigint', fine_collected_fen: 'bigint',
  surcharge_collected_fen: 'bigint',
};

/** Stages in which a served fine is owed and not paid (the court application still leaves it unpaid). */
const OWING_STAGES = new Set(['awaiting_payment', 'demanded', 'court_enforcement']);

/**
 * The row of one folded enforcement case (pure). Imposed = the decided fine (simple or ordinary
 * procedure); collected = what `FinePaid` recorded, the fine and the late surcharge (3 %/day,
 * 行政处罚法 Art. 72) apart; outstanding = the fine of a served decision not paid yet (surcharge
 * still running, so not included).
 */
export function squadDashboardRow({ caseId, revision, state, memo }: FoldedCase<unknown>): Record<string, unknown> | null {
  const details = enforcementDetails(state);
  if (!details) return null;
  const decision = details.decision;
  const payment = details.execution?.payment ?? null;
  return {
    case_id: caseId, revision, state, memo, squad_id: details.squadId, team: details.team, stage: details.stage,
    filed_at: details.filing?.filedAt ?? null,
    decision_due_at: state.deadlines?.decision?.dueAt ?? null,
    decision_outcome: decision?.outcome ?? null,
    decided_at: decision?.decidedAt ?? null,
    decided_within_limit: decision ? decision.withinLimit : null,
    fine_imposed_fen: decision?.outcome === 'penalty' ? (decision.penalty?.fineFen ?? 0) : 0,
    fine_outstanding_fen: OWING_STAGES.has(details.stage) && !payment ? (details.execution?.fineFen ?? 0) : 0,
    fine_collected_fen: payment?.fineFen ?? 0,
    surcharge_collected_fen: payment?.surchargeFen ?? 0,
  };
}

function enforcementDetails(state: ReportedCase): EnforcementDetails | null {
  return state.caseType === 'enforcement' && state.details.caseType === 'enforcement' ? state.details : null;
}

/** Enforcement cases per squad for GET /api/v1/squads/{squadId}/dashboard. */
export const squadDashboardProjection = defineProjection({
  name: 'squad-dashboard',
  version: 1,
  eventTypes: CASE_EVENT_TYPES,
  tables: [SQUAD_DASHBOARD_CASES],
  schema,
  async apply(events, ctx) {
    // Only enforcement cases get a row: without the report, the fold leaves other cases' later events rowless.
    const enforcement = events.filter((event) => event.type !== 'CaseReported' || (event.data as { caseType?: string }).caseType === 'enforcement');
    const folded = await foldCaseBatch(ctx.client, ctx.table(SQUAD_DASHBOARD_CASES), enforcement, { initialMemo: () => ({}) });
    const rows = folded.map(squadDashboardRow).filter((row): row is Record<string, unknown> => row !== null);
    await upsertRows(ctx.client, ctx.table(SQUAD_DASHBOARD_CASES), ['case_id'], SQUAD_DASHBOARD_COLUMNS, rows);
  },
});
