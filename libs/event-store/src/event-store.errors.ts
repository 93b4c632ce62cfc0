import type { ExpectedRevision } from './event-store.port.js';

/** The stream's revision is not the one the writer expected. Nothing was appended. */
export class WrongExpectedRevisionError extends Error {
  readonly code = 'CONCURRENCY.CONFLICT';
  constructor(
    readonly stream: string,
    readonly expectedRevision: ExpectedRevision,
    /** The stream's actual revision, or 'no_stream'. */
    readonly actualRevision: bigint | 'no_stream',
  ) {
    super(
      `stream ${stream}: expected revision ${String(expectedRevision)}, actual ${String(actualRevision)}`,
    );
    this.name = 'WrongExpectedRevisionError';
  }
}

/**
 * Some, but not all, of a batch's event ids are already stored, or they are stored in another
 * stream: the batch is neither new nor a retry of an earlier append. Nothing was appended.
 */
export class IdempotencyViolationError extends Error {
  readonly code = 'EVENT_STORE.IDEMPOTENCY_VIOLATION';
  constructor(
    readonly stream: string,
    detail: string,
  ) {
    super(`stream ${stream}: ${detail}`);
    this.name = 'IdempotencyViolationError';
  }
}

/** The store cannot be reached (connection refused, terminated, timed out). Safe to retry later. */
export class EventStoreUnavailableError extends Error {
  readonly code = 'EVENT_STORE.UNAVAILABLE';
  constructor(
    detail: string,
    override readonly cause?: unknown,
  ) {
    super(detail);
    this.name = 'EventStoreUnavailableError';
  }
}

/**
 * The store refused the credentials or the user's rights (EventStoreDB: access denied or
 * unauthenticated). An unavailable store as far as callers go (503, retry later), with a message that
 * says what an operator must fix: a process that meets it at start-up stops with it.
 */
export class EventStoreAccessDeniedError extends EventStoreUnavailableError {
  constructor(detail: string, cause?: unknown) {
    super(detail, cause);
    this.name = 'EventStoreAccessDeniedError';
  }
}

/** A caller passed something the port refuses (empty batch, bad stream name, duplicate ids). */
export class InvalidAppendError extends Error {
  readonly code = 'EVENT_STORE.INVALID_APPEND';
  constructor(detail: string) {
    super(detail);
    this.name = 'InvalidAppendError';
  }
}

/**
 * A read named a position that is not a record boundary of this store (EventStoreDB positions are
 * byte offsets: anything but 0 or a position the store gave out may land inside a record). A caller
 * that passes on only positions the store handed out never sees this; a client of the HTTP API that
 * makes one up gets a 400.
 */
export class InvalidPositionError extends Error {
  readonly code = 'EVENT_STORE.INVALID_POSITION';
  constructor(
    readonly position: bigint,
    detail: string,
    override readonly cause?: unknown,
  ) {
    super(`position ${position}: ${detail}`);
    this.name = 'InvalidPositionError';
  }
}
