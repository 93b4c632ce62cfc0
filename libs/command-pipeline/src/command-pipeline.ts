import { v5 as uuidv5 } from 'uuid';
import {
  WrongExpectedRevisionError,
  type EventMetadata,
  type EventStore,
  type JsonValue,
  type NewEvent,
  type RecordedEvent,
} from '#event-store';
import { ConcurrencyConflictError, PreconditionFailedError } from './command-pipeline.errors.js';

/** What the pipeline needs of a decider; the domain libs' deciders fit it structurally. */
export interface PipelineDecider<Command, Event extends { type: string; data: unknown }, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

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
 * domain.md §7), so the decider works with clear values while the store only ever holds encoded ones.
 */
export interface EventDataCodec {
  /** Recorded events as the decider sees them. */
  decode<E extends { type: string; data: unknown }>(events: readonly E[]): Promise<E[]>;
  /**
   * Decided events as they are stored (`stored`), and as the decider and caller see them after the
   * append (`decoded`, e.g. with ids the codec gave). `history` is the decoded stream. Anything the
   * stored form depends on (keys) must be durable before this returns: the append follows.
   */
  encode(events: readonly NewEvent[], history: readonly RecordedEvent[]): Promise<{ stored: NewEvent[]; decoded: NewEvent[] }>;
}

export interface PipelineOptions {
  /** How many times a command without If-Match is decided again after a concurrent write. */
  maxAttempts?: number;
  /** Reads a recorded event back into the decider's event type (upcasting lives here). */
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
  constructor(
    private readonly store: EventStore,
    private readonly options: PipelineOptions = {},
  ) {}

  async handle<Command, Event extends { type: string; data: unknown }, State>(
    decider: PipelineDecider<Command, Event, State>,
    stream: string,
    command: Command,
    context: CommandContext,
  ): Promise<PipelineResult<Event, State>> {
    const maxAttempts = context.expectedRevision === undefined ? (this.options.maxAttempts ?? 5) : 1;
    for (let attempt = 1; ; attempt++) {
      const raw = await this.store.readStream(stream);
      const recorded = this.options.codec ? await this.options.codec.decode(raw) : raw;
      const revision = recorded.length === 0 ? -1n : recorded[recorded.length - 1]!.revision;
      let state = decider.initialState();
      for (const event of recorded) state = decider.evolve(state, toDomainEvent<Event>(event));
      context.authorize?.(state);

      const earlier = recorded.filter((event) => event.metadata.commandId === context.commandId);
      if (earlier.length > 0) {
        return {
          stream,
          revision: earlier[earlier.length - 1]!.revision,
          events: earlier.map((event) => toDomainEvent<Event>(event)),
          state: foldUpTo(decider, recorded, earlier[earlier.length - 1]!.revision),
          replayed: true,
        };
      }
      // An unknown stream is the decider's to refuse (e.g. CASE.NOT_FOUND → 404), not a 412.
      if (context.expectedRevision !== undefined && revision >= 0n && context.expectedRevision !== revision) {
        throw new PreconditionFailedError(stream, context.expectedRevision, revision < 0n ? undefined : revision);
      }

      const events = decider.decide(command, state);
      if (events.length === 0) return { stream, revision, events, state, replayed: false };

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
        ? await this.options.codec.encode(decided, recorded)
        : { stored: decided, decoded: decided };
      try {
        const result = await this.store.appendToStream(stream, stored, { expectedRevision: revision < 0n ? 'no_stream' : revision });
        const appended = decoded.map((event) => ({ type: event.type, data: event.data }) as Event);
        for (const event of appended) state = decider.evolve(state, event);
        return { stream, revision: result.nextExpectedRevision, events: appended, state, replayed: false };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (context.expectedRevision !== undefined) {
          const actual = error.actualRevision === 'no_stream' ? undefined : error.actualRevision;
          throw new PreconditionFailedError(stream, context.expectedRevision, actual);
        }
        if (attempt >= maxAttempts) throw new ConcurrencyConflictError(stream, attempt);
        await backoff(attempt);
      }
    }
  }
}

function toDomainEvent<Event>(recorded: RecordedEvent): Event {
  return { type: recorded.type, data: recorded.data } as Event;
}

function foldUpTo<Command, Event extends { type: string; data: unknown }, State>(
  decider: PipelineDecider<Command, Event, State>,
  recorded: RecordedEvent[],
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
