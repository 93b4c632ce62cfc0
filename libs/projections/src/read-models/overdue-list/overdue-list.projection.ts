import { defineProjection, type TableNames } from '../../framework/projection.js';
import { CASE_EVENT_TYPES } from '../common/case-events.js';
import { foldCaseBatch, isOpen, nearestDeadline, upsertRows } from '../common/case-fold.js';

export const OVERDUE_LIST = 'overdue_list';

/**
 * Stores each open case's nearest running limit (due instant), never an "overdue" flag: the query
 * compares with its own now. overdue_list_due_idx (partial: open with a limit) serves the range scan.
 */
function schema(t: TableNames): string {
  const table = t(OVERDUE_LIST);
  return `
    CREATE TABLE IF NOT EXISTS ${table} (
      case_id text PRIMARY KEY,
      revision bigint NOT NULL,
      state jsonb NOT NULL,
      memo jsonb NOT NULL DEFAULT '{}',
      case_type text NOT NULL,
      title text NOT NULL,
      grid_id text NOT NULL,
      level text NOT NULL,
      status text NOT NULL,
      unit_id text,
      open boolean NOT NULL,
      deadline_kind text,
      due_at timestamptz
    );
    CREATE INDEX IF NOT EXISTS ${table}_due_idx ON ${table} (due_at, case_id) WHERE open AND due_at IS NOT NULL;
  `;
}

const COLUMNS = {
  case_id: 'text',
  revision: 'bigint',
  state: 'jsonb',
  memo: 'jsonb',
  case_type: 'text',
  title: 'text',
  grid_id: 'text',
  level: 'text',
  status: 'text',
  unit_id: 'text',
  open: 'boolean',
  deadline_kind: 'text',
  due_at: 'timestamptz',
};

export const overdueListProjection = defineProjection({
  name: 'overdue-list',
  // v2: petition and enforcement events folded (shared/case-events.ts)
  version: 2,
  eventTypes: CASE_EVENT_TYPES,
  tables: [OVERDUE_LIST],
  schema,
  async apply(events, ctx) {
    const folded = await foldCaseBatch(ctx.client, ctx.table(OVERDUE_LIST), events, {
      initialMemo: () => ({}),
    });
    await upsertRows(
      ctx.client,
      ctx.table(OVERDUE_LIST),
      ['case_id'],
      COLUMNS,
      folded.map(({ caseId, revision, state, memo }) => {
        const deadline = nearestDeadline(state);
        return {
          case_id: caseId,
          revision,
          state,
          memo,
          case_type: state.caseType,
          title: state.title,
          grid_id: state.location.gridId,
          level: state.level,
          status: state.status,
          unit_id: state.unit?.unitId ?? null,
          open: isOpen(state),
          deadline_kind: deadline?.kind ?? null,
          due_at: deadline?.dueAt ?? null,
        };
      }),
    );
  },
});
