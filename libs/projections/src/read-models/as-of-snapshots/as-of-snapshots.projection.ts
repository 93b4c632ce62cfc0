import type { RecordedEvent } from '#event-store';
import type { SqlClient } from '#platform';
import { defineProjection, type TableNames } from '../../framework/projection.js';
import type { AssessmentLedger } from '../common/assessment.js';
import { CASE_EVENT_TYPES, isCaseEventType } from '../common/case-events.js';
import { caseIdOf, foldCaseEvents, upsertRows, type CaseRow, type FoldedCase } from '../common/case-fold.js';
import { gridDashboardFold, gridDashboardRow } from '../grid-dashboard/grid-dashboard.projection.js';
import { SQUAD_COUNTER_COLUMNS, SQUAD_COUNTER_KEYS } from '../squad-dashboard/squad-assessment.js';
import {
  squadAssessmentIncrements,
  squadDashboardRow,
} from '../squad-dashboard/squad-dashboard.projection.js';
import { unitAssessmentCaseRow } from '../unit-assessment/unit-assessment.projection.js';

export const SNAPSHOT_CASE_HEADS = 'snapshot_case_heads';
export const SNAPSHOT_CASE_VERSIONS = 'snapshot_case_versions';
export const SNAPSHOT_SQUAD_FACTS = 'snapshot_squad_facts';
export const AS_OF_SNAPSHOTS_PROJECTION = 'as-of-snapshots';

/**
 * Dated per-case snapshots for `?asOf=` (docs/adr/0009). Every folded case event adds one version of
 * its case: the rows the grid dashboard, the unit assessment and the squad dashboard would hold for
 * it at that point (jsonb, without state), dated by `valid_from` = the latest business time
 * (`occurredAt`) of the stream's prefix up to this event. `valid_from` never decreases along a stream,
 * so "the case as of T" (the as-of replay's rule: the stream's prefix up to the first event that
 * occurred after T) is the version with valid_from ≤ T < valid_until (the next version's valid_from).
 * The squad counter increments of each event go to the fact table with the same date, so the squad
 * counters as of T are a sum over facts with valid_from ≤ T. The §5 assessment needs no fact table:
 * its per-case facts are part of each version's unit row (docs/assessment.md). snapshot_case_heads holds what the fold
 * needs between batches (state, memo, latest occurredAt) and what `?asOf` continues from for events
 * after the checkpoint.
 * Indexes: versions by grid and by squad (the dashboards). The assessments read every version and fact
 * dated ≤ asOf, most of the table for a recent date, so they scan it; no index on valid_from is kept.
 */
function schema(t: TableNames): string {
  const heads = t(SNAPSHOT_CASE_HEADS);
  const versions = t(SNAPSHOT_CASE_VERSIONS);
  const squadFacts = t(SNAPSHOT_SQUAD_FACTS);
  return `
    CREATE TABLE IF NOT EXISTS ${heads} (
      case_id text PRIMARY KEY,
      revision bigint NOT NULL,
      state jsonb NOT NULL,
      memo jsonb NOT NULL,
      occurred_max timestamptz NOT NULL
    );
    CREATE TABLE IF NOT EXISTS ${versions} (
      case_id text NOT NULL,
      revision bigint NOT NULL,
      valid_from timestamptz NOT NULL,
      valid_until timestamptz,
      grid_id text NOT NULL,
      squad_id text,
      grid_row jsonb NOT NULL,
      unit_row jsonb NOT NULL,
      squad_row jsonb,
      PRIMARY KEY (case_id, revision)
    );
    CREATE INDEX IF NOT EXISTS ${versions}_grid_idx ON ${versions} (grid_id, valid_from);
    CREATE INDEX IF NOT EXISTS ${versions}_squad_idx ON ${versions} (squad_id, valid_from) WHERE squad_id IS NOT NULL;
    -- The open version of each case (one row per case): closing it when a new one starts is an index probe, not a scan of
    -- every version (at 1,000,000 versions the scan took ~1 s per batch and left this projection ~15 s behind the log).
    CREATE INDEX IF NOT EXISTS ${versions}_open_idx ON ${versions} (case_id) WHERE valid_until IS NULL;
    CREATE TABLE IF NOT EXISTS ${squadFacts} (
      case_id text NOT NULL,
      revision bigint NOT NULL,
      valid_from timestamptz NOT NULL,
      squad_id text NOT NULL,
      period text NOT NULL,
      team text,
      ${SQUAD_COUNTER_KEYS.map((key) => `${SQUAD_COUNTER_COLUMNS[key]} bigint NOT NULL DEFAULT 0`).join(',\n      ')},
      PRIMARY KEY (case_id, revision, squad_id, period)
    );
  `;
}

const HEAD_COLUMNS = {
  case_id: 'text',
  revision: 'bigint',
  state: 'jsonb',
  memo: 'jsonb',
  occurred_max: 'timestamptz',
};
const VERSION_COLUMNS = {
  case_id: 'text',
  revision: 'bigint',
  valid_from: 'timestamptz',
  valid_until: 'timestamptz',
  grid_id: 'text',
  squad_id: 'text',
  grid_row: 'jsonb',
  unit_row: 'jsonb',
  squad_row: 'jsonb',
};
const SQUAD_FACT_COLUMNS = {
  case_id: 'text',
  revision: 'bigint',
  valid_from: 'timestamptz',
  squad_id: 'text',
  period: 'text',
  team: 'text',
  ...Object.fromEntries(SQUAD_COUNTER_KEYS.map((key) => [SQUAD_COUNTER_COLUMNS[key], 'bigint'])),
};

/** Keys a version keeps in its own columns (or that the answer fills in): not repeated in its row jsonb. */
const VERSION_KEYS = new Set(['case_id', 'revision', 'state', 'memo']);

/**
 * A read-model row as a version stores it: only its scalar columns (the state is in the head, not in
 * every version), without the keys the version has as columns and without nulls (a missing key reads
 * back as null), so a version costs as little as it can. `fullRow` restores what the live table needs.
 */
export const compactRow = (row: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(row).filter(
      ([key, value]) => !VERSION_KEYS.has(key) && value !== null && value !== undefined,
    ),
  );

/** The row of a compact version with its case id and revision (as text, which the typed column casts), and an empty state and memo. */
export const fullRow = (
  row: Record<string, unknown>,
  caseId: string,
  revision: bigint | string,
): Record<string, unknown> => ({
  ...row,
  case_id: caseId,
  revision: revision.toString(),
  state: {},
  memo: {},
});

const ZERO_SQUAD_COUNTS = Object.fromEntries(
  SQUAD_COUNTER_KEYS.map((key) => [SQUAD_COUNTER_COLUMNS[key], 0]),
);

/** A case as the snapshot fold keeps it: the grid dashboard's fold (its memo is the case's assessment ledger) plus the latest occurredAt. */
export interface SnapshotHead extends CaseRow<AssessmentLedger> {
  readonly occurredMax: number;
}

/** What one folded event adds: the case's new version and its counter increments. */
export interface SnapshotStep {
  readonly folded: FoldedCase<AssessmentLedger>;
  readonly validFrom: string;
  readonly version: Record<string, unknown>;
  readonly squadFacts: Record<string, unknown>[];
}

/**
 * The pure core: folds events one at a time into `heads` (updated in place) with the grid dashboard's
 * fold and returns one step per folded event. `accept` may refuse an event before it is folded (the
 * as-of answer uses it for its business-time cut-off); a refused event is not folded.
 */
export function snapshotSteps(
  heads: Map<string, SnapshotHead>,
  events: readonly RecordedEvent[],
  accept: (event: RecordedEvent, head: SnapshotHead | undefined) => boolean = () => true,
): SnapshotStep[] {
  const steps: SnapshotStep[] = [];
  for (const event of events) {
    if (!isCaseEventType(event.type)) continue;
    const caseId = caseIdOf(event);
    const head = heads.get(caseId);
    if (!accept(event, head)) continue;
    const rows = new Map<string, CaseRow<AssessmentLedger>>(head ? [[caseId, head]] : []);
    const [folded] = foldCaseEvents(rows, [event], gridDashboardFold);
    if (!folded) continue;
    const occurredMax = Math.max(
      head?.occurredMax ?? Number.NEGATIVE_INFINITY,
      Date.parse(event.metadata.occurredAt),
    );
    const validFrom = new Date(occurredMax).toISOString();
    heads.set(caseId, { ...rows.get(caseId)!, occurredMax });
    const squadRow = squadDashboardRow(folded);
    const dated = { case_id: caseId, revision: folded.revision, valid_from: validFrom };
    steps.push({
      folded,
      validFrom,
      version: {
        ...dated,
        valid_until: null,
        grid_id: folded.state.location.gridId,
        squad_id: (squadRow?.squad_id as string | undefined) ?? null,
        grid_row: compactRow(gridDashboardRow(folded)),
        unit_row: compactRow(unitAssessmentCaseRow(folded)),
        squad_row: squadRow ? compactRow(squadRow) : null,
      },
      squadFacts: [...squadAssessmentIncrements([folded]).values()].map(({ counts, ...row }) => ({
        ...dated,
        ...row,
        ...ZERO_SQUAD_COUNTS,
        ...counts,
      })),
    });
  }
  return steps;
}

/** Loads the heads of the cases these events touch. */
export async function loadSnapshotHeads(
  client: Pick<SqlClient, 'query'>,
  table: string,
  events: readonly RecordedEvent[],
): Promise<Map<string, SnapshotHead>> {
  const ids = [...new Set(events.filter((event) => isCaseEventType(event.type)).map(caseIdOf))];
  if (ids.length === 0) return new Map();
  const { rows } = await client.query<{
    case_id: string;
    revision: string;
    state: SnapshotHead['state'];
    memo: AssessmentLedger;
    occurred_max: Date | string;
  }>(
    `SELECT case_id, revision::text AS revision, state, memo, occurred_max FROM ${table} WHERE case_id = ANY($1::text[])`,
    [ids],
  );
  return new Map(
    rows.map((row) => [
      row.case_id,
      {
        revision: BigInt(row.revision),
        state: row.state,
        memo: row.memo,
        occurredMax: new Date(row.occurred_max).getTime(),
      },
    ]),
  );
}

/** Per case, the valid_from of its first new version: the open version before it ends there. */
function versionsClosedBy(steps: readonly SnapshotStep[]): Record<string, unknown>[] {
  const versions = steps.map((step) => step.version);
  const firstOfCase = new Map<string, string>();
  for (let i = versions.length - 1; i >= 0; i--) {
    const version = versions[i]!;
    const caseId = version.case_id as string;
    const later = firstOfCase.get(caseId);
    if (later !== undefined) version.valid_until = later;
    firstOfCase.set(caseId, version.valid_from as string);
  }
  return [...firstOfCase].map(([case_id, valid_until]) => ({ case_id, valid_until }));
}

/** Dated per-case versions and counter facts behind the fast `?asOf=` (see schema above and ADR 0009). */
export const asOfSnapshotsProjection = defineProjection({
  name: AS_OF_SNAPSHOTS_PROJECTION,
  // 2: index of the open versions. 3: the unit row carries the case's assessment facts (ADR 0036); no unit fact table.
  // 4: the squad row carries payment_due_at.
  version: 4,
  eventTypes: CASE_EVENT_TYPES,
  tables: [SNAPSHOT_CASE_HEADS, SNAPSHOT_CASE_VERSIONS, SNAPSHOT_SQUAD_FACTS],
  schema,
  async apply(events, ctx) {
    const heads = await loadSnapshotHeads(ctx.client, ctx.table(SNAPSHOT_CASE_HEADS), events);
    const steps = snapshotSteps(heads, events);
    if (steps.length === 0) return;
    const closed = versionsClosedBy(steps);
    const versions = ctx.table(SNAPSHOT_CASE_VERSIONS);
    await ctx.client.query(
      `UPDATE ${versions} v SET valid_until = x.valid_until
       FROM jsonb_to_recordset($1::jsonb) AS x(case_id text, valid_until timestamptz)
       WHERE v.case_id = x.case_id AND v.valid_until IS NULL`,
      [JSON.stringify(closed)],
    );
    const chunks = <T>(rows: readonly T[]) =>
      Array.from({ length: Math.ceil(rows.length / 2000) }, (_, i) => rows.slice(i * 2000, (i + 1) * 2000));
    for (const chunk of chunks(steps.map((step) => step.version)))
      await upsertRows(ctx.client, versions, ['case_id', 'revision'], VERSION_COLUMNS, chunk);
    for (const chunk of chunks(steps.flatMap((step) => step.squadFacts))) {
      await upsertRows(
        ctx.client,
        ctx.table(SNAPSHOT_SQUAD_FACTS),
        ['case_id', 'revision', 'squad_id', 'period'],
        SQUAD_FACT_COLUMNS,
        chunk,
      );
    }
    const touched = new Set(steps.map((step) => step.folded.caseId));
    await upsertRows(
      ctx.client,
      ctx.table(SNAPSHOT_CASE_HEADS),
      ['case_id'],
      HEAD_COLUMNS,
      [...touched].map((caseId) => {
        const head = heads.get(caseId)!;
        return {
          case_id: caseId,
          revision: head.revision,
          state: head.state,
          memo: head.memo,
          occurred_max: new Date(head.occurredMax).toISOString(),
        };
      }),
    );
  },
});
