import type { EventStore, RecordedEvent } from '#event-store';
import type { SqlClient, SqlPool } from '#platform';
import { inTransaction } from '../../framework/projection-sql.js';
import { assessmentFold, type ScoreWeights } from '../common/assessment.js';
import { CASE_EVENT_TYPES, isCaseEventType } from '../common/case-events.js';
import {
  caseIdOf,
  foldCaseEvents,
  upsertRows,
  type CaseRow,
  type FoldedCase,
  type FoldOptions,
} from '../common/case-fold.js';
import {
  GRID_DASHBOARD_CASES,
  GRID_DASHBOARD_COLUMNS,
  gridDashboardFold,
  gridDashboardRow,
} from '../grid-dashboard/grid-dashboard.projection.js';
import { gridDashboard, type GridDashboard } from '../grid-dashboard/grid-dashboard.queries.js';
import {
  UNIT_ASSESSMENT_CASE_COLUMNS,
  UNIT_ASSESSMENT_CASES,
  unitAssessmentCaseRow,
} from '../unit-assessment/unit-assessment.projection.js';
import {
  assessedCases,
  assessUnits,
  type AssessedCase,
  type UnitAssessment,
} from '../unit-assessment/unit-assessment.queries.js';
import type { SquadScoreWeights } from '../squad-dashboard/squad-assessment.js';
import { assessSquads, type SquadAssessment } from '../squad-dashboard/squad-assessment.queries.js';
import {
  addSquadCounterIncrements,
  SQUAD_ASSESSMENT_COUNTERS,
  SQUAD_DASHBOARD_CASES,
  SQUAD_DASHBOARD_COLUMNS,
  squadAssessmentIncrements,
  squadDashboardRow,
  type SquadCounterIncrement,
} from '../squad-dashboard/squad-dashboard.projection.js';
import { squadDashboard, type SquadDashboard } from '../squad-dashboard/squad-dashboard.queries.js';

/**
 * "The numbers as they were on a date" by replay: the case events of the global log (filtered by
 * type on the server) are folded in memory with the projectors' own pure parts (`foldCaseEvents`,
 * the row and counter functions), the resulting rows go into temporary copies of the live tables
 * (one transaction, dropped at its end), and the live query runs on them with `now = asOf`. So no
 * formula exists twice. Cost: one pass over every case event of the log per request (see the API
 * README for the measured rate); nothing is stored.
 *
 * Cut-off: business time (`metadata.occurredAt`), like GET /cases/{id}?asOf. Per case, the events up to
 * the first one that occurred after `asOf` (a stream's prefix, so every fold is a state the case had).
 */
export interface AsOfDependencies {
  readonly eventStore: EventStore;
  readonly pool: SqlPool;
}

export interface ReplayStats {
  /** Case events read from the log. */
  readonly eventsRead: number;
  /** Of those, folded (in scope and not after asOf). */
  readonly eventsFolded: number;
  readonly cases: number;
  readonly ms: number;
}

export interface ReplayOptions {
  /** Events per read of the log (default 2000). */
  readonly pageSize?: number;
}

/** Reads the log's case events up to the head seen at the start and folds them, page by page. */
async function replayCases<Memo>(
  eventStore: EventStore,
  asOf: Date,
  fold: FoldOptions<Memo>,
  options: ReplayOptions & {
    inScope?: (report: RecordedEvent) => boolean;
    onFolded?: (folded: FoldedCase<Memo>[]) => void;
  },
): Promise<{ current: Map<string, CaseRow<Memo>>; stats: Omit<ReplayStats, 'ms'> }> {
  const limit = asOf.getTime();
  const head = await eventStore.headPosition();
  const current = new Map<string, CaseRow<Memo>>();
  const tracked = new Set<string>();
  const cut = new Set<string>();
  let after = 0n;
  let eventsRead = 0;
  let eventsFolded = 0;
  for (;;) {
    const page = await eventStore.readAll({
      after,
      maxCount: options.pageSize ?? 2000,
      filter: { eventTypePrefixes: CASE_EVENT_TYPES },
    });
    const inRange = page.filter((event) => event.globalPosition <= head && isCaseEventType(event.type));
    eventsRead += inRange.length;
    const kept: RecordedEvent[] = [];
    for (const event of inRange) {
      const caseId = caseIdOf(event);
      if (event.type === 'CaseReported' && (!options.inScope || options.inScope(event))) tracked.add(caseId);
      if (!tracked.has(caseId) || cut.has(caseId)) continue;
      if (Date.parse(event.metadata.occurredAt) > limit) {
        cut.add(caseId);
        continue;
      }
      kept.push(event);
    }
    eventsFolded += kept.length;
    const folded = foldCaseEvents(current, kept, fold);
    options.onFolded?.(folded);
    const last = page[page.length - 1];
    if (!last || last.globalPosition >= head) break;
    after = last.globalPosition;
  }
  return { current, stats: { eventsRead, eventsFolded, cases: current.size } };
}

function finalCases<Memo>(current: Map<string, CaseRow<Memo>>): FoldedCase<Memo>[] {
  const cases: FoldedCase<Memo>[] = [];
  for (const [caseId, row] of current) {
    if (row.state.status !== 'none')
      cases.push({ caseId, revision: row.revision, state: row.state, memo: row.memo, steps: [] });
  }
  return cases;
}

/** Reads `CaseReported` data: is it an enforcement case (of `squadId`, when given)? */
export function isEnforcementReport(report: RecordedEvent, squadId?: string): boolean {
  const data = report.data as { caseType?: string; details?: { squadId?: string } } | null;
  return data?.caseType === 'enforcement' && (squadId === undefined || data.details?.squadId === squadId);
}

/** Runs `work` on empty temporary copies of live tables (same columns and keys), dropped when the transaction ends. */
export async function withTemporaryCopies<T>(
  pool: SqlPool,
  tables: readonly string[],
  work: (client: SqlClient, temp: (live: string) => string) => Promise<T>,
  options: { repeatableRead?: boolean } = {},
): Promise<T> {
  const temp = (live: string) => `as_of_${live}`;
  return inTransaction(pool, async (client) => {
    // One snapshot of the database for every read of the transaction (a checkpoint and the rows it covers).
    if (options.repeatableRead) await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    for (const live of tables)
      await client.query(`CREATE TEMP TABLE ${temp(live)} (LIKE ${live} INCLUDING ALL) ON COMMIT DROP`);
    return work(client, temp);
  });
}

/** The queries read only the scalar columns: the folded state is not copied into the temporary rows. */
const withoutState = (row: Record<string, unknown>) => ({ ...row, state: {}, memo: {} });

async function insertChunked(
  client: SqlClient,
  table: string,
  columns: Readonly<Record<string, string>>,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 5000)
    await upsertRows(client, table, ['case_id'], columns, rows.slice(i, i + 5000).map(withoutState));
}

/** GET /api/v1/grids/{gridId}/dashboard?asOf: the grid's cases as they stood at `asOf`, overdue judged at `asOf`. */
export async function gridDashboardAsOf(
  deps: AsOfDependencies,
  gridId: string,
  asOf: Date,
  options: ReplayOptions & { weights?: ScoreWeights } = {},
): Promise<GridDashboard & { readonly asOf: string; readonly replay: ReplayStats }> {
  const started = performance.now();
  const { current, stats } = await replayCases(deps.eventStore, asOf, gridDashboardFold, {
    ...options,
    inScope: (report) => (report.data as { location?: { gridId?: string } }).location?.gridId === gridId,
  });
  const dashboard = await withTemporaryCopies(deps.pool, [GRID_DASHBOARD_CASES], async (client, temp) => {
    await insertChunked(
      client,
      temp(GRID_DASHBOARD_CASES),
      GRID_DASHBOARD_COLUMNS,
      finalCases(current).map(gridDashboardRow),
    );
    return gridDashboard(client, gridId, {
      now: asOf,
      weights: options.weights,
      table: temp(GRID_DASHBOARD_CASES),
    });
  });
  return {
    ...dashboard,
    asOf: asOf.toISOString(),
    replay: { ...stats, ms: Math.round(performance.now() - started) },
  };
}

/** GET /api/v1/assessments?asOf: each case's facts from the events that had occurred by `asOf`, "due" judged at `asOf`. */
export async function assessUnitsAsOf(
  deps: AsOfDependencies,
  asOf: Date,
  options: ReplayOptions & {
    from: string;
    to: string;
    level?: string;
    weights?: ScoreWeights;
    unitIds?: readonly string[];
  },
): Promise<{ readonly units: UnitAssessment[]; readonly asOf: string; readonly replay: ReplayStats }> {
  const started = performance.now();
  const { current, stats } = await replayCases(deps.eventStore, asOf, assessmentFold, options);
  const units = await withTemporaryCopies(deps.pool, [UNIT_ASSESSMENT_CASES], async (client, temp) => {
    await insertChunked(
      client,
      temp(UNIT_ASSESSMENT_CASES),
      UNIT_ASSESSMENT_CASE_COLUMNS,
      finalCases(current).map(unitAssessmentCaseRow),
    );
    return assessUnits(client, {
      from: options.from,
      to: options.to,
      level: options.level,
      weights: options.weights,
      now: asOf,
      unitIds: options.unitIds,
      table: temp(UNIT_ASSESSMENT_CASES),
    });
  });
  return {
    units,
    asOf: asOf.toISOString(),
    replay: { ...stats, ms: Math.round(performance.now() - started) },
  };
}

/** GET /api/v1/assessments/units/{unitId}/cases?asOf by replay (while the dated snapshots are rebuilt). */
export async function assessedCasesAsOf(
  deps: AsOfDependencies,
  unitId: string,
  asOf: Date,
  options: ReplayOptions & Omit<Parameters<typeof assessedCases>[2], 'now' | 'table'>,
): Promise<{ readonly cases: AssessedCase[]; readonly asOf: string; readonly replay: ReplayStats }> {
  const started = performance.now();
  const { current, stats } = await replayCases(deps.eventStore, asOf, assessmentFold, options);
  const cases = await withTemporaryCopies(deps.pool, [UNIT_ASSESSMENT_CASES], async (client, temp) => {
    await insertChunked(
      client,
      temp(UNIT_ASSESSMENT_CASES),
      UNIT_ASSESSMENT_CASE_COLUMNS,
      finalCases(current).map(unitAssessmentCaseRow),
    );
    return assessedCases(client, unitId, { ...options, now: asOf, table: temp(UNIT_ASSESSMENT_CASES) });
  });
  return {
    cases,
    asOf: asOf.toISOString(),
    replay: { ...stats, ms: Math.round(performance.now() - started) },
  };
}

/** GET /api/v1/squads/{squadId}/dashboard?asOf: the squad's enforcement cases as they stood at `asOf`, overdue judged at `asOf`. */
export async function squadDashboardAsOf(
  deps: AsOfDependencies,
  squadId: string,
  asOf: Date,
  options: ReplayOptions = {},
): Promise<SquadDashboard & { readonly asOf: string; readonly replay: ReplayStats }> {
  const started = performance.now();
  const { current, stats } = await replayCases<Record<string, never>>(
    deps.eventStore,
    asOf,
    { initialMemo: () => ({}) },
    {
      ...options,
      inScope: (report) => isEnforcementReport(report, squadId),
    },
  );
  const dashboard = await withTemporaryCopies(deps.pool, [SQUAD_DASHBOARD_CASES], async (client, temp) => {
    const rows = finalCases(current)
      .map(squadDashboardRow)
      .filter((row): row is Record<string, unknown> => row !== null);
    await insertChunked(client, temp(SQUAD_DASHBOARD_CASES), SQUAD_DASHBOARD_COLUMNS, rows);
    return squadDashboard(client, squadId, { now: asOf, table: temp(SQUAD_DASHBOARD_CASES) });
  });
  return {
    ...dashboard,
    asOf: asOf.toISOString(),
    replay: { ...stats, ms: Math.round(performance.now() - started) },
  };
}

/** GET /api/v1/assessments?level=squad&asOf: squad counters from the events that had occurred by `asOf`, "due" judged at `asOf`. */
export async function assessSquadsAsOf(
  deps: AsOfDependencies,
  asOf: Date,
  options: ReplayOptions & {
    from: string;
    to: string;
    squadIds?: readonly string[];
    weights?: SquadScoreWeights;
  },
): Promise<{ readonly squads: SquadAssessment[]; readonly asOf: string; readonly replay: ReplayStats }> {
  const started = performance.now();
  const increments = new Map<string, SquadCounterIncrement>();
  const { current, stats } = await replayCases<Record<string, never>>(
    deps.eventStore,
    asOf,
    { initialMemo: () => ({}) },
    {
      ...options,
      inScope: (report) =>
        isEnforcementReport(report) &&
        (!options.squadIds || options.squadIds.some((id) => isEnforcementReport(report, id))),
      onFolded: (folded) => squadAssessmentIncrements(folded, increments),
    },
  );
  const squads = await withTemporaryCopies(
    deps.pool,
    [SQUAD_ASSESSMENT_COUNTERS, SQUAD_DASHBOARD_CASES],
    async (client, temp) => {
      const chunk = [...increments.entries()];
      for (let i = 0; i < chunk.length; i += 5000)
        await addSquadCounterIncrements(
          client,
          temp(SQUAD_ASSESSMENT_COUNTERS),
          new Map(chunk.slice(i, i + 5000)),
        );
      const rows = finalCases(current)
        .map(squadDashboardRow)
        .filter((row): row is Record<string, unknown> => row !== null);
      await insertChunked(client, temp(SQUAD_DASHBOARD_CASES), SQUAD_DASHBOARD_COLUMNS, rows);
      return assessSquads(client, {
        from: options.from,
        to: options.to,
        squadIds: options.squadIds,
        weights: options.weights,
        now: asOf,
        tables: { counters: temp(SQUAD_ASSESSMENT_COUNTERS), cases: temp(SQUAD_DASHBOARD_CASES) },
      });
    },
  );
  return {
    squads,
    asOf: asOf.toISOString(),
    replay: { ...stats, ms: Math.round(performance.now() - started) },
  };
}
