import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '#event-store';
import { openDatabase, type Database } from '#platform';
import { createTestDatabase, type TestDatabase } from '#platform/testing';
import type { CaseState } from '#case-domain';
import {
  CaseDriver,
  escalationSchema,
  fixtureChain,
  seedFixtureRegistry,
  TestClock,
  timersOf,
} from '#escalation/testing';
import { defaultEscalationConfig, EscalationProcessManager, type EscalationConfig } from './index.js';

const MINUTE = 60_000;
const config: EscalationConfig = { ...defaultEscalationConfig, batchSize: 5 };

describe('EscalationProcessManager on PostgreSQL', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let clock: TestClock;
  let driver: CaseDriver;
  let manager: EscalationProcessManager;
  const errors: unknown[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('postgres', escalationSchema);
    store = new PostgresEventStore(db.pool);
    await seedFixtureRegistry(store);
    // Monday 2026-03-09, an ordinary working week.
    clock = new TestClock('2026-03-09T09:00:00+08:00');
    driver = new CaseDriver(store, clock);
    manager = new EscalationProcessManager(
      { pool: db.pool, eventStore: store, clock: clock.now, onError: (e) => errors.push(e) },
      config,
    );
  });
  afterAll(async () => {
    await db?.close();
  });

  const levelDue = (state: CaseState): number =>
    state.status === 'none' ? NaN : Date.parse(state.deadlines.level!.dueAt);
  const accept = async (caseId: string, actor: string) => {
    await driver.send(caseId, (s, m) => s.AcceptDispatch(m), actor);
    await driver.send(caseId, (s, m) => s.StartWork(m), actor);
  };

  it('walks a dispute up the whole ladder as each level limit passes, re-dispatching each time', async () => {
    const caseId = await driver.dispatchedDispute();
    await accept(caseId, 'grid-worker');
    await manager.runUntilIdle({ through: driver.through });

    for (const [from, to] of [
      ['building', 'community'],
      ['community', 'street'],
      ['street', 'district'],
    ] as const) {
      const before = await driver.state(caseId);
      expect(before.status !== 'none' && before.level).toBe(from);
      clock.set(new Date(levelDue(before) - MINUTE).toISOString());
      await manager.runUntilIdle({ through: driver.through });
      expect(
        (await driver.state(caseId)).status !== 'none' &&
          ((await driver.state(caseId)) as { level: string }).level,
      ).toBe(from);

      clock.set(new Date(levelDue(before) + MINUTE).toISOString());
      await manager.runUntilIdle({ through: driver.through });
      const events = await driver.events(caseId);
      const [escalated, dispatched] = events.slice(-2);
      expect(escalated).toMatchObject({
        type: 'CaseEscalated',
        data: { fromLevel: from, toLevel: to, trigger: 'deadline_passed', escalatedBy: 'system:escalation' },
        metadata: { actor: 'system:escalation' },
      });
      expect((escalated!.data as { reason: string }).reason).toContain('升级');
      const newDeadline = (escalated!.data as { deadline: { dueAt: string } }).deadline.dueAt;
      expect(Date.parse(newDeadline)).toBeGreaterThan(clock.now().getTime());
      expect(dispatched).toMatchObject({
        type: 'CaseDispatched',
        data: { level: to, unit: { unitId: fixtureChain[to] } },
      });
      await accept(caseId, `${to}-staff`);
      await manager.runUntilIdle({ through: driver.through });
    }

    // At the top there is nowhere to climb: the district centre is supervised instead.
    const top = await driver.state(caseId);
    clock.set(new Date(levelDue(top) + MINUTE).toISOString());
    await manager.runUntilIdle({ through: driver.through });
    const events = await driver.events(caseId);
    expect(events.filter((e) => e.type === 'CaseEscalated')).toHaveLength(3);
    expect(events[events.length - 1]).toMatchObject({
      type: 'DispatchSupervised',
      data: { overdue: expect.arrayContaining(['level']) },
    });
    const levelTimers = (await timersOf(db.pool, caseId)).filter((t) => t.kind === 'level');
    expect(levelTimers.map((t) => [t.level, t.state, t.outcome])).toEqual([
      ['building', 'fired', 'escalated'],
      ['community', 'fired', 'escalated'],
      ['street', 'fired', 'escalated'],
      ['district', 'fired', 'supervised'],
    ]);
    expect(errors).toEqual([]);
  });

  it('supervises an unsigned dispatch first, then escalates it if still unsigned after the grace', async () => {
    clock.set('2026-03-09T09:00:00+08:00');
    const caseId = await driver.dispatchedDispute();
    await manager.runUntilIdle({ through: driver.through });
    const dispatched = await driver.state(caseId);
    const signDue = Date.parse(
      (dispatched as { deadlines: { sign: { dueAt: string } } }).deadlines.sign.dueAt,
    );

    clock.set(new Date(signDue + MINUTE).toISOString());
    await manager.runUntilIdle({ through: driver.through });
    let events = await driver.events(caseId);
    expect(events[events.length - 1]).toMatchObject({
      type: 'DispatchSupervised',
      data: { overdue: ['sign'], supervisedBy: 'system:escalation' },
    });
    expect(events.some((e) => e.type === 'CaseEscalated')).toBe(false);

    clock.advance((config.rules.signEscalationGraceMinutes + 1) * MINUTE);
    await manager.runUntilIdle({ through: driver.through });
    events = await driver.events(caseId);
    expect(events.slice(-2)).toMatchObject([
      {
        type: 'CaseEscalated',
        data: { fromLevel: 'building', toLevel: 'community', trigger: 'sign_overdue' },
      },
      { type: 'CaseDispatched', data: { level: 'community', unit: { unitId: fixtureChain.community } } },
    ]);
    expect((await timersOf(db.pool, caseId)).map((t) => [t.kind, t.state, t.outcome])).toEqual(
      expect.arrayContaining([
        ['sign', 'fired', 'supervised'],
        ['sign_escalation', 'fired', 'escalated'],
        ['level', 'cancelled', 'moot:escalated to community'],
      ]),
    );
  });

  it('re-dispatches to the street unit when a risk flag jumps the case to street level', async () => {
    clock.set('2026-03-09T09:00:00+08:00');
    const caseId = await driver.dispatchedDispute();
    await accept(caseId, 'grid-worker');
    await driver.send(caseId, (s, m) => s.FlagRisk(m), 'grid-worker');
    await manager.runUntilIdle({ through: driver.through });
    const events = await driver.events(caseId);
    expect(events.slice(-3)).toMatchObject([
      { type: 'RiskFlagged' },
      { type: 'CaseEscalated', data: { fromLevel: 'building', toLevel: 'street', trigger: 'risk_flag' } },
      {
        type: 'CaseDispatched',
        data: { level: 'street', unit: { unitId: fixtureChain.street } },
        metadata: { actor: 'system:escalation' },
      },
    ]);
  });

  it('re-dispatches at the next level after a handler reports the mediation failed', async () => {
    clock.set('2026-03-09T09:00:00+08:00');
    const caseId = await driver.dispatchedDispute();
    await accept(caseId, 'grid-worker');
    await driver.send(caseId, (s, m) => s.RecordMediationFailure(m), 'grid-worker');
    await manager.runUntilIdle({ through: driver.through });
    const events = await driver.events(caseId);
    expect(events.slice(-3)).toMatchObject([
      { type: 'MediationFailed', data: { next: 'escalate' } },
      { type: 'CaseEscalated', data: { toLevel: 'community', trigger: 'mediation_failed' } },
      { type: 'CaseDispatched', data: { level: 'community', unit: { unitId: fixtureChain.community } } },
    ]);
  });

  it('cancels the deadlines of a resolved case when the resolution is processed, and nothing fires later', async () => {
    clock.set('2026-03-09T09:00:00+08:00');
    const caseId = await driver.dispatchedDispute();
    await accept(caseId, 'grid-worker');
    await driver.send(caseId, (s, m) => s.RecordMediationAgreement(m), 'grid-worker');
    await manager.runUntilIdle({ through: driver.through });
    expect((await timersOf(db.pool, caseId)).filter((t) => t.state === 'scheduled')).toEqual([]);
    const count = (await driver.events(caseId)).length;
    clock.advance(30 * 24 * 60 * MINUTE);
    await manager.runUntilIdle({ through: driver.through });
    expect(await driver.events(caseId)).toHaveLength(count);
  });

  it('a deadline moot at fire time (the case changed before its event was followed) is cancelled, not failed', async () => {
    clock.set('2026-03-09T09:00:00+08:00');
    const caseId = await driver.dispatchedDispute();
    await manager.runUntilIdle({ through: driver.through });
    const state = await driver.state(caseId);
    await accept(caseId, 'grid-worker'); // not yet followed: the sign timer is still scheduled
    clock.set(
      new Date(
        Date.parse((state as { deadlines: { sign: { dueAt: string } } }).deadlines.sign.dueAt) + MINUTE,
      ).toISOString(),
    );
    await manager.fireDue();
    const sign = (await timersOf(db.pool, caseId)).find((t) => t.kind === 'sign');
    expect(sign).toMatchObject({ state: 'cancelled', outcome: 'moot:status_in_progress' });
    await manager.runUntilIdle({ through: driver.through });
    expect((await driver.events(caseId)).some((e) => e.type === 'DispatchSupervised')).toBe(false);
  });

  it('two process managers on the same database fire each deadline exactly once', async () => {
    clock.set('2026-03-09T09:00:00+08:00');
    const caseIds: string[] = [];
    for (let i = 0; i < 24; i++) {
      const caseId = await driver.dispatchedDispute(randomUUID());
      await accept(caseId, 'grid-worker');
      caseIds.push(caseId);
    }
    const other: Database = await openDatabase({ url: db.url!, poolSize: 10 });
    try {
      const a = manager;
      const b = new EscalationProcessManager(
        { pool: other.pool, eventStore: new PostgresEventStore(other.pool), clock: clock.now },
        config,
      );
      await Promise.all([a.runUntilIdle({ through: driver.through }), b.followUntilCaughtUp()]);
      clock.advance(3 * 24 * 60 * MINUTE); // past every building deadline (Thursday 2026-03-12)
      await Promise.all([a.runUntilIdle(), b.runUntilIdle(), a.runUntilIdle(), b.runUntilIdle()]);
      await a.runUntilIdle();
      for (const caseId of caseIds) {
        const escalations = (await driver.events(caseId)).filter((e) => e.type === 'CaseEscalated');
        expect(escalations.map((e) => (e.data as { toLevel: string }).toLevel)).toEqual(['community']);
        const fired = (await timersOf(db.pool, caseId)).filter(
          (t) => t.kind === 'level' && t.state === 'fired',
        );
        expect(fired).toHaveLength(1);
      }
    } finally {
      await other.close();
    }
  });
});

describe('EscalationProcessManager on the embedded database (PGlite, one session)', () => {
  it('runs the same code: a risk flag is re-dispatched to the street unit and a passed level deadline escalates', async () => {
    const db = await createTestDatabase('embedded', escalationSchema);
    try {
      const store = new PostgresEventStore(db.pool);
      await seedFixtureRegistry(store);
      const clock = new TestClock('2026-03-09T09:00:00+08:00');
      const driver = new CaseDriver(store, clock);
      const manager = new EscalationProcessManager(
        { pool: db.pool, eventStore: store, clock: clock.now },
        defaultEscalationConfig,
      );
      const flagged = await driver.dispatchedDispute();
      await driver.send(flagged, (s, m) => s.AcceptDispatch(m));
      await driver.send(flagged, (s, m) => s.FlagRisk(m));
      const late = await driver.dispatchedDispute();
      await driver.send(late, (s, m) => s.AcceptDispatch(m));
      await manager.runUntilIdle({ through: driver.through });
      expect((await driver.events(flagged)).at(-1)).toMatchObject({
        type: 'CaseDispatched',
        data: { level: 'street', unit: { unitId: fixtureChain.street } },
      });
      clock.advance(3 * 24 * 60 * MINUTE);
      await manager.runUntilIdle();
      expect((await driver.events(late)).slice(-2)).toMatchObject([
        { type: 'CaseEscalated', data: { toLevel: 'community', trigger: 'deadline_passed' } },
        { type: 'CaseDispatched', data: { level: 'community', unit: { unitId: fixtureChain.community } } },
      ]);
    } finally {
      await db.close();
    }
  });
});
