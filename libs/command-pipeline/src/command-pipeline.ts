import type { Decider, DomainEvent } from '#domain-kernel';
import { v5 as uuidv5 } from 'uuid';
import {
  WrongExpectedRevisionError,
  type AppendResult,
  type EventMetadata,
  type EventStore,
  type JsonValue,
  type NewEvent,
  type RecordedEvent,
} from '#event-store';
import { ConcurrencyConflictError, PreconditionFailedError } from './command-pipeline.errors.js';

export interface CommandContext {
  /**
   * Identifies this command for good. Event ids derive from it, and a command whose events are
   * already in the stream is answered from them instead of being decided again: re-sending a
   * command (a retried HTTP request with the same Idempotency-Key, a timer fired twice) is safe.
   */
  commandId: string;
  actor: string;
  correlationId: string;
  /** Id of what caused the command (a request, an event); defaults to the command id. */
  causationId?: string;
  /** Business time of the command, ISO-8601. */
  occurredAt: string;
  /** `If-Match`: the revision the caller saw. A mismatch is a PreconditionFailedError, never retried. */
  expectedRevision?: bigint;
  /**
   * Called with the folded state before anything else is decided or replayed; throwing refuses
   * the command (e.g. a case outside the caller's jurisdiction), so the stream is read only once.
   */
  authorize?(state: unknown): void;
}

export interface PipelineResult<Event, State> {
  stream: string;
  /** Revision of the stream after the command (of the last event, -1n for an empty stream). */
  revision: bigint;
  events: Event[];
  state: State;
  /** True when the command had been applied before and was answered from the stream. */
  replayed: boolean;
}

/**
 * Turns stored event data into what deciders fold and back (e.g. personal data encrypted per person,
 * docs/domain.md §7), so the decider works with clear values while the store only ever holds encoded ones.
 */
export interface EventDataCodec {
  /** Recorded events as the decider sees them. */
  decode<E extends DomainEvent>(events: readonly E[]): Promise<E[]>;
  /**
   * Decided events as they are stored (`stored`), and as the decider and caller see them after the
   * append (`decoded`, e.g. with ids the codec gave). `history` is the decoded stream. Anything the
   * stored form depends on (keys) must be durable before this returns: the append follows.
   */
  encode(
    events: readonly NewEvent[],
    history: readonly RecordedEvent[],
  ): Promise<{ stored: NewEvent[]; decoded: NewEvent[] }>;
}

export interface PipelineOptions {
  /** How many times a command without If-Match is decided again after a concurrent write. */
  maxAttempts?: number;
  /**
   * Keep the decoded history and folded state of streams this pipeline appended to, and decide the
   * next command on a stream from them instead of reading, decoding and folding it again (see
   * StreamStateCache). Off by default.
   */
  streamCache?: StreamCacheOptions;
  /**
   * `metadata.schemaVersion` of the events this pipeline appends (default 1). No event shape has
   * changed incompatibly yet, so no upcaster exists; one would turn older versions into the current
   * shape on the read path, before the decider folds them.
   */
  schemaVersion?: number;
  /** Encodes event data before the append and decodes it after a read (default: stored as decided). */
  codec?: EventDataCodec;
}

/** Namespace for event ids derived from command ids. Never change it: ids are stored. */
const EVENT_ID_NAMESPACE = '6f1d3c1e-7b9a-4f7e-9c57-2d7f4b2a8e10';

export function eventIdFor(commandId: string, index: number): string {
  return uuidv5(`${commandId}/${index}`, EVENT_ID_NAMESPACE);
}

/**
 * The one command pipeline every aggregate goes through:
 * read the stream → fold → decide (pure) → append with the expected revision.
 * A concurrent write between read and append is retried on fresh state (unless the caller pinned
 * a revision with If-Match); the deterministic event ids make a repeated command harmless.
 */
export class CommandPipeline {
  private readonly cache: StreamStateCache | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly options: PipelineOptions = {},
  ) {
    this.cache = options.streamCache ? new StreamStateCache(options.streamCache) : undefined;
  }

  async handle<Command, Event extends DomainEvent, State>(
    decider: Decider<Command, Event, State>,
    stream: string,
    command: Command,
    context: CommandContext,
  ): Promise<PipelineResult<Event, State>> {
    const cached = this.cache?.take<State>(stream, decider);
    if (cached) {
      // Only an append at the cached revision (which the store refuses if anything was appended
      // since) or the command found in the cached history proves the cached state current. Any
      // other outcome (a refusal, a precondition, no events, a conflict) may come from a stale
      // state: decide again below on a fresh read, as if there had been no cache.
      try {
        const outcome = await this.attempt(decider, stream, command, context, cached);
        if (outcome.kind === 'done') return outcome.result;
      } catch {
        // decided again below on a fresh read
      }
    }
    const maxAttempts = context.expectedRevision === undefined ? (this.options.maxAttempts ?? 5) : 1;
    for (let attempt = 1; ; attempt++) {
      const raw = await this.store.readStream(stream);
      const history = this.options.codec ? await this.options.codec.decode(raw) : raw;
      const revision = history.length === 0 ? -1n : history[history.length - 1]!.revision;
      let state = decider.initialState();
      for (const event of history) state = decider.evolve(state, toDomainEvent<Event>(event));
      const outcome = await this.attempt(decider, stream, command, context, { history, revision, state });
      if (outcome.kind === 'done') return outcome.result;
      if (outcome.kind === 'unchanged') return { stream, revision, events: [], state, replayed: false };
      if (attempt >= maxAttempts) throw new ConcurrencyConflictError(stream, attempt);
      await backoff(attempt);
    }
  }

  /**
   * Authorize, replay, check If-Match, decide and append on one folded history. 'unchanged': the
   * decider returned no events; 'conflict': a concurrent write (without If-Match) moved the stream.
   */
  private async attempt<Command, Event extends DomainEvent, State>(
    decider: Decider<Command, Event, State>,
    stream: string,
    command: Command,
    context: CommandContext,
    folded: FoldedStream<State>,
  ): Promise<
    { kind: 'done'; result: PipelineResult<Event, State> } | { kind: 'unchanged' } | { kind: 'conflict' }
  > {
    const { history, revision } = folded;
    let state = folded.state;
    context.authorize?.(state);

    const earlier = history.filter((event) => event.metadata.commandId === context.commandId);
    if (earlier.length > 0) {
      const last = earlier[earlier.length - 1]!.revision;
      return {
        kind: 'done',
        result: {
          stream,
          revision: last,
          events: earlier.map((event) => toDomainEvent<Event>(event)),
          state: foldUpTo(decider, history, last),
          replayed: true,
        },
      };
    }
    // An unknown stream is the decider's to refuse (e.g. CASE.NOT_FOUND → 404), not a 412.
    if (context.expectedRevision !== undefined && revision >= 0n && context.expectedRevision !== revision) {
      throw new PreconditionFailedError(
        stream,
        context.expectedRevision,
        revision < 0n ? undefined : revision,
      );
    }

    const events = decider.decide(command, state);
    if (events.length === 0) return { kind: 'unchanged' };

    const metadata: EventMetadata = {
      actor: context.actor,
      correlationId: context.correlationId,
      causationId: context.causationId ?? context.commandId,
      occurredAt: context.occurredAt,
      schemaVersion: this.options.schemaVersion ?? 1,
      commandId: context.commandId,
    };
    const decided: NewEvent[] = events.map((event, index) => ({
      id: eventIdFor(context.commandId, index),
      type: event.type,
      data: event.data as JsonValue,
      metadata,
    }));
    const { stored, decoded } = this.options.codec
      ? await this.options.codec.encode(decided, history)
      : { stored: decided, decoded: decided };
    let result: AppendResult;
    try {
      result = await this.store.appendToStream(stream, stored, {
        expectedRevision: revision < 0n ? 'no_stream' : revision,
      });
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      if (context.expectedRevision !== undefined) {
        const actual = error.actualRevision === 'no_stream' ? undefined : error.actualRevision;
        throw new PreconditionFailedError(stream, context.expectedRevision, actual);
      }
      return { kind: 'conflict' };
    }
    const appended = decoded.map((event) => ({ type: event.type, data: event.data }) as Event);
    for (const event of appended) state = decider.evolve(state, event);
    this.cache?.keep(stream, decider, {
      history: [...history, ...recordedAfterAppend(stream, decoded, result)],
      revision: result.nextExpectedRevision,
      state,
    });
    return {
      kind: 'done',
      result: { stream, revision: result.nextExpectedRevision, events: appended, state, replayed: false },
    };
  }
}

/** A stream's decoded history and the state folded from it, up to `revision` (-1n: empty). */
interface FoldedStream<State> {
  history: readonly RecordedEvent[];
  revision: bigint;
  state: State;
}

/**
 * The events just appended as the history holds them. The pipeline reads only the id, type, data,
 * metadata and revision of its history; positions follow from the last one (one transaction, one
 * batch), and recordedAt is this process's clock (the database's is not returned by the append).
 */
function recordedAfterAppend(
  stream: string,
  events: readonly NewEvent[],
  result: AppendResult,
): RecordedEvent[] {
  const recordedAt = new Date().toISOString();
  const count = BigInt(events.length);
  return events.map((event, index) => {
    const fromEnd = count - 1n - BigInt(index);
    return {
      id: event.id,
      type: event.type,
      data: event.data,
      metadata: event.metadata,
      stream,
      revision: result.nextExpectedRevision - fromEnd,
      globalPosition: result.position - fromEnd,
      recordedAt,
    };
  });
}

export interface StreamCacheOptions {
  /** Streams kept at most; the least recently used goes first. */
  maxStreams: number;
  /** An entry older than this is not used (bounds how long decoded personal data stays in memory). */
  maxAgeMs: number;
}

/**
 * Decoded history and folded state of recently written streams, per decider. Correctness does not
 * rest on it being fresh: an entry is only ever the base of an append at its revision, which the
 * event store refuses when anything (another process, another pipeline) appended since, and every
 * outcome other than a successful append is decided again on a fresh read. An entry is taken out
 * while a command uses it, so two commands on one stream never share one.
 */
export class StreamStateCache {
  private readonly entries = new Map<
    string,
    { decider: object; folded: FoldedStream<unknown>; keptAt: number }
  >();

  constructor(private readonly options: StreamCacheOptions) {}

  take<State>(stream: string, decider: object): FoldedStream<State> | undefined {
    const entry = this.entries.get(stream);
    if (!entry) return undefined;
    this.entries.delete(stream);
    if (entry.decider !== decider || performance.now() - entry.keptAt > this.options.maxAgeMs)
      return undefined;
    return entry.folded as FoldedStream<State>;
  }

  keep<State>(stream: string, decider: object, folded: FoldedStream<State>): void {
    this.entries.delete(stream);
    this.entries.set(stream, { decider, folded, keptAt: performance.now() });
    while (this.entries.size > this.options.maxStreams)
      this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}

function toDomainEvent<Event>(recorded: RecordedEvent): Event {
  return { type: recorded.type, data: recorded.data } as Event;
}

function foldUpTo<Command, Event extends DomainEvent, State>(
  decider: Decider<Command, Event, State>,
  recorded: readonly RecordedEvent[],
  revision: bigint,
): State {
  let state = decider.initialState();
  for (const event of recorded) {
    if (event.revision > revision) break;
    state = decider.evolve(state, toDomainEvent<Event>(event));
  }
  return state;
}

/** Short jittered pause so that racing writers do not collide again in lockstep. */
function backoff(attempt: number): Promise<void> {
  const ms = Math.min(50, 2 ** attempt) * (0.5 + Math.random());
  return new Promise((resolve) => setTimeout(resolve, ms));
}
