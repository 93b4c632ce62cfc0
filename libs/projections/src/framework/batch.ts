import type { RecordedEvent } from '#event-store';
import { retryOnDeadlock, type SqlPool } from '#platform';
import { handles, type LogConsumer } from './log-consumer.js';
import { isProjection, liveTable, shadowTable, type Projection } from './projection.js';
import {
  inTransaction,
  liveLockName,
  rebuildLockName,
  toBigInt,
  tryLock,
  tryLockWithAsynchronousCommit,
} from './projection-sql.js';

export type BatchTarget = 'live' | 'rebuild';

/** A live batch whose rows are written and whose checkpoint has not moved yet. */
export interface OpenBatch {
  /** The consumer's name. */
  readonly projection: string;
  readonly from: bigint;
  readonly to: bigint;
  readonly events: number;
}

/**
 * FAULT INJECTION, FOR TESTS ONLY: awaited inside every live batch's transaction once its rows are
 * written, before the checkpoint moves and the transaction commits, so a test can kill the process
 * while a batch is open (test/read-models/worker-crash.e2e-spec.ts; libs/runtime wires it from
 * `GRIDCASE_FAULT_PAUSE_IN_BATCH_MS`).
 */
export type BeforeLiveCommit = (batch: OpenBatch) => Promise<void>;

export type BatchOutcome =
  /** Rows and checkpoint committed together. */
  | 'committed'
  /** Another runner holds the projection's lock right now: nothing written. */
  | 'locked'
  /** The checkpoint is no longer where this batch starts (another runner moved it, or a rebuild swapped): nothing written. */
  | 'moved';

export interface BatchOptions {
  /** Positions an operator skipped (rebuilds leave them out, as the live runner did). */
  readonly skipPositions?: ReadonlySet<bigint>;
  /** Where the checkpoint moves (default: the page's last event); further when the reader scanned past events the consumer does not handle. */
  readonly throughPosition?: bigint;
  readonly beforeLiveCommit?: BeforeLiveCommit;
  /** A reactor's result of `react` for this page (ctx.reaction). */
  readonly reaction?: unknown;
}

/**
 * Applies one page of the log and moves the checkpoint to the page's last position, in ONE transaction:
 * either both are visible or neither (exactly-once effect even if the process dies mid-batch).
 * The advisory lock makes runners in different processes take turns; the compare on the checkpoint
 * (read under FOR UPDATE after the lock) discards a page another runner has already applied.
 * Live, a reactor's lease on the row ends with the commit.
 */
export async function commitBatch(
  pool: SqlPool,
  consumer: LogConsumer | Projection,
  target: BatchTarget,
  expectedPosition: bigint,
  page: readonly RecordedEvent[],
  options: BatchOptions = {},
): Promise<BatchOutcome> {
  const last = options.throughPosition ?? page[page.length - 1]?.globalPosition;
  if (last === undefined || last <= expectedPosition) return 'committed';
  if (page.length > 0 && page[page.length - 1]!.globalPosition > last)
    throw new Error('commitBatch: the page goes past the position the checkpoint moves to');
  const skip = options.skipPositions;
  const accepts = handles(consumer);
  const relevant = page.filter((event) => accepts(event) && !skip?.has(event.globalPosition));
  const checkpointTable = target === 'live' ? 'projection_checkpoints' : 'projection_rebuilds';
  return retryOnDeadlock(() =>
    inTransaction(pool, async (client) => {
      const lockName = target === 'live' ? liveLockName(consumer.name) : rebuildLockName(consumer.name);
      // Read models commit asynchronously (ADR 0010): rows and checkpoint are lost or kept together, and
      // lost ones are re-applied. Other consumers' records (timers, outcomes) wait for the WAL flush.
      const locked = isProjection(consumer)
        ? await tryLockWithAsynchronousCommit(client, lockName)
        : await tryLock(client, lockName);
      if (!locked) return 'locked';
      const { rows } = await client.query<{ position: string; version: number }>(
        `SELECT position::text AS position, version FROM ${checkpointTable} WHERE name = $1 FOR UPDATE`,
        [consumer.name],
      );
      const row = rows[0];
      if (!row || toBigInt(row.position) !== expectedPosition || Number(row.version) !== consumer.version)
        return 'moved';
      if (relevant.length > 0) {
        await consumer.apply(relevant, {
          client,
          table: target === 'live' ? liveTable : shadowTable,
          rebuilding: target === 'rebuild',
          reaction: options.reaction,
        });
      }
      if (options.beforeLiveCommit && target === 'live')
        await options.beforeLiveCommit({
          projection: consumer.name,
          from: expectedPosition,
          to: last,
          events: relevant.length,
        });
      await client.query(
        target === 'live'
          ? `UPDATE projection_checkpoints SET position = $2, events_processed = events_processed + $3, updated_at = now(),
               last_error = NULL, last_error_at = NULL, failing_since = NULL, failed_attempts = 0,
               lease_token = NULL, leased_until = NULL WHERE name = $1`
          : `UPDATE projection_rebuilds SET position = $2, events_processed = events_processed + $3, updated_at = now() WHERE name = $1`,
        [consumer.name, last.toString(), relevant.length],
      );
      return 'committed';
    }),
  );
}
