import { bindCheckpointsToStore, type EventStore } from '#event-store';
import { openDatabase, runMigrations, type AppConfig, type Database } from '#platform';
import { createEventStore } from './event-store.factory.js';
import { allMigrations } from './migrations.js';
import { storeIntegrity } from './store-integrity.js';

export interface OpenStore {
  readonly database: Database;
  readonly eventStore: EventStore;
  /** Closes what `openStore` opened (not a database or event store handed in). */
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** At most this many connections (capped by DATABASE_POOL_SIZE): a CLI needs few. */
  readonly poolSize?: number;
  /** Use this database instead of opening one (tests). */
  readonly database?: Database;
  /** Use this event store instead of the one the config selects (tests). */
  readonly eventStore?: EventStore;
}

/**
 * What every process does before its work: open the database the config names (the embedded one is
 * locked for this process and checked, ADR 0025), apply every migration, open the event store the
 * config selects, and refuse checkpoints built from another log (ADR 0015).
 */
export async function openStore(config: AppConfig, options: OpenStoreOptions = {}): Promise<OpenStore> {
  const database =
    options.database ??
    (await openDatabase({
      url: config.databaseUrl,
      embeddedDataDir: config.embeddedDataDir,
      poolSize: Math.min(config.databasePoolSize, options.poolSize ?? config.databasePoolSize),
      integrity: storeIntegrity,
    }));
  const opened = options.eventStore ? undefined : createEventStore(config, database);
  const eventStore = options.eventStore ?? opened!.store;
  try {
    await runMigrations(database.pool, allMigrations);
    await bindCheckpointsToStore(database.pool, eventStore);
  } catch (error) {
    await opened?.close().catch(() => undefined);
    if (!options.database) await database.close().catch(() => undefined);
    throw error;
  }
  return {
    database,
    eventStore,
    async close() {
      await opened?.close();
      if (!options.database) await database.close();
    },
  };
}
