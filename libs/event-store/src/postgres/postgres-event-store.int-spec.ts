import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '#platform/testing';
import { describeEventStoreContract, newEvent } from '../testing/event-store-contract.js';
import { eventStoreMigrations } from './event-store.migrations.js';
import { PostgresEventStore } from './postgres-event-store.js';

describeEventStoreContract('PostgreSQL', async () => {
  const database = await createTestDatabase('postgres', eventStoreMigrations, { poolSize: 24 });
  return {
    store: new PostgresEventStore(database.pool, { pollIntervalMs: 20 }),
    teardown: () => database.close(),
  };
});

describeEventStoreContract('PGlite (embedded)', async () => {
  const database = await createTestDatabase('embedded', eventStoreMigrations);
  return {
    store: new PostgresEventStore(database.pool, { pollIntervalMs: 20 }),
    teardown: () => database.close(),
  };
});

describe('PostgreSQL adapter: the visibility gap', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  beforeAll(async () => {
    database = await createTestDatabase('postgres', eventStoreMigrations);
    store = new PostgresEventStore(database.pool, { pollIntervalMs: 20 });
  });
  afterAll(async () => database?.close());

  it('does not deliver an event committed early while an older transaction is still open, then delivers both in order', async () => {
    const slowStream = `gap-slow-${randomUUID()}`;
    const fastStream = `gap-fast-${randomUUID()}`;
    const subscription = store.subscribeToAll({ fromPosition: 'end', filter: { streamPrefixes: ['gap-'] } });
    const seen: string[] = [];
    const consumed = (async () => {
      for await (const event of subscription) seen.push(event.stream);
    })();

    // A slow writer: its transaction takes a transaction id and a position, then stalls.
    const slow = await database.pool.connect();
    await slow.query('BEGIN');
    await slow.query(
      `WITH stream AS (INSERT INTO es_streams (stream_name, revision) VALUES ($1, 0) RETURNING revision)
       INSERT INTO es_events (global_position, event_id, stream_name, revision, type, data, metadata)
       SELECT (pg_current_xact_id()::text::bigint << 20), $2, $1, 0, 'Slow', '{}', '{}' FROM stream`,
      [slowStream, randomUUID()],
    );
    // A fast writer commits after it.
    await store.appendToStream(fastStream, [newEvent('Fast')]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen).toEqual([]);
    expect((await store.readAll({ filter: { streamPrefixes: ['gap-'] } })).length).toBe(0);

    await slow.query('COMMIT');
    slow.release();
    const deadline = Date.now() + 20_000;
    while (seen.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await subscription.stop();
    await consumed;
    expect(seen).toEqual([slowStream, fastStream]);
  });

  it("from 'end' skips what committed before it even while an older transaction holds the horizon back, and delivers that transaction when it commits", async () => {
    const prefix = `gapend-${randomUUID()}-`;
    const slow = await database.pool.connect();
    await slow.query('BEGIN');
    await slow.query(
      `WITH stream AS (INSERT INTO es_streams (stream_name, revision) VALUES ($1, 0) RETURNING revision)
       INSERT INTO es_events (global_position, event_id, stream_name, revision, type, data, metadata)
       SELECT (pg_current_xact_id()::text::bigint << 20), $2, $1, 0, 'Slow', '{}', '{}' FROM stream`,
      [`${prefix}slow`, randomUUID()],
    );
    // Committed before the subscription starts, but not yet settled: the slow transaction is older.
    await store.appendToStream(`${prefix}old`, [newEvent('Old')]);

    const subscription = store.subscribeToAll({ fromPosition: 'end', filter: { streamPrefixes: [prefix] } });
    const seen: string[] = [];
    const consumed = (async () => {
      for await (const event of subscription) seen.push(event.type);
    })();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await store.appendToStream(`${prefix}new`, [newEvent('New')]);
    await slow.query('COMMIT');
    slow.release();

    const deadline = Date.now() + 20_000;
    while (seen.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await subscription.stop();
    await consumed;
    expect(seen).toEqual(['Slow', 'New']);
  });

  it('answers EventStoreUnavailableError when the database is unreachable', async () => {
    const { openDatabase } = await import('#platform');
    const unreachable = await openDatabase({
      url: 'postgres://postgres@127.0.0.1:1/none',
      connectTimeoutMs: 500,
    });
    const offline = new PostgresEventStore(unreachable.pool);
    await expect(offline.appendToStream('x-1', [newEvent()])).rejects.toMatchObject({
      code: 'EVENT_STORE.UNAVAILABLE',
    });
    await expect(offline.readStream('x-1')).rejects.toMatchObject({ code: 'EVENT_STORE.UNAVAILABLE' });
    await unreachable.close();
  });
});
