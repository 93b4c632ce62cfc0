import type { RecordedEvent } from '#event-store';
import type { SqlPool } from '#platform';
import { handles, liveTable, shadowTable, type Projection } from './projection.js';
import {
  inTransaction,
  liveLockName,
  rebuildLockName,
  toBigInt,
  tryLockWithAsynchronousCommit,
} from './projection-sql.js';

export type BatchTarget = 'live' | 'rebuild';

/** A live batch whose rows are written and whose checkpoint has not moved yet. */
export interface OpenBatch {
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

/**
 * Applies one page of the log and moves the checkpoint to the page's last position, in ONE transaction:
 * either both are visible or neither (exactly-once effect even if the process dies mid-batch).
 * The advisory lock makes runners in different processes take turns; the compare on the checkpoint
 * (read under FOR UPDATE after the lock) discards a page another runner has already applied.
 */
export async function commitBatch(
  pool: SqlPool,
  projection: Projection,
  target: BatchTarget,
  expectedPosition: bigint,
  page: readonly RecordedEvent[],
  skipPositions: ReadonlySet<bigint> = new Set(),
  /** Where the checkpoint moves (default: the page's last event); further when the reader scanned past events the projection does not handle. */
  throughPosition?: bigint,
  beforeLiveCommit?: BeforeLiveCommit,
): Promise<BatchOutcome> {
  const last = throughPosition ?? page[page.length - 1]?.globalPosition;
  if (last === undefined || last <= expectedPosition) return 'committed';
  if (page.length > 0 && page[page.length - 1]!.globalPosition > last)
    throw new Error('commitBatch: the page goes past the position the checkpoint moves to');
  const relevant = page
    .filter(handles(projection))
    .filter((event) => !skipPositions.has(event.globalPosition));
  const checkpointTable = target === 'live' ? 'projection_checkpoints' : 'projection_rebuilds';
  return inTransaction(pool, async (client) => {
    // Asynchronous commit (ADR 0010): rows and checkpoint are lost or kept together, and lost ones are re-applied.
    const lockName = target === 'live' ? liveLockName(projection.name) : rebuildLockName(projection.name);
    if (!(await tryLockWithAsynchronousCommit(client, lockName))) return 'locked';
    const { rows } = await client.query<{ position: string; version: number }>(
      `SELECT position::text AS position, version FROM ${checkpointTable} WHERE name = $1 FOR UPDATE`,
      [projection.name],
    );
    const row = rows[0];
    if (!row || toBigInt(row.position) !== expectedPosition || Number(row.version) !== projection.version)
      return 'moved';
    if (relevant.length > 0) {
      await projection.apply(relevant, {
        client,
        table: target === 'live' ? liveTable : shadowTable,
        rebuilding: target === 'rebuild',
      });
    }
    if (beforeLiveCommit && target === 'live')
      await beforeLiveCommit({
        projection: projection.name,
        from: expectedPosition,
        to: last,
        events: relevant.length,
      });
    await client.query(
      target === 'live'
        ? `UPDATE projection_checkpoints SET position = $2, events_processed = events_processed + $3, updated_at = now(),
             last_error = NULL, last_error_at = NULL, failing_since = NULL, failed_attempts = 0 WHERE name = $1`
        : `UPDATE projection_rebuilds SET position = $2, events_processed = events_processed + $3, updated_at = now() WHERE name = $1`,
      [projection.name, last.toString(), relevant.length],
    );
    return 'committed';
  });
}
