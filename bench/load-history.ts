import type { Decider, DomainEvent } from '#domain-kernel';
import type { EventStore, NewEvent, RecordedEvent, AppendOptions, AppendResult } from '#event-store';
import { CommandPipeline, type CommandContext, type PipelineResult } from '#command-pipeline';
import type { RegistryState } from '#registry-domain';
import { generateHistoricCases } from '../apps/worker/src/cli/historic-cases/historic-cases.runner.js';
import { progress } from './bench-stats.js';

/**
 * Just enough of an event store for the command pipeline to drive generated cases in memory: the
 * real caseDecider decides every command (so histories are exactly what the app would write), and
 * the histories are then appended to the real store in one batch per case.
 */
class CapturingStore {
  readonly streams = new Map<string, RecordedEvent[]>();
  private position = 0n;

  async readStream(stream: string): Promise<RecordedEvent[]> {
    return [...(this.streams.get(stream) ?? [])];
  }

  async appendToStream(
    stream: string,
    events: readonly NewEvent[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    const recorded = this.streams.get(stream) ?? [];
    const current = recorded.length === 0 ? 'no_stream' : BigInt(recorded.length - 1);
    const expected = options.expectedRevision ?? 'any';
    if (expected !== 'any' && expected !== current)
      throw new Error(`capturing store: ${stream} is at ${current}, expected ${expected}`);
    const recordedAt = new Date().toISOString();
    for (const event of events) {
      recorded.push({
        ...event,
        stream,
        revision: BigInt(recorded.length),
        globalPosition: ++this.position,
        recordedAt,
      });
    }
    this.streams.set(stream, recorded);
    return { nextExpectedRevision: BigInt(recorded.length - 1), position: this.position };
  }
}

export interface LoadHistoryResult {
  events: number;
  cases: number;
  generateMs: number;
  appendMs: number;
  elapsedMs: number;
}

/**
 * The pipeline, except that a command the decider refuses ends nothing: the generator's script
 * goes on as a user would after a refusal (the app answers it with a 4xx and appends nothing).
 * A safety net: the generator is meant to script only accepted commands (historic-cases.spec.ts checks it).
 */
class TolerantPipeline extends CommandPipeline {
  refusals = new Map<string, number>();

  constructor(private readonly capture: CapturingStore) {
    super(capture as unknown as EventStore);
  }

  override async handle<Command, Event extends DomainEvent, State>(
    decider: Decider<Command, Event, State>,
    stream: string,
    command: Command,
    context: CommandContext,
  ): Promise<PipelineResult<Event, State>> {
    try {
      return await super.handle(decider, stream, command, context);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code !== 'string' || code.startsWith('EVENT_STORE.')) throw error;
      this.refusals.set(code, (this.refusals.get(code) ?? 0) + 1);
      const recorded = await this.capture.readStream(stream);
      let state = decider.initialState();
      for (const event of recorded)
        state = decider.evolve(state, { type: event.type, data: event.data } as Event);
      return { stream, revision: BigInt(recorded.length - 1), events: [], state, replayed: true };
    }
  }
}

/** Refused generated commands by code, over the whole run (reported in the bench notes). */
export const generatorRefusals = new Map<string, number>();

/** Generated case histories by stream, ready to append (used for the sample event too). */
export async function generateCaseHistories(
  registry: RegistryState,
  count: number,
  randomSeed: number,
): Promise<Map<string, RecordedEvent[]>> {
  const capture = new CapturingStore();
  const pipeline = new TolerantPipeline(capture);
  await generateHistoricCases(pipeline, registry, {
    count,
    randomSeed,
    until: '2025-06-30T16:00:00.000Z',
    concurrency: 32,
  });
  for (const [code, count] of pipeline.refusals)
    generatorRefusals.set(code, (generatorRefusals.get(code) ?? 0) + count);
  return capture.streams;
}

/**
 * Loads at least `targetEvents` realistic case events: histories generated in chunks with the real
 * caseDecider (through the command pipeline, in memory), each case appended to the real event store
 * as one batch, `writers` cases at a time. The next chunk is generated while the previous appends.
 */
export async function loadCaseHistories(
  store: EventStore,
  registry: RegistryState,
  targetEvents: number,
  writers = 16,
): Promise<LoadHistoryResult> {
  const started = performance.now();
  const casesPerChunk = 2000;
  const maxChunks = Math.ceil(targetEvents / casesPerChunk) + 50; // bound: even 1 event per case ends
  let events = 0;
  let cases = 0;
  let generateMs = 0;
  let appendMs = 0;
  let pending: Promise<void> = Promise.resolve();
  let lastReport = started;
  for (let chunk = 0; chunk < maxChunks && events < targetEvents; chunk++) {
    const t0 = performance.now();
    const histories = await generateCaseHistories(registry, casesPerChunk, 910_000 + chunk);
    generateMs += performance.now() - t0;
    await pending;
    const list = [...histories.entries()];
    for (const [, history] of list) events += history.length;
    cases += list.length;
    pending = (async () => {
      const t1 = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: writers }, async () => {
          while (next < list.length) {
            const [stream, history] = list[next++]!;
            const batch = history.map(({ id, type, data, metadata }) => ({ id, type, data, metadata }));
            // A lost connection is retried: the same event ids make a repeated append harmless.
            for (let attempt = 1; ; attempt++) {
              try {
                await store.appendToStream(stream, batch, { expectedRevision: 'no_stream' });
                break;
              } catch (error) {
                if ((error as { code?: string }).code !== 'EVENT_STORE.UNAVAILABLE' || attempt >= 3)
                  throw error;
              }
            }
          }
        }),
      );
      appendMs += performance.now() - t1;
    })();
    // Awaited at the next chunk; a failure must not surface earlier as an unhandled rejection.
    pending.catch(() => undefined);
    if (performance.now() - lastReport > 5000) {
      lastReport = performance.now();
      progress(`loaded ${events} events (${cases} cases) in ${Math.round((lastReport - started) / 1000)} s`);
    }
  }
  await pending;
  return { events, cases, generateMs, appendMs, elapsedMs: performance.now() - started };
}
