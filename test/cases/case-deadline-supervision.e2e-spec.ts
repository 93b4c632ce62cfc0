import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PostgresEventStore } from '#event-store';
import { defaultEscalationConfig, EscalationProcessManager } from '#escalation';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { act, expectProblem, getCase, history, unit } from './case-api.js';
import { DAY_MS, enforcementReport, PastHandling, petitionReport } from './petition-enforcement-helpers.js';

/**
 * Statutory clocks passing over HTTP: cases handled in the past through the app's own command
 * handler (HTTP always acts at the real now), then the escalation process manager on the app's
 * database at the real clock; what operators see is read back over HTTP.
 */
describe('passed statutory limits are supervised (督办), never escalated, and shown on the case', () => {
  let t: TestApp;
  let manager: EscalationProcessManager;
  beforeAll(async () => {
    t = await startTestApp();
    manager = new EscalationProcessManager(
      { pool: t.database.pool, eventStore: new PostgresEventStore(t.database.pool) },
      defaultEscalationConfig,
    );
  });
  afterAll(async () => t?.close());

  const lastPosition = async (caseId: string): Promise<bigint> =>
    BigInt((await history(t.baseUrl, caseId)).at(-1)!.globalPosition);

  it('a petition accepted 70 days ago: one supervision of its handling body naming the 60-day limit, the clock shown overdue, no escalation', async () => {
    const petition = new PastHandling(t);
    const start = Date.now() - 70 * DAY_MS;
    await petition.report(start, petitionReport());
    await petition.at(start + DAY_MS, 'RoutePetition', {
      mode: 'assign',
      toBody: unit('Street housing office'),
    });
    await petition.at(start + 2 * DAY_MS, 'NotifyPetitioner', {
      content: 'Accepted; answered within 60 days.',
    });

    await manager.runUntilIdle({ through: await lastPosition(petition.caseId) });
    await manager.runUntilIdle();

    const events = await history(t.baseUrl, petition.caseId);
    const supervised = events.filter((e) => e.type === 'DispatchSupervised');
    expect(supervised).toHaveLength(1);
    expect(supervised[0]).toMatchObject({
      actor: 'system:escalation',
      data: {
        deadline: 'handling',
        unit: { name: 'Street housing office' },
        supervisedBy: 'system:escalation',
        reason: expect.stringContaining('第三十四条'),
      },
    });
    expect(events.some((e) => e.type === 'CaseEscalated' || e.type === 'CaseDispatched')).toBe(false);
    const view = await getCase(t.baseUrl, petition.caseId);
    expect(view.status).toBe(200);
    expect(view.body.state).toMatchObject({
      status: 'in_progress',
      details: { stage: 'accepted' },
      counters: { supervisions: 1, escalations: 0 },
    });
    expect(view.body.clocks.find((c: any) => c.name === 'handling')).toMatchObject({
      overdue: true,
      dueAt: supervised[0]!.data.deadlineDueAt,
    });
  });

  it('a petition answered 40 days ago with no review request is closed for no request', async () => {
    const petition = new PastHandling(t);
    const start = Date.now() - 45 * DAY_MS;
    await petition.report(start, petitionReport());
    await petition.at(start + DAY_MS, 'RoutePetition', {
      mode: 'forward',
      toBody: unit('Street housing office'),
    });
    await petition.at(start + 2 * DAY_MS, 'NotifyPetitioner', { content: 'Accepted.' });
    await petition.at(start + 5 * DAY_MS, 'AnswerPetition', {
      answer: 'not_support',
      opinion: 'The valuation followed the published standard.',
    });

    await manager.runUntilIdle({ through: await lastPosition(petition.caseId) });

    expect((await history(t.baseUrl, petition.caseId)).at(-1)).toMatchObject({
      type: 'PetitionClosedForNoRequest',
      actor: 'system:escalation',
      data: { window: 'review' },
    });
    expect((await getCase(t.baseUrl, petition.caseId)).body.state).toMatchObject({
      status: 'closed',
      details: { stage: 'closed_no_request' },
    });
  });

  it('an enforcement lead left unscreened for 30 days: one supervision naming the screening limit; the squad keeps the case', async () => {
    const lead = new PastHandling(t);
    await lead.report(Date.now() - 30 * DAY_MS, enforcementReport());

    await manager.runUntilIdle({ through: await lastPosition(lead.caseId) });
    await manager.runUntilIdle();

    const supervised = (await history(t.baseUrl, lead.caseId)).filter((e) => e.type === 'DispatchSupervised');
    expect(supervised.map((e) => [e.data.deadline, e.data.unit])).toEqual([['screening', null]]);
    const view = await getCase(t.baseUrl, lead.caseId);
    expect(view.body.state).toMatchObject({
      status: 'reported',
      level: 'building',
      details: { stage: 'lead' },
      counters: { supervisions: 1 },
    });
    expect(view.body.clocks.find((c: any) => c.name === 'screening')).toMatchObject({ overdue: true });
  });

  it('an operator supervises a passed limit by naming it over HTTP; a running, unknown or not-yet-passed limit is refused and appends nothing', async () => {
    const petition = new PastHandling(t);
    const start = Date.now() - 70 * DAY_MS;
    await petition.report(start, petitionReport());
    await petition.at(start + DAY_MS, 'RoutePetition', {
      mode: 'assign',
      toBody: unit('Street housing office'),
    });
    const before = (await history(t.baseUrl, petition.caseId)).length;

    // Routed but not yet notified: the handling limit has not started, the notice limit (15 days) has passed.
    expectProblem(
      await act(t.baseUrl, petition.caseId, 'supervise', {
        reason: 'Where is the answer?',
        deadline: 'handling',
      }),
      409,
      'CASE.DEADLINE_NOT_RUNNING',
    );
    expectProblem(
      await act(t.baseUrl, petition.caseId, 'supervise', { reason: 'x', deadline: 'tomorrow' }),
      400,
    );
    expectProblem(await act(t.baseUrl, petition.caseId, 'supervise', { reason: 'x', deadline: 42 }), 400);
    expect(await history(t.baseUrl, petition.caseId)).toHaveLength(before);

    const supervised = await act(t.baseUrl, petition.caseId, 'supervise', {
      reason: 'Notice 55 days late',
      deadline: 'notice',
    });
    expect(supervised.status).toBe(200);
    const events = await history(t.baseUrl, petition.caseId);
    expect(events).toHaveLength(before + 1);
    expect(events.at(-1)).toMatchObject({
      type: 'DispatchSupervised',
      data: { deadline: 'notice', overdue: expect.arrayContaining(['notice']) },
    });

    // A fresh petition: its routing limit (15 days) is still running.
    const fresh = new PastHandling(t);
    await fresh.report(Date.now() - DAY_MS, petitionReport());
    expectProblem(
      await act(t.baseUrl, fresh.caseId, 'supervise', { reason: 'Too early', deadline: 'routing' }),
      409,
      'CASE.DEADLINE_NOT_OVERDUE',
    );
    expect(await history(t.baseUrl, fresh.caseId)).toHaveLength(1);
  });
});
