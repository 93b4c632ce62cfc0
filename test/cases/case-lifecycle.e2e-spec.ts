import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { http, startTestApp, type TestApp } from '../support/test-app.js';
import { disputeReport, getCase, history, must, unit, type HistoryEntry } from './case-api.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Step {
  action: string;
  body: Record<string, unknown>;
  events: string[];
  status: string;
}

describe('a dispute through the whole common loop (report → follow-up)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  const mediationUnit = unit("Building 7 people's mediation group");
  const steps: Step[] = [
    {
      action: 'register',
      body: { urgency: 'general', category: 'neighbour' },
      events: ['CaseRegistered'],
      status: 'registered',
    },
    { action: 'dispatch', body: { unit: mediationUnit }, events: ['CaseDispatched'], status: 'dispatched' },
    { action: 'accept', body: {}, events: ['DispatchAccepted'], status: 'accepted' },
    { action: 'start', body: {}, events: ['WorkStarted'], status: 'in_progress' },
    {
      action: 'record-session',
      body: {
        mediators: ['Zhao Min'],
        attendees: ['Wang Fang', 'Li Qiang'],
        notes: 'Both sides heard; plumber to inspect.',
      },
      events: ['MediationSessionRecorded'],
      status: 'in_progress',
    },
    {
      action: 'record-agreement',
      body: {
        form: 'written',
        terms: '402 repairs the pipe and pays 800 yuan for the ceiling.',
        signedBy: ['Wang Fang', 'Li Qiang'],
      },
      events: ['MediationAgreementRecorded', 'CaseResolved'],
      status: 'resolved',
    },
    {
      action: 'verify',
      body: { note: 'Visited 302: ceiling dry.' },
      events: ['ResolutionVerified'],
      status: 'verified',
    },
    {
      action: 'close',
      body: { note: 'Closed after verification.' },
      events: ['CaseClosed'],
      status: 'closed',
    },
    {
      action: 'follow-up',
      body: { satisfaction: 'satisfied', reporterSaysResolved: true, note: 'Phoned Wang Fang.' },
      events: ['FollowUpRecorded'],
      status: 'followed_up',
    },
  ];

  let caseId: string;
  /** correlation id sent with each request, by the revision of the request's last event. */
  const sentCorrelation = new Map<number, string>();
  let revision = -1;
  let recorded: HistoryEntry[] = [];

  it('reports the dispute: 201, Location, ETag of revision 0, the CaseReported event', async () => {
    const correlationId = `report-${randomUUID()}`;
    const response = await http(t.baseUrl, 'POST', '/api/v1/cases', {
      body: disputeReport(),
      headers: { 'X-Correlation-Id': correlationId },
    });
    expect(response.status).toBe(201);
    expect(response.body.caseId).toMatch(UUID);
    caseId = response.body.caseId;
    expect(response.body).toEqual({ caseId, revision: 0, events: ['CaseReported'] });
    expect(response.headers.get('etag')).toBe('"0"');
    expect(response.headers.get('location')).toBe(`/api/v1/cases/${caseId}`);
    expect(response.headers.get('x-correlation-id')).toBe(correlationId);
    sentCorrelation.set(0, correlationId);
    revision = 0;

    const view = await getCase(t.baseUrl, caseId);
    expect(view.status).toBe(200);
    expect(view.headers.get('etag')).toBe('"0"');
    expect(view.body).toMatchObject({
      caseId,
      revision: 0,
      state: { status: 'reported', level: 'building', caseType: 'dispute' },
    });
    expect(view.body.clocks).toEqual([]);
  });

  for (const step of steps) {
    it(`${step.action} → 200 with ETag = revision and events ${step.events.join(' + ')}; GET shows ${step.status}`, async () => {
      await sleep(5); // distinct occurredAt per step, so ?asOf= can tell the steps apart
      const correlationId = `${step.action}-${randomUUID()}`;
      const response = await must(t.baseUrl, caseId, step.action, step.body, {
        'X-Correlation-Id': correlationId,
      });
      const expectedRevision = revision + step.events.length;
      expect(response.body).toEqual({ caseId, revision: expectedRevision, events: step.events });
      expect(response.headers.get('etag')).toBe(`"${expectedRevision}"`);
      for (let r = revision + 1; r <= expectedRevision; r++) sentCorrelation.set(r, correlationId);
      revision = expectedRevision;

      const view = await getCase(t.baseUrl, caseId);
      expect(view.status).toBe(200);
      expect(view.headers.get('etag')).toBe(`"${expectedRevision}"`);
      expect(view.body.revision).toBe(expectedRevision);
      expect(view.body.state.status).toBe(step.status);
      expect(view.body.state.level).toBe('building');
      for (const clock of view.body.clocks) {
        expect(typeof clock.name).toBe('string');
        expect(Number.isNaN(Date.parse(clock.dueAt))).toBe(false);
        expect(Number.isInteger(clock.daysLeft)).toBe(true);
        expect(Number.isInteger(clock.hoursLeft)).toBe(true);
        expect(clock.overdue).toBe(false);
        expect(clock.basis).toEqual(
          expect.objectContaining({ ruleId: expect.any(String), law: expect.any(String) }),
        );
        expect(clock.counting).toEqual(expect.objectContaining({ lastDay: expect.any(String) }));
      }
    });
  }

  it('shows the clocks of each stage: whole mediation from registration; sign, first feedback and level from dispatch', async () => {
    const afterDispatch = await getCase(t.baseUrl, caseId, '?revision=2');
    expect(afterDispatch.status).toBe(200);
    const byName = Object.fromEntries(afterDispatch.body.clocks.map((c: any) => [c.name, c]));
    expect(Object.keys(byName).sort()).toEqual(['firstFeedback', 'level', 'sign', 'wholeMediation']);
    // general urgency: sign within 24 h, a building-level mediation within 1 working day, whole mediation 1 month
    expect(byName.sign.counting).toMatchObject({ unit: 'hours', amount: 24 });
    expect(byName.level.counting).toMatchObject({ unit: 'working_days', amount: 1 });
    expect(byName.wholeMediation.counting).toMatchObject({ unit: 'months', amount: 1 });
    expect(byName.sign.basis.ruleId).toBe('dispatch.sign.general');
    for (const clock of Object.values(byName) as any[]) {
      expect(clock.basis.ruleId).toEqual(expect.any(String));
      expect(Date.parse(clock.dueAt)).toBeGreaterThan(Date.now());
      expect(clock.overdue).toBe(false);
      expect(clock.daysLeft).toBeGreaterThanOrEqual(0);
    }
    const dispatchedAt = Date.parse(afterDispatch.body.state.dispatch.dispatchedAt);
    expect(Date.parse(byName.sign.dueAt) - dispatchedAt).toBe(24 * 60 * 60 * 1000);

    // After acceptance the sign clock stops; after the start the first-feedback clock stops.
    const afterAccept = await getCase(t.baseUrl, caseId, '?revision=3');
    expect(afterAccept.body.clocks.map((c: any) => c.name).sort()).toEqual([
      'firstFeedback',
      'level',
      'wholeMediation',
    ]);
    const afterStart = await getCase(t.baseUrl, caseId, '?revision=4');
    expect(afterStart.body.clocks.map((c: any) => c.name).sort()).toEqual(['level', 'wholeMediation']);

    // Two years on, every clock still running is overdue with negative days left.
    const later = new Date(Date.now() + 2 * 365 * 24 * 3600 * 1000).toISOString();
    const future = await getCase(t.baseUrl, caseId, `?revision=4&asOf=${encodeURIComponent(later)}`);
    expect(future.status).toBe(200);
    expect(future.body.clocks.length).toBeGreaterThan(0);
    for (const clock of future.body.clocks) {
      expect(clock.overdue).toBe(true);
      expect(clock.daysLeft).toBeLessThan(0);
      expect(clock.hoursLeft).toBeLessThan(0);
    }
  });

  it('records the mediation on the case: session, mediators, written agreement, outcome and follow-up', async () => {
    const view = await getCase(t.baseUrl, caseId);
    const details = view.body.state.details;
    expect(details.sessions).toHaveLength(1);
    expect(details.sessions[0]).toMatchObject({
      sessionNo: 1,
      level: 'building',
      mediators: ['Zhao Min'],
      notes: 'Both sides heard; plumber to inspect.',
    });
    expect(details.agreement).toMatchObject({
      form: 'written',
      signedBy: ['Wang Fang', 'Li Qiang'],
      level: 'building',
    });
    expect(details.outcome).toBe('agreement');
    expect(view.body.state.unit).toMatchObject(mediationUnit);
    expect(view.body.state.followUp).toMatchObject({ satisfaction: 'satisfied', reporterSaysResolved: true });
  });

  it('GET ?revision=N rebuilds each earlier state, with ETag N', async () => {
    const expected = [
      'reported',
      'registered',
      'dispatched',
      'accepted',
      'in_progress',
      'in_progress',
      'in_progress',
      'resolved',
      'verified',
      'closed',
      'followed_up',
    ];
    expect(expected).toHaveLength(revision + 1);
    for (let r = 0; r <= revision; r++) {
      const view = await getCase(t.baseUrl, caseId, `?revision=${r}`);
      expect(view.status).toBe(200);
      expect(view.headers.get('etag')).toBe(`"${r}"`);
      expect({ r, status: view.body.state.status, revision: view.body.revision }).toEqual({
        r,
        status: expected[r],
        revision: r,
      });
    }
    // Past the end: no such state (issue #19; the latest state is not passed off as revision N).
    const beyond = await getCase(t.baseUrl, caseId, `?revision=${revision + 100}`);
    expect(beyond.status).toBe(404);
    expect(beyond.body.code).toBe('CASE.REVISION_NOT_FOUND');
  });

  it('GET /history lists every event with revision, position, type, data, time, actor, correlation and causation', async () => {
    recorded = await history(t.baseUrl, caseId);
    expect(recorded.map((e) => e.revision)).toEqual([...Array(revision + 1).keys()]);
    expect(recorded.map((e) => e.type)).toEqual([
      'CaseReported',
      'CaseRegistered',
      'CaseDispatched',
      'DispatchAccepted',
      'WorkStarted',
      'MediationSessionRecorded',
      'MediationAgreementRecorded',
      'CaseResolved',
      'ResolutionVerified',
      'CaseClosed',
      'FollowUpRecorded',
    ]);
    let lastPosition = -1n;
    for (const event of recorded) {
      expect(event.globalPosition).toMatch(/^\d+$/);
      expect(BigInt(event.globalPosition)).toBeGreaterThan(lastPosition);
      lastPosition = BigInt(event.globalPosition);
      expect(Number.isNaN(Date.parse(event.occurredAt))).toBe(false);
      expect(event.actor).toBe(t.users.operator.id);
      expect(event.correlationId).toBe(sentCorrelation.get(event.revision));
      expect(event.causationId).toMatch(UUID);
      expect(event.data.caseId).toBe(caseId);
    }
    // The two events of one command share its causation; different commands have different ones.
    expect(recorded[6]!.causationId).toBe(recorded[7]!.causationId);
    expect(new Set(recorded.map((e) => e.causationId)).size).toBe(recorded.length - 1);
    // occurredAt never goes backwards along the stream.
    for (let i = 1; i < recorded.length; i++) {
      expect(Date.parse(recorded[i]!.occurredAt)).toBeGreaterThanOrEqual(
        Date.parse(recorded[i - 1]!.occurredAt),
      );
    }
    expect(recorded[0]!.data).toMatchObject({
      caseType: 'dispute',
      level: 'building',
      title: 'Water leaking from the flat above',
    });
    expect(recorded[2]!.data).toMatchObject({ unit: mediationUnit, level: 'building' });
    expect(recorded[5]!.data).toMatchObject({
      mediators: ['Zhao Min'],
      notes: 'Both sides heard; plumber to inspect.',
    });
    expect(recorded[10]!.data).toMatchObject({ satisfaction: 'satisfied', reporterSaysResolved: true });
  });

  it("GET ?asOf= gives the state as it was at each event's time, and 404 before the report", async () => {
    for (const event of recorded) {
      const asOf = event.occurredAt;
      // Everything that had happened by then (events of one command share their occurredAt).
      const expectedRevision = Math.max(
        ...recorded.filter((e) => Date.parse(e.occurredAt) <= Date.parse(asOf)).map((e) => e.revision),
      );
      const view = await getCase(t.baseUrl, caseId, `?asOf=${encodeURIComponent(asOf)}`);
      expect(view.status).toBe(200);
      expect(view.body.revision).toBe(expectedRevision);
      expect(view.headers.get('etag')).toBe(`"${expectedRevision}"`);
      const atRevision = await getCase(t.baseUrl, caseId, `?revision=${expectedRevision}`);
      expect(view.body.state).toEqual(atRevision.body.state);
    }
    const before = new Date(Date.parse(recorded[0]!.occurredAt) - 1000).toISOString();
    const none = await getCase(t.baseUrl, caseId, `?asOf=${encodeURIComponent(before)}`);
    expect(none.status).toBe(404);
    expect(none.body.code).toBe('CASE.NOT_FOUND');
    // history?asOf= cuts the list the same way
    const cut = await http(
      t.baseUrl,
      'GET',
      `/api/v1/cases/${caseId}/history?asOf=${encodeURIComponent(recorded[3]!.occurredAt)}`,
    );
    expect(cut.status).toBe(200);
    expect(cut.body.map((e: HistoryEntry) => e.revision)).toEqual([0, 1, 2, 3]);
  });
});
