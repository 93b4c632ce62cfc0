import { v5 as uuidv5 } from 'uuid';
import {
  caseDecider,
  caseStreamName,
  type CaseCommand,
  type CaseCommandType,
  type CaseState,
} from '#case-domain';
import { CommandPipeline } from '#command-pipeline';
import { registryView, type RegistryState } from '#registry-domain';
import { DAY, HOUR, MINUTE } from './business-calendar.js';
import { CASES_NAMESPACE, type Script } from './case-script.js';
import { scriptDispute } from './dispute.script.js';
import { scriptEnforcement } from './enforcement.script.js';
import { scriptPetition } from './petition.script.js';
import {
  indexActors,
  indexLocations,
  indexSquads,
  type Actors,
  type Location,
  type SquadIndex,
} from './registry-index.js';
import { rngFor, type Rng } from './seeded-random.js';

/**
 * Shares of petitions and law-enforcement cases among generated cases; the rest are disputes. One
 * draw decides the type: below PETITION_SHARE a petition, then ENFORCEMENT_SHARE of enforcement
 * cases, so petitions and the remaining disputes are the very cases an earlier two-type generator
 * made for the same seed and index.
 */
const PETITION_SHARE = 0.15;
const ENFORCEMENT_SHARE = 0.2;

export interface HistoricCasesOptions {
  count: number;
  /** Same seed (and `until`) → the same cases, ids, timelines and outcomes. */
  randomSeed: number;
  /** The end of the simulated year, ISO instant; reports fall in the 365 days before it. */
  until: string;
  /** Cases driven at once (independent streams); does not change what is generated. */
  concurrency?: number;
  onProgress?: (progress: HistoricCasesProgress) => void;
}

export interface HistoricCasesProgress {
  casesDone: number;
  casesTotal: number;
  events: number;
  elapsedMs: number;
}

export interface HistoricCasesResult extends HistoricCasesProgress {
  caseIds: string[];
  /**
   * Final status of each generated case, counted: disputes and petitions by status, law-enforcement
   * cases by stage as `enforcement:<stage>` (`enforcement:paid`, `enforcement:archived`, ...).
   */
  statuses: Record<string, number>;
  /** Generated cases by type (dispute, petition, enforcement). */
  caseTypes: Record<string, number>;
  /** Commands answered from the stream (a rerun with the same seed appends nothing). */
  replayedCommands: number;
}

/** Deterministic id of generated case `index` under `randomSeed`. */
export function historicCaseId(randomSeed: number, index: number): string {
  return uuidv5(`historic-case/${randomSeed}/${index}`, CASES_NAMESPACE);
}

/** What the scripts draw places and people from, indexed once per run. */
interface Registry {
  locations: Location[];
  actors: Actors;
  squads: SquadIndex;
}

/** The script of one case: a location, then its type drawn by the shares. */
function scriptFor(rng: Rng, { locations, actors, squads }: Registry): Script {
  const location = rng.pick(locations);
  const typeRoll = rng.next();
  if (typeRoll < PETITION_SHARE) return scriptPetition(rng, location, actors);
  const enforcement =
    typeRoll < PETITION_SHARE + ENFORCEMENT_SHARE
      ? scriptEnforcement(rng, location, actors, squads)
      : undefined;
  return enforcement ?? scriptDispute(rng, location, actors);
}

/** Counts over the whole run, added to as each command is answered. */
type Totals = Pick<HistoricCasesResult, 'events' | 'replayedCommands'>;

/**
 * The post a historic approval is recorded under: the generator draws its approvers (the centre's
 * operator, the team's head) from the registry's accounts but does not look up their posts.
 */
const HISTORIC_APPROVING_POST = { unitId: 'historic-cases', title: '负责人' } as const;

/**
 * Drives one script through the pipeline, step by step along its timeline (`occurredAt` and
 * `metadata.now` set to each step's instant), stopping at the first step after `untilMs`.
 */
async function driveCase(
  pipeline: CommandPipeline,
  index: number,
  script: Script,
  timeline: { reportedAt: number; untilMs: number },
  totals: Totals,
): Promise<CaseState> {
  const caseId = String(script.report.caseId);
  const { untilMs } = timeline;
  // Assigned inside `run`, so typed wide (the compiler would narrow it to the initial value).
  let state = { status: 'none' } as CaseState;
  const correlationId = uuidv5(`${caseId}/correlation`, CASES_NAMESPACE);
  let at = timeline.reportedAt;
  const send = async (commandKey: string, command: CaseCommand) => {
    const result = await pipeline.handle(caseDecider, caseStreamName(caseId), command, {
      commandId: uuidv5(`${caseId}/${commandKey}`, CASES_NAMESPACE),
      actor: command.metadata.actor,
      correlationId,
      occurredAt: command.metadata.now,
    });
    if (result.replayed) totals.replayedCommands++;
    else totals.events += result.events.length;
    state = result.state;
    return result.events;
  };
  const run = async (stepNo: number, type: CaseCommandType, data: Record<string, unknown>, actor: string) => {
    const now = new Date(at).toISOString();
    // A step naming its approver is asked for by `actor` and approved by that account (ADR 0019).
    const { approvedBy, ...own } = data;
    const command = { type, data: own, metadata: { actor, now } } as unknown as CaseCommand;
    const events = await send(`step/${stepNo}`, command);
    const request = events.find((event) => event.type === 'ApprovalRequested');
    if (request?.type !== 'ApprovalRequested' || typeof approvedBy !== 'string') return;
    const approve = {
      type: 'ApproveRequest',
      data: { requestId: request.data.requestId },
      metadata: { actor: approvedBy, now, approvingPost: HISTORIC_APPROVING_POST },
    } as CaseCommand;
    await send(`step/${stepNo}/approval`, approve);
  };
  await run(0, 'ReportCase', script.report, script.reporterActor);
  for (const [i, step] of script.steps.entries()) {
    if (state.status === 'none') throw new Error(`historic case ${index}: not reported`);
    const reported = state;
    const next = 'at' in step ? step.at(reported, at) : at + step.after;
    if (next > untilMs) break;
    if (next <= at)
      throw new Error(`historic case ${index}: step ${i + 1} (${step.type}) is not after the one before it`);
    at = next;
    await run(
      i + 1,
      step.type,
      typeof step.data === 'function' ? step.data(reported, at) : step.data,
      step.actor,
    );
  }
  return state;
}

/** disputes and petitions by status, law-enforcement cases by stage as `enforcement:<stage>`. */
const finalStatus = (state: CaseState): string =>
  state.status !== 'none' && state.details.caseType === 'enforcement'
    ? `enforcement:${state.details.stage}`
    : state.status;

/**
 * Generates `count` realistic historic cases (disputes; petitions at `PETITION_SHARE`; law-enforcement
 * cases at `ENFORCEMENT_SHARE`) spread over the year before `until`, each driven
 * command by command through the real command pipeline with business time (`occurredAt`,
 * `metadata.now`) set along its timeline, dispatched to the handling units the registry names for
 * its building (grid → community committee → street centre), or for an enforcement case handled by
 * the area squad of its team that covers the building's street. Deterministic for a seed: case ids
 * and command ids derive from it, so a rerun answers every command from the stream.
 */
export async function generateHistoricCases(
  pipeline: CommandPipeline,
  registry: RegistryState,
  options: HistoricCasesOptions,
): Promise<HistoricCasesResult> {
  const view = registryView(registry);
  const locations = indexLocations(view);
  if (locations.length === 0)
    throw new Error('the registry has no grid with a full handling chain; seed the district first');
  const indexed: Registry = { locations, actors: indexActors(view), squads: indexSquads(view) };
  const untilMs = Date.parse(options.until);
  if (Number.isNaN(untilMs)) throw new RangeError(`until must be an ISO instant, got ${options.until}`);

  const started = Date.now();
  const result: HistoricCasesResult = {
    casesDone: 0,
    casesTotal: options.count,
    events: 0,
    elapsedMs: 0,
    caseIds: [],
    statuses: {},
    caseTypes: {},
    replayedCommands: 0,
  };
  const runOne = async (index: number) => {
    const rng = rngFor(options.randomSeed, index);
    const caseId = historicCaseId(options.randomSeed, index);
    result.caseIds[index] = caseId;
    const script = scriptFor(rng, indexed);
    // Reported on one of the 365 days before `until`, between 08:30 and 17:30 China time.
    const day = untilMs - rng.int(1, 365) * DAY;
    const chinaMidnight = Math.floor((day + 8 * HOUR) / DAY) * DAY - 8 * HOUR;
    const reportedAt = chinaMidnight + 8.5 * HOUR + rng.int(0, 9 * 60) * MINUTE;
    const state = await driveCase(
      pipeline,
      index,
      { ...script, report: { caseId, ...script.report } },
      { reportedAt, untilMs },
      result,
    );
    const type = String(script.report.caseType);
    result.caseTypes[type] = (result.caseTypes[type] ?? 0) + 1;
    const status = finalStatus(state);
    result.statuses[status] = (result.statuses[status] ?? 0) + 1;
    result.casesDone++;
    options.onProgress?.({
      casesDone: result.casesDone,
      casesTotal: options.count,
      events: result.events,
      elapsedMs: Date.now() - started,
    });
  };

  let nextIndex = 0;
  const workers = Array.from(
    { length: Math.max(1, Math.min(options.concurrency ?? 4, options.count)) },
    async () => {
      while (nextIndex < options.count) await runOne(nextIndex++);
    },
  );
  await Promise.all(workers);
  return { ...result, elapsedMs: Date.now() - started };
}
