import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventStoreMigrations, PostgresEventStore } from '#event-store';
import { createTestDatabase, type TestDatabase } from '#platform/testing';
import { ProjectionEngine } from '../framework/projection-engine.js';
import { projectionMigrations } from '../framework/projection.js';
import {
  appendInterleaved,
  generateCaseHistory,
  seededRandom,
  waitUntilVisible,
} from '../testing/case-histories.js';
import { allProjections } from './index.js';
import { listCases } from './case-list/case-list.queries.js';
import { CASE_EVENT_TYPES } from './common/case-events.js';

async function snapshot(db: TestDatabase): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};
  for (const projection of allProjections) {
    for (const table of projection.tables) {
      result[table] = (await db.pool.query(`SELECT * FROM ${table}`)).rows
        .map((row) => JSON.stringify(row))
        .sort();
    }
  }
  return result;
}

describe('read models over real case histories (postgres)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let engine: ProjectionEngine;

  beforeAll(async () => {
    db = await createTestDatabase('postgres', [
      ...eventStoreMigrations,
      ...projectionMigrations(allProjections),
    ]);
    store = new PostgresEventStore(db.pool, { pollIntervalMs: 10 });
    engine = new ProjectionEngine(
      allProjections,
      { eventStore: store, pool: db.pool },
      { batchSize: 37, pollIntervalMs: 10 },
    );
  }, 60_000);
  afterAll(async () => db?.close());

  it.each([11, 29, 4242])(
    'tables after live processing equal a from-scratch rebuild (seed %i)',
    async (seed) => {
      const random = seededRandom(seed);
      const histories = Array.from({ length: 40 }, (_, i) =>
        generateCaseHistory(random, {
          gridId: `grid-${i % 4}`,
          start: new Date(Date.UTC(2026, 2, 1 + (i % 20), 1)),
        }),
      );
      // live: catch up at random points of the interleaving, so batches cut histories anywhere
      await appendInterleaved(store, histories, random, { every: 7, between: () => engine.catchUp() });
      await waitUntilVisible(store, db.pool);
      await engine.catchUp();
      const live = await snapshot(db);
      expect((live.case_list ?? []).length).toBeGreaterThanOrEqual(40);
      // The assessment facts (ADR 0036) are part of what must come out the same: not a vacuous comparison.
      expect((live.unit_assessment_cases ?? []).some((row) => String(row).includes('"measure"'))).toBe(true);
      for (const projection of allProjections) await engine.rebuild(projection.name);
      expect(await snapshot(db)).toEqual(live);
      for (const status of await engine.projectionStatuses())
        expect(status).toMatchObject({ state: 'running', lagEvents: 0 });
    },
  );

  it('serves reads throughout a rebuild of a few thousand events, and measures its rate', async () => {
    const random = seededRandom(7);
    const histories = Array.from({ length: 320 }, () =>
      generateCaseHistory(random, { maxCommands: 14, detourRate: 0.2 }),
    );
    const appended = await appendInterleaved(store, histories, random);
    await waitUntilVisible(store, db.pool);
    await engine.catchUp();
    const total = (await listCases(db.pool, {}, { limit: 200 })).items.length;
    expect(total).toBe(200);
    let stop = false;
    let reads = 0;
    const errors: unknown[] = [];
    const empties: number[] = [];
    const reader = (async () => {
      while (!stop) {
        try {
          const page = await listCases(db.pool, {}, { limit: 20 });
          if (page.items.length === 0) empties.push(reads);
          reads++;
        } catch (error) {
          errors.push(error);
        }
      }
    })();
    const progress: number[] = [];
    const result = await engine.rebuild('case-list', (p) => progress.push(p.processed), { batchSize: 500 });
    stop = true;
    await reader;
    expect(errors).toEqual([]);
    expect(empties).toEqual([]);
    expect(reads).toBeGreaterThan(0);
    expect(progress.length).toBeGreaterThan(1);
    // The events the case list folds: an approval's request and grant are not among them.
    const caseEvents = await db.pool.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM es_events WHERE stream_name LIKE 'case-%' AND type = ANY($1::text[])`,
      [[...CASE_EVENT_TYPES]],
    );
    expect(result.processed).toBe(Number(caseEvents.rows[0]!.n));
    console.log(
      `rebuild of case-list: ${result.processed} events (${appended} just appended) in ${result.seconds.toFixed(2)} s = ${Math.round(result.ratePerSecond)} events/s; ${reads} reads during it`,
    );
  });
});

describe('case-list filters and paging (postgres)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let engine: ProjectionEngine;
  const [street, community, gridA, gridB] = [
    'street-' + randomUUID(),
    'community-' + randomUUID(),
    'grid-' + randomUUID(),
    'grid-' + randomUUID(),
  ];
  const registryEvent = (type: string, data: Record<string, string>) => ({
    id: randomUUID(),
    type,
    data,
    metadata: {
      actor: 'admin',
      correlationId: randomUUID(),
      causationId: randomUUID(),
      occurredAt: '2026-01-01T00:00:00+08:00',
      schemaVersion: 1,
    },
  });

  beforeAll(async () => {
    db = await createTestDatabase('postgres', [
      ...eventStoreMigrations,
      ...projectionMigrations(allProjections),
    ]);
    store = new PostgresEventStore(db.pool);
    engine = new ProjectionEngine(
      allProjections,
      { eventStore: store, pool: db.pool },
      { pollIntervalMs: 10 },
    );
    await store.appendToStream('registry-test', [
      registryEvent('CommunityOrVillageCreated', { id: community, parentId: street }),
      registryEvent('GridCreated', { id: gridA, parentId: community }),
    ]);
    const random = seededRandom(99);
    const histories = Array.from({ length: 25 }, (_, i) =>
      generateCaseHistory(random, {
        gridId: i % 2 ? gridA : gridB,
        start: new Date(Date.UTC(2026, 2, 1, i)),
        maxCommands: 1 + (i % 6),
        detourRate: 0.3,
      }),
    );
    await appendInterleaved(store, histories, random);
    await waitUntilVisible(store, db.pool);
    await engine.catchUp();
  }, 60_000);
  afterAll(async () => db?.close());

  const all = async (filter: Parameters<typeof listCases>[1], now?: Date) => {
    const items = [];
    let cursor: string | undefined;
    do {
      const page = await listCases(db.pool, filter, { limit: 4, cursor, now });
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return items;
  };

  it('pages newest first with a keyset cursor: every case once, in order', async () => {
    const items = await all({});
    expect(items).toHaveLength(25);
    expect(new Set(items.map((item) => item.caseId)).size).toBe(25);
    const keys = items.map((item) => `${item.createdAt}|${item.caseId}`);
    expect(keys).toEqual([...keys].sort().reverse());
    await expect(listCases(db.pool, {}, { limit: 201 })).rejects.toThrow(RangeError);
    await expect(listCases(db.pool, {}, { cursor: 'nonsense' })).rejects.toThrow(/cursor/);
  });

  it('filters by grid, community and street (from the registry), type, status and level', async () => {
    const rows = (await db.pool.query('SELECT case_id, grid_id, status, level, case_type FROM case_list'))
      .rows as Record<string, string>[];
    const ids = (predicate: (row: Record<string, string>) => boolean) =>
      rows
        .filter(predicate)
        .map((row) => row.case_id)
        .sort();
    const got = async (filter: Parameters<typeof listCases>[1]) =>
      (await all(filter)).map((item) => item.caseId).sort();
    expect(await got({ gridId: gridA })).toEqual(ids((row) => row.grid_id === gridA));
    expect(await got({ communityId: community })).toEqual(ids((row) => row.grid_id === gridA));
    expect(await got({ streetId: street })).toEqual(ids((row) => row.grid_id === gridA));
    expect((await got({ gridId: gridB })).length).toBeGreaterThan(0);
    expect(await got({ type: 'dispute' })).toHaveLength(25);
    for (const status of new Set(rows.map((row) => row.status)))
      expect(await got({ status })).toEqual(ids((row) => row.status === status));
    for (const level of new Set(rows.map((row) => row.level)))
      expect(await got({ level, gridId: gridA })).toEqual(
        ids((row) => row.level === level && row.grid_id === gridA),
      );
    expect(await got({ squadId: 'squad-1' })).toEqual([]);
  });

  it('computes overdue against the query time from stored due instants; a moved grid moves its cases', async () => {
    const early = await all({ overdue: true }, new Date('2026-01-01T00:00:00Z'));
    expect(early).toEqual([]);
    const late = await all({ overdue: true }, new Date('2030-01-01T00:00:00Z'));
    const running = (
      await db.pool.query(`SELECT case_id FROM case_list WHERE open AND overdue_at IS NOT NULL`)
    ).rows
      .map((row) => row.case_id)
      .sort();
    expect(late.map((item) => item.caseId).sort()).toEqual(running);
    expect(late.every((item) => item.overdue)).toBe(true);
    const notOverdue = await all({ overdue: false }, new Date('2030-01-01T00:00:00Z'));
    expect(notOverdue.length + late.length).toBe(25);

    const otherStreet = 'street-' + randomUUID();
    const otherCommunity = 'community-' + randomUUID();
    await store.appendToStream('registry-test', [
      registryEvent('CommunityOrVillageCreated', { id: otherCommunity, parentId: otherStreet }),
      registryEvent('GridMoved', { gridId: gridA, fromParentId: community, toParentId: otherCommunity }),
      registryEvent('GridCreated', { id: gridB, parentId: community }),
    ]);
    await waitUntilVisible(store, db.pool);
    await engine.catchUp();
    const moved = await all({ streetId: otherStreet });
    expect(moved.map((item) => item.gridId).every((grid) => grid === gridA)).toBe(true);
    expect((await all({ streetId: street })).every((item) => item.gridId === gridB)).toBe(true);
  });
});
