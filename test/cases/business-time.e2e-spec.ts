import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/test-app.js';
import {
  act as actAsOperator,
  expectProblem,
  getCase,
  history,
  must as mustAsOperator,
  reportCase,
} from './case-api.js';
import {
  DAY_MS,
  cstDate,
  cstInstant,
  enforcementReport,
  officers,
  petitionReport,
  squadOfficerAuth,
} from './petition-enforcement-helpers.js';

/**
 * Business time over HTTP (issue #17, ADR 0018): every case action and POST /cases take `occurredAt`
 * (when the fact happened) and `backdatingReason`; clocks count from the business time, the history
 * keeps both times.
 */
describe('business time over HTTP', () => {
  let t: TestApp;
  let squad: Record<string, string>;
  beforeAll(async () => {
    t = await startTestApp();
    squad = await squadOfficerAuth(t);
  });
  afterAll(async () => t?.close());
  const act = (caseId: string, action: string, body: unknown = {}) =>
    actAsOperator(t.baseUrl, caseId, action, body, squad);
  const must = (caseId: string, action: string, body: unknown = {}) =>
    mustAsOperator(t.baseUrl, caseId, action, body, squad);

  /** An enforcement case whose proposed penalty was served on the party `noticeDaysAgo` days ago. */
  async function noticeServedDaysAgo(noticeDaysAgo: number): Promise<{ caseId: string; noticeMs: number }> {
    const now = Date.now();
    const at = (daysAgo: number) => cstInstant(now - daysAgo * DAY_MS);
    const reported = await reportCase(t.baseUrl, {
      ...enforcementReport(),
      occurredAt: at(noticeDaysAgo + 5),
    });
    expect(reported.status).toBe(201);
    const caseId = reported.body.caseId as string;
    await must(caseId, 'file', { officers, occurredAt: at(noticeDaysAgo + 4) });
    await must(caseId, 'conclude-investigation', {
      summary: 'Sold cooked food without a licence.',
      occurredAt: at(noticeDaysAgo + 2),
    });
    await must(caseId, 'review', {
      outcome: 'proposed_penalty',
      reason: 'Food Safety Law Art. 122',
      proposedPenalty: { kinds: ['fine'], fineFen: 100_000 },
      occurredAt: at(noticeDaysAgo + 1),
    });
    const noticeMs = now - noticeDaysAgo * DAY_MS;
    await must(caseId, 'notify-penalty', {
      hearingRight: true,
      content: 'You may state your case and request a hearing.',
      occurredAt: cstInstant(noticeMs),
    });
    return { caseId, noticeMs };
  }

  it('a hearing request made inside the 5 working days of Art. 64 but recorded after them is accepted, dated when it was made', async () => {
    const { caseId, noticeMs } = await noticeServedDaysAgo(20);
    const notified = (await getCase(t.baseUrl, caseId)).body.state;
    expect(notified.deadlines.hearingRequest.counting.trigger).toBe(cstInstant(noticeMs));
    const requestedAt = cstInstant(noticeMs + 3 * DAY_MS);
    await must(caseId, 'request-hearing', { occurredAt: requestedAt });
    const state = (await getCase(t.baseUrl, caseId)).body.state;
    expect(state.details.stage).toBe('hearing_requested');
    const events = await history(t.baseUrl, caseId);
    const request = events.find((e) => e.type === 'HearingRequested')!;
    expect(request.data.requestedAt).toBe(requestedAt);
    expect(request.occurredAt).toBe(requestedAt);
    expect(Date.parse(request.recordedAt)).toBeGreaterThan(Date.parse(requestedAt) + 16 * DAY_MS);
  });

  it('the same request dated when it was typed in is late (422 ENFORCEMENT.HEARING_REQUEST_LATE)', async () => {
    const { caseId } = await noticeServedDaysAgo(20);
    expectProblem(await act(caseId, 'request-hearing'), 422, 'ENFORCEMENT.HEARING_REQUEST_LATE');
  });

  it("a petition letter's 15-day routing limit (信访工作条例 Art. 22) runs from its receipt, not from data entry", async () => {
    const receivedMs = Date.now() - 5 * DAY_MS;
    const receivedAt = cstInstant(receivedMs);
    const response = await reportCase(t.baseUrl, {
      ...petitionReport(),
      source: 'petition_letter',
      occurredAt: receivedAt,
    });
    expect(response.status).toBe(201);
    const caseId = response.body.caseId as string;
    const routing = (await getCase(t.baseUrl, caseId)).body.state.deadlines.routing;
    expect(routing.counting).toMatchObject({ trigger: receivedAt, unit: 'calendar_days', amount: 15 });
    expect(routing.counting.startDay).toBe(cstDate(receivedMs + DAY_MS));
    const [reported] = await history(t.baseUrl, caseId);
    expect(reported!.data.reportedAt).toBe(receivedAt);
  });

  it('refuses a business time in the future, one before the previous fact, a stale one without a reason, and a malformed one', async () => {
    const reported = await reportCase(t.baseUrl, enforcementReport());
    const caseId = reported.body.caseId as string;
    expectProblem(
      await act(caseId, 'file', { officers, occurredAt: '2099-01-01T09:00:00+08:00' }),
      422,
      'CASE.OCCURRED_IN_FUTURE',
    );
    expectProblem(
      await act(caseId, 'file', { officers, occurredAt: cstInstant(Date.now() - 2 * DAY_MS) }),
      422,
      'CASE.OCCURRED_BEFORE_PREVIOUS_FACT',
    );
    expectProblem(
      await act(caseId, 'file', { officers, occurredAt: '2026-02-30T09:00:00+08:00' }),
      400,
      'VALIDATION.FAILED',
    );
    expectProblem(
      await reportCase(t.baseUrl, { ...enforcementReport(), occurredAt: '2001-05-01T09:00:00+08:00' }),
      422,
      'CASE.BACKDATING_REASON_REQUIRED',
    );
    const late = await reportCase(t.baseUrl, {
      ...enforcementReport(),
      occurredAt: cstInstant(Date.now() - 40 * DAY_MS),
      backdatingReason: 'Paper file found in the archive of the old squad office',
    });
    expect(late.status).toBe(201);
    const types = (await history(t.baseUrl, late.body.caseId as string)).map((e) => e.type);
    expect(types).toEqual(['CaseReported', 'LateEntryJustified']);
  });
});
