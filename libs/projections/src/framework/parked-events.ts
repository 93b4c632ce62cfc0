import type { RecordedEvent } from '#event-store';
import type { SqlPool } from '#platform';
import { errorText, inTransaction, liveLockName, lock, toBigInt, tryLock } from './projection-sql.js';

/**
 * Parks `event`, the one right after `checkpoint`, so that the consumer stops before it until an
 * operator skips it; nothing happens when another runner moved the checkpoint meanwhile.
 */
export async function parkEvent(
  pool: SqlPool,
  consumer: string,
  checkpoint: bigint,
  event: RecordedEvent,
  error: unknown,
): Promise<void> {
  await inTransaction(pool, async (client) => {
    if (!(await tryLock(client, liveLockName(consumer)))) return;
    const { rows } = await client.query<{ position: string }>(
      'SELECT position::text AS position FROM projection_checkpoints WHERE name = $1 FOR UPDATE',
      [consumer],
    );
    if (!rows[0] || toBigInt(rows[0].position) !== checkpoint) return;
    await client.query(
      `INSERT INTO projection_parked_events (projection, position, event_id, event_type, stream_name, error)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (projection, position) DO NOTHING`,
      [consumer, event.globalPosition.toString(), event.id, event.type, event.stream, errorText(error)],
    );
    await client.query(
      `UPDATE projection_checkpoints SET last_error = $2, last_error_at = now(), failing_since = NULL, failed_attempts = 0,
         lease_token = NULL, leased_until = NULL WHERE name = $1`,
      [consumer, `parked event at position ${event.globalPosition}: ${errorText(error)}`],
    );
  });
}

/**
 * Operator action: skip the parked event at `position` (recorded with who and when) so the consumer
 * moves on. The event stays skipped in every later rebuild, so live tables and rebuilds keep agreeing.
 */
export async function skipParkedEvent(
  pool: SqlPool,
  consumer: string,
  position: bigint,
  skippedBy = 'operator',
): Promise<void> {
  await inTransaction(pool, async (client) => {
    await lock(client, liveLockName(consumer));
    const parked = await client.query(
      `SELECT 1 FROM projection_parked_events WHERE projection = $1 AND position = $2 AND skipped_at IS NULL FOR UPDATE`,
      [consumer, position.toString()],
    );
    if (parked.rows.length === 0)
      throw new Error(`projection ${consumer} has no parked event at position ${position}`);
    await client.query(
      `UPDATE projection_parked_events SET skipped_at = now(), skipped_by = $3 WHERE projection = $1 AND position = $2`,
      [consumer, position.toString(), skippedBy],
    );
    // The runner committed everything before the parked event, so it is the next one: move past it.
    await client.query(
      `UPDATE projection_checkpoints SET position = GREATEST(position, $2), updated_at = now(), last_error = NULL,
         last_error_at = NULL, failing_since = NULL, failed_attempts = 0 WHERE name = $1`,
      [consumer, position.toString()],
    );
  });
}

export interface ParkedEvent {
  readonly projection: string;
  readonly position: bigint;
  readonly eventId: string;
  readonly eventType: string;
  readonly stream: string;
  readonly error: string;
  readonly parkedAt: string;
  readonly skippedAt: string | null;
  readonly skippedBy: string | null;
}

/** Parked events (open ones first), for the operator. */
export async function listParkedEvents(pool: SqlPool, consumer?: string): Promise<ParkedEvent[]> {
  const { rows } = await pool.query<Record<string, unknown>>(
    `SELECT projection, position::text AS position, event_id, event_type, stream_name, error, parked_at, skipped_at, skipped_by
     FROM projection_parked_events WHERE ($1::text IS NULL OR projection = $1)
     ORDER BY (skipped_at IS NULL) DESC, projection, position`,
    [consumer ?? null],
  );
  return rows.map((row) => ({
    projection: String(row.projection),
    position: BigInt(String(row.position)),
    eventId: String(row.event_id),
    eventType: String(row.event_type),
    stream: String(row.stream_name),
    error: String(row.error),
    parkedAt: new Date(row.parked_at as string).toISOString(),
    skippedAt: row.skipped_at ? new Date(row.skipped_at as string).toISOString() : null,
    skippedBy: (row.skipped_by as string | null) ?? null,
  }));
}
