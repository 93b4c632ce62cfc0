import { EventStoreAccessDeniedError, EventStoreUnavailableError } from './event-store.errors.js';
import type { EventStore, RecordedEvent } from './event-store.port.js';
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store.js';
import { PostgresEventStore, type QueryablePool } from './postgres/postgres-event-store.js';

/** The stores whose positions a checkpoint can hold. Positions of one mean nothing on the other. */
export type EventStoreKind = 'postgresql' | 'eventstoredb';

export function eventStoreKind(store: EventStore): EventStoreKind | undefined {
  if (store instanceof PostgresEventStore) return 'postgresql';
  if (store instanceof EventStoreDbEventStore) return 'eventstoredb';
  return undefined;
}

/**
 * Checkpoints, timers, read models and person keys in PostgreSQL were built from one log. Their
 * positions are only meaningful on that log: resumed against another store (or another server),
 * a checkpoint would skip events, replay them, or point inside an EventStoreDB record.
 */
export class EventStoreBindingError extends Error {
  readonly code = 'EVENT_STORE.BINDING_MISMATCH';
  constructor(detail: string) {
    super(detail);
    this.name = 'EventStoreBindingError';
  }
}

/** One row: which log the checkpoints of this database belong to (docs/adr/0015-exclusive-log-positions.md). */
export const storeBindingMigrations = [
  {
    id: '0002-event-store-binding',
    description: 'which event store (kind and first event) the checkpoints of this database belong to',
    up: `
      CREATE TABLE event_store_binding (
        id smallint PRIMARY KEY CHECK (id = 1),
        store_kind text NOT NULL CHECK (store_kind IN ('postgresql', 'eventstoredb')),
        first_event_id text,
        bound_at timestamptz NOT NULL DEFAULT now()
      );`,
  },
] as const;

const REMEDY =
  'Point this process at the store the database was built from, or give the new store a fresh database ' +
  '(read models rebuild from the log; docs/deploy.md, "Changing the event store")';

/**
 * Records, on first start, which store this database's checkpoints belong to (its kind and the id of
 * the log's first event), and afterwards refuses to start against a different one, with a message
 * that says which. Call it after migrating, before any checkpoint is read. Safe when several
 * processes start at once.
 */
export async function bindCheckpointsToStore(
  pool: QueryablePool,
  store: EventStore,
  kind: EventStoreKind | undefined = eventStoreKind(store),
  options: { waitForStoreMs?: number } = {},
): Promise<void> {
  if (kind === undefined) return;
  const first = await firstEventOfLog(store, options.waitForStoreMs ?? 60_000);
  await pool.query(
    `INSERT INTO event_store_binding (id, store_kind, first_event_id) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING`,
    [kind, first?.id ?? null],
  );
  const { rows } = await pool.query(
    'SELECT store_kind, first_event_id FROM event_store_binding WHERE id = 1',
  );
  const bound = rows[0] as { store_kind: EventStoreKind; first_event_id: string | null };
  if (bound.store_kind !== kind) {
    throw new EventStoreBindingError(
      `this database's checkpoints belong to the ${describe(bound.store_kind)} event store, but EVENT_STORE selects ${describe(kind)}: ` +
        `resuming them there would read from positions that mean nothing on it. ${REMEDY}`,
    );
  }
  if (bound.first_event_id === null) {
    // Bound while the log was empty: its first event names it from now on.
    if (first) {
      await pool.query(
        'UPDATE event_store_binding SET first_event_id = $1 WHERE id = 1 AND first_event_id IS NULL',
        [first.id],
      );
    }
    return;
  }
  if (first?.id !== bound.first_event_id) {
    throw new EventStoreBindingError(
      `this database's checkpoints belong to a ${describe(kind)} log whose first event is ${bound.first_event_id}, ` +
        `but the configured store ${first ? `starts with event ${first.id}` : 'is empty'}: it is another log ` +
        `(or a restore that does not match this database). ${REMEDY}`,
    );
  }
}

/**
 * The log's first event. A store that is still starting (an EventStoreDB node electing itself leader
 * right after `docker compose up`) is waited for, up to `waitMs`, instead of failing the start;
 * denied access is not waited for (it will not pass on its own).
 */
async function firstEventOfLog(store: EventStore, waitMs: number): Promise<RecordedEvent | undefined> {
  const deadline = Date.now() + waitMs;
  for (let delay = 250; ; delay = Math.min(delay * 2, 5_000)) {
    try {
      return (await store.readAll({ maxCount: 1 }))[0];
    } catch (error) {
      const retry =
        error instanceof EventStoreUnavailableError && !(error instanceof EventStoreAccessDeniedError);
      if (!retry || Date.now() + delay > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

function describe(kind: EventStoreKind): string {
  return kind === 'postgresql' ? 'PostgreSQL' : 'EventStoreDB';
}
