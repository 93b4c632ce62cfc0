/**
 * Pure translations between the event-store port and @eventstore/db-client 6.x. Nothing here talks
 * to a server, so every rule below is unit-tested without one (see eventstoredb-mapping.spec.ts and
 * docs/adr/0005-eventstoredb-adapter.md for the reasoning and the sources).
 */
import {
  ANY,
  ErrorType,
  NO_STREAM,
  STREAM_EXISTS,
  eventTypeFilter,
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
} from '@eventstore/db-client';
import type {
  AppendExpectedRevision,
  CurrentRevision,
  EventData,
  Filter,
  Position,
  ReadPosition,
  RecordedEvent as EsdbRecordedEvent,
} from '@eventstore/db-client';
import {
  EventStoreAccessDeniedError,
  EventStoreUnavailableError,
  IdempotencyViolationError,
  InvalidAppendError,
  InvalidPositionError,
  WrongExpectedRevisionError,
} from '../event-store.errors.js';
import type {
  AllFilter,
  EventMetadata,
  ExpectedRevision,
  JsonValue,
  NewEvent,
  RecordedEvent,
} from '../event-store.port.js';

/** Same default page as the PostgreSQL adapter, so both adapters answer an unbounded read alike. */
export const DEFAULT_MAX_COUNT = 4096;
/** Servers before 22.6 send no position on stream reads; the field then holds 2^64 - 1. */
const NO_POSITION = (1n << 64n) - 1n;

// ---------------------------------------------------------------------------------------------
// Expected revision
// ---------------------------------------------------------------------------------------------

/** Port → client. The literals happen to coincide; the switch keeps that an explicit decision. */
export function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  if (typeof expected === 'bigint') return expected;
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default: {
      const unknown: never = expected;
      throw new InvalidAppendError(`unknown expected revision ${String(unknown)}`);
    }
  }
}

/** Client → port, for the revisions a WrongExpectedVersionError carries. */
export function fromEsdbExpectedRevision(expected: AppendExpectedRevision): ExpectedRevision {
  if (typeof expected === 'bigint') return expected;
  switch (expected) {
    case ANY:
      return 'any';
    case NO_STREAM:
      return 'no_stream';
    case STREAM_EXISTS:
      return 'stream_exists';
    default: {
      const unknown: never = expected;
      throw new TypeError(`unknown EventStoreDB expected revision ${String(unknown)}`);
    }
  }
}

/** The stream's actual revision as EventStoreDB reports it (-1 also means "no stream"). */
export function fromEsdbCurrentRevision(current: CurrentRevision): bigint | 'no_stream' {
  if (current === NO_STREAM) return 'no_stream';
  return current < 0n ? 'no_stream' : current;
}

// ---------------------------------------------------------------------------------------------
// Positions
// ---------------------------------------------------------------------------------------------

/**
 * EventStoreDB position → the port's single `globalPosition`.
 *
 * Every event written through the gRPC API of EventStoreDB 20+ is its own committed prepare record,
 * and the server reports its $all position as `(commit, prepare) = (logPosition, logPosition)`.
 * Only events from explicit (TCP-era) transactions carry `commit > prepare`, with several events
 * sharing one commit position. No single bigint orders those and also converts back to a position
 * the server accepts, so they are refused loudly instead of being mapped wrongly.
 */
export function toGlobalPosition(position: Position): bigint {
  if (position.commit !== position.prepare) {
    throw new RangeError(
      `EventStoreDB position commit=${position.commit} prepare=${position.prepare} belongs to an explicit ` +
        'transaction; this adapter supports only logs written through the gRPC API (commit = prepare)',
    );
  }
  if (position.commit < 0n || position.commit >= NO_POSITION) {
    throw new RangeError(`EventStoreDB position ${position.commit} is not a log position`);
  }
  return position.commit;
}

/** The inverse of toGlobalPosition: a record position the server can start a read at. */
export function toEsdbPosition(globalPosition: bigint): Position {
  if (globalPosition < 0n) throw new RangeError('a global position is never negative');
  return { commit: globalPosition, prepare: globalPosition };
}

/**
 * The position an append reports. EventStoreDB returns the log position of the batch's last event
 * (for an idempotent retry, servers 22.x+ return that of the earlier write; older ones none).
 */
export function appendPosition(position: Position | undefined): bigint | undefined {
  if (position === undefined || position.commit < 0n || position.commit >= NO_POSITION) return undefined;
  return position.commit;
}

// ---------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------

/** Keeps our id, so the server's own idempotence check recognises a retried batch. */
export function toEventData(event: NewEvent): EventData {
  return jsonEvent({
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
  } as Parameters<typeof jsonEvent>[0]);
}

/** System events (`$metadata`, `$>` links, `$statsCollected`, ...) are never shown to callers. */
export function isSystemEventType(type: string): boolean {
  return type.startsWith('$');
}

/**
 * Client event → port envelope. `globalPosition` may be passed in when the event itself carries
 * none (stream reads on servers before 22.6). Events not written by us may lack JSON metadata;
 * they read with an empty metadata object rather than stopping a reader of the whole log.
 */
export function toRecordedEvent(event: EsdbRecordedEvent, globalPosition?: bigint): RecordedEvent {
  const position = globalPosition ?? (event.position ? toGlobalPosition(event.position) : undefined);
  if (position === undefined) {
    throw new RangeError(
      `event ${event.id} in ${event.streamId} came without a position (EventStoreDB 22.6+ is required)`,
    );
  }
  const data: JsonValue = event.isJson
    ? (event.data as JsonValue)
    : Buffer.from(event.data as Uint8Array).toString('base64');
  const metadata = isPlainObject(event.metadata) ? (event.metadata as EventMetadata) : ({} as EventMetadata);
  return {
    id: event.id,
    type: event.type,
    data,
    metadata,
    stream: event.streamId,
    revision: event.revision,
    globalPosition: position,
    recordedAt: event.created.toISOString(),
  };
}

function isPlainObject(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
  );
}

// ---------------------------------------------------------------------------------------------
// Filters
// ---------------------------------------------------------------------------------------------

export interface AllFilterPlan {
  /** What the server filters on: at most one condition, as EventStoreDB allows. */
  server: Filter;
  /** The whole filter, re-applied to what the server sends (cheap, and it covers the second list). */
  accepts(event: Pick<RecordedEvent, 'type' | 'stream'>): boolean;
}

/**
 * EventStoreDB filters a subscription on one thing only: event type or stream name, by prefixes or
 * by one regex. So: event-type prefixes go to the server when given (they also keep `$` types out
 * unless a prefix starts with `$`), else stream prefixes, else the server's exclude-system-events
 * regex. The other list, and the system-event rule, are applied here on the client.
 * An empty list means "no condition", as in the PostgreSQL adapter.
 */
export function planAllFilter(filter: AllFilter | undefined): AllFilterPlan {
  const types = filter?.eventTypePrefixes?.length ? [...filter.eventTypePrefixes] : undefined;
  const streams = filter?.streamPrefixes?.length ? [...filter.streamPrefixes] : undefined;
  const server = types
    ? eventTypeFilter({ prefixes: types })
    : streams
      ? streamNameFilter({ prefixes: streams })
      : excludeSystemEvents();
  return {
    server,
    accepts: (event) =>
      !isSystemEventType(event.type) &&
      (types === undefined || types.some((prefix) => event.type.startsWith(prefix))) &&
      (streams === undefined || streams.some((prefix) => event.stream.startsWith(prefix))),
  };
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/**
 * Client error types that mean "retry later": a node that is unreachable, starting or catching up
 * ("Server Is Not Ready") or shedding load ("Server Is Too Busy") — all gRPC UNAVAILABLE —, a
 * follower asked for the leader (not-leader), a server-side timeout (ABORTED), a deadline, a cancel.
 */
const UNAVAILABLE_TYPES: ReadonlySet<string> = new Set([
  ErrorType.UNAVAILABLE,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.NOT_LEADER,
  ErrorType.TIMEOUT,
  ErrorType.CANCELLED,
]);

function errorType(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('type' in error)) return undefined;
  const type = (error as { type: unknown }).type;
  return typeof type === 'string' ? type : undefined;
}

export function isWrongExpectedVersion(error: unknown): error is { actualVersion: CurrentRevision } {
  return errorType(error) === ErrorType.WRONG_EXPECTED_VERSION;
}

/**
 * The server's answer to a read from a position inside a log record: `ReadAllResult.InvalidPosition`,
 * which a one-shot read reports as an unknown error ("Unexpected ReadAllResult: InvalidPosition") and a
 * subscription as INVALID_ARGUMENT ("Trying to read from an invalid position.") (EventStoreDB v24.10:
 * Enumerator.ReadAllForwards, RpcExceptions.InvalidPositionException).
 */
export function isInvalidPosition(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return /ReadAllResult: InvalidPosition|invalid position/i.test(error.message);
}

export function isStreamNotFound(error: unknown): boolean {
  return errorType(error) === ErrorType.STREAM_NOT_FOUND;
}

/**
 * Client failure → port error. Unreachable, not ready, too busy, deadline exceeded, not-leader and
 * no-leader (a cluster election in progress), server-side timeout/cancel and failed cluster
 * discovery all mean "retry later": the same EventStoreUnavailableError (503 EVENT_STORE.UNAVAILABLE
 * with Retry-After) the PostgreSQL adapter raises when its database is down. Access denied is one too,
 * with a message naming the credentials. InvalidPosition on a read from `readFrom` becomes
 * InvalidPositionError; an append over the server's MaxAppendSize, InvalidAppendError. Anything else
 * passes through unchanged.
 */
export function mapClientError(error: unknown, readFrom?: ReadPosition): unknown {
  if (error instanceof EventStoreUnavailableError || error instanceof InvalidPositionError) return error;
  if (readFrom !== undefined && typeof readFrom === 'object' && isInvalidPosition(error)) {
    return new InvalidPositionError(
      readFrom.commit,
      'EventStoreDB refused it as a read position (not the start of a log record: pass 0 or a position the store gave out)',
      error,
    );
  }
  const type = errorType(error);
  const message = error instanceof Error ? error.message : String(error);
  if (type === ErrorType.ACCESS_DENIED) {
    return new EventStoreAccessDeniedError(
      `EventStoreDB denied access (${message}): check the user and password in EVENTSTORE_URL and that user's rights`,
      error,
    );
  }
  if (type !== undefined && UNAVAILABLE_TYPES.has(type)) {
    return new EventStoreUnavailableError(`EventStoreDB unavailable (${type}): ${message}`, error);
  }
  // A cluster electing a leader answers a leader-only request with UNKNOWN "No leader info available".
  if (type === ErrorType.UNKNOWN && /No leader info available/.test(message)) {
    return new EventStoreUnavailableError(`EventStoreDB unavailable (no leader): ${message}`, error);
  }
  if (error instanceof Error && /^Failed to discover after \d+ attempts/.test(error.message)) {
    return new EventStoreUnavailableError(`EventStoreDB unavailable: ${error.message}`, error);
  }
  if (type === ErrorType.MAXIMUM_APPEND_SIZE_EXCEEDED) {
    const limit = (error as { maxAppendSize?: number }).maxAppendSize;
    return new InvalidAppendError(
      `the batch is larger than EventStoreDB's MaxAppendSize${limit ? ` (${limit} bytes)` : ''}: ${message}`,
    );
  }
  return error;
}

/**
 * EventStoreDB answers WrongExpectedVersion both for a genuine conflict and for a batch that is
 * partly a retry (the server's "corrupted idempotency": the first ids match the stored events
 * after the expected revision, a later one does not). The adapter reads the stored events that
 * follow the expected revision (as many as the batch holds) and calls this to tell them apart:
 *
 * - expected `'any'`: the server never conflicts on `any`, so WrongExpectedVersion can only mean a
 *   partial overlap with recently written ids → IdempotencyViolationError;
 * - `'stream_exists'` on an existing stream: same reasoning → IdempotencyViolationError;
 * - otherwise, if any batch id is among the stored events right after the expected revision, the
 *   batch is half a retry → IdempotencyViolationError; if none is, it is a plain conflict →
 *   WrongExpectedRevisionError with the actual revision.
 */
export function explainWrongExpectedVersion(input: {
  stream: string;
  expected: ExpectedRevision;
  actual: bigint | 'no_stream';
  batchIds: readonly string[];
  storedIdsAfterExpected: readonly string[];
}): WrongExpectedRevisionError | IdempotencyViolationError {
  const { stream, expected, actual, batchIds, storedIdsAfterExpected } = input;
  if (expected === 'any' || (expected === 'stream_exists' && actual !== 'no_stream')) {
    return new IdempotencyViolationError(
      stream,
      `EventStoreDB refused the batch as a partial retry: some of its ${batchIds.length} event ids are already stored`,
    );
  }
  const stored = new Set(storedIdsAfterExpected.map((id) => id.toLowerCase()));
  const overlap = batchIds.filter((id) => stored.has(id.toLowerCase())).length;
  if (overlap > 0) {
    return new IdempotencyViolationError(
      stream,
      `${overlap} of ${batchIds.length} event ids are already stored after revision ${String(expected)}, not as this exact batch`,
    );
  }
  return new WrongExpectedRevisionError(stream, expected, actual);
}

/** First revision a retry of this batch would have been written at. */
export function firstRevisionAfter(expected: ExpectedRevision): bigint | undefined {
  if (expected === 'no_stream') return 0n;
  if (typeof expected === 'bigint') return expected + 1n;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Input checks (the same rules as the PostgreSQL adapter, so both refuse the same appends)
// ---------------------------------------------------------------------------------------------

export { validateAppend } from '../append-validation.js';

export function normaliseMaxCount(maxCount: number | undefined): number {
  if (maxCount === undefined) return DEFAULT_MAX_COUNT;
  if (!Number.isInteger(maxCount) || maxCount < 1)
    throw new RangeError('maxCount must be a positive integer');
  return maxCount;
}
