import type { RecordedEvent } from '#event-store';
import type { SqlClient } from '#platform';
import { withTemporaryCopies, type AsOfDependencies } from '../as-of/as-of-replay.js';
import type { ScoreWeights } from '../common/assessment.js';
import { CASE_EVENT_TYPES, isCaseEventType } from '../common/case-events.js';
import { caseIdOf, upsertRows } from '../common/case-fold.js';
import { GRID_DASHBOARD_CASES, GRID_DASHBOARD_COLUMNS } from '../grid-dashboard/grid-dashboard.projection.js';
import { gridDashboard, type GridDashboard } from '../grid-dashboard/grid-dashboard.queries.js';
import {
  SQUAD_COUNTER_COLUMNS,
  SQUAD_COUNTER_KEYS,
  type SquadScoreWeights,
} from '../squad-dashboard/squad-assessment.js';
import { assessSquads, type SquadAssessment } from '../squad-dashboard/squad-assessment.queries.js';
import {
  addSquadCounterIncrements,
  SQUAD_ASSESSMENT_COUNTERS,
  SQUAD_DASHBOARD_CASES,
  SQUAD_DASHBOARD_COLUMNS,
  squadAssessmentIncrements,
} from '../squad-dashboard/squad-dashboard.projection.js';
import { squadDashboard, type SquadDashboard } from '../squad-dashboard/squad-dashboard.queries.js';
import {
  UNIT_ASSESSMENT_CASE_COLUMNS,
  UNIT_ASSESSMENT_CASES,
} from '../unit-assessment/unit-assessment.projection.js';
import {
  assessedCases,
  assessUnits,
  type AssessedCase,
  type UnitAssessment,
} from '../unit-assessment/unit-assessment.queries.js';
import {
  AS_OF_SNAPSHOTS_PROJECTION,
  asOfSnapshotsProjection,
  fullRow,
  loadSnapshotHeads,
  SNAPSHOT_CASE_HEADS,
  SNAPSHOT_CASE_VERSIONS,
  SNAPSHOT_SQUAD_FACTS,
  snapshotSteps,
  type SnapshotStep,
} from './as-of-snapshots.projection.js';

/** How an as-of answer was made from the snapshots. */
export interface SnapshotStats {
  readonly source: 'snapshots';
  /** The snapshot projection's checkpoint the answer starts from (global position). */
  readonly checkpoint: string;
  /** Case events after the checkpoint read from the log, and of those folded (not after asOf). */
  readonly eventsAfterCheckpoint: number;
  readonly eventsFolded: number;
  readonly ms: number;
}

type Scope =
  | { readonly kind: 'grid'; readonly gridId: string }
  | { readonly kind: 'squad'; readonly squadId: string }
  | { readonly kind: 'squads'; readonly squadIds?: readonly string[] }
  | { readonly kind: 'units' };

interface SnapshotContext {
  readonly client: SqlClient;
  readonly temp: (live: string) => string;
  /** Folded events after the checkpoint (up to asOf), in log order. */
  readonly steps: readonly SnapshotStep[];
  /** Cases those events changed: their last step replaces the stored version. */
  readonly changed: ReadonlyMap<string, SnapshotStep>;
  readonly asOf: string;
}

/** The snapshot projection's checkpoint, or null when its tables cannot answer (missing, or being rebuilt to a new version). */
async function snapshotCheckpoint(client: Pick<SqlClient, 'query'>): Promise<bigint | null> {
  const { rows } = await client.query<{ position: string; version: number }>(
    'SELECT position::text AS position, version FROM projection_checkpoints WHERE name = $1',
    [AS_OF_SNAPSHOTS_PROJECTION],
  );
  const row = rows[0];
  return row && Number(row.version) === asOfSnapshotsProjection.version ? BigInt(row.position) : null;
}

/**
 * The shared path of every snapshot-backed as-of answer: the case events after the snapshot
 * projection's checkpoint are read from the log (outside the transaction: the embedded pool has one
 * session), then one REPEATABLE READ transaction re-reads the checkpoint, folds the events after it onto
 * the stored heads with the replay's business-time cut-off, and lets `work` fill temporary copies of
 * the live tables from the versions valid at `asOf` plus the changed cases. Null when the snapshots
 * cannot answer (the caller replays the log instead).
 */
async function fromSnapshots<T>(
  deps: AsOfDependencies,
  asOf: Date,
  tables: readonly string[],
  work: (context: SnapshotContext) => Promise<T>,
): Promise<{ result: T; stats: SnapshotStats } | null> {
  const started = performance.now();
  const seen = await snapshotCheckpoint(deps.pool);
  if (seen === null) return null;
  const head = await deps.eventStore.headPosition();
  const delta: RecordedEvent[] = [];
  for (let readAfter = seen; readAfter < head;) {
    const page = await deps.eventStore.readAll({
      after: readAfter,
      maxCount: 2000,
      filter: { eventTypePrefixes: CASE_EVENT_TYPES },
    });
    delta.push(...page.filter((event) => event.globalPosition <= head && isCaseEventType(event.type)));
    const last = page[page.length - 1];
    if (!last || last.globalPosition >= head) break;
    readAfter = last.globalPosition;
  }
  const limit = asOf.getTime();
  let checkpoint = seen;
  let after: RecordedEvent[] = [];
  let eventsFolded = 0;
  const result = await withTemporaryCopies(
    deps.pool,
    tables,
    async (client, temp) => {
      checkpoint = (await snapshotCheckpoint(client)) ?? seen;
      after = delta.filter((event) => event.globalPosition > checkpoint);
      const heads = await loadSnapshotHeads(client, SNAPSHOT_CASE_HEADS, after);
      const cut = new Set<string>();
      const steps = snapshotSteps(heads, after, (event, stored) => {
        const caseId = caseIdOf(event);
        if (cut.has(caseId)) return false;
        // A case whose stream already passed asOf is answered by its stored version; later events cannot matter.
        if ((stored && stored.occurredMax > limit) || Date.parse(event.metadata.occurredAt) > limit) {
          cut.add(caseId);
          return false;
        }
        return true;
      });
      const changed = new Map(steps.map((step) => [step.folded.caseId, step]));
      eventsFolded = steps.length;
      return work({ client, temp, steps, changed, asOf: asOf.toISOString() });
    },
    { repeatableRead: true },
  );
  const stats: SnapshotStats = {
    source: 'snapshots',
    checkpoint: checkpoint.toString(),
    eventsAfterCheckpoint: after.length,
    eventsFolded,
    ms: Math.round(performance.now() - started),
  };
  return { result, stats };
}

/** Copies the versions valid at asOf (in scope, unchanged after the checkpoint) into `target`, then the changed cases' rows. */
async function copyCaseRows(
  context: SnapshotContext,
  target: string,
  rowColumn: 'grid_row' | 'unit_row' | 'squad_row',
  columns: Readonly<Record<string, string>>,
  scope: Scope,
): Promise<void> {
  const { client, changed, asOf } = context;
  const where =
    scope.kind === 'grid'
      ? 'v.grid_id = $3::text'
      : scope.kind === 'squad'
        ? 'v.squad_id = $3::text'
        : scope.kind === 'squads'
          ? 'v.squad_id IS NOT NULL AND ($3::text[] IS NULL OR v.squad_id = ANY($3::text[]))'
          : '$3::text IS NULL';
  const parameter =
    scope.kind === 'grid'
      ? scope.gridId
      : scope.kind === 'squad'
        ? scope.squadId
        : scope.kind === 'squads'
          ? scope.squadIds
            ? [...scope.squadIds]
            : null
          : null;
  await client.query(
    `INSERT INTO ${target} SELECT r.* FROM ${SNAPSHOT_CASE_VERSIONS} v,
       jsonb_populate_record(NULL::${target}, v.${rowColumn} || jsonb_build_object('case_id', v.case_id, 'revision', v.revision::text, 'state', '{}'::jsonb, 'memo', '{}'::jsonb)) r
     WHERE v.valid_from <= $1::timestamptz AND (v.valid_until IS NULL OR v.valid_until > $1::timestamptz)
       AND NOT (v.case_id = ANY($2::text[])) AND v.${rowColumn} IS NOT NULL AND ${where}`,
    [asOf, [...changed.keys()], parameter],
  );
  const rows = [...changed.values()]
    .filter(({ version }) => version[rowColumn] !== null && inScope(version, scope))
    .map(({ version }) =>
      fullRow(
        version[rowColumn] as Record<string, unknown>,
        version.case_id as string,
        version.revision as bigint,
      ),
    );
  for (let i = 0; i < rows.length; i += 2000)
    await upsertRows(client, target, ['case_id'], columns, rows.slice(i, i + 2000));
}

function inScope(version: Record<string, unknown>, scope: Scope): boolean {
  switch (scope.kind) {
    case 'grid':
      return version.grid_id === scope.gridId;
    case 'squad':
      return version.squad_id === scope.squadId;
    case 'squads':
      return (
        version.squad_id !== null && (!scope.squadIds || scope.squadIds.includes(version.squad_id as string))
      );
    case 'units':
      return true;
    default: {
      const unknown: never = scope;
      throw new Error(`unknown scope ${JSON.stringify(unknown)}`);
    }
  }
}

/** GET /api/v1/grids/{gridId}/dashboard?asOf from the dated snapshots; null when they cannot answer. */
export async function gridDashboardFromSnapshots(
  deps: AsOfDependencies,
  gridId: string,
  asOf: Date,
  options: { weights?: ScoreWeights } = {},
): Promise<(GridDashboard & { readonly asOf: string; readonly snapshot: SnapshotStats }) | null> {
  const answer = await fromSnapshots(deps, asOf, [GRID_DASHBOARD_CASES], async (context) => {
    const table = context.temp(GRID_DASHBOARD_CASES);
    await copyCaseRows(context, table, 'grid_row', GRID_DASHBOARD_COLUMNS, { kind: 'grid', gridId });
    return gridDashboard(context.client, gridId, { now: asOf, weights: options.weights, table });
  });
  return answer && { ...answer.result, asOf: asOf.toISOString(), snapshot: answer.stats };
}

/** GET /api/v1/assessments?asOf from the dated snapshots (each case's facts as its version valid at asOf holds them); null when they cannot answer. */
export async function assessUnitsFromSnapshots(
  deps: AsOfDependencies,
  asOf: Date,
  options: { from: string; to: string; level?: string; weights?: ScoreWeights; unitIds?: readonly string[] },
): Promise<{
  readonly units: UnitAssessment[];
  readonly asOf: string;
  readonly snapshot: SnapshotStats;
} | null> {
  const answer = await fromSnapshots(deps, asOf, [UNIT_ASSESSMENT_CASES], async (context) => {
    const table = context.temp(UNIT_ASSESSMENT_CASES);
    await copyCaseRows(context, table, 'unit_row', UNIT_ASSESSMENT_CASE_COLUMNS, { kind: 'units' });
    return assessUnits(context.client, {
      from: options.from,
      to: options.to,
      level: options.level,
      weights: options.weights,
      now: asOf,
      unitIds: options.unitIds,
      table,
    });
  });
  return answer && { units: answer.result, asOf: asOf.toISOString(), snapshot: answer.stats };
}

/** GET /api/v1/assessments/units/{unitId}/cases?asOf from the dated snapshots; null when they cannot answer. */
export async function assessedCasesFromSnapshots(
  deps: AsOfDependencies,
  unitId: string,
  asOf: Date,
  options: Omit<Parameters<typeof assessedCases>[2], 'now' | 'table'>,
): Promise<{
  readonly cases: AssessedCase[];
  readonly asOf: string;
  readonly snapshot: SnapshotStats;
} | null> {
  const answer = await fromSnapshots(deps, asOf, [UNIT_ASSESSMENT_CASES], async (context) => {
    const table = context.temp(UNIT_ASSESSMENT_CASES);
    await copyCaseRows(context, table, 'unit_row', UNIT_ASSESSMENT_CASE_COLUMNS, { kind: 'units' });
    return assessedCases(context.client, unitId, { ...options, now: asOf, table });
  });
  return answer && { cases: answer.result, asOf: asOf.toISOString(), snapshot: answer.stats };
}

/** GET /api/v1/squads/{squadId}/dashboard?asOf from the dated snapshots; null when they cannot answer. */
export async function squadDashboardFromSnapshots(
  deps: AsOfDependencies,
  squadId: string,
  asOf: Date,
): Promise<(SquadDashboard & { readonly asOf: string; readonly snapshot: SnapshotStats }) | null> {
  const answer = await fromSnapshots(deps, asOf, [SQUAD_DASHBOARD_CASES], async (context) => {
    const table = context.temp(SQUAD_DASHBOARD_CASES);
    await copyCaseRows(context, table, 'squad_row', SQUAD_DASHBOARD_COLUMNS, { kind: 'squad', squadId });
    return squadDashboard(context.client, squadId, { now: asOf, table });
  });
  return answer && { ...answer.result, asOf: asOf.toISOString(), snapshot: answer.stats };
}

/** GET /api/v1/assessments?level=squad&asOf from the dated snapshots; null when they cannot answer. */
export async function assessSquadsFromSnapshots(
  deps: AsOfDependencies,
  asOf: Date,
  options: { from: string; to: string; squadIds?: readonly string[]; weights?: SquadScoreWeights },
): Promise<{
  readonly squads: SquadAssessment[];
  readonly asOf: string;
  readonly snapshot: SnapshotStats;
} | null> {
  const answer = await fromSnapshots(
    deps,
    asOf,
    [SQUAD_ASSESSMENT_COUNTERS, SQUAD_DASHBOARD_CASES],
    async (context) => {
      const counters = context.temp(SQUAD_ASSESSMENT_COUNTERS);
      const columns = SQUAD_COUNTER_KEYS.map((key) => SQUAD_COUNTER_COLUMNS[key]);
      await context.client.query(
        `INSERT INTO ${counters} (squad_id, period, team, ${columns.join(', ')})
       SELECT squad_id, period, max(team), ${columns.map((c) => `sum(${c})`).join(', ')}
       FROM ${SNAPSHOT_SQUAD_FACTS} WHERE valid_from <= $1::timestamptz AND ($2::text[] IS NULL OR squad_id = ANY($2::text[]))
       GROUP BY squad_id, period`,
        [context.asOf, options.squadIds ? [...options.squadIds] : null],
      );
      const delta = squadAssessmentIncrements(context.steps.map((step) => step.folded));
      const wanted = new Map(
        [...delta].filter(([, row]) => !options.squadIds || options.squadIds.includes(row.squad_id)),
      );
      await addSquadCounterIncrements(context.client, counters, wanted);
      await copyCaseRows(context, context.temp(SQUAD_DASHBOARD_CASES), 'squad_row', SQUAD_DASHBOARD_COLUMNS, {
        kind: 'squads',
        squadIds: options.squadIds,
      });
      return assessSquads(context.client, {
        from: options.from,
        to: options.to,
        squadIds: options.squadIds,
        weights: options.weights,
        now: asOf,
        tables: { counters, cases: context.temp(SQUAD_DASHBOARD_CASES) },
      });
    },
  );
  return answer && { squads: answer.result, asOf: asOf.toISOString(), snapshot: answer.stats };
}
