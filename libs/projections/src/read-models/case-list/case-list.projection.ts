import type { RecordedEvent } from '#event-store';
import { defineProjection, type ProjectionContext, type TableNames } from '../../framework/projection.js';
import { CASE_EVENT_TYPES } from '../common/case-events.js';
import { foldCaseBatch, isOpen, nearestDeadline, upsertRows } from '../common/case-fold.js';

export const CASE_LIST = 'case_list';
export const CASE_LIST_GRIDS = 'case_list_grids';
export const CASE_LIST_COMMUNITIES = 'case_list_communities';
/** Registry events that place a grid under a community and a community under a street. */
export const DIRECTORY_EVENT_TYPES = ['GridCreated', 'GridMoved', 'CommunityOrVillageCreated'] as const;

/**
 * Which index serves which filter of GET /api/v1/cases (all sorted newest first, keyset on
 * (created_at, case_id), so each filter index ends with those two columns):
 * - case_list_created_idx: no filter;
 * - case_list_type_idx: type; case_list_status_idx: status; case_list_grid_idx: gridId;
 *   case_list_community_idx: communityId; case_list_street_idx: streetId;
 *   case_list_squad_idx (partial, squad_id IS NOT NULL): squadId; case_list_level_idx: level;
 * - case_list_overdue_idx (partial, open cases with a running limit): overdue=true|false,
 *   compared with now() at query time.
 * case_list_grids_community_idx: re-placing cases when a community gets its street.
 */
function schema(t: TableNames): string {
  const list = t(CASE_LIST);
  return `
    CREATE TABLE IF NOT EXISTS ${list} (
      case_id text PRIMARY KEY,
      revision bigint NOT NULL,
      state jsonb NOT NULL,
      memo jsonb NOT NULL DEFAULT '{}',
      case_type text NOT NULL,
      status text NOT NULL,
      title text NOT NULL,
      category text NOT NULL,
      urgency text NOT NULL,
      source text NOT NULL,
      grid_id text NOT NULL,
      building_id text,
      community_id text,
      street_id text,
      squad_id text,
      level text NOT NULL,
      unit_id text,
      unit_name text,
      open boolean NOT NULL,
      escalations integer NOT NULL,
      risk_flagged boolean NOT NULL,
      next_deadline_kind text,
      next_deadline_at timestamptz,
      overdue_at timestamptz,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    );
    CREATE INDEX IF NOT EXISTS ${list}_created_idx ON ${list} (created_at DESC, case_id DESC);
    CREATE INDEX IF NOT EXISTS ${list}_type_idx ON ${list} (case_type, created_at DESC, case_id DESC);
    CREATE INDEX IF NOT EXISTS ${list}_status_idx ON ${list} (status, created_at DESC, case_id DESC);
    CREATE INDEX IF NOT EXISTS ${list}_grid_idx ON ${list} (grid_id, created_at DESC, case_id DESC);
    CREATE INDEX IF NOT EXISTS ${list}_community_idx ON ${list} (community_id, created_at DESC, case_id DESC);
    CREATE INDEX IF NOT EXISTS ${list}_street_idx ON ${list} (street_id, created_at DESC, case_id DESC);
    CREATE INDEX IF NOT EXISTS ${list}_squad_idx ON ${list} (squad_id, created_at DESC, case_id DESC) WHERE squad_id IS NOT NULL;
    CREATE INDEX IF NOT EXISTS ${list}_level_idx ON ${list} (level, created_at DESC, case_id DESC);
    CREATE INDEX IF NOT EXISTS ${list}_overdue_idx ON ${list} (overdue_at) WHERE open AND overdue_at IS NOT NULL;
    CREATE TABLE IF NOT EXISTS ${t(CASE_LIST_COMMUNITIES)} (community_id text PRIMARY KEY, street_id text NOT NULL);
    CREATE TABLE IF NOT EXISTS ${t(CASE_LIST_GRIDS)} (grid_id text PRIMARY KEY, community_id text NOT NULL);
    CREATE INDEX IF NOT EXISTS ${t(CASE_LIST_GRIDS)}_community_idx ON ${t(CASE_LIST_GRIDS)} (community_id);
  `;
}

const COLUMNS = {
  case_id: 'text',
  revision: 'bigint',
  state: 'jsonb',
  memo: 'jsonb',
  case_type: 'text',
  status: 'text',
  title: 'text',
  category: 'text',
  urgency: 'text',
  source: 'text',
  grid_id: 'text',
  building_id: 'text',
  community_id: 'text',
  street_id: 'text',
  squad_id: 'text',
  level: 'text',
  unit_id: 'text',
  unit_name: 'text',
  open: 'boolean',
  escalations: 'integer',
  risk_flagged: 'boolean',
  next_deadline_kind: 'text',
  next_deadline_at: 'timestamptz',
  overdue_at: 'timestamptz',
  created_at: 'timestamptz',
  updated_at: 'timestamptz',
};

async function applyDirectory(events: readonly RecordedEvent[], ctx: ProjectionContext): Promise<void> {
  const grids = ctx.table(CASE_LIST_GRIDS);
  const communities = ctx.table(CASE_LIST_COMMUNITIES);
  const touchedGrids: string[] = [];
  const touchedCommunities: string[] = [];
  for (const event of events) {
    const data = event.data as Record<string, string>;
    if (event.type === 'CommunityOrVillageCreated') {
      await ctx.client.query(
        `INSERT INTO ${communities} (community_id, street_id) VALUES ($1, $2) ON CONFLICT (community_id) DO UPDATE SET street_id = EXCLUDED.street_id`,
        [data.id, data.parentId],
      );
      touchedCommunities.push(data.id!);
    } else if (event.type === 'GridCreated' || event.type === 'GridMoved') {
      const gridId = event.type === 'GridCreated' ? data.id! : data.gridId!;
      const communityId = event.type === 'GridCreated' ? data.parentId! : data.toParentId!;
      await ctx.client.query(
        `INSERT INTO ${grids} (grid_id, community_id) VALUES ($1, $2) ON CONFLICT (grid_id) DO UPDATE SET community_id = EXCLUDED.community_id`,
        [gridId, communityId],
      );
      touchedGrids.push(gridId);
    }
  }
  if (touchedGrids.length === 0 && touchedCommunities.length === 0) return;
  // Cases follow their grid: a moved grid takes its cases to the new community and street.
  await ctx.client.query(
    `UPDATE ${ctx.table(CASE_LIST)} c SET community_id = g.community_id, street_id = cm.street_id
     FROM ${grids} g LEFT JOIN ${communities} cm ON cm.community_id = g.community_id
     WHERE c.grid_id = g.grid_id AND (g.grid_id = ANY($1::text[]) OR g.community_id = ANY($2::text[]))`,
    [touchedGrids, touchedCommunities],
  );
}

/** One row per case for GET /api/v1/cases, with community and street from the registry's grid tree. */
export const caseListProjection = defineProjection({
  name: 'case-list',
  // v2: petition and enforcement events folded (shared/case-events.ts)
  version: 2,
  eventTypes: [...CASE_EVENT_TYPES, ...DIRECTORY_EVENT_TYPES],
  tables: [CASE_LIST, CASE_LIST_GRIDS, CASE_LIST_COMMUNITIES],
  schema,
  async apply(events, ctx) {
    await applyDirectory(events, ctx);
    const folded = await foldCaseBatch(ctx.client, ctx.table(CASE_LIST), events, { initialMemo: () => ({}) });
    if (folded.length === 0) return;
    const rows = folded.map(({ caseId, revision, state, memo }) => {
      const deadline = nearestDeadline(state);
      return {
        case_id: caseId,
        revision,
        state,
        memo,
        case_type: state.caseType,
        status: state.status,
        title: state.title,
        category: state.category,
        urgency: state.urgency,
        source: state.source,
        grid_id: state.location.gridId,
        building_id: state.location.buildingId ?? null,
        community_id: null,
        street_id: null,
        // Enforcement cases name their squad in their details.
        squad_id: (state.details as { squadId?: string } | undefined)?.squadId ?? null,
        level: state.level,
        unit_id: state.unit?.unitId ?? null,
        unit_name: state.unit?.name ?? null,
        open: isOpen(state),
        escalations: state.counters.escalations,
        risk_flagged: state.riskFlag !== null,
        next_deadline_kind: deadline?.kind ?? null,
        next_deadline_at: deadline?.dueAt ?? null,
        // Overdue once now ≥ the nearest running limit; compared at query time, never stored as a flag.
        overdue_at: deadline?.dueAt ?? null,
        created_at: state.reportedAt,
        updated_at: state.lastChangedAt,
      };
    });
    await upsertRows(ctx.client, ctx.table(CASE_LIST), ['case_id'], COLUMNS, rows);
    await ctx.client.query(
      `UPDATE ${ctx.table(CASE_LIST)} c SET community_id = g.community_id, street_id = cm.street_id
       FROM ${ctx.table(CASE_LIST_GRIDS)} g LEFT JOIN ${ctx.table(CASE_LIST_COMMUNITIES)} cm ON cm.community_id = g.community_id
       WHERE c.grid_id = g.grid_id AND c.case_id = ANY($1::text[])`,
      [folded.map((c) => c.caseId)],
    );
  },
});
