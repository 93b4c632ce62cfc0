import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { PostgresEventStore, type RecordedEvent } from '#event-store';
import { openDatabase, type Database } from '#platform';
import { createTestDatabase, type TestDatabase } from '#platform/testing';
import { sampleCommands } from '#case-domain/testing';
import type { CaseCommand, CaseState, CommandMetadata } from '#case-domain';
import { CaseDriver, escalationSchema, seedFixtureRegistry, TestClock, timersOf } from '#escalation/testing';
import { defaultEscalationConfig, EscalationProcessManager, type EscalationConfig } from './index.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** Only the deadline timers act: the ladder (level, sign) is switched off so a month can pass without escalations. */
const config: EscalationConfig = {
  ...defaultEscalationConfig,
  batchSize: 5,
  rules: {
    ...defaultEscalationConfig.rules,
    escalateOnLevelDeadline: false,
    superviseUnsignedDispatch: false,
    escalateUnsignedDispatch: false,
  },
};

const dueOf = (state: CaseState, name: string): number => {
  const deadline =
    state.status === 'none'
      ? undefined
      : (state.deadlines as Record<string, { dueAt: string } | undefined>)[name];
  if (!deadline) throw new Error(`no ${name} limit`);
  return Date.parse(deadline.dueAt);
};
const supervisions = (events: RecordedEvent[], deadline: string) =>
  events.filter(
    (e) => e.type === 'DispatchSupervised' && (e.data as { deadline?: string }).deadline === deadline,
  );

describe('deadline timers on PostgreSQL: set, fire once, cancel, reschedule on extension', () => {
  let db: TestDatabase;
  let clock: TestClock;
  let driver: CaseDriver;
  let manager: EscalationProcessManager;
  const errors: unknown[] = [];
  const at = (ms: number) => clock.set(new Date(ms).toISOString());
  const run = () => manager.runUntilIdle({ through: driver.through });

  const petition = (id: string) => sampleCommands(id, 'petition');
  const reportAs =
    (type: 'petition' | 'enforcement') =>
    (s: ReturnType<typeof sampleCommands>, m: CommandMetadata): CaseCommand => {
      const report = sampleCommands(s.ReportCase(m).data.caseId, type).ReportCase(m);
      return report;
    };
  async function acceptedPetition(caseId = randomUUID()): Promise<string> {
    await driver.send(caseId, reportAs('petition'), 'petition-office');
    await driver.send(caseId, (_s, m) => petition(caseId).RoutePetition(m), 'petition-office');
    await driver.send(caseId, (_s, m) => petition(caseId).NotifyPetitioner(m), 'housing-bureau');
    return caseId;
  }

  beforeAll(async () => {
    db = await createTestDatabase('postgres', escalationSchema);
    const store = new PostgresEventStore(db.pool);
    await seedFixtureRegistry(store);
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

  it('whole mediation: set at registration, rescheduled by an approved extension, supervised once when the new limit passes', async () => {
    clock.set('2026-03-09T09:00:00+08:00');
    const caseId = await driver.dispatchedDispute();
    await driver.send(caseId, (s, m) => s.AcceptDispatch(m), 'grid-worker');
    await driver.send(caseId, (s, m) => s.StartWork(m), 'grid-worker');
    await run();
    const firstDue = dueOf(await driver.state(caseId), 'wholeMediation');
    expect(
      (await timersOf(db.pool, caseId)).filter((t) => t.kind === 'whole_mediation').map((t) => t.state),
    ).toEqual(['scheduled']);

    await driver.sendApproved(caseId, (s, m) => ({
      ...s.ExtendDeadline(m),
      data: { ...s.ExtendDeadline(m).data, amount: 1, unit: 'months', deadline: 'wholeMediation' },
    }));
    const newDue = dueOf(await driver.state(caseId), 'wholeMediation');
    expect(newDue).toBeGreaterThan(firstDue);
    await run();
    expect(
      (await timersOf(db.pool, caseId))
        .filter((t) => t.kind === 'whole_mediation')
        .map((t) => [t.state, t.outcome]),
    ).toEqual([
      ['cancelled', 'moot:wholeMediation limit set anew'],
      ['scheduled', null],
    ]);

    at(firstDue + MINUTE); // the old limit: nothing happens any more
    await run();
    expect(supervisions(await driver.events(caseId), 'wholeMediation')).toHaveLength(0);

    at(newDue + MINUTE);
    await run();
    await run();
    const supervised = supervisions(await driver.events(caseId), 'wholeMediation');
    expect(supervised).toHaveLength(1);
    expect(supervised[0]).toMatchObject({
      data: { deadline: 'wholeMediation', supervisedBy: 'system:escalation' },
      metadata: { actor: 'system:escalation' },
    });
    expect(Date.parse((supervised[0]!.data as { deadlineDueAt: string }).deadlineDueAt)).toBe(newDue);
    // A supervision is not an escalation: the case stays at its level with its unit.
    expect(await driver.state(caseId)).toMatchObject({
      status: 'in_progress',
      level: 'building',
      counters: { escalations: 0, supervisions: 1 },
    });
    expect(
      (await timersOf(db.pool, caseId)).filter((t) => t.kind === 'whole_mediation').at(-1),
    ).toMatchObject({ state: 'fired', outcome: 'supervised' });
    expect(errors).toEqual([]);
  });

  it('whole mediation pauses while the resolution awaits verification and is put back by a rework, with its old limit', async () => {
    clock.set('2026-03-09T09:00:00+08:00');
    const caseId = await driver.dispatchedDispute();
    await driver.send(caseId, (s, m) => s.AcceptDispatch(m), 'grid-worker');
    await driver.send(caseId, (s, m) => s.StartWork(m), 'grid-worker');
    await driver.send(caseId, (s, m) => s.ResolveCase(m), 'grid-worker');
    await run();
    const due = dueOf(await driver.state(caseId), 'wholeMediation');
    expect(
      (await timersOf(db.pool, caseId))
        .filter((t) => t.kind === 'whole_mediation')
        .map((t) => [t.state, t.outcome]),
    ).toEqual([['cancelled', 'moot:met by CaseResolved']]);
    await driver.send(caseId, (s, m) => s.RequestRework(m));
    await run();
    expect(
      (await timersOf(db.pool, caseId)).filter((t) => t.kind === 'whole_mediation').map((t) => t.state),
    ).toEqual(['cancelled', 'scheduled']);
    at(due + MINUTE);
    await run();
    const supervised = supervisions(await driver.events(caseId), 'wholeMediation');
    expect(supervised).toHaveLength(1);
    expect(Date.parse((supervised[0]!.data as { deadlineDueAt: string }).deadlineDueAt)).toBe(due);
  });

  it('first feedback: supervised when work has not started in time; cancelled when it starts in time', async () => {
    clock.set('2026-03-09T09:00:00+08:00');
    const late = await driver.dispatchedDispute();
    await driver.send(late, (s, m) => s.AcceptDispatch(m), 'grid-worker');
    const onTime = await driver.dispatchedDispute();
    await driver.send(onTime, (s, m) => s.AcceptDispatch(m), 'grid-worker');
    await run();
    const due = dueOf(await driver.state(late), 'firstFeedback');
    at(due - MINUTE);
    await driver.send(onTime, (s, m) => s.StartWork(m), 'grid-worker');
    at(due + MINUTE);
    await run();
    expect(supervisions(await driver.events(late), 'firstFeedback')).toHaveLength(1);
    expect(supervisions(await driver.events(onTime), 'firstFeedback')).toHaveLength(0);
    expect(
      (await timersOf(db.pool, onTime))
        .filter((t) => t.kind === 'first_feedback')
        .map((t) => [t.state, t.outcome]),
    ).toEqual([['cancelled', 'moot:met by WorkStarted']]);
  });

  it('petition: routing and notice met in time are cancelled; the 60-day handling limit, extended by 30, is supervised once at the new limit at the handling body', async () => {
    clock.set('2026-03-09T09:00:00+08:00');
    const caseId = await acceptedPetition();
    await run();
    expect((await timersOf(db.pool, caseId)).map((t) => [t.kind, t.state, t.outcome])).toEqual([
      ['petition_routing', 'cancelled', 'moot:met by PetitionRouted'],
      ['petition_notice', 'cancelled', 'moot:met by PetitionerNotified'],
      ['petition_handling', 'scheduled', null],
    ]);
    const firstDue = dueOf(await driver.state(caseId), 'handling');
    at(firstDue - 5 * DAY);
    await driver.sendApproved(caseId, (s, m) => ({
      ...s.ExtendDeadline(m),
      data: { reason: '需现场测绘', amount: 30, deadline: 'handling' },
    }));
    const newDue = dueOf(await driver.state(caseId), 'handling');
    at(firstDue + MINUTE);
    await run();
    expect(supervisions(await driver.events(caseId), 'handling')).toHaveLength(0);
    at(newDue + MINUTE);
    await run();
    await run();
    const events = await driver.events(caseId);
    expect(supervisions(events, 'handling')).toHaveLength(1);
    expect(supervisions(events, 'handling')[0]!.data).toMatchObject({
      unit: { unitId: 'unit-housing' },
      reason: expect.stringContaining('第三十四条'),
    });
    // No escalation of a petition: nothing but the supervision was added.
    expect(events.map((e) => e.type).filter((t) => t.startsWith('Case') && t !== 'CaseReported')).toEqual([]);
  });

  it('petition: a review window that passes unused closes the petition (for no request); a routing limit missed is supervised at the petition office', async () => {
    clock.set('2026-03-09T09:00:00+08:00');
    const answered = await acceptedPetition();
    await driver.send(answered, (_s, m) => petition(answered).AnswerPetition(m), 'housing-bureau');
    const unrouted = randomUUID();
    await driver.send(unrouted, reportAs('petition'), 'petition-office');
    await run();
    const windowDue = dueOf(await driver.state(answered), 'reviewRequest');
    const routingDue = dueOf(await driver.state(unrouted), 'routing');
    at(Math.max(windowDue, routingDue) + MINUTE);
    await run();
    expect((await driver.events(answered)).at(-1)).toMatchObject({
      type: 'PetitionClosedForNoRequest',
      data: { window: 'review' },
      metadata: { actor: 'system:escalation' },
    });
    expect(await driver.state(answered)).toMatchObject({
      status: 'closed',
      details: { stage: 'closed_no_request' },
    });
    const routing = supervisions(await driver.events(unrouted), 'routing');
    expect(routing).toHaveLength(1);
    expect(routing[0]!.data).toMatchObject({ unit: null, overdue: ['routing'] });
    expect(await driver.state(unrouted)).toMatchObject({
      status: 'reported',
      details: { stage: 'received' },
    });
  });

  it('enforcement: screening supervised when missed, cancelled when the lead is referred out; evidence decisions tracked per preservation', async () => {
    clock.set('2026-03-09T09:00:00+08:00');
    const enforcement = (id: string) => sampleCommands(id, 'enforcement');
    const lead = randomUUID();
    await driver.send(lead, reportAs('enforcement'), 'squad-officer');
    await run();
    at(dueOf(await driver.state(lead), 'screening') + MINUTE);
    await run();
    expect(supervisions(await driver.events(lead), 'screening')).toHaveLength(1);
    const referred = randomUUID();
    await driver.send(referred, reportAs('enforcement'), 'squad-officer');
    await driver.send(referred, (_s, m) => enforcement(referred).ReferOut(m), 'squad-officer');
    await run();
    expect((await timersOf(db.pool, referred)).map((t) => [t.kind, t.state, t.outcome])).toEqual([
      ['enforcement_screening', 'cancelled', 'moot:ended by CaseReferredOut'],
    ]);

    clock.set('2026-06-01T09:00:00+08:00');
    const filed = randomUUID();
    await driver.send(filed, reportAs('enforcement'), 'squad-officer');
    await driver.send(filed, (_s, m) => enforcement(filed).FileEnforcementCase(m), 'squad-officer');
    await driver.sendApproved(filed, (_s, m) => enforcement(filed).PreserveEvidence(m), 'squad-officer'); // no. 1
    await driver.sendApproved(filed, (_s, m) => enforcement(filed).PreserveEvidence(m), 'squad-officer'); // no. 2
    await driver.send(filed, (_s, m) => enforcement(filed).DecidePreservedEvidence(m), 'squad-officer'); // no. 1 decided
    await run();
    expect((await timersOf(db.pool, filed)).map((t) => [t.kind, t.state, t.outcome])).toEqual([
      ['enforcement_screening', 'cancelled', 'moot:met by EnforcementCaseFiled'],
      ['enforcement_decision', 'scheduled', null],
      ['enforcement_evidence_decision', 'cancelled', 'moot:evidence decided'],
      ['enforcement_evidence_decision', 'scheduled', null],
    ]);
    at(dueOf(await driver.state(filed), 'evidenceDecision') + MINUTE);
    await run();
    expect(supervisions(await driver.events(filed), 'evidenceDecision')).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('an enforcement case through its statutory clocks: decision (rescheduled by the +30 extension), service, payment and court application each supervised once', async () => {
    clock.set('2026-03-09T09:00:00+08:00');
    const caseId = randomUUID();
    const e = sampleCommands(caseId, 'enforcement');
    const officer = 'squad-officer';
    await driver.send(caseId, reportAs('enforcement'), officer);
    await driver.send(caseId, (_s, m) => e.FileEnforcementCase(m), officer);
    await driver.sendApproved(
      caseId,
      (_s, m) => ({
        type: 'ExtendDeadline',
        metadata: m,
        data: { reason: '案情复杂', amount: 30, deadline: 'decision' },
      }),
      officer,
    );
    await run();
    expect(
      (await timersOf(db.pool, caseId))
        .filter((t) => t.kind === 'enforcement_decision')
        .map((t) => [t.state, t.outcome]),
    ).toEqual([
      ['cancelled', 'moot:decision limit set anew'],
      ['scheduled', null],
    ]);
    const passLimit = async (name: string) => {
      at(dueOf(await driver.state(caseId), name) + MINUTE);
      await run();
      await run();
      expect(supervisions(await driver.events(caseId), name)).toHaveLength(1);
    };
    await passLimit('decision');
    await driver.send(caseId, (_s, m) => e.ConcludeInvestigation(m), officer);
    await driver.send(caseId, (_s, m) => e.ReviewEnforcementCase(m), officer);
    await driver.send(
      caseId,
      (_s, m) => ({ ...e.NotifyProposedPenalty(m), data: { hearingRight: false } }),
      officer,
    );
    await driver.send(caseId, (_s, m) => e.DecidePenalty(m), officer);
    await run();
    await passLimit('service');
    await driver.send(caseId, (_s, m) => e.ServeDecision(m), officer);
    await run();
    await passLimit('payment');
    await driver.send(caseId, (_s, m) => e.DemandPayment(m), officer);
    await run();
    await passLimit('courtApplication');
    // Nothing was supervised twice, nothing escalated, nothing is left running.
    const events = await driver.events(caseId);
    expect(
      events
        .filter((ev) => ev.type === 'DispatchSupervised')
        .map((ev) => (ev.data as { deadline: string }).deadline),
    ).toEqual(['decision', 'service', 'payment', 'courtApplication']);
    expect((await timersOf(db.pool, caseId)).filter((t) => t.state === 'scheduled')).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('a petition through review and re-review: each answer limit supervised once, the re-review limit moved by a hearing', async () => {
    clock.set('2026-03-09T09:00:00+08:00');
    const caseId = await acceptedPetition();
    const p = petition(caseId);
    await driver.send(caseId, (_s, m) => p.AnswerPetition(m), 'housing-bureau');
    clock.advance(DAY);
    await driver.send(caseId, (_s, m) => p.RequestReview(m), 'district-government');
    await run();
    expect(
      (await timersOf(db.pool, caseId))
        .filter((t) => t.kind === 'petition_request_window')
        .map((t) => t.outcome),
    ).toEqual(['moot:met by PetitionReviewRequested']);
    at(dueOf(await driver.state(caseId), 'reviewAnswer') + MINUTE);
    await run();
    expect(supervisions(await driver.events(caseId), 'reviewAnswer')).toHaveLength(1);
    await driver.send(caseId, (_s, m) => p.AnswerReview(m), 'district-government');
    clock.advance(DAY);
    await driver.send(caseId, (_s, m) => p.RequestReReview(m), 'city-government');
    await run();
    const before = dueOf(await driver.state(caseId), 'reReviewAnswer');
    clock.advance(2 * DAY);
    await driver.send(caseId, (_s, m) => p.RecordReReviewHearing(m), 'city-government');
    await run();
    const after = dueOf(await driver.state(caseId), 'reReviewAnswer');
    expect(after).toBeGreaterThan(before);
    expect(
      (await timersOf(db.pool, caseId))
        .filter((t) => t.kind === 'petition_re_review_answer')
        .map((t) => [t.state, t.outcome]),
    ).toEqual([
      ['cancelled', 'moot:reReviewAnswer limit set anew'],
      ['scheduled', null],
    ]);
    at(before + MINUTE);
    await run();
    expect(supervisions(await driver.events(caseId), 'reReviewAnswer')).toHaveLength(0);
    at(after + MINUTE);
    await run();
    expect(supervisions(await driver.events(caseId), 'reReviewAnswer')).toHaveLength(1);
    await driver.send(caseId, (_s, m) => p.AnswerReReview(m), 'city-government');
    await run();
    expect((await timersOf(db.pool, caseId)).filter((t) => t.state === 'scheduled')).toEqual([]);
  });
});

describe('deadline timers with two process managers on one database', () => {
  it('supervise each passed petition handling limit exactly once', async () => {
    const db = await createTestDatabase('postgres', escalationSchema);
    const other: Database = await openDatabase({ url: db.url!, poolSize: 10 });
    try {
      const store = new PostgresEventStore(db.pool);
      const clock = new TestClock('2026-03-09T09:00:00+08:00');
      const driver = new CaseDriver(store, clock);
      const caseIds: string[] = [];
      for (let i = 0; i < 20; i++) {
        const caseId = randomUUID();
        await driver.send(caseId, (s, m) => sampleCommands(caseId, 'petition').ReportCase(m));
        await driver.send(caseId, (s, m) => sampleCommands(caseId, 'petition').RoutePetition(m));
        await driver.send(caseId, (s, m) => sampleCommands(caseId, 'petition').NotifyPetitioner(m));
        caseIds.push(caseId);
      }
      const a = new EscalationProcessManager({ pool: db.pool, eventStore: store, clock: clock.now }, config);
      const b = new EscalationProcessManager(
        { pool: other.pool, eventStore: new PostgresEventStore(other.pool), clock: clock.now },
        config,
      );
      await Promise.all([a.runUntilIdle({ through: driver.through }), b.followUntilCaughtUp()]);
      clock.advance(62 * DAY);
      await Promise.all([a.runUntilIdle(), b.runUntilIdle(), a.runUntilIdle(), b.runUntilIdle()]);
      await a.runUntilIdle();
      for (const caseId of caseIds) {
        expect(supervisions(await driver.events(caseId), 'handling')).toHaveLength(1);
        // Recorded by the worker that fired it, or first by the other worker's follower reading the supervision in the log.
        expect((await timersOf(db.pool, caseId)).filter((t) => t.kind === 'petition_handling')).toEqual([
          expect.objectContaining({
            state: 'fired',
            outcome: expect.stringMatching(/^(supervised|recorded_from_log)$/),
          }),
        ]);
      }
    } finally {
      await other.close();
      await db.close();
    }
  });
});
