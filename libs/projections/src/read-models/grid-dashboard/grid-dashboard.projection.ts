import { defineProjection, type TableNames } from '../../framework/projection.js';
import {
  addCounters,
  assessmentFacts,
  COUNTER_COLUMNS,
  COUNTER_KEYS,
  emptyCounters,
  type AssessmentCounters,
} from '../shared/assessment.js';
import { CASE_EVENT_TYPES } from '../shared/case-events.js';
import {
  foldCaseBatch,
  handlingDeadline,
  isOpen,
  nearestDeadline,
  upsertRows,
  type FoldedCase,
  type FoldOptions,
} from '../shared/case-fold.js';

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
      handling_due_at timestamptz,
      ${COUNTER_KEYS.map((key) => `${COUNTER_COLUMNS[key]} integer NOT NULL`).join(',\n      ')}
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
  handling_due_at: 'timestamptz',
  ...Object.fromEntries(COUNTER_KEYS.map((key) => [COUNTER_COLUMNS[key], 'integer'])),
};

/** The per-case memo: the case's assessment counters (same definitions as unit-assessment). */
export const gridDashboardFold: FoldOptions<AssessmentCounters> = {
  initialMemo: emptyCounters,
  step: (memo, step) => assessmentFacts(step).reduce((sum, fact) => addCounters(sum, fact.delta), memo),
};

/** The row of one folded case (pure; the as-of replay writes the same rows). */
export function gridDashboardRow({
  caseId,
  revision,
  state,
  memo,
}: FoldedCase<AssessmentCounters>): Record<string, unknown> {
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
    overdue_at: nearestDeadline(state)?.dueAt ?? null,
    handling_due_at: handlingDeadline(state),
    ...Object.fromEntries(COUNTER_KEYS.map((key) => [COUNTER_COLUMNS[key], memo[key]])),
  };
}

/**
 * Per case of a grid: type, status, open, escalated, due instants, and the case's assessment counters
 * (the same definitions as unit-assessment). The dashboard aggregates one grid at query time, so
 * overdue is judged against the query's now. v2: petition and enforcement events folded.
 */
export const gridDashboardProjection = defineProjection({
  name: 'grid-dashboard',
  version: 2,
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
