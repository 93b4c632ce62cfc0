import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  eventStoreMigrations,
  PostgresEventStore,
  type JsonValue,
  type NewEvent,
  type RecordedEvent,
} from '#event-store';
import { createTestDatabase, type TestDatabase } from '#platform/testing';
import {
  defineProjection,
  projectionMigrations,
  type Projection,
  type ProjectionContext,
} from './projection.js';
import { ProjectionEngine } from './projection-engine.js';
import { SharedLogReader } from './shared-log-reader.js';
import { waitUntilVisible } from '../testing/case-histories.js';

/**
 * A projection counting its events per stream. `poisonFor` in an event's data makes exactly that
 * projection fail on it; `mutate` makes it try to change the event it was given.
 */
function counter(
  name: string,
  eventTypes: readonly string[],
  options: { mutate?: boolean } = {},
): Projection {
  const table = `${name.replace(/-/g, '_')}_counts`;
  return defineProjection({
    name,
    version: 1,
    eventTypes,
    tables: [table],
    schema: (t) => `CREATE TABLE IF NOT EXISTS ${t(table)} (stream text PRIMARY KEY, n integer NOT NULL)`,
    async apply(events: readonly RecordedEvent[], ctx: ProjectionContext) {
      for (const event of events) {
        if ((event.data as { poisonFor?: string }).poisonFor === name)
          throw new Error(`${name} cannot project ${event.id}`);
        if (options.mutate && (event.data as { mutateMe?: boolean }).mutateMe)
          (event.data as { seenBy?: string }).seenBy = name;
        await ctx.client.query(
          `INSERT INTO ${ctx.table(table)} (stream, n) VALUES ($1, 1) ON CONFLICT (stream) DO UPDATE SET n = ${ctx.table(table)}.n + 1`,
          [event.stream],
        );
      }
    },
  });
}

const event = (type: string, data: { [key: string]: JsonValue } = {}): NewEvent => ({
  id: randomUUID(),
  type,
  data,
  metadata: {
    actor: 'test',
    correlationId: randomUUID(),
    causationId: randomUUID(),
    occurredAt: new Date().toISOString(),
    schemaVersion: 1,
  },
});

/** Polls `check` until it holds (bounded by the attempts, never by a timed expectation). */
async function eventually(check: () => Promise<boolean>, attempts = 600): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('condition not reached');
}

describe.each(['postgres', 'embedded'] as const)('shared log reader (%s)', (kind) => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  const healthy = ['s-alpha', 's-beta', 's-gamma'].map((name) => counter(name, ['SharedProbe']));
  const sparse = counter('s-sparse', ['SharedRare']);
  const failing = counter('s-failing', ['SharedProbe']);
  const mutating = counter('s-mutating', ['SharedProbe'], { mutate: true });
  const all = [...healthy, sparse, failing, mutating];

  beforeAll(async () => {
    db = await createTestDatabase(kind, [...eventStoreMigrations, ...projectionMigrations(all)]);
    store = new PostgresEventStore(db.pool, { pollIntervalMs: 10 });
  }, 60_000);
  afterAll(async () => db?.close());

  const counts = async (projection: Projection): Promise<Record<string, number>> => {
    const { rows } = await db.pool.query<{ stream: string; n: number }>(
      `SELECT stream, n FROM ${projection.tables[0]} ORDER BY stream`,
    );
    return Object.fromEntries(rows.map((row) => [row.stream, Number(row.n)]));
  };
  const checkpoint = async (name: string): Promise<bigint> =>
    BigInt(
      (
        await db.pool.query<{ p: string }>(
          'SELECT position::text AS p FROM projection_checkpoints WHERE name = $1',
          [name],
        )
      ).rows[0]!.p,
    );

  it('answers every read exactly as the store does, and says how far it has looked', async () => {
    for (let i = 0; i < 30; i++) {
      const types = ['SharedProbe', 'SharedRare', 'SharedProbeTwice', 'Unrelated'];
      await store.appendToStream(
        `mix-${randomUUID()}`,
        Array.from({ length: 1 + (i % 5) }, (_, n) => event(types[(i + n) % types.length]!)),
      );
    }
    await waitUntilVisible(store, db.pool);
    const everything = await store.readAll({ maxCount: 10_000 });
    const reader = new SharedLogReader(store, ['SharedProbe', 'SharedRare'], {
      chunkSize: 7,
      maxChunks: 3,
      maxChunksPerRead: 2,
    });
    for (const filter of [['SharedProbe'], ['SharedRare'], ['SharedProbe', 'SharedRare']]) {
      for (const [offset, maxCount] of [
        [0, 1],
        [0, 5],
        [3, 4],
        [10, 50],
        [everything.length - 2, 10],
      ] as const) {
        const after = offset === 0 ? 0n : everything[offset]!.globalPosition;
        const page = await reader.read(after, maxCount, { eventTypePrefixes: filter });
        const expected = await store.readAll({
          after,
          maxCount,
          filter: { eventTypePrefixes: filter },
        });
        // a prefix of the store's answer (shorter only when the reader stopped scanning), in the same order
        expect(page.events.map((e) => e.id)).toEqual(expected.slice(0, page.events.length).map((e) => e.id));
        expect(page.throughPosition).toBeDefined();
        expect(page.throughPosition!).toBeGreaterThan(after);
        expect(page.throughPosition!).toBeGreaterThanOrEqual(page.events.at(-1)?.globalPosition ?? after);
        // nothing matching lies between the last event handed out and throughPosition
        const skipped = expected.filter(
          (e) =>
            e.globalPosition > (page.events.at(-1)?.globalPosition ?? -1n) &&
            e.globalPosition <= page.throughPosition!,
        );
        expect(skipped).toEqual([]);
      }
    }
    const beyond = await reader.read(everything.at(-1)!.globalPosition, 10, {
      eventTypePrefixes: ['SharedProbe'],
    });
    expect(beyond).toEqual({ events: [], throughPosition: undefined });
    await expect(reader.read(1n, 10, { eventTypePrefixes: ['Unrelated'] })).rejects.toThrow(/does not read/);
  });

  it('one read of the log serves every runner; a failing projection parks alone and the others catch up exactly once', async () => {
    const streams = Array.from({ length: 40 }, () => `shared-${randomUUID()}`);
    let poisoned: bigint | undefined;
    let mutated: bigint | undefined;
    for (const [index, stream] of streams.entries()) {
      const batch = [event('SharedProbe'), event('SharedProbe'), event('Unrelated')];
      if (index === 10) batch.push(event('SharedProbe', { poisonFor: 's-failing' }));
      if (index === 20) batch.push(event('SharedProbe', { mutateMe: true }));
      if (index % 13 === 0) batch.push(event('SharedRare'));
      const { position } = await store.appendToStream(stream, batch);
      if (index === 10) poisoned = position;
      if (index === 20) mutated = position;
    }
    await waitUntilVisible(store, db.pool);
    const engine = new ProjectionEngine(
      all,
      { eventStore: store, pool: db.pool },
      {
        batchSize: 16,
        maxBatchSize: 64,
        pollIntervalMs: 10,
        backoff: { initialMs: 1, maxMs: 5 },
        attemptsBeforePark: 2,
      },
    );
    const lastProbe = (
      await db.pool.query<{ p: string }>(
        `SELECT max(global_position)::text AS p FROM es_events WHERE type = 'SharedProbe'`,
      )
    ).rows[0]!.p;
    const lastRare = (
      await db.pool.query<{ p: string }>(
        `SELECT max(global_position)::text AS p FROM es_events WHERE type = 'SharedRare'`,
      )
    ).rows[0]!.p;
    await engine.start();
    try {
      await eventually(async () => {
        const done = await Promise.all([...healthy.map((p) => checkpoint(p.name)), checkpoint('s-sparse')]);
        const parked = await db.pool.query(
          `SELECT 1 FROM projection_parked_events WHERE projection IN ('s-failing', 's-mutating')`,
        );
        return (
          done.slice(0, 3).every((p) => p >= BigInt(lastProbe)) &&
          done[3]! >= BigInt(lastRare) &&
          parked.rows.length === 2
        );
      });
    } finally {
      await engine.stop();
    }

    // every healthy projection applied each of its events exactly once
    const expected = await db.pool.query<{ stream: string; n: string }>(
      `SELECT stream_name AS stream, count(*)::text AS n FROM es_events WHERE type = 'SharedProbe' GROUP BY stream_name ORDER BY stream_name`,
    );
    const expectedCounts = Object.fromEntries(expected.rows.map((row) => [row.stream, Number(row.n)]));
    for (const projection of healthy) expect(await counts(projection)).toEqual(expectedCounts);
    const rare = await db.pool.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM es_events WHERE type = 'SharedRare'`,
    );
    expect(Object.values(await counts(sparse)).reduce((a, b) => a + b, 0)).toBe(Number(rare.rows[0]!.n));

    // the failing and the mutating projector stopped at their own event, parked; nothing after it applied
    const parked = await db.pool.query<{ projection: string; position: string; error: string }>(
      `SELECT projection, position::text AS position, error FROM projection_parked_events WHERE skipped_at IS NULL ORDER BY projection`,
    );
    expect(parked.rows).toEqual([
      {
        projection: 's-failing',
        position: poisoned!.toString(),
        error: expect.stringContaining('cannot project'),
      },
      {
        projection: 's-mutating',
        position: mutated!.toString(),
        error: expect.stringMatching(/not extensible|read only/),
      },
    ]);
    expect(await checkpoint('s-failing')).toBeLessThan(poisoned!);
    expect(await checkpoint('s-mutating')).toBeLessThan(mutated!);
    // the event the mutating projector got is the one the others saw: unchanged
    expect((await store.readAll({ fromPosition: mutated!, maxCount: 1 }))[0]!.data).toEqual({
      mutateMe: true,
    });

    // and the log was read about once for all of them, not once per runner
    const inLog = Number(
      (
        await db.pool.query<{ n: string }>(
          `SELECT count(*)::text AS n FROM es_events WHERE type LIKE 'Shared%'`,
        )
      ).rows[0]!.n,
    );
    expect(engine.reader!.stats.eventsRead).toBeLessThan(inLog * 2);
  }, 60_000);
});
