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
import { EventStoreUnavailableError } from '../event-store.errors.js';
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
  /** Deadline of ping(), in milliseconds (default 5,000). */
  pingDeadlineMs?: number;
  /**
   * A read (of a stream page or of `$all`) fails as unavailable when the server sends nothing for this
   * long (default 10,000 ms). The client sets no deadline on reads and subscriptions (it passes
   * Infinity), so without this a partitioned node would hang a request or a projection for ever. It
   * bounds silence, not duration: a long filtered scan of `$all` keeps receiving events.
   */
  readIdleDeadlineMs?: number;
  /** A subscription fails as unavailable when the server has not confirmed it within this long (default 10,000 ms). */
  subscriptionConfirmationMs?: number;
  /** An append fails as unavailable when unanswered this long (default 15,000 ms, beyond the server's own 10 s). */
  appendDeadlineMs?: number;
  /** Events per stream read: a whole stream is read page by page (default 4,096). */
  streamPageSize?: number;
}

/** What the contract suite must not expect of EventStoreDB (see ContractOptions.lacks). */
export const EVENTSTOREDB_LACKS = {
  globalEventIdIndex:
    "EventStoreDB has no global event-id index: a new stream, or expectedRevision 'any' with an id not in its recent-id cache, is written even if the id is stored in another stream (IndexWriter.CheckCommit)",
} as const;

/** The minimum of the client's read streams the adapter uses. */
interface ClientRead<T> extends AsyncIterable<T> {
  cancel(): Promise<void>;
}

/**
 * The event-store port over EventStoreDB (20+, gRPC; KurrentDB speaks the same protocol).
 * See docs/adr/0005-eventstoredb-adapter.md for the position mapping, idempotence and filters.
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly pingDeadlineMs: number;
  private readonly readIdleDeadlineMs: number;
  private readonly subscriptionConfirmationMs: number;
  private readonly appendDeadlineMs: number;
  private readonly streamPageSize: number;

  constructor(
    private readonly client: EventStoreDBClient,
    options: EventStoreDbEventStoreOptions = {},
  ) {
    this.pingDeadlineMs = options.pingDeadlineMs ?? 5000;
    this.readIdleDeadlineMs = options.readIdleDeadlineMs ?? 10_000;
    this.subscriptionConfirmationMs = options.subscriptionConfirmationMs ?? 10_000;
    this.appendDeadlineMs = options.appendDeadlineMs ?? 15_000;
    this.streamPageSize = normaliseMaxCount(options.streamPageSize);
  }

  /**
   * E.g. `esdb://localhost:2113?tls=false` or `esdb+discover://cluster.internal:2113`. Client 6.2.1
   * parses `esdb://` and `esdb+discover://` only (`kurrentdb://` is a newer client's scheme).
   */
  static fromConnectionString(
    connectionString: string,
    options?: EventStoreDbEventStoreOptions,
  ): EventStoreDbEventStore {
    let client: EventStoreDBClient;
    try {
      client = EventStoreDBClient.connectionString(connectionString);
    } catch (error) {
      // The parser's message quotes the whole string: credentials stay out of it.
      throw new Error(
        `EVENTSTORE_URL is not a connection string EventStoreDB's client 6.2.1 parses (esdb:// or esdb+discover://, e.g. esdb://node1:2113?tls=false): ${redactCredentials((error as Error).message)}`,
      );
    }
    return new EventStoreDbEventStore(client, options);
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
      result = await withDeadline(
        this.client.appendToStream(stream, events.map(toEventData), {
          expectedRevision: toEsdbExpectedRevision(expected),
        }),
        this.appendDeadlineMs,
        `EventStoreDB did not answer an append to ${stream} within ${this.appendDeadlineMs} ms (it may still be written; a retry with the same event ids is safe)`,
      );
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

  /**
   * The whole stream unless the caller caps it, as the port promises (a case or the registry can hold
   * more than one page): read page by page, each page its own call with its own deadline.
   */
  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const direction = options.direction ?? 'forwards';
    let from = options.fromRevision ?? (direction === 'forwards' ? 'start' : 'end');
    const wanted =
      options.maxCount === undefined ? Number.POSITIVE_INFINITY : normaliseMaxCount(options.maxCount);
    if ((direction === 'forwards' && from === 'end') || (direction === 'backwards' && from === 'start')) {
      // Nothing lies beyond either end; answered here, as the PostgreSQL adapter does.
      return [];
    }
    const events: RecordedEvent[] = [];
    while (events.length < wanted) {
      const pageSize = Math.min(this.streamPageSize, wanted - events.length);
      const page = await this.readStreamPage(stream, direction, from, pageSize);
      events.push(...page);
      const last = page[page.length - 1];
      if (last === undefined || page.length < pageSize) break;
      if (direction === 'backwards' && last.revision === 0n) break;
      from = direction === 'forwards' ? last.revision + 1n : last.revision - 1n;
    }
    return events;
  }

  private async readStreamPage(
    stream: string,
    direction: 'forwards' | 'backwards',
    from: bigint | 'start' | 'end',
    maxCount: number,
  ): Promise<RecordedEvent[]> {
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
      await this.drain(
        read as StreamingRead<ResolvedEvent>,
        this.readIdleDeadlineMs,
        `a read of ${stream}`,
        (resolved) => {
          if (resolved.event) events.push(toRecordedEvent(resolved.event));
          return true;
        },
      );
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw mapClientError(error);
    }
    return events;
  }

  /**
   * Consumes a read until `take` says stop or the server ends it; cancels the call either way. Fails
   * as unavailable when the server sends nothing for `idleMs`.
   */
  private async drain<T>(
    read: ClientRead<T>,
    idleMs: number,
    what: string,
    take: (item: T) => boolean,
  ): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    let lastHeard = Date.now();
    let rejectIdle: (error: Error) => void = () => undefined;
    const idle = new Promise<never>((_, reject) => (rejectIdle = reject));
    // One timer per read, pushed back when it fires early, instead of one per event.
    const watch = (delay: number) => {
      timer = setTimeout(() => {
        const silent = Date.now() - lastHeard;
        if (silent < idleMs) watch(idleMs - silent);
        else
          rejectIdle(
            new EventStoreUnavailableError(`EventStoreDB sent nothing for ${idleMs} ms during ${what}`),
          );
      }, delay);
    };
    const consume = (async () => {
      watch(idleMs);
      for await (const item of read) {
        lastHeard = Date.now();
        if (!take(item)) break;
      }
    })();
    try {
      await Promise.race([consume, idle]);
    } finally {
      clearTimeout(timer);
      await read.cancel().catch(() => undefined);
      // After a deadline the cancelled read ends the loop with a premature-close error: already answered.
      consume.catch(() => undefined);
    }
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
    idleMs = this.readIdleDeadlineMs,
  ): Promise<RecordedEvent[]> {
    const read = this.client.readAll(options, { highWaterMark: Math.min(limit, READ_BUFFER) });
    const events: RecordedEvent[] = [];
    try {
      await this.drain(
        read as StreamingRead<AllStreamResolvedEvent>,
        idleMs,
        'a read of $all',
        (resolved) => {
          if (!resolved.event || isSystemEventType(resolved.event.type)) return true;
          const event = toRecordedEvent(resolved.event);
          if (accepts(event)) events.push(event);
          return events.length < limit;
        },
      );
    } catch (error) {
      throw mapClientError(error, options.fromPosition);
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
      confirmationDeadlineMs: this.subscriptionConfirmationMs,
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
    // Any answer (even a system event, or an empty log) shows the server is serving reads.
    await this.collectAll({ direction: BACKWARDS, fromPosition: END }, 1, () => true, this.pingDeadlineMs);
  }
}

/** Rejects as unavailable when the promise has not settled within `ms` (the call itself cannot be cancelled). */
async function withDeadline<T>(promise: Promise<T>, ms: number, detail: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new EventStoreUnavailableError(detail)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function redactCredentials(text: string): string {
  return text.replace(/:\/\/[^@/\s]*@/g, '://***@');
}
