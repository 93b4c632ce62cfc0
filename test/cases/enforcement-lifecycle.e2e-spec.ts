import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CommandBus } from '@nestjs/cqrs';
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
  PastHandling,
  cstDate,
  cstInstant,
  daysBetween,
  enforcementReport,
  approveImported,
  officers,
  squadOfficerAuth,
} from './petition-enforcement-helpers.js';

/** Law-enforcement cases under 行政处罚法 2021 / 行政强制法 over HTTP, against a real PostgreSQL. */
describe('enforcement lifecycle', () => {
  let t: TestApp;
  /** The centre takes the lead in (POST /cases); the squad runs every enforcement step. */
  let squad: Record<string, string>;
  beforeAll(async () => {
    t = await startTestApp();
    squad = await squadOfficerAuth(t);
  });
  afterAll(async () => t?.close());
  const act = (baseUrl: string, caseId: string, action: string, body: unknown = {}) =>
    actAsOperator(baseUrl, caseId, action, body, squad);
  const must = (baseUrl: string, caseId: string, action: string, body: unknown = {}) =>
    mustAsOperator(baseUrl, caseId, action, body, squad);

  const countEvents = async () =>
    Number((await t.database.pool.query('SELECT count(*)::int AS n FROM es_events')).rows[0].n);
  const stageOf = async (caseId: string) =>
    (await getCase(t.baseUrl, caseId)).body.state.details.stage as string;
  const fine = (fineFen: number) => ({ kinds: ['fine'], fineFen });

  /** Reported, filed, evidence preserved and decided, investigation concluded, penalty proposed and notified. */
  async function notifiedCase(fineFen: number, hearingRight: boolean): Promise<string> {
    const caseId = (await reportCase(t.baseUrl, enforcementReport())).body.caseId as string;
    await must(t.baseUrl, caseId, 'file', { officers, caseNo: 'XH-2026-0117' });
    await must(t.baseUrl, caseId, 'conclude-investigation', {
      summary: 'Sold cooked food without a licence for 3 weeks.',
    });
    await must(t.baseUrl, caseId, 'review', {
      outcome: 'proposed_penalty',
      reason: 'Food Safety Law Art. 122',
      proposedPenalty: fine(fineFen),
    });
    await must(t.baseUrl, caseId, 'notify-penalty', {
      hearingRight,
      content: 'You may state your case and request a hearing.',
    });
    return caseId;
  }

  it('runs with real time as far as the clocks allow: filing, evidence, review, notice, hearing request and scheduling; the steps that need time are refused with their codes', async () => {
    const caseId = (await reportCase(t.baseUrl, enforcementReport())).body.caseId as string;
    expect((await getCase(t.baseUrl, caseId)).body.state).toMatchObject({
      status: 'reported',
      caseType: 'enforcement',
      details: { stage: 'lead' },
    });
    expectProblem(
      await act(t.baseUrl, caseId, 'file', { officers: ['Officer Han'] }),
      422,
      'ENFORCEMENT.TOO_FEW_OFFICERS',
    );
    expectProblem(
      await act(t.baseUrl, caseId, 'file', { officers: ['Officer Han', 'Officer Han'] }),
      422,
      'ENFORCEMENT.TOO_FEW_OFFICERS',
    );
    await must(t.baseUrl, caseId, 'file', { officers, major: false });
    expect((await getCase(t.baseUrl, caseId)).body.clocks.map((c: any) => c.name)).toContain('decision');

    // A preservation is asked for by the squad and approved by the agency head (ADR 0019), never by itself.
    await must(t.baseUrl, caseId, 'preserve-evidence', { items: ['scale', 'price list'] });
    expectProblem(
      await act(t.baseUrl, caseId, 'approve', { requestId: 'approval-1' }),
      403,
      'CASE.SELF_APPROVAL',
    );
    await approveImported(t.app.get(CommandBus), caseId, 'approval-1');
    expectProblem(
      await act(t.baseUrl, caseId, 'conclude-investigation', { summary: 's' }),
      422,
      'ENFORCEMENT.EVIDENCE_DECISION_PENDING',
    );
    expectProblem(
      await act(t.baseUrl, caseId, 'decide-preserved-evidence', { preservationNo: 2, decision: 'seize' }),
      422,
      'ENFORCEMENT.UNKNOWN_PRESERVATION',
    );
    await must(t.baseUrl, caseId, 'decide-preserved-evidence', {
      preservationNo: 1,
      decision: 'seize',
      note: 'kept as evidence',
    });
    await must(t.baseUrl, caseId, 'conclude-investigation', { summary: 'Short-weighted customers.' });
    expectProblem(
      await act(t.baseUrl, caseId, 'review', {
        outcome: 'proposed_penalty',
        reason: 'r',
        major: true,
        proposedPenalty: fine(500000),
      }),
      422,
      'ENFORCEMENT.LEGAL_REVIEW_REQUIRED',
    );
    await must(t.baseUrl, caseId, 'review', {
      outcome: 'proposed_penalty',
      reason: 'Measurement Law Art. 27',
      major: true,
      legalReview: { reviewer: 'Legal officer Sun', opinion: 'Facts clear, basis correct.', passed: true },
      proposedPenalty: fine(500000),
    });
    await must(t.baseUrl, caseId, 'notify-penalty', { hearingRight: true });
    // Deciding inside the 5-working-day hearing window without a waiver is refused.
    expectProblem(
      await act(t.baseUrl, caseId, 'decide', { outcome: 'penalty', penalty: fine(500000), reason: 'r' }),
      422,
      'ENFORCEMENT.HEARING_WINDOW_OPEN',
    );
    await must(t.baseUrl, caseId, 'request-hearing', {});
    // The notice must come 7 working days ahead, and the presider did not investigate.
    expectProblem(
      await act(t.baseUrl, caseId, 'schedule-hearing', {
        hearingAt: cstInstant(Date.now() + 2 * DAY_MS),
        place: 'Hearing room 2',
        presidedBy: 'Legal officer Sun',
      }),
      422,
      'ENFORCEMENT.HEARING_NOTICE_TOO_SHORT',
    );
    const hearingAt = cstInstant(Date.now() + 30 * DAY_MS);
    expectProblem(
      await act(t.baseUrl, caseId, 'schedule-hearing', {
        hearingAt,
        place: 'Hearing room 2',
        presidedBy: 'Officer Han',
      }),
      422,
      'ENFORCEMENT.HEARING_PRESIDER_NOT_INDEPENDENT',
    );
    await must(t.baseUrl, caseId, 'schedule-hearing', {
      hearingAt,
      place: 'Hearing room 2',
      presidedBy: 'Legal officer Sun',
    });
    expect(await stageOf(caseId)).toBe('hearing_scheduled');
    // The hearing lies in the future: it cannot be held (recorded) yet.
    expectProblem(
      await act(t.baseUrl, caseId, 'hold-hearing', { partyAttended: true, record: 'r' }),
      400,
      'CASE.INVALID_COMMAND',
    );
    expect((await history(t.baseUrl, caseId)).map((e) => e.type)).toEqual([
      'CaseReported',
      'EnforcementCaseFiled',
      'ApprovalRequested',
      'ApprovalGranted',
      'EvidencePreserved',
      'PreservedEvidenceDecided',
      'InvestigationConcluded',
      'EnforcementCaseReviewed',
      'ProposedPenaltyNotified',
      'HearingRequested',
      'HearingScheduled',
    ]);
  });

  it('full case handled from 60 days ago: hearing held, decided, served; paid late today over HTTP with the 3 %/day surcharge in fen; archived', async () => {
    const fineFen = 123_457;
    const past = new PastHandling(t);
    const t0 = Date.now() - 60 * DAY_MS;
    const h = 3_600_000;
    await past.report(t0, enforcementReport());
    await past.at(t0 + h, 'FileEnforcementCase', { officers });
    await past.at(t0 + 2 * h, 'PreserveEvidence', { items: ['stall'] });
    await past.approve(t0 + 2 * h + 60_000, 'approval-1');
    await past.at(t0 + 3 * h, 'DecidePreservedEvidence', { preservationNo: 1, decision: 'release' });
    await past.at(t0 + 1 * DAY_MS, 'ConcludeInvestigation', { summary: 'Unlicensed sale.' });
    await past.at(t0 + 2 * DAY_MS, 'ReviewEnforcementCase', {
      outcome: 'proposed_penalty',
      reason: 'Art. 122',
      proposedPenalty: fine(fineFen),
    });
    await past.at(t0 + 3 * DAY_MS, 'NotifyProposedPenalty', { hearingRight: true });
    await past.at(t0 + 4 * DAY_MS, 'RequestHearing', {});
    const hearingAt = t0 + 25 * DAY_MS;
    await past.at(t0 + 5 * DAY_MS, 'ScheduleHearing', {
      hearingAt: cstInstant(hearingAt),
      place: 'Hearing room 1',
      presidedBy: 'Legal officer Sun',
    });
    await past.at(hearingAt + h, 'HoldHearing', {
      partyAttended: true,
      record: 'The party admitted the facts.',
    });
    await past.at(hearingAt + DAY_MS, 'DecidePenalty', {
      outcome: 'penalty',
      penalty: fine(fineFen),
      reason: 'Art. 122',
      decisionNo: 'XH-2026-0117-D',
    });
    await past.at(hearingAt + 2 * DAY_MS, 'ServeDecision', { method: 'in_person' });
    const caseId = past.caseId;

    let view = await getCase(t.baseUrl, caseId);
    expect(view.body.state.details).toMatchObject({
      stage: 'awaiting_payment',
      hearing: { held: { partyAttended: true, waived: false } },
      execution: { fineFen, payment: null },
    });
    const servedOn = cstDate(hearingAt + 2 * DAY_MS);
    const dueDate = view.body.state.details.execution.paymentDueDate as string;
    // 15 calendar days after service (Art. 67), moved past a rest day at most a few days.
    expect(daysBetween(servedOn, dueDate)).toBeGreaterThanOrEqual(15);
    expect(daysBetween(servedOn, dueDate)).toBeLessThanOrEqual(19);
    expect(view.body.clocks.find((c: any) => c.name === 'payment').overdue).toBe(true);

    const today = cstDate(Date.now());
    const lateDays = daysBetween(dueDate, today);
    expect(lateDays).toBeGreaterThan(0);
    expect(lateDays).toBeLessThan(34); // below the cap, so the 3 % arithmetic shows
    // 3 % of the fine per day late, fractions of a fen dropped (Art. 72), computed independently in BigInt.
    const surchargeFen = Number((BigInt(fineFen) * 3n * BigInt(lateDays)) / 100n);
    expect(surchargeFen).toBeLessThan(fineFen);
    expect(surchargeFen).toBeGreaterThan(0);

    // The fine alone, or one fen short, is refused with the amount owed; paying tomorrow is not possible today.
    const refused = await act(t.baseUrl, caseId, 'record-payment', { amountFen: fineFen, paidOn: today });
    expectProblem(refused, 422, 'ENFORCEMENT.PAYMENT_AMOUNT_MISMATCH');
    expect(refused.body.detail).toContain(`${fineFen + surchargeFen} fen`);
    expectProblem(
      await act(t.baseUrl, caseId, 'record-payment', {
        amountFen: fineFen + surchargeFen - 1,
        paidOn: today,
      }),
      422,
      'ENFORCEMENT.PAYMENT_AMOUNT_MISMATCH',
    );
    expectProblem(
      await act(t.baseUrl, caseId, 'record-payment', {
        amountFen: fineFen + surchargeFen,
        paidOn: cstDate(Date.now() + DAY_MS),
      }),
      400,
      'CASE.INVALID_COMMAND',
    );

    const paid = await must(t.baseUrl, caseId, 'record-payment', {
      amountFen: fineFen + surchargeFen,
      paidOn: today,
      receiptNo: 'R-000123',
    });
    expect(paid.body.events).toEqual(['FinePaid']);
    view = await getCase(t.baseUrl, caseId);
    expect(view.body.state.details.stage).toBe('paid');
    expect(view.body.state.details.execution.payment).toEqual({
      paidOn: today,
      fineFen,
      surchargeFen,
      totalFen: fineFen + surchargeFen,
    });
    const finePaid = (await history(t.baseUrl, caseId)).at(-1)!;
    expect(finePaid.data).toMatchObject({
      fineFen,
      surchargeFen,
      totalFen: fineFen + surchargeFen,
      lateDays,
      receiptNo: 'R-000123',
    });

    await must(t.baseUrl, caseId, 'archive', { note: 'File closed.' });
    view = await getCase(t.baseUrl, caseId);
    expect(view.body.state).toMatchObject({ status: 'closed', details: { stage: 'archived' } });
    expectProblem(await act(t.baseUrl, caseId, 'archive', {}), 409, 'CASE.ILLEGAL_TRANSITION');
  });

  it('the late surcharge is capped at the fine (served 120 days ago, paid today)', async () => {
    const fineFen = 50_001;
    const past = new PastHandling(t);
    const t0 = Date.now() - 120 * DAY_MS;
    await past.report(t0, enforcementReport());
    await past.at(t0 + 3_600_000, 'FileEnforcementCase', { officers });
    await past.at(t0 + 2 * 3_600_000, 'ConcludeInvestigation', { summary: 's' });
    await past.at(t0 + 3 * 3_600_000, 'ReviewEnforcementCase', {
      outcome: 'proposed_penalty',
      reason: 'r',
      proposedPenalty: fine(fineFen),
    });
    await past.at(t0 + 4 * 3_600_000, 'NotifyProposedPenalty', { hearingRight: false });
    await past.at(t0 + DAY_MS, 'DecidePenalty', { outcome: 'penalty', penalty: fine(fineFen), reason: 'r' });
    await past.at(t0 + 2 * DAY_MS, 'ServeDecision', { method: 'post' });
    const today = cstDate(Date.now());
    expectProblem(
      await act(t.baseUrl, past.caseId, 'record-payment', { amountFen: 2 * fineFen + 1, paidOn: today }),
      422,
      'ENFORCEMENT.PAYMENT_AMOUNT_MISMATCH',
    );
    await must(t.baseUrl, past.caseId, 'record-payment', { amountFen: 2 * fineFen, paidOn: today });
    expect((await getCase(t.baseUrl, past.caseId)).body.state.details.execution.payment).toMatchObject({
      fineFen,
      surchargeFen: fineFen,
      totalFen: 2 * fineFen,
    });
  });

  it('with real time: a waived hearing is decided at once, served, paid on time (no surcharge) and archived; demand and court wait for their periods', async () => {
    const fineFen = 80_000;
    const caseId = await notifiedCase(fineFen, true);
    expectProblem(
      await act(t.baseUrl, caseId, 'decide', { outcome: 'penalty', penalty: fine(fineFen), reason: 'r' }),
      422,
      'ENFORCEMENT.HEARING_WINDOW_OPEN',
    );
    await must(t.baseUrl, caseId, 'decide', {
      outcome: 'penalty',
      penalty: fine(fineFen),
      reason: 'Food Safety Law Art. 122',
      hearingWaived: true,
    });
    expectProblem(
      await act(t.baseUrl, caseId, 'serve', {
        method: 'in_person',
        servedAt: cstInstant(Date.now() - DAY_MS),
      }),
      422,
      'CASE.OCCURRED_BEFORE_PREVIOUS_FACT',
    );
    await must(t.baseUrl, caseId, 'serve', { method: 'in_person' });
    expect(await stageOf(caseId)).toBe('awaiting_payment');
    expectProblem(await act(t.baseUrl, caseId, 'demand-payment', {}), 422, 'ENFORCEMENT.PAYMENT_NOT_OVERDUE');
    expectProblem(
      await act(t.baseUrl, caseId, 'apply-court-enforcement', { court: 'District court' }),
      409,
      'CASE.ILLEGAL_TRANSITION',
    );
    expectProblem(await act(t.baseUrl, caseId, 'archive', {}), 409, 'CASE.ILLEGAL_TRANSITION');
    const today = cstDate(Date.now());
    await must(t.baseUrl, caseId, 'record-payment', { amountFen: fineFen, paidOn: today });
    expect((await getCase(t.baseUrl, caseId)).body.state.details.execution.payment).toEqual({
      paidOn: today,
      fineFen,
      surchargeFen: 0,
      totalFen: fineFen,
    });
    await must(t.baseUrl, caseId, 'archive', {});
    expect(await stageOf(caseId)).toBe('archived');
  });

  it('a fine served 58 days ago and unpaid is demanded today; the court application waits for the 10-working-day demand period', async () => {
    const fineFen = 20_000;
    const past = new PastHandling(t);
    const t0 = Date.now() - 60 * DAY_MS;
    await past.report(t0, enforcementReport());
    await past.at(t0 + 3_600_000, 'FileEnforcementCase', { officers });
    await past.at(t0 + 2 * 3_600_000, 'ConcludeInvestigation', { summary: 's' });
    await past.at(t0 + 3 * 3_600_000, 'ReviewEnforcementCase', {
      outcome: 'proposed_penalty',
      reason: 'r',
      proposedPenalty: fine(fineFen),
    });
    await past.at(t0 + 4 * 3_600_000, 'NotifyProposedPenalty', { hearingRight: false });
    await past.at(t0 + DAY_MS, 'DecidePenalty', { outcome: 'penalty', penalty: fine(fineFen), reason: 'r' });
    await past.at(t0 + 2 * DAY_MS, 'ServeDecision', { method: 'post' });
    await must(t.baseUrl, past.caseId, 'demand-payment', { note: 'Written demand delivered.' });
    expect(await stageOf(past.caseId)).toBe('demanded');
    expectProblem(
      await act(t.baseUrl, past.caseId, 'apply-court-enforcement', { court: 'District court' }),
      422,
      'ENFORCEMENT.DEMAND_PERIOD_RUNNING',
    );
  });

  it('simple on-the-spot procedure: ¥200 for a person and ¥3,000 for an organisation are the caps, one fen more is refused', async () => {
    const spot = (partyKind: string, fineFen: number) => ({
      outcome: 'simple_procedure',
      reason: 'Caught in the act',
      onTheSpot: {
        partyKind,
        penalty: fine(fineFen),
        facts: 'Occupied the pavement with goods.',
        legalBasis: 'City appearance regulations Art. 17',
        officers,
      },
    });
    const cases: Array<[string, number, number | string]> = [
      ['person', 20_000, 200],
      ['person', 20_001, 'ENFORCEMENT.SIMPLE_PROCEDURE_LIMIT_EXCEEDED'],
      ['organisation', 300_000, 200],
      ['organisation', 300_001, 'ENFORCEMENT.SIMPLE_PROCEDURE_LIMIT_EXCEEDED'],
    ];
    for (const [partyKind, fineFen, expected] of cases) {
      const caseId = (
        await reportCase(t.baseUrl, enforcementReport({}, { party: { kind: partyKind, name: 'Party' } }))
      ).body.caseId as string;
      const before = await countEvents();
      const response = await act(t.baseUrl, caseId, 'screen', spot(partyKind, fineFen));
      if (expected === 200) {
        expect(response.status).toBe(200);
        expect(response.body.events).toEqual(['LeadScreened', 'PenaltyDecided', 'PenaltyDecisionServed']);
        const view = await getCase(t.baseUrl, caseId);
        expect(view.body.state.details).toMatchObject({
          stage: 'awaiting_payment',
          decision: { procedure: 'simple', penalty: { fineFen } },
          service: { method: 'on_the_spot' },
        });
        // Paid on the spot the same day, then archived.
        await must(t.baseUrl, caseId, 'record-payment', { amountFen: fineFen, paidOn: cstDate(Date.now()) });
        await must(t.baseUrl, caseId, 'archive', {});
        expect(await stageOf(caseId)).toBe('archived');
      } else {
        expectProblem(response, 422, expected as string);
        expect(await countEvents()).toBe(before);
        expect(await stageOf(caseId)).toBe('lead');
      }
    }
    // Only a warning or a small fine on the spot; fewer than two officers is refused too.
    const lead = (await reportCase(t.baseUrl, enforcementReport())).body.caseId as string;
    expectProblem(
      await act(t.baseUrl, lead, 'screen', {
        ...spot('person', 0),
        onTheSpot: { ...spot('person', 0).onTheSpot, penalty: { kinds: ['confiscation'], fineFen: 0 } },
      }),
      422,
      'ENFORCEMENT.SIMPLE_PROCEDURE_LIMIT_EXCEEDED',
    );
    expectProblem(
      await act(t.baseUrl, lead, 'screen', {
        ...spot('person', 100),
        onTheSpot: { ...spot('person', 100).onTheSpot, officers: ['Officer Han'] },
      }),
      422,
      'ENFORCEMENT.TOO_FEW_OFFICERS',
    );
    await must(t.baseUrl, lead, 'screen', {
      ...spot('person', 0),
      onTheSpot: { ...spot('person', 0).onTheSpot, penalty: { kinds: ['warning'], fineFen: 0 } },
    });
    expect(await stageOf(lead)).toBe('executed');
  });

  it('leads that open no file: not filed, referred out (enforcement routes only), transferred to the judiciary at review', async () => {
    const notFiled = (await reportCase(t.baseUrl, enforcementReport())).body.caseId as string;
    await must(t.baseUrl, notFiled, 'screen', { outcome: 'not_filed', reason: 'No violation found.' });
    expect((await getCase(t.baseUrl, notFiled)).body.state).toMatchObject({
      status: 'rejected',
      details: { stage: 'not_filed' },
    });
    await must(t.baseUrl, notFiled, 'archive', {});

    const referred = (await reportCase(t.baseUrl, enforcementReport())).body.caseId as string;
    expectProblem(
      await act(t.baseUrl, referred, 'refer-out', {
        route: 'litigation',
        body: 'District court',
        reason: 'r',
      }),
      400,
      'CASE.INVALID_COMMAND',
    );
    await must(t.baseUrl, referred, 'refer-out', {
      route: 'competent_body',
      body: 'District environment bureau',
      reason: 'Noise from a factory: not ours.',
    });
    expect((await getCase(t.baseUrl, referred)).body.state).toMatchObject({
      status: 'referred_out',
      details: { stage: 'referred_out' },
    });

    const transferred = (await reportCase(t.baseUrl, enforcementReport())).body.caseId as string;
    await must(t.baseUrl, transferred, 'file', { officers });
    await must(t.baseUrl, transferred, 'conclude-investigation', { summary: 'Amounts suggest a crime.' });
    await must(t.baseUrl, transferred, 'review', {
      outcome: 'transfer_to_judiciary',
      reason: 'Suspected crime',
      judiciaryBody: 'District public security bureau',
    });
    expect((await getCase(t.baseUrl, transferred)).body.state).toMatchObject({
      status: 'referred_out',
      details: { stage: 'transferred' },
    });
    await must(t.baseUrl, transferred, 'archive', {});
  });
});
