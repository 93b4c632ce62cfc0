import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '#platform/testing';
import { eventStoreMigrations } from './postgres/event-store.migrations.js';
import { PostgresEventStore } from './postgres/postgres-event-store.js';
import { EventStoreAccessDeniedError, EventStoreUnavailableError } from './event-store.errors.js';
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store.js';
import { EventStoreDbStandIn } from './eventstoredb/testing/eventstoredb-stand-in.js';
import { bindCheckpointsToStore, EventStoreBindingError, storeBindingMigrations } from './store-binding.js';
import { newEvent } from './testing/event-store-contract.js';

describe('bindCheckpointsToStore: checkpoints are only resumed against the log they were built from', () => {
  let database: TestDatabase;
  let other: TestDatabase;
  let store: PostgresEventStore;
  const binding = async () =>
    (await database.pool.query('SELECT store_kind, first_event_id FROM event_store_binding')).rows;

  beforeAll(async () => {
    const migrations = [...eventStoreMigrations, ...storeBindingMigrations];
    database = await createTestDatabase('postgres', migrations);
    other = await createTestDatabase('postgres', migrations);
    store = new PostgresEventStore(database.pool);
  });
  afterAll(async () => {
    await database?.close();
    await other?.close();
  });

  it('binds on first start, also when several processes start at once, and names the log by its first event', async () => {
    await Promise.all([1, 2, 3].map(() => bindCheckpointsToStore(database.pool, store)));
    expect(await binding()).toEqual([{ store_kind: 'postgresql', first_event_id: null }]);
    const first = newEvent('First');
    await store.appendToStream('binding-1', [first, newEvent('Second')]);
    await bindCheckpointsToStore(database.pool, store);
    expect(await binding()).toEqual([{ store_kind: 'postgresql', first_event_id: first.id }]);
    await bindCheckpointsToStore(database.pool, store);
  });

  it('refuses the other kind of store, naming both', async () => {
    const error = await bindCheckpointsToStore(database.pool, store, 'eventstoredb').catch((e) => e);
    expect(error).toBeInstanceOf(EventStoreBindingError);
    expect((error as Error).message).toMatch(
      /belong to the PostgreSQL event store, but EVENT_STORE selects EventStoreDB/,
    );
  });

  it('refuses another log of the same kind, and an empty one (a wiped or mismatched restore)', async () => {
    const otherStore = new PostgresEventStore(other.pool);
    const empty = await bindCheckpointsToStore(database.pool, otherStore).catch((e) => e);
    expect(empty).toBeInstanceOf(EventStoreBindingError);
    expect((empty as Error).message).toMatch(/is empty/);
    const stranger = newEvent('Stranger');
    await otherStore.appendToStream('binding-other', [stranger]);
    const another = await bindCheckpointsToStore(database.pool, otherStore).catch((e) => e);
    expect(another).toBeInstanceOf(EventStoreBindingError);
    expect((another as Error).message).toContain(`starts with event ${stranger.id}`);
  });

  it('waits for a store that is still starting, and not for one that denies access', async () => {
    const standIn = new EventStoreDbStandIn();
    const esdb = new EventStoreDbEventStore(standIn.asClient());
    const fresh = await createTestDatabase('postgres', [...eventStoreMigrations, ...storeBindingMigrations]);
    try {
      standIn.fail('not-ready', { times: 2 });
      await bindCheckpointsToStore(fresh.pool, esdb);
      expect((await fresh.pool.query('SELECT store_kind FROM event_store_binding')).rows).toEqual([
        { store_kind: 'eventstoredb' },
      ]);
      standIn.fail('access-denied');
      await expect(bindCheckpointsToStore(fresh.pool, esdb)).rejects.toBeInstanceOf(
        EventStoreAccessDeniedError,
      );
      standIn.heal();
      standIn.fail('not-ready');
      await expect(
        bindCheckpointsToStore(fresh.pool, esdb, 'eventstoredb', { waitForStoreMs: 300 }),
      ).rejects.toBeInstanceOf(EventStoreUnavailableError);
    } finally {
      await fresh.close();
    }
  });

  it('does nothing for a store it cannot name (a test double)', async () => {
    await bindCheckpointsToStore(other.pool, { readAll: async () => [] } as never);
  });
});
