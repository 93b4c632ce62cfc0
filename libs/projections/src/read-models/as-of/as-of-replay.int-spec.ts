import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventStoreMigrations, PostgresEventStore } from '#event-store';
import { createTestDatabase, type TestDatabase } from '#platform/testing';
import { ProjectionEngine } from '../../framework/projection-engine.js';
import { projectionMigrations } from '../../framework/projection.js';
import {
  appendInterleaved,
  generateCaseHistory,
  seededRandom,
  waitUntilVisible,
} from '../../testing/case-histories.js';
import { allProjections } from '../index.js';
import { gridDashboard } from '../grid-dashboard/grid-dashboard.queries.js';
import { assessUnits } from '../unit-assessment/unit-assessment.queries.js';
import { assessUnitsAsOf, gridDashboardAsOf } from './as-of-replay.js';

/**
 * The as-of replay folds the log with the projectors' pure parts and runs the live queries on
 * temporary tables: at an instant after every event it must answer exactly what the live tables
 * answer, and before the first event nothing. Also measures its rate on a few thousand events.
 */
describe('as-of replay (postgres)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let engine: ProjectionEngine;
  const after = new Date('2027-06-01T00:00:00Z');

  beforeAll(async () => {
    db = await createTestDatabase('postgres', [
      ...eventStoreMigrations,
      ...projectionMigrations(allProjections),
    ]);
    store = new PostgresEventStore(db.pool, { pollIntervalMs: 10 });
    engine = new ProjectionEngine(allProjections, { eventStore: store, pool: db.pool }, { batchSize: 500 });
    const random = seededRandom(99);
    const histories = Array.from({ length: 400 }, (_, i) =>
      generateCaseHistory(random, {
        gridId: `grid-${i % 5}`,
        start: new Date(Date.UTC(2026, 2, 1 + (i % 60), 1)),
        maxCommands: 14,
        detourRate: 0.2,
      }),
    );
    await appendInterleaved(store, histories, random);
    await waitUntilVisible(store, db.pool);
    await engine.catchUp();
  }, 180_000);
  afterAll(async () => db?.close());

  it('after every event it answers what the live read models answer (grid dashboard, assessments)', async () => {
    for (const gridId of ['grid-0', 'grid-3']) {
      const { asOf, replay, ...replayed } = await gridDashboardAsOf(
        { eventStore: store, pool: db.pool },
        gridId,
        after,
      );
      expect(asOf).toBe(after.toISOString());
      expect(replay.cases).toBe(80);
      expect(replayed).toEqual(await gridDashboard(db.pool, gridId, { now: after }));
    }
    const live = await assessUnits(db.pool, { from: '2026-01', to: '2027-12', now: after });
    const replayed = await assessUnitsAsOf({ eventStore: store, pool: db.pool }, after, {
      from: '2026-01',
      to: '2027-12',
    });
    expect(live.length).toBeGreaterThan(0);
    expect(replayed.units).toEqual(live);
  });

  it('before the first event it answers nothing; in between, fewer closures than at the end', async () => {
    const before = await gridDashboardAsOf(
      { eventStore: store, pool: db.pool },
      'grid-0',
      new Date('2026-01-01T00:00:00Z'),
    );
    expect(before).toMatchObject({ total: 0, open: 0, replay: { eventsFolded: 0 } });
    const middle = await gridDashboardAsOf(
      { eventStore: store, pool: db.pool },
      'grid-0',
      new Date('2026-04-01T00:00:00Z'),
    );
    const end = await gridDashboard(db.pool, 'grid-0', { now: after });
    expect(middle.total).toBeGreaterThan(0);
    expect(middle.total).toBeLessThan(end.total);
    const closed = (d: { byTypeAndStatus: readonly { status: string; count: number }[] }) =>
      d.byTypeAndStatus
        .filter((g) => g.status === 'closed' || g.status === 'followed_up')
        .reduce((n, g) => n + g.count, 0);
    expect(closed(middle)).toBeLessThan(closed(end));
  });

  it('measures the replay rate', async () => {
    const runs = [];
    for (let i = 0; i < 3; i++)
      runs.push(
        await assessUnitsAsOf({ eventStore: store, pool: db.pool }, after, {
          from: '2026-01',
          to: '2027-12',
        }),
      );
    const best = runs.reduce((a, b) => (a.replay.ms <= b.replay.ms ? a : b)).replay;
    const grid = await gridDashboardAsOf({ eventStore: store, pool: db.pool }, 'grid-1', after);
    expect(best.eventsRead).toBeGreaterThan(2000);
    console.log(
      `as-of replay: assessments ${best.eventsRead} events (${best.cases} cases) in ${best.ms} ms = ${Math.round((best.eventsRead / best.ms) * 1000)} events/s; ` +
        `grid dashboard ${grid.replay.eventsRead} read, ${grid.replay.eventsFolded} folded in ${grid.replay.ms} ms = ${Math.round((grid.replay.eventsRead / grid.replay.ms) * 1000)} events/s`,
    );
  });
});
