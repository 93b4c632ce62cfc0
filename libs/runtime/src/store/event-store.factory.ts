import { EventStoreDbEventStore, PostgresEventStore, type EventStore } from '#event-store';
import type { AppConfig, Database } from '#platform';

/**
 * The event-store adapter the config selects: PostgreSQL (default; the same database as the read
 * models) or EventStoreDB (`EVENT_STORE=eventstoredb`, `EVENTSTORE_URL`). Nothing else changes:
 * read models, checkpoints, timers and idempotency keys stay in PostgreSQL either way.
 */
export function createEventStore(
  config: AppConfig,
  database: Database,
): { store: EventStore; close(): Promise<void> } {
  if (config.eventStore === 'eventstoredb') {
    const store = EventStoreDbEventStore.fromConnectionString(config.eventStoreUrl!);
    return { store, close: () => store.dispose() };
  }
  return { store: new PostgresEventStore(database.pool), close: async () => undefined };
}
