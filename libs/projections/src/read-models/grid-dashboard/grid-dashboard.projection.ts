import { SUPERVISED_DEADLINES, type ReportedCase } from '#case-domain';
import { defineProjection, type TableNames } from '../../framework/projection.js';
import { assessmentFacts, assessmentFold, factRows, type AssessmentLedger } from '../common/assessment.js';
import { CASE_EVENT_TYPES } from '../common/case-events.js';
import { foldCaseBatch, isOpen, upsertRows, type FoldedCase, type FoldOptions } from '../common/case-fold.js';

export const GRID_DASHBOARD_CASES = 'grid_dashboard_cases';

/** grid_dashboard_cases_grid_idx serves every dashboard query (all aggregate one grid's cases). */
function schema(t: TableNames): string {
  const table = t(GRID_DASHBOARD_CASES);
  return `
    CREATE TABLE IF NOT EXISTS ${table} (
      case_id text PRIMARY KEY,
      revision bigint NOT NULL,
      state jsonb NOT NULL,
      memo jsonb NOT NULL,
      grid_id text NOT NULL,
      case_type text NOT NULL,
      status text NOT NULL,
      open boolean NOT NULL,
      escalated boolean NOT NULL,
      overdue_at timestamptz,
      facts jsonb NOT NULL DEFAULT '[]'
    );
    CREATE INDEX IF NOT EXISTS ${table}_grid_idx ON ${table} (grid_id);
  `;
}

export const GRID_DASHBOARD_COLUMNS: Record<string, string> = {
  case_id: 'text',
  revision: 'bigint',
  state: 'jsonb',
  memo: 'jsonb',
  grid_id: 'text',
  case_type: 'text',
  status: 'text',
  open: 'boolean',
  escalated: 'boolean',
  overdue_at: 'timestamptz',
  facts: 'jsonb',
};

/** The per-case memo: the case's assessment ledger (the same fold as unit-assessment). */
export const gridDashboardFold: FoldOptions<AssessmentLedger> = assessmentFold;

/**
 * Statuses in which a dispute's limits are supervised (someone is expected to act); petition and
 * enforcement limits are cleared as soon as they are met, so for them a running limit is enough.
 */
const SUPERVISABLE_DISPUTE_STATUSES = new Set(['registered', 'dispatched', 'accepted', 'in_progress']);
const SUPERVISED: ReadonlySet<string> = new Set(SUPERVISED_DEADLINES);

/**
 * The nearest limit the supervision (督办) would press: the administration's own duties only, never a
 * party's window (a hearing request, a review request, the demand period), so "overdue" on the grid
 * dashboard means what a supervision means.
 */
export function nearestSupervisedDeadline(state: ReportedCase): string | null {
  if (!isOpen(state)) return null;
  if (state.caseType === 'dispute' && !SUPERVISABLE_DISPUTE_STATUSES.has(state.status)) return null;
  let best: number | null = null;
  for (const [kind, deadline] of Object.entries(state.deadlines ?? {})) {
    const dueAt = (deadline as { dueAt?: string } | undefined)?.dueAt;
    if (!dueAt || !SUPERVISED.has(kind)) continue;
    const at = Date.parse(dueAt);
    if (best === null || at < best) best = at;
  }
  return best === null ? null : new Date(best).toISOString();
}

/** The row of one folded case (pure; the as-of replay writes the same rows). */
export function gridDashboardRow({
  caseId,
  revision,
  state,
  memo,
}: FoldedCase<AssessmentLedger>): Record<string, unknown> {
  return {
    case_id: caseId,
    revision,
    state,
    memo,
    grid_id: state.location.gridId,
    case_type: state.caseType,
    status: state.status,
    open: isOpen(state),
    escalated: state.counters.escalations > 0,
    overdue_at: nearestSupervisedDeadline(state),
    facts: factRows(assessmentFacts(memo)),
  };
}

/**
 * Per case of a grid: type, status, open, escalated, the nearest supervised limit, and the case's
 * assessment facts (the same facts as unit-assessment, docs/assessment.md). The dashboard aggregates
 * one grid at query time, so overdue and due are judged against the query's now.
 * v3: assessment facts per case instead of per-event counters; overdue = supervised limits only.
 */
export const gridDashboardProjection = defineProjection({
  name: 'grid-dashboard',
  version: 3,
  eventTypes: CASE_EVENT_TYPES,
  tables: [GRID_DASHBOARD_CASES],
  schema,
  async apply(events, ctx) {
    const folded = await foldCaseBatch(
      ctx.client,
      ctx.table(GRID_DASHBOARD_CASES),
      events,
      gridDashboardFold,
    );
    await upsertRows(
      ctx.client,
      ctx.table(GRID_DASHBOARD_CASES),
      ['case_id'],
      GRID_DASHBOARD_COLUMNS,
      folded.map(gridDashboardRow),
    );
  },
});
