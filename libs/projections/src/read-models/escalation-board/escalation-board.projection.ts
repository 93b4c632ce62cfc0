import type { CaseEscalated } from '#case-domain';
import { defineProjection, type TableNames } from '../../framework/projection.js';
import { CASE_EVENT_TYPES } from '../common/case-events.js';
import { foldCaseBatch, isOpen, upsertRows } from '../common/case-fold.js';

export const ESCALATION_BOARD = 'escalation_board';

type LastEscalation = CaseEscalated['data'] | null;

/** escalation_board_open_idx (partial: open and escalated) serves the board by level, newest first. */
function schema(t: TableNames): string {
  const table = t(ESCALATION_BOARD);
  return `
    CREATE TABLE IF NOT EXISTS ${table} (
      case_id text PRIMARY KEY,
      revision bigint NOT NULL,
      state jsonb NOT NULL,
      memo jsonb,
      case_type text NOT NULL,
      title text NOT NULL,
      grid_id text NOT NULL,
      status text NOT NULL,
      open boolean NOT NULL,
      unit_id text,
      escalations integer NOT NULL,
      from_level text,
      to_level text,
      trigger text,
      reason text,
      escalated_at timestamptz,
      new_deadline_at timestamptz
    );
    CREATE INDEX IF NOT EXISTS ${table}_open_idx ON ${table} (to_level, escalated_at DESC, case_id) WHERE open AND to_level IS NOT NULL;
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
  status: 'text',
  open: 'boolean',
  unit_id: 'text',
  escalations: 'integer',
  from_level: 'text',
  to_level: 'text',
  trigger: 'text',
  reason: 'text',
  escalated_at: 'timestamptz',
  new_deadline_at: 'timestamptz',
};

/** Open escalations: every case still open, with its latest escalation (from, to, reason, new deadline). */
export const escalationBoardProjection = defineProjection({
  name: 'escalation-board',
  // v2: petition and enforcement events folded (shared/case-events.ts)
  version: 2,
  eventTypes: CASE_EVENT_TYPES,
  tables: [ESCALATION_BOARD],
  schema,
  async apply(events, ctx) {
    const folded = await foldCaseBatch<LastEscalation>(ctx.client, ctx.table(ESCALATION_BOARD), events, {
      initialMemo: () => null,
      step: (memo, step) => (step.caseEvent.type === 'CaseEscalated' ? step.caseEvent.data : memo),
    });
    await upsertRows(
      ctx.client,
      ctx.table(ESCALATION_BOARD),
      ['case_id'],
      COLUMNS,
      folded.map(({ caseId, revision, state, memo }) => ({
        case_id: caseId,
        revision,
        state,
        memo,
        case_type: state.caseType,
        title: state.title,
        grid_id: state.location.gridId,
        status: state.status,
        open: isOpen(state),
        unit_id: state.unit?.unitId ?? null,
        escalations: state.counters.escalations,
        from_level: memo?.fromLevel ?? null,
        to_level: memo?.toLevel ?? null,
        trigger: memo?.trigger ?? null,
        reason: memo?.reason ?? null,
        escalated_at: memo?.escalatedAt ?? null,
        new_deadline_at: memo?.deadline?.dueAt ?? null,
      })),
    );
  },
});
