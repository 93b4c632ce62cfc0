import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventStoreMigrations, PostgresEventStore, type EventStore } from '#event-store';
import { createTestDatabase, type TestDatabase } from '#platform/testing';
import { ProjectionEngine } from '../../framework/projection-engine.js';
import { projectionMigrations } from '../../framework/projection.js';
import {
  generateCaseHistory,
  seededRandom,
  waitUntilVisible,
  type CaseDecision,
} from '../../testing/case-histories.js';
import { allProjections } from '../index.js';
import { isCaseEventType } from '../common/case-events.js';
import {
  assessSquadsAsOf,
  assessUnitsAsOf,
  gridDashboardAsOf,
  squadDashboardAsOf,
} from '../as-of/as-of-replay.js';
import { generateEnforcementHistory } from '../squad-dashboard/testing/enforcement-histories.js';
import {
  AS_OF_SNAPSHOTS_PROJECTION,
  SNAPSHOT_CASE_VERSIONS,
  SNAPSHOT_SQUAD_FACTS,
} from './as-of-snapshots.projection.js';
import {
  assessSquadsFromSnapshots,
  assessUnitsFromSnapshots,
  gridDashboardFromSnapshots,
  squadDashboardFromSnapshots,
} from './as-of-snapshots.queries.js';

const DAY = 24 * 3_600_000;
const GRIDS = ['grid-0', 'grid-1', 'grid-2', 'grid-3'];
const SQUADS = ['squad-a', 'squad-b', 'squad-c'];
const RANGE = { from: '2026-01', to: '2027-12' };

/**
 * A randomised history of disputes and law-enforcement cases (made by the real decider), interleaved
 * across cases, where one event in ten is recorded with a business time up to 20 days earlier than
 * the event before it (an imported paper file): the snapshots must answer exactly what the replay of
 * the log answers, at day boundaries and at arbitrary instants, caught up and while the snapshot
 * projection lags behind the log.
 */
function randomHistories(seed: number, disputes: number, enforcement: number): CaseDecision[][] {
  const random = seededRandom(seed);
  const histories: CaseDecision[][] = [];
  for (let i = 0; i < disputes; i++) {
    histories.push(
      generateCaseHistory(random, {
        gridId: GRIDS[i % GRIDS.length],
        start: new Date(Date.UTC(2026, 0, 5) + Math.floor(random() * 300) * DAY),
        maxCommands: 14,
        detourRate: 0.25,
      }),
    );
  }
  for (let i = 0; i < enforcement; i++) {
    histories.push(
      generateEnforcementHistory(random, {
        squadIds: SQUADS,
        gridId: GRIDS[i % GRIDS.length],
        start: new Date(Date.UTC(2026, 0, 5) + Math.floor(random() * 300) * DAY),
        maxCommands: 10,
      }),
    );
  }
  for (const history of histories) {
    for (const decision of history.slice(1)) {
      if (random() >= 0.1) continue;
      for (const event of decision.events) {
        event.metadata = {
          ...event.metadata,
          occurredAt: new Date(
            Date.parse(String(event.metadata.occurredAt)) - Math.floor(random() * 20 * DAY),
          ).toISOString(),
        };
      }
    }
  }
  return histories;
}

/** Appends decisions interleaved across cases (each case in order), keeping each stream's revision across calls. */
async function appendInterleavedAcrossCalls(
  store: EventStore,
  queues: CaseDecision[][],
  random: () => number,
  revisions: Map<string, bigint>,
): Promise<number> {
  // Counts the events the case read models fold (an approval's request and grant are not among them).
  const pending = queues.filter((queue) => queue.length > 0).map((queue) => [...queue]);
  let appended = 0;
  while (pending.length > 0) {
    const index = Math.floor(random() * pending.length);
    const decision = pending[index]!.shift()!;
    if (pending[index]!.length === 0) pending.splice(index, 1);
    const result = await store.appendToStream(decision.stream, decision.events, {
      expectedRevision: revisions.get(decision.stream) ?? 'no_stream',
    });
    revisions.set(decision.stream, result.nextExpectedRevision);
    appended += decision.events.filter((event) => isCaseEventType(event.type)).length;
  }
  return appended;
}

const cstMidnight = (day: string) => new Date(`${day}T00:00:00+08:00`);
const strip = <T extends object>(answer: T) => {
  const { asOf: _asOf, replay: _replay, snapshot: _snapshot, ...rest } = answer as Record<string, unknown>;
  return rest;
};

describe('as-of snapshots (postgres)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let engine: ProjectionEngine;
  const deps = () => ({ eventStore: store, pool: db.pool });
  const instants = (random: () => number): Date[] => [
    new Date('2025-12-01T00:00:00Z'),
    cstMidnight('2026-03-01'),
    cstMidnight('2026-06-15'),
    cstMidnight('2026-09-30'),
    ...Array.from({ length: 3 }, () => new Date(Date.UTC(2026, 0, 1) + Math.floor(random() * 420 * DAY))),
    new Date('2028-01-01T00:00:00Z'),
  ];

  /** Every as-of answer both ways, at `at`: same figures. */
  async function expectSameAnswers(at: Date): Promise<{ eventsAfterCheckpoint: number }> {
    const label = at.toISOString();
    for (const gridId of GRIDS.slice(0, 2)) {
      const snapshot = await gridDashboardFromSnapshots(deps(), gridId, at);
      expect(snapshot).not.toBeNull();
      expect([label, strip(snapshot!)]).toEqual([label, strip(await gridDashboardAsOf(deps(), gridId, at))]);
    }
    const units = await assessUnitsFromSnapshots(deps(), at, RANGE);
    expect([label, units!.units]).toEqual([label, (await assessUnitsAsOf(deps(), at, RANGE)).units]);
    for (const squadId of SQUADS) {
      const snapshot = await squadDashboardFromSnapshots(deps(), squadId, at);
      expect([label, strip(snapshot!)]).toEqual([
        label,
        strip(await squadDashboardAsOf(deps(), squadId, at)),
      ]);
    }
    const squads = await assessSquadsFromSnapshots(deps(), at, RANGE);
    expect([label, squads!.squads]).toEqual([label, (await assessSquadsAsOf(deps(), at, RANGE)).squads]);
    const scoped = await assessSquadsFromSnapshots(deps(), at, { ...RANGE, squadIds: ['squad-b'] });
    expect([label, scoped!.squads]).toEqual([
      label,
      (await assessSquadsAsOf(deps(), at, { ...RANGE, squadIds: ['squad-b'] })).squads,
    ]);
    return { eventsAfterCheckpoint: units!.snapshot.eventsAfterCheckpoint };
  }

  beforeAll(async () => {
    db = await createTestDatabase('postgres', [
      ...eventStoreMigrations,
      ...projectionMigrations(allProjections),
    ]);
    store = new PostgresEventStore(db.pool, { pollIntervalMs: 10 });
    // Small batches: a case's versions are closed across batch boundaries.
    engine = new ProjectionEngine(allProjections, { eventStore: store, pool: db.pool }, { batchSize: 37 });
  }, 60_000);
  afterAll(async () => db?.close());

  it('answers what the replay answers over a randomised history, caught up, lagging behind the log, and after a rebuild', async () => {
    const random = seededRandom(2026);
    const histories = randomHistories(7, 120, 90);
    const revisions = new Map<string, bigint>();
    // Phase 1: a random prefix of every case, caught up.
    const cut = histories.map((history) => Math.floor(random() * (history.length + 1)));
    await appendInterleavedAcrossCalls(
      store,
      histories.map((history, i) => history.slice(0, cut[i])),
      random,
      revisions,
    );
    await waitUntilVisible(store, db.pool, 120_000);
    await engine.catchUp();
    for (const at of instants(random)) expect((await expectSameAnswers(at)).eventsAfterCheckpoint).toBe(0);

    // Phase 2: the rest of every case is in the log but not in the snapshots: the answer folds it onto the stored heads.
    const rest = await appendInterleavedAcrossCalls(
      store,
      histories.map((history, i) => history.slice(cut[i])),
      random,
      revisions,
    );
    expect(rest).toBeGreaterThan(100);
    await waitUntilVisible(store, db.pool, 120_000);
    for (const at of instants(random)) expect((await expectSameAnswers(at)).eventsAfterCheckpoint).toBe(rest);

    await engine.catchUp();
    const tables = async () =>
      Promise.all(
        [SNAPSHOT_CASE_VERSIONS, SNAPSHOT_SQUAD_FACTS].map(
          async (table) => (await db.pool.query(`SELECT * FROM ${table} ORDER BY 1, 2, 3, 4, 5`)).rows,
        ),
      );
    const live = await tables();
    expect(live[0]!.length).toBeGreaterThan(1000);
    await engine.rebuild(AS_OF_SNAPSHOTS_PROJECTION);
    expect(await tables()).toEqual(live);
    for (const at of instants(random)) expect((await expectSameAnswers(at)).eventsAfterCheckpoint).toBe(0);
  }, 600_000);

  it('measures replay against snapshots on the same log', async () => {
    // AS_OF_MEASURE_CASES=n appends n more generated cases first (3 disputes : 1 enforcement case) for the README's figures.
    const extra = Number(process.env.AS_OF_MEASURE_CASES ?? 0);
    let rebuilds = '';
    if (extra > 0) {
      const appendStarted = performance.now();
      const appended = await appendInterleavedAcrossCalls(
        store,
        randomHistories(11, Math.round(extra * 0.75), Math.round(extra * 0.25)),
        seededRandom(5),
        new Map(),
      );
      await waitUntilVisible(store, db.pool, 120_000);
      await engine.catchUp();
      const rebuildMs = async (name: string) => {
        const started = performance.now();
        await engine.rebuild(name);
        return Math.round(performance.now() - started);
      };
      rebuilds =
        `; appended ${appended} events in ${Math.round(performance.now() - appendStarted)} ms incl. catch-up; rebuild unit-assessment ${await rebuildMs('unit-assessment')} ms, ` +
        `as-of-snapshots ${await rebuildMs(AS_OF_SNAPSHOTS_PROJECTION)} ms`;
    }
    const at = cstMidnight('2026-09-30');
    const best = async <T>(run: () => Promise<T>, ms: (result: T) => number) => {
      let fastest = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 3; i++) fastest = Math.min(fastest, ms(await run()));
      return fastest;
    };
    const replayUnits = await best(
      () => assessUnitsAsOf(deps(), at, RANGE),
      (r) => r.replay.ms,
    );
    const snapshotUnits = await best(
      async () => (await assessUnitsFromSnapshots(deps(), at, RANGE))!,
      (r) => r.snapshot.ms,
    );
    const replayGrid = await best(
      () => gridDashboardAsOf(deps(), 'grid-1', at),
      (r) => r.replay.ms,
    );
    const snapshotGrid = await best(
      async () => (await gridDashboardFromSnapshots(deps(), 'grid-1', at))!,
      (r) => r.snapshot.ms,
    );
    const replaySquad = await best(
      () => squadDashboardAsOf(deps(), 'squad-a', at),
      (r) => r.replay.ms,
    );
    const snapshotSquad = await best(
      async () => (await squadDashboardFromSnapshots(deps(), 'squad-a', at))!,
      (r) => r.snapshot.ms,
    );
    const { rows } = await db.pool.query<{ events: string; versions: string; bytes: string; split: string }>(
      `SELECT (SELECT count(*) FROM es_events)::text AS events, (SELECT count(*) FROM ${SNAPSHOT_CASE_VERSIONS})::text AS versions,
              (SELECT sum(pg_total_relation_size(t))::text FROM unnest($1::text[]) t) AS bytes,
              (SELECT string_agg(t || ' ' || (pg_total_relation_size(t) / 1024)::text || ' KiB', ', ') FROM unnest($1::text[]) t) AS split`,
      [[SNAPSHOT_CASE_VERSIONS, SNAPSHOT_SQUAD_FACTS, 'snapshot_case_heads']],
    );
    console.log(
      `as-of on ${rows[0]!.events} events (${rows[0]!.versions} case versions, snapshot tables ${Math.round(Number(rows[0]!.bytes) / 1024)} KiB: ${rows[0]!.split}): ` +
        `assessments replay ${replayUnits} ms / snapshots ${snapshotUnits} ms; grid dashboard replay ${replayGrid} ms / snapshots ${snapshotGrid} ms; ` +
        `squad dashboard replay ${replaySquad} ms / snapshots ${snapshotSquad} ms${rebuilds}`,
    );
    expect(Number(rows[0]!.versions)).toBeGreaterThan(0);
  }, 3_600_000);

  it('works the same on the embedded database (one session: the log is read outside the transaction)', async () => {
    const embedded = await createTestDatabase('embedded', [
      ...eventStoreMigrations,
      ...projectionMigrations(allProjections),
    ]);
    try {
      const embeddedStore = new PostgresEventStore(embedded.pool, { pollIntervalMs: 10 });
      const embeddedEngine = new ProjectionEngine(
        allProjections,
        { eventStore: embeddedStore, pool: embedded.pool },
        { batchSize: 50 },
      );
      const random = seededRandom(3);
      const histories = randomHistories(13, 24, 16);
      const revisions = new Map<string, bigint>();
      const cut = histories.map((history) => Math.floor(random() * (history.length + 1)));
      await appendInterleavedAcrossCalls(
        embeddedStore,
        histories.map((history, i) => history.slice(0, cut[i])),
        random,
        revisions,
      );
      await embeddedEngine.catchUp();
      const rest = await appendInterleavedAcrossCalls(
        embeddedStore,
        histories.map((history, i) => history.slice(cut[i])),
        random,
        revisions,
      );
      const both = { eventStore: embeddedStore, pool: embedded.pool };
      for (const at of [
        cstMidnight('2026-05-01'),
        cstMidnight('2026-09-30'),
        new Date('2028-01-01T00:00:00Z'),
      ]) {
        const units = await assessUnitsFromSnapshots(both, at, RANGE);
        expect(units!.snapshot.eventsAfterCheckpoint).toBe(rest);
        expect(units!.units).toEqual((await assessUnitsAsOf(both, at, RANGE)).units);
        expect((await assessSquadsFromSnapshots(both, at, RANGE))!.squads).toEqual(
          (await assessSquadsAsOf(both, at, RANGE)).squads,
        );
        expect(strip((await gridDashboardFromSnapshots(both, 'grid-0', at))!)).toEqual(
          strip(await gridDashboardAsOf(both, 'grid-0', at)),
        );
      }
      // While the projection's stored version differs (a rebuild to a new version runs), its tables cannot answer: null, the routes replay.
      await embedded.pool.query(
        `UPDATE projection_checkpoints SET version = version + 1 WHERE name = '${AS_OF_SNAPSHOTS_PROJECTION}'`,
      );
      expect(await gridDashboardFromSnapshots(both, 'grid-0', cstMidnight('2026-05-01'))).toBeNull();
      expect(await assessSquadsFromSnapshots(both, cstMidnight('2026-05-01'), RANGE)).toBeNull();
    } finally {
      await embedded.close();
    }
  }, 600_000);
});
