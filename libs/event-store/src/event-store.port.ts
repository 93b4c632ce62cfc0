/**
 * The event-store port. Shaped on EventStoreDB's semantics so that both the PostgreSQL adapter
 * and the EventStoreDB adapter fit it without leaking their own types.
 *
 * Positions: `revision` counts the events of one stream, gapless from 0n. `globalPosition` orders
 * the whole log. It is sparse (like EventStoreDB's commit position, which is a byte offset) and
 * strictly increasing in the order `readAll` and `subscribeToAll` deliver: once an event at
 * position P has been delivered, no event at a position ≤ P will ever be delivered later.
 *
 * A position is a name the store gave out, not a number to compute with: pass back only 0n or the
 * `globalPosition` of an event (or an append's `position`). No event is ever at 0n, so `after: 0n`
 * means "from the start" (a fresh checkpoint). P + 1 is meaningless: on EventStoreDB it lands
 * inside a log record and the server refuses it (`InvalidPositionError`). To page, pass the last
 * position you read as `after` (docs/adr/0015-exclusive-log-positions.md).
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Who, why and when, attached to every event. */
export interface EventMetadata {
  /** The user or process that caused the event (user id, or e.g. `system:escalation`). */
  actor: string;
  /** Ties every event caused by one request or process together. */
  correlationId: string;
  /** The id of the command or event that directly caused this one. */
  causationId: string;
  /** Business time of the fact, ISO-8601 (from the command, not from the store's clock). */
  occurredAt: string;
  /** Version of the event's data shape; readers upcast older versions. */
  schemaVersion: number;
  /** Adapters keep unknown keys, so callers may add their own (e.g. idempotency key). */
  [key: string]: JsonValue | undefined;
}

/** An event to append. `id` makes appends idempotent: re-sending the same ids writes nothing twice. */
export interface NewEvent {
  id: string;
  type: string;
  data: JsonValue;
  metadata: EventMetadata;
}

/** An event as stored: the envelope. */
export interface RecordedEvent {
  id: string;
  type: string;
  data: JsonValue;
  metadata: EventMetadata;
  stream: string;
  revision: bigint;
  globalPosition: bigint;
  /** When the store committed the event (ISO-8601). */
  recordedAt: string;
}

/**
 * `'any'`: no check. `'no_stream'`: the stream must not exist. `'stream_exists'`: it must exist.
 * A bigint: the stream's current revision (the revision of its last event) must equal it.
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

export interface AppendOptions {
  expectedRevision?: ExpectedRevision;
}

export interface AppendResult {
  /** Revision of the last event appended (the stream's new revision). */
  nextExpectedRevision: bigint;
  /** Global position of the last event appended. */
  position: bigint;
}

export type ReadDirection = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  direction?: ReadDirection;
  /** Inclusive. Default: 'start' forwards, 'end' backwards. */
  fromRevision?: bigint | 'start' | 'end';
  /** Default: the whole stream. */
  maxCount?: number;
}

/** Server-side filter. A prefix list matches when any prefix matches; both lists must match. */
export interface AllFilter {
  eventTypePrefixes?: readonly string[];
  streamPrefixes?: readonly string[];
}

export interface ReadAllOptions {
  direction?: ReadDirection;
  /**
   * Inclusive, like EventStoreDB. Default: 'start' forwards, 'end' backwards. A bigint must be 0n or
   * the position of an event; not together with `after`.
   */
  fromPosition?: bigint | 'start' | 'end';
  /**
   * Exclusive, forwards only: the events after this position. The paging idiom: read a page, then
   * read again with `after` = the last event's `globalPosition` (or a checkpoint holding it; 0n for
   * the start). Not together with `fromPosition`.
   */
  after?: bigint;
  /** Default: one page of 4096 events; page on with `after` (see above). */
  maxCount?: number;
  filter?: AllFilter;
}

export interface SubscribeToAllOptions {
  /** Exclusive, like EventStoreDB: the subscription delivers events after this position. */
  fromPosition?: bigint | 'start' | 'end';
  filter?: AllFilter;
  /** How many events one read fetches; the subscription never holds more than this unconsumed. */
  batchSize?: number;
}

/**
 * A catch-up subscription to the whole log: reads history, then follows live appends.
 * Consume it with `for await`. It fetches the next batch only when the consumer has taken the
 * previous one (back-pressure). `stop()` ends the iteration cleanly: the loop finishes after the
 * event in hand and the returned promise resolves when the subscription has let go of its resources.
 */
export interface AllSubscription extends AsyncIterable<RecordedEvent> {
  stop(): Promise<void>;
  /** Position of the last event handed to the consumer, or of the last filtered-out event scanned. */
  readonly position: bigint | undefined;
}

export interface EventStore {
  appendToStream(stream: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult>;
  /** Events of one stream. An unknown stream reads as empty. */
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribeToAll(options?: SubscribeToAllOptions): AllSubscription;
  /** Position of the last event in the log that readers can see (0n for an empty log). */
  headPosition(): Promise<bigint>;
  /** Cheap check that the store answers, for readiness probes. */
  ping(): Promise<void>;
}

/** Injection token for the port. */
export const EVENT_STORE = Symbol.for('gridcase.EventStore');
