import type { Decider } from '#domain-kernel';
import { v5 as uuidv5 } from 'uuid';
import { CommandPipeline } from '#command-pipeline';
import { EVENT_STORE, type EventStore } from '#event-store';
import {
  DEMO_DISTRICT_CODE,
  DEMO_SEED_METADATA,
  buildDemoDistrict,
  countRegistry,
  decideAll,
  evolveRegistry,
  initialRegistryState,
  registryStreamName,
  type RegistryCommand,
  type RegistryCounts,
  type RegistryEvent,
  type RegistryState,
} from '#registry-domain';
import { seedResponsibilityLists, type SeedResponsibilityListsResult } from './seed-responsibility-lists.js';

/** Never change: the seed's command ids (hence its event ids) derive from it, and they are stored. */
const SEED_NAMESPACE = 'c1d7e0a4-3b62-5f0e-8d19-7a4c2e9b6f31';
/** Version of the demo seed. Bump it only together with a new demo district (a different batch). */
const SEED_VERSION = 'demo-district/v1';
/**
 * Commands per append. The seed is ~2,800 commands; one batch per chunk keeps each append well
 * under an event store's request limit (EventStoreDB: 1 MB by default) while still costing only a
 * dozen stream reads, and a seed killed half-way resumes where it stopped.
 */
const CHUNK_SIZE = 250;

export interface SeedDemoDistrictResult {
  districtCode: string;
  stream: string;
  /** Registry stream revision after the seed. */
  revision: bigint;
  /** Chunks appended by this run (0 when everything was already there). */
  chunksApplied: number;
  chunks: number;
  /** Counted from the stream read back after seeding, not from what was meant to be written. */
  counts: RegistryCounts;
  /** The district's seven responsibility lists, seeded with it (idempotently). */
  responsibilityLists: SeedResponsibilityListsResult;
}

/** This deployment already has another district; the demo one is not added beside it. */
export class DistrictTakenError extends Error {
  readonly code = 'SEED.DISTRICT_TAKEN';
  constructor(readonly stream: string) {
    super(`this deployment already serves the district of ${stream}; the demo district is not added`);
    this.name = 'DistrictTakenError';
  }
}

/** Decides a whole chunk of registry commands as one command (fold once, append once). */
const batchDecider: Decider<RegistryCommand[], RegistryEvent, RegistryState> = {
  decide: (commands, state) => decideAll(commands, state).events,
  evolve: evolveRegistry,
  initialState: initialRegistryState,
};

/** Deterministic id of seed chunk `index` (the pipeline answers an applied chunk from the stream). */
export function seedChunkCommandId(index: number): string {
  return uuidv5(`${SEED_VERSION}/chunk/${index}`, SEED_NAMESPACE);
}

/**
 * Seeds the demo district of docs/domain.md §1 (`buildDemoDistrict()`) through the command pipeline,
 * deterministically and idempotently: the commands are cut into fixed chunks, each with a command
 * id derived from the seed version and its index, so a second run finds every chunk's events
 * already in the stream and appends nothing. Refuses (with the domain's error) when the registry
 * already holds a district this seed did not create.
 */
export async function seedDemoDistrict(
  store: EventStore,
  pipeline = new CommandPipeline(store),
): Promise<SeedDemoDistrictResult> {
  const stream = registryStreamName(DEMO_DISTRICT_CODE);
  // One district per deployment (the API serves the first registry stream in the log).
  const [first] = await store.readAll({
    fromPosition: 'start',
    maxCount: 1,
    filter: { streamPrefixes: ['registry-'] },
  });
  if (first && first.stream !== stream) {
    throw new DistrictTakenError(first.stream);
  }
  const commands = buildDemoDistrict();
  const chunks = Math.ceil(commands.length / CHUNK_SIZE);
  const correlationId = uuidv5(`${SEED_VERSION}/correlation`, SEED_NAMESPACE);
  // One read tells which chunks are already stored, so a rerun neither folds nor decides again
  // (the pipeline would answer each from the stream too, but only after folding it once per chunk).
  const stored = new Set((await store.readStream(stream)).map((event) => event.metadata.commandId));
  let chunksApplied = 0;
  for (let index = 0; index < chunks; index++) {
    if (stored.has(seedChunkCommandId(index))) continue;
    const result = await pipeline.handle(
      batchDecider,
      stream,
      commands.slice(index * CHUNK_SIZE, (index + 1) * CHUNK_SIZE),
      {
        commandId: seedChunkCommandId(index),
        actor: DEMO_SEED_METADATA.actor,
        correlationId,
        occurredAt: DEMO_SEED_METADATA.now,
      },
    );
    if (!result.replayed && result.events.length > 0) chunksApplied++;
  }
  const responsibilityLists = await seedResponsibilityLists(store, pipeline);
  const { state, revision } = await foldRegistry(store, DEMO_DISTRICT_CODE);
  return {
    districtCode: DEMO_DISTRICT_CODE,
    stream,
    revision,
    chunksApplied,
    chunks,
    counts: countRegistry(state),
    responsibilityLists,
  };
}

/** Reads a district's registry stream and folds it (what the seed reports is what is stored). */
export async function foldRegistry(
  store: EventStore,
  districtCode: string,
): Promise<{ state: RegistryState; revision: bigint }> {
  let state = initialRegistryState();
  let revision = -1n;
  for (const event of await store.readStream(registryStreamName(districtCode))) {
    state = evolveRegistry(state, { type: event.type, data: event.data } as RegistryEvent);
    revision = event.revision;
  }
  return { state, revision };
}

/** The one line `npm run seed` ends with. */
export function formatSeedLine(counts: RegistryCounts): string {
  const c = counts;
  return `seeded: grids=${c.grids} urban=${c.urban} rural=${c.rural} workers=${c.workers} a_post=${c.a_post} b_post=${c.b_post} accounts=${c.accounts} branches=${c.branches} committees=${c.committees} teams=${c.teams}`;
}

/**
 * `npm start` with `config.seedDemo` (the embedded default): seeds the demo district before the
 * API listens. Idempotent, so every start may call it; a registry that already holds another
 * district is left alone (reported, not fatal).
 */
export async function seedDemoOnStart(
  app: { get<T = unknown>(token: symbol): T },
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<void> {
  try {
    const result = await seedDemoDistrict(app.get<EventStore>(EVENT_STORE));
    write(
      `demo district ${result.districtCode}: ${result.chunksApplied === 0 ? 'already there' : 'seeded'}; ${formatSeedLine(result.counts)}`,
    );
  } catch (error) {
    const taken =
      error instanceof DistrictTakenError ||
      (error as { code?: string }).code === 'REGISTRY.DISTRICT_ALREADY_CREATED';
    if (!taken) throw error;
    write(`demo district not seeded: ${(error as Error).message}`);
  }
}
