import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventStoreMigrations, PostgresEventStore, type NewEvent, type RecordedEvent } from '#event-store';
import { createTestDatabase, type TestDatabase } from '#platform/testing';
import {
  defineProjection,
  projectionMigrations,
  type Projection,
  type ProjectionContext,
} from './projection.js';
import { skipParkedEvent } from './parked-events.js';
import { ProjectionRunner } from './projection-runner.js';
import { ProjectionEngine } from './projection-engine.js';
import { projectionStatuses } from './projection-status.js';
import { rebuildProjection } from './rebuild.js';
import { waitUntilVisible } from '../testing/case-histories.js';

/** A tiny projection: counts events per stream; an event with data.poison fails, after writing its row. */
function probeProjection(
  name: string,
  version = 1,
  hooks: { failOn?: (event: RecordedEvent) => boolean } = {},
): Projection {
  return defineProjection({
    name,
    version,
    eventTypes: ['ProbeHappened'],
    tables: [`${name.replace(/-/g, '_')}_counts`],
    schema: (t) =>
      `CREATE TABLE IF NOT EXISTS ${t(`${name.replace(/-/g, '_')}_counts`)} (stream text PRIMARY KEY, n integer NOT NULL, v integer NOT NULL)`,
    async apply(events: readonly RecordedEvent[], ctx: ProjectionContext) {
      for (const event of events) {
        await ctx.client.query(
          `INSERT INTO ${ctx.table(`${name.replace(/-/g, '_')}_counts`)} (stream, n, v) VALUES ($1, 1, $2)
           ON CONFLICT (stream) DO UPDATE SET n = EXCLUDED.n + ${ctx.table(`${name.replace(/-/g, '_')}_counts`)}.n`,
          [event.stream, version],
        );
        if ((event.data as { poisonFor?: string }).poisonFor === name || hooks.failOn?.(event))
          throw new Error(`cannot project ${event.id}`);
      }
    },
  });
}

const probe = (poisonFor: string | null = null): NewEvent => ({
  id: randomUUID(),
  type: 'ProbeHappened',
  data: { poisonFor },
  metadata: {
    actor: 'test',
    correlationId: randomUUID(),
    causationId: randomUUID(),
    occurredAt: new Date().toISOString(),
    schemaVersion: 1,
  },
});

const fast = { pollIntervalMs: 10, backoff: { initialMs: 1, maxMs: 5 } };

describe.each(['postgres', 'embedded'] as const)('projection framework contract (%s)', (kind) => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  const names = ['p-atomic', 'p-twice', 'p-park', 'p-lag', 'p-rebuild', 'p-version', 'p-noise'];
  let failNext = true;
  const projections = names.map((name) =>
    probeProjection(
      name,
      1,
      name === 'p-atomic' ? { failOn: (event) => failNext && (event.data as { n?: number }).n === 5 } : {},
    ),
  );
  const byName = (name: string) => projections.find((projection) => projection.name === name)!;

  beforeAll(async () => {
    db = await createTestDatabase(kind, [...eventStoreMigrations, ...projectionMigrations(projections)]);
    const raw = new PostgresEventStore(db.pool, { pollIntervalMs: 10 });
    // every append waits until readers can see it (another test process's open transaction can hold it back)
    store = Object.assign(Object.create(raw) as PostgresEventStore, {
      appendToStream: async (...args: Parameters<PostgresEventStore['appendToStream']>) => {
        const result = await raw.appendToStream(...args);
        await waitUntilVisible(raw, db.pool);
        return result;
      },
    });
  }, 60_000);
  afterAll(async () => db?.close());

  const count = async (table: string) =>
    (await db.pool.query<{ total: string }>(`SELECT COALESCE(sum(n), 0)::text AS total FROM ${table}`))
      .rows[0]!.total;
  const checkpoint = async (name: string) =>
    BigInt(
      (
        await db.pool.query<{ p: string }>(
          'SELECT position::text AS p FROM projection_checkpoints WHERE name = $1',
          [name],
        )
      ).rows[0]!.p,
    );

  it('commits rows and checkpoint together: a failure mid-batch leaves neither', async () => {
    const stream = `probe-${randomUUID()}`;
    const events = Array.from({ length: 10 }, (_, n) => ({ ...probe(), data: { n } }));
    await store.appendToStream(stream, events);
    const runner = new ProjectionRunner(
      byName('p-atomic'),
      { eventStore: store, pool: db.pool },
      { ...fast, batchAttemptsBeforeIsolating: 100 },
    );
    const failed = await runner.step();
    expect(failed.kind).toBe('failed');
    expect(await count('p_atomic_counts')).toBe('0');
    expect(await checkpoint('p-atomic')).toBe(0n);
    const [status] = await projectionStatuses({ eventStore: store, pool: db.pool }, [byName('p-atomic')]);
    expect(status!.state).toBe('failing');
    expect(status!.lastError).toContain('cannot project');
    failNext = false;
    await runner.catchUp();
    expect(await count('p_atomic_counts')).toBe('10');
    const [healed] = await projectionStatuses({ eventStore: store, pool: db.pool }, [byName('p-atomic')]);
    expect(healed).toMatchObject({ state: 'running', lastError: null, lagEvents: 0 });
  });

  it('two runners of one projection at once never apply an event twice', async () => {
    for (let i = 0; i < 20; i++)
      await store.appendToStream(`probe-${randomUUID()}`, [probe(), probe(), probe()]);
    const deps = { eventStore: store, pool: db.pool };
    const a = new ProjectionRunner(byName('p-twice'), deps, { ...fast, batchSize: 4 });
    const b = new ProjectionRunner(byName('p-twice'), deps, { ...fast, batchSize: 4 });
    await Promise.all([a.catchUp(), b.catchUp(), a.catchUp()]);
    const total = await db.pool.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM es_events WHERE type = 'ProbeHappened'`,
    );
    expect(await count('p_twice_counts')).toBe(total.rows[0]!.n);
  });

  it('parks an event that fails alone, stops at it, and moves on only after an explicit skip', async () => {
    const deps = { eventStore: store, pool: db.pool };
    const runner = new ProjectionRunner(byName('p-park'), deps, {
      ...fast,
      batchSize: 50,
      attemptsBeforePark: 2,
    });
    await runner.catchUp();
    const before = await count('p_park_counts');
    const stream = `probe-${randomUUID()}`;
    await store.appendToStream(stream, [probe(), probe()]);
    const poisoned = await store.appendToStream(stream, [probe('p-park')]);
    await store.appendToStream(stream, [probe(), probe()]);
    await runner.catchUp();
    // the two events before the poisoned one are in; it and the two after are not
    expect(Number(await count('p_park_counts'))).toBe(Number(before) + 2);
    const [parked] = await projectionStatuses(deps, [byName('p-park')]);
    expect(parked).toMatchObject({ state: 'parked', parkedEvents: 1, lagEvents: 3 });
    const rows = await db.pool.query(
      'SELECT event_type, error FROM projection_parked_events WHERE projection = $1',
      ['p-park'],
    );
    expect(rows.rows).toEqual([
      { event_type: 'ProbeHappened', error: expect.stringContaining('cannot project') },
    ]);
    expect(await checkpoint('p-park')).toBeLessThan(poisoned.position);
    await runner.catchUp();
    expect(Number(await count('p_park_counts'))).toBe(Number(before) + 2);

    await skipParkedEvent(db.pool, 'p-park', poisoned.position, 'ops-1');
    await runner.catchUp();
    expect(Number(await count('p_park_counts'))).toBe(Number(before) + 4);
    const [resumed] = await projectionStatuses(deps, [byName('p-park')]);
    expect(resumed).toMatchObject({ state: 'running', parkedEvents: 0, lagEvents: 0 });
    // a rebuild skips the skipped event too, so it equals the live tables
    const live = await db.pool.query('SELECT stream, n FROM p_park_counts ORDER BY stream');
    await rebuildProjection(deps, byName('p-park'));
    expect((await db.pool.query('SELECT stream, n FROM p_park_counts ORDER BY stream')).rows).toEqual(
      live.rows,
    );
    await expect(skipParkedEvent(db.pool, 'p-park', poisoned.position)).rejects.toThrow(/no parked event/);
  });

  it('reports lag in events and seconds from the oldest unprocessed event', async () => {
    const deps = { eventStore: store, pool: db.pool };
    const runner = new ProjectionRunner(byName('p-lag'), deps, fast);
    await runner.catchUp();
    await store.appendToStream(`probe-${randomUUID()}`, [probe(), probe(), probe()]);
    const later = new Date(Date.now() + 5000);
    const [lagging] = await projectionStatuses(deps, [byName('p-lag')], {
      now: () => later,
      catchingUpThreshold: 2,
    });
    expect(lagging).toMatchObject({ state: 'catching_up', lagEvents: 3, lagEventsCapped: false });
    expect(lagging!.lagSeconds).toBeGreaterThan(3);
    const [capped] = await projectionStatuses(deps, [byName('p-lag')], { lagCountLimit: 2 });
    expect(capped).toMatchObject({ lagEvents: 2, lagEventsCapped: true });
    await runner.catchUp();
    const [caughtUp] = await projectionStatuses(deps, [byName('p-lag')]);
    expect(caughtUp).toMatchObject({ state: 'running', lagEvents: 0, lagSeconds: 0 });
  });

  it('ignores other event types that only share the prefix', async () => {
    const deps = { eventStore: store, pool: db.pool };
    const runner = new ProjectionRunner(byName('p-noise'), deps, fast);
    await runner.catchUp();
    const before = await count('p_noise_counts');
    await store.appendToStream(`probe-${randomUUID()}`, [
      { ...probe(), type: 'ProbeHappenedTwice' },
      probe(),
    ]);
    await runner.catchUp();
    expect(Number(await count('p_noise_counts'))).toBe(Number(before) + 1);
  });

  it('rebuilds into shadow tables and swaps them in, with progress, while the live runner keeps going', async () => {
    const deps = { eventStore: store, pool: db.pool };
    const projection = byName('p-rebuild');
    const runner = new ProjectionRunner(projection, deps, fast);
    await runner.catchUp();
    const live = (await db.pool.query('SELECT stream, n FROM p_rebuild_counts ORDER BY stream')).rows;
    const progress: number[] = [];
    const result = await rebuildProjection(deps, projection, {
      batchSize: 7,
      onProgress: (p) => progress.push(p.processed),
    });
    expect(result.processed).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(result.processed);
    expect((await db.pool.query('SELECT stream, n FROM p_rebuild_counts ORDER BY stream')).rows).toEqual(
      live,
    );
    const leftovers = await db.pool.query(
      `SELECT tablename FROM pg_tables WHERE tablename LIKE 'p_rebuild_counts%'`,
    );
    expect(leftovers.rows).toEqual([{ tablename: 'p_rebuild_counts' }]);
    const indexes = await db.pool.query(
      `SELECT indexname FROM pg_indexes WHERE tablename = 'p_rebuild_counts'`,
    );
    expect(indexes.rows).toEqual([{ indexname: 'p_rebuild_counts_pkey' }]);
    await store.appendToStream(`probe-${randomUUID()}`, [probe()]);
    await runner.catchUp();
    const [status] = await projectionStatuses(deps, [projection]);
    expect(status).toMatchObject({ state: 'running', lagEvents: 0 });
  });

  it('a new version rebuilds at start-up; the old tables serve reads until the swap', async () => {
    const deps = { eventStore: store, pool: db.pool };
    const v1 = byName('p-version');
    const engine1 = new ProjectionEngine([v1], deps, fast);
    await engine1.catchUp();
    const v2 = probeProjection('p-version', 2);
    const engine2 = new ProjectionEngine([v2], deps, fast);
    const [pending] = await engine2.projectionStatuses();
    expect(pending).toMatchObject({ state: 'rebuilding', storedVersion: 1, version: 2 });
    expect(await engine2.runners.get('p-version')!.step()).toEqual({ kind: 'rebuilding' });
    await engine2.start();
    await engine2.startupRebuildsDone();
    await engine2.stop();
    const versions = await db.pool.query<{ v: number }>('SELECT DISTINCT v FROM p_version_counts');
    expect(versions.rows).toEqual([{ v: 2 }]);
    const [done] = await engine2.projectionStatuses();
    expect(done).toMatchObject({ state: 'running', storedVersion: 2 });
  });
});
