import type { DuplexOptions, ReadableOptions } from 'node:stream';
import { BACKWARDS, END, EventStoreDBClient, FORWARDS, START } from '@eventstore/db-client';
import type {
  AllStreamResolvedEvent,
  ReadPosition,
  ResolvedEvent,
  StreamingRead,
} from '@eventstore/db-client';
import type {
  AllSubscription,
  AppendOptions,
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
} from '../event-store.port.js';
import { readAllStart, readsNothing } from '../read-all-start.js';
import { EventStoreDbAllSubscription } from './eventstoredb-all-subscription.js';
import {
  appendPosition,
  explainWrongExpectedVersion,
  firstRevisionAfter,
  fromEsdbCurrentRevision,
  isStreamNotFound,
  isSystemEventType,
  isWrongExpectedVersion,
  mapClientError,
  normaliseMaxCount,
  planAllFilter,
  toEsdbExpectedRevision,
  toEsdbPosition,
  toEventData,
  toRecordedEvent,
  validateAppend,
} from './eventstoredb-mapping.js';

/** How many events a subscription buffers for its consumer when the caller names no batch size. */
const DEFAULT_SUBSCRIPTION_BATCH = 500;
/** A one-shot read buffers at most this many events ahead of the code collecting them. */
const READ_BUFFER = 256;

/**
 * The client's subscription is a Transform fed by the gRPC stream. Its consumer side holds at most
 * `batchSize` events, its input side one message; beyond that only HTTP/2 flow control buffers.
 */
function subscriptionBuffer(batchSize: number): ReadableOptions {
  // The client hands these options to its Transform's constructor, which reads both fields.
  const options: DuplexOptions = { readableHighWaterMark: batchSize, writableHighWaterMark: 1 };
  return options as ReadableOptions;
}

export interface EventStoreDbEventStoreOptions {
  /** Deadline of ping(), in milliseconds. */
  pingDeadlineMs?: number;
}

/**
 * The event-store port over EventStoreDB (20+, gRPC; KurrentDB speaks the same protocol).
 * See docs/adr/0005-eventstoredb-adapter.md for the position mapping, idempotence and filters.
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly pingDeadlineMs: number;

  constructor(
    private readonly client: EventStoreDBClient,
    options: EventStoreDbEventStoreOptions = {},
  ) {
    this.pingDeadlineMs = options.pingDeadlineMs ?? 5000;
  }

  /** E.g. `esdb://localhost:2113?tls=false` or `esdb://node1:2113,node2:2113,node3:2113?tls=false`. */
  static fromConnectionString(
    connectionString: string,
    options?: EventStoreDbEventStoreOptions,
  ): EventStoreDbEventStore {
    return new EventStoreDbEventStore(EventStoreDBClient.connectionString(connectionString), options);
  }

  /** Closes the client's channel; call on application shutdown. */
  async dispose(): Promise<void> {
    await this.client.dispose();
  }

  async appendToStream(
    stream: string,
    events: readonly NewEvent[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    const expected = options.expectedRevision ?? 'any';
    validateAppend(stream, events, expected);

    let result;
    try {
      result = await this.client.appendToStream(stream, events.map(toEventData), {
        expectedRevision: toEsdbExpectedRevision(expected),
      });
    } catch (error) {
      if (isWrongExpectedVersion(error)) {
        throw await this.explainConflict(
          stream,
          events,
          expected,
          fromEsdbCurrentRevision(error.actualVersion),
        );
      }
      throw mapClientError(error);
    }
    // Only a client built with throwOnAppendFailure: false answers a conflict this way.
    if (!result.success) {
      throw await this.explainConflict(
        stream,
        events,
        expected,
        fromEsdbCurrentRevision(result.nextExpectedRevision),
      );
    }
    const position =
      appendPosition(result.position) ?? (await this.positionOfRevision(stream, result.nextExpectedRevision));
    return { nextExpectedRevision: result.nextExpectedRevision, position };
  }

  /** Tells a real conflict from a half-retried batch (see explainWrongExpectedVersion). */
  private async explainConflict(
    stream: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
    actual: bigint | 'no_stream',
  ): Promise<Error> {
    const from = firstRevisionAfter(expected);
    let storedIdsAfterExpected: string[] = [];
    if (from !== undefined && actual !== 'no_stream' && actual >= from) {
      const stored = await this.readStream(stream, { fromRevision: from, maxCount: events.length });
      storedIdsAfterExpected = stored.map((event) => event.id);
    }
    return explainWrongExpectedVersion({
      stream,
      expected,
      actual,
      batchIds: events.map((event) => event.id),
      storedIdsAfterExpected,
    });
  }

  /** An idempotent retry on servers before 22.x reports no position: look the event up instead. */
  private async positionOfRevision(stream: string, revision: bigint): Promise<bigint> {
    const [event] = await this.readStream(stream, { fromRevision: revision, maxCount: 1 });
    if (event === undefined || event.revision !== revision) {
      throw new Error(`stream ${stream}: appended event at revision ${revision} could not be read back`);
    }
    return event.globalPosition;
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const direction = options.direction ?? 'forwards';
    const from = options.fromRevision ?? (direction === 'forwards' ? 'start' : 'end');
    const maxCount = normaliseMaxCount(options.maxCount);
    if ((direction === 'forwards' && from === 'end') || (direction === 'backwards' && from === 'start')) {
      // Nothing lies beyond either end; answered here, as the PostgreSQL adapter does.
      return [];
    }
    const read = this.client.readStream(
      stream,
      {
        direction: direction === 'forwards' ? FORWARDS : BACKWARDS,
        fromRevision: from === 'start' ? START : from === 'end' ? END : from,
        maxCount,
      },
      { highWaterMark: Math.min(maxCount, READ_BUFFER) },
    );
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of read as StreamingRead<ResolvedEvent>) {
        if (resolved.event) events.push(toRecordedEvent(resolved.event));
      }
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw mapClientError(error);
    }
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const { direction, start } = readAllStart(options);
    const maxCount = normaliseMaxCount(options.maxCount);
    if (readsNothing(direction, start)) return [];
    const { accepts } = planAllFilter(options.filter);

    if (start.kind === 'after') {
      // EventStoreDB has no exclusive read: a forward read from (P, P) starts with the record at P,
      // which is dropped here. P + 1 would land inside that record (InvalidPosition), so never send it.
      const after = start.position;
      return this.collectAll(
        { direction: FORWARDS, fromPosition: toEsdbPosition(after) },
        maxCount,
        (event) => event.globalPosition > after && accepts(event),
      );
    }

    const events: RecordedEvent[] = [];
    if (direction === 'backwards' && start.kind === 'from') {
      // A backwards read in EventStoreDB starts *before* the given position; the port's bound is
      // inclusive, so the event exactly at `from` is fetched with a one-event forward read.
      const [atFrom] = await this.collectAll(
        { direction: FORWARDS, fromPosition: toEsdbPosition(start.position) },
        1,
        () => true,
      );
      if (atFrom !== undefined && atFrom.globalPosition === start.position && accepts(atFrom))
        events.push(atFrom);
    }
    if (events.length < maxCount) {
      const fromPosition: ReadPosition =
        start.kind === 'from' ? toEsdbPosition(start.position) : start.kind === 'start' ? START : END;
      events.push(
        ...(await this.collectAll(
          { direction: direction === 'forwards' ? FORWARDS : BACKWARDS, fromPosition },
          maxCount - events.length,
          accepts,
        )),
      );
    }
    return events;
  }

  /**
   * Reads $all until `limit` events pass `accepts`. The client's readAll (6.x) has no server-side
   * filter, so filtering happens here; the read is lazy (Readable back-pressure) and cancelled as
   * soon as enough events are collected, so the server streams little more than is kept.
   */
  private async collectAll(
    options: { direction: typeof FORWARDS | typeof BACKWARDS; fromPosition: ReadPosition },
    limit: number,
    accepts: (event: RecordedEvent) => boolean,
  ): Promise<RecordedEvent[]> {
    const read = this.client.readAll(options, { highWaterMark: Math.min(limit, READ_BUFFER) });
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of read as StreamingRead<AllStreamResolvedEvent>) {
        if (!resolved.event || isSystemEventType(resolved.event.type)) continue;
        const event = toRecordedEvent(resolved.event);
        if (!accepts(event)) continue;
        events.push(event);
        if (events.length >= limit) break;
      }
    } catch (error) {
      throw mapClientError(error, options.fromPosition);
    } finally {
      await read.cancel().catch(() => undefined);
    }
    return events;
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): AllSubscription {
    const plan = planAllFilter(options.filter);
    const from = options.fromPosition ?? 'start';
    const batchSize = options.batchSize ?? DEFAULT_SUBSCRIPTION_BATCH;
    if (!Number.isInteger(batchSize) || batchSize < 1)
      throw new RangeError('batchSize must be a positive integer');
    return new EventStoreDbAllSubscription({
      open: () =>
        this.client.subscribeToAll(
          {
            // EventStoreDB's subscription start is exclusive, as the port's is.
            fromPosition: from === 'start' ? START : from === 'end' ? END : toEsdbPosition(from),
            filter: plan.server,
          },
          subscriptionBuffer(batchSize),
        ),
      accepts: plan.accepts,
      after: typeof from === 'bigint' ? from : undefined,
    });
  }

  async headPosition(): Promise<bigint> {
    const [last] = await this.collectAll({ direction: BACKWARDS, fromPosition: END }, 1, () => true);
    return last?.globalPosition ?? 0n;
  }

  async ping(): Promise<void> {
    const read = this.client.readAll(
      { direction: BACKWARDS, fromPosition: END, maxCount: 1, deadline: this.pingDeadlineMs },
      { highWaterMark: 1 },
    );
    try {
      for await (const resolved of read as StreamingRead<AllStreamResolvedEvent>) {
        // Any answer (even a system event) shows the server is serving reads.
        void resolved;
      }
    } catch (error) {
      throw mapClientError(error);
    }
  }
}
