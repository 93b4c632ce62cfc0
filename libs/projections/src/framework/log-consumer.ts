import type { AllFilter, RecordedEvent } from '#event-store';
import type { SqlClient } from '#platform';

/** What `apply` gets: the open transaction, in which the runner also moves the checkpoint. */
export interface ConsumerContext {
  readonly client: SqlClient;
  /** A reactor's result of `react` for these events (undefined for a projector). */
  readonly reaction?: unknown;
}

/**
 * Anything that follows the global log from a checkpoint (docs/adr/0012). The runner reads a page
 * after the checkpoint and calls `apply` inside ONE transaction that also moves the checkpoint, so
 * what `apply` writes and the checkpoint are kept or lost together.
 *
 * - A **projector** only writes rows in `apply` (read models: `Projection`; escalation's timers).
 * - A **reactor** also has effects outside the database transaction (commands through the pipeline):
 *   `react` runs them first, under a lease on the checkpoint row that keeps other workers off the
 *   page, and `apply` records what they did. An effect must be idempotent (a command id derived from
 *   the event): after a crash between `react` and the commit, the page is reacted to again.
 *
 * `apply` must only write through `ctx.client`, never commit or roll back, and never reject a
 * recorded event because of business rules (a recorded event is a fact).
 */
export interface LogConsumer {
  /** Stable name; also the checkpoint key. Lower-case letters, digits and `-`/`_`. */
  readonly name: string;
  /** Version of what `apply` writes; a stored version that differs pauses the runner (`rebuilding`). */
  readonly version: number;
  /** Event types handled (matched exactly, sent to the store as prefixes). Absent: every event the stream filter lets through. */
  readonly eventTypes?: readonly string[];
  /** Only events of streams whose name starts with one of these (server side). */
  readonly streamPrefixes?: readonly string[];
  /** Reactors only: the effects of a page, run before the transaction; the result reaches `apply` as `ctx.reaction`. */
  react?(events: readonly RecordedEvent[]): Promise<unknown>;
  /** Writes what a page of handled events means, in log order, inside the runner's transaction. */
  apply(events: readonly RecordedEvent[], ctx: ConsumerContext): Promise<void>;
}

const NAME = /^[a-z][a-z0-9_-]{0,40}$/;

/** Validates and returns a consumer definition (fails fast at start-up on a bad name or version). */
export function defineLogConsumer<C extends LogConsumer>(consumer: C): C {
  if (!NAME.test(consumer.name)) throw new Error(`consumer name ${JSON.stringify(consumer.name)} is invalid`);
  if (!Number.isInteger(consumer.version) || consumer.version < 1)
    throw new Error(`consumer ${consumer.name}: version must be a positive integer`);
  if (consumer.eventTypes?.length === 0)
    throw new Error(`consumer ${consumer.name}: an empty list of event types handles nothing`);
  return consumer;
}

/** The server-side filter of a consumer: its event types as prefixes (exact matching happens client side). */
export function consumerFilter(consumer: LogConsumer): AllFilter {
  return {
    ...(consumer.eventTypes ? { eventTypePrefixes: consumer.eventTypes } : {}),
    ...(consumer.streamPrefixes ? { streamPrefixes: consumer.streamPrefixes } : {}),
  };
}

/** The exact client-side match of a consumer's events. */
export function handles(consumer: LogConsumer): (event: RecordedEvent) => boolean {
  if (!consumer.eventTypes) return () => true;
  const types = new Set(consumer.eventTypes);
  return (event) => types.has(event.type);
}
