import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { act, expectProblem, getCase, history, must, reportCase, unit } from './case-api.js';
import {
  DAY_MS,
  PastHandling,
  cstInstant,
  petitionReport,
  petitioner,
} from './petition-enforcement-helpers.js';

/** Petitions under 信访工作条例 2022 over HTTP, against a real PostgreSQL. */
describe('petition lifecycle', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  const countEvents = async () =>
    Number((await t.database.pool.query('SELECT count(*)::int AS n FROM es_events')).rows[0].n);
  const fingerprintRows = async (caseId: string) =>
    (
      await t.database.pool.query('SELECT fingerprint, final FROM petition_fingerprints WHERE case_id = $1', [
        caseId,
      ])
    ).rows;

  /** report → route → notify → answer → request-review → answer-review → request-re-review → answer-re-review. */
  async function finalPetition(body: Record<string, any>): Promise<string> {
    const reported = await reportCase(t.baseUrl, body);
    expect(reported.status).toBe(201);
    const caseId = reported.body.caseId as string;
    await must(t.baseUrl, caseId, 'route', {
      mode: 'assign',
      toBody: unit('Street housing office'),
      note: 'result report required',
    });
    await must(t.baseUrl, caseId, 'notify', {
      content: 'Accepted on 28 Nov; handled within 60 days (Art. 34).',
    });
    await must(t.baseUrl, caseId, 'answer', {
      answer: 'not_support',
      opinion: 'The valuation followed the published method.',
      legalBasis: '国有土地上房屋征收与补偿条例第十九条',
    });
    await must(t.baseUrl, caseId, 'request-review', {
      reviewBody: unit('District housing bureau'),
      reason: 'The neighbours were valued higher.',
    });
    await must(t.baseUrl, caseId, 'answer-review', {
      answer: 'not_support',
      opinion: 'The original opinion stands.',
    });
    await must(t.baseUrl, caseId, 'request-re-review', {
      reReviewBody: unit('District government'),
      reason: 'Still unfair.',
    });
    await must(t.baseUrl, caseId, 'answer-re-review', {
      answer: 'explain',
      opinion: 'Re-review: the opinion stands; this is final.',
    });
    return caseId;
  }

  it('runs a request through answer, review and re-review to final, stage by stage', async () => {
    const body = petitionReport();
    const reported = await reportCase(t.baseUrl, body);
    expect(reported.status).toBe(201);
    expect(reported.body.events).toEqual(['CaseReported']);
    const caseId = reported.body.caseId as string;
    let view = await getCase(t.baseUrl, caseId);
    expect(view.body.state).toMatchObject({
      status: 'reported',
      caseType: 'petition',
      details: { stage: 'received', channel: 'visit', class: 'request', final: false },
    });
    expect(view.body.state.details.factsFingerprint).toMatch(/^pf1:[0-9a-f]{16}$/);
    expect(view.body.clocks.map((c: any) => c.name)).toContain('routing');

    const steps: Array<[string, unknown, string, string, string]> = [
      [
        'route',
        { mode: 'forward', toBody: unit('Street housing office') },
        'PetitionRouted',
        'routed',
        'dispatched',
      ],
      [
        'notify',
        { content: 'Accepted; you will be answered within 60 days.' },
        'PetitionerNotified',
        'accepted',
        'in_progress',
      ],
      [
        'answer',
        { answer: 'not_support', opinion: 'The valuation followed the published method.' },
        'PetitionAnswered',
        'answered',
        'resolved',
      ],
      [
        'request-review',
        { reviewBody: unit('District housing bureau'), reason: 'The neighbours got more.' },
        'PetitionReviewRequested',
        'review_requested',
        'in_progress',
      ],
      [
        'answer-review',
        { answer: 'not_support', opinion: 'Upheld.' },
        'PetitionReviewAnswered',
        'reviewed',
        'resolved',
      ],
      [
        'request-re-review',
        { reReviewBody: unit('District government'), reason: 'Still unfair.' },
        'PetitionReReviewRequested',
        're_review_requested',
        'in_progress',
      ],
      [
        'answer-re-review',
        { answer: 'explain', opinion: 'Final: the opinion stands.' },
        'PetitionReReviewAnswered',
        'final',
        'closed',
      ],
    ];
    let revision = 0;
    for (const [action, data, event, stage, status] of steps) {
      const response = await must(t.baseUrl, caseId, action, data);
      revision += 1;
      expect(response.body).toEqual({ caseId, revision, events: [event] });
      expect(response.headers.get('etag')).toBe(`"${revision}"`);
      view = await getCase(t.baseUrl, caseId);
      expect({ action, stage: view.body.state.details.stage, status: view.body.state.status }).toEqual({
        action,
        stage,
        status,
      });
    }
    expect(view.body.state.details.final).toBe(true);
    expect(view.body.clocks).toEqual([]);
    expect((await history(t.baseUrl, caseId)).map((e) => e.type)).toEqual([
      'CaseReported',
      ...steps.map((s) => s[2]),
    ]);
    // The index row follows the stream: written at the report, marked final after the re-review answer.
    expect(await fingerprintRows(caseId)).toEqual([
      { fingerprint: view.body.state.details.factsFingerprint, final: true },
    ]);

    // Final: review and re-review are refused with the decider's code (Art. 36 para. 3).
    expectProblem(
      await act(t.baseUrl, caseId, 'request-review', { reviewBody: unit(), reason: 'again' }),
      422,
      'PETITION.ALREADY_FINAL',
    );
    expectProblem(
      await act(t.baseUrl, caseId, 'request-re-review', { reReviewBody: unit(), reason: 'again' }),
      422,
      'PETITION.ALREADY_FINAL',
    );
  });

  it('refuses a repeat petition on the same facts by the same petitioner once the first is final; nothing is appended', async () => {
    const facts = randomUUID();
    const first = await finalPetition(petitionReport(facts));

    const repeat = petitionReport(
      facts,
      { title: 'Again: the Lane 12 compensation', source: 'petition_letter' },
      { channel: 'letter' },
    );
    // Same facts written differently: spacing, full-width punctuation and case do not matter.
    repeat.petition.matter = `  ${repeat.petition.matter.toUpperCase().replace(/,/g, '，').replace(/ /g, '  ')}`;
    const before = await countEvents();
    const refused = await reportCase(t.baseUrl, repeat);
    expectProblem(refused, 422, 'PETITION.ALREADY_FINAL');
    expect(refused.headers.get('location')).toBeNull();
    expect(await countEvents()).toBe(before);
    // A retry under an Idempotency-Key is refused the same way and still appends nothing.
    const key = `repeat-${randomUUID()}`;
    expectProblem(
      await reportCase(t.baseUrl, repeat, { 'Idempotency-Key': key }),
      422,
      'PETITION.ALREADY_FINAL',
    );
    expectProblem(
      await reportCase(t.baseUrl, repeat, { 'Idempotency-Key': key }),
      422,
      'PETITION.ALREADY_FINAL',
    );
    expect(await countEvents()).toBe(before);
    // The earlier case is untouched.
    expect((await getCase(t.baseUrl, first)).body.state.details.stage).toBe('final');
  });

  it('matches the petitioner by ID number when both have one, and by name and phone otherwise', async () => {
    const facts = randomUUID();
    const withId = { ...petitioner('Zhou Min', '13700137000'), idNumber: '11010519491231002X' };
    await finalPetition(petitionReport(facts, {}, { petitioners: [withId] }));
    // Same ID number, different phone: the same person.
    expectProblem(
      await reportCase(
        t.baseUrl,
        petitionReport(facts, {}, { petitioners: [{ ...withId, phone: '13600136000' }] }),
      ),
      422,
      'PETITION.ALREADY_FINAL',
    );
    // One of several petitioners is the same person: still a repeat.
    expectProblem(
      await reportCase(
        t.baseUrl,
        petitionReport(facts, {}, { petitioners: [petitioner('Wu Gang', '13500135000'), withId] }),
      ),
      422,
      'PETITION.ALREADY_FINAL',
    );
    // Someone else on the same facts is not barred by another person's final opinion.
    expect(
      (
        await reportCase(
          t.baseUrl,
          petitionReport(facts, {}, { petitioners: [petitioner('Wu Gang', '13500135000')] }),
        )
      ).status,
    ).toBe(201);
    // Different facts, same person: a new matter.
    expect(
      (await reportCase(t.baseUrl, petitionReport(randomUUID(), {}, { petitioners: [withId] }))).status,
    ).toBe(201);
  });

  it("uses intake's own facts key when given, and does not bar facts whose petition is not final", async () => {
    const key = `intake:${randomUUID()}`;
    await finalPetition(petitionReport(randomUUID(), {}, { factsFingerprint: key }));
    // Different wording, but intake matched it to the same facts.
    expectProblem(
      await reportCase(t.baseUrl, petitionReport(randomUUID(), {}, { factsFingerprint: key })),
      422,
      'PETITION.ALREADY_FINAL',
    );

    const facts = randomUUID();
    const open = (await reportCase(t.baseUrl, petitionReport(facts))).body.caseId as string;
    await must(t.baseUrl, open, 'route', { mode: 'forward', toBody: unit() });
    await must(t.baseUrl, open, 'notify', { content: 'Accepted.' });
    await must(t.baseUrl, open, 'answer', { answer: 'support', opinion: 'Reassessed.' });
    // Answered but not final (a review may still be asked): the same facts may come again.
    expect((await reportCase(t.baseUrl, petitionReport(facts))).status).toBe(201);
  });

  it('informs the petitioner of the competent body (closed at once), and a suggestion is replied to', async () => {
    const informed = (await reportCase(t.baseUrl, petitionReport())).body.caseId as string;
    const routed = await must(t.baseUrl, informed, 'route', {
      mode: 'inform',
      competentBody: 'District court',
    });
    expect(routed.body.events).toEqual(['PetitionRouted']);
    expect((await getCase(t.baseUrl, informed)).body.state).toMatchObject({
      status: 'closed',
      details: { stage: 'informed', routing: { mode: 'inform', competentBody: 'District court' } },
    });

    const suggestion = (
      await reportCase(
        t.baseUrl,
        petitionReport(randomUUID(), {}, { class: 'suggestion', channel: 'online' }),
      )
    ).body.caseId as string;
    await must(t.baseUrl, suggestion, 'route', { mode: 'forward', toBody: unit() });
    await must(t.baseUrl, suggestion, 'notify', { content: 'Received.' });
    expectProblem(
      await act(t.baseUrl, suggestion, 'answer', { answer: 'support', opinion: 'x' }),
      422,
      'PETITION.NOT_A_REQUEST',
    );
    expectProblem(
      await act(t.baseUrl, suggestion, 'divert', { route: 'litigation', reason: 'x' }),
      422,
      'PETITION.NOT_A_REQUEST',
    );
    await must(t.baseUrl, suggestion, 'answer', {
      answer: 'reply',
      opinion: 'Thank you; the bus stop will be moved.',
    });
    expect((await getCase(t.baseUrl, suggestion)).body.state).toMatchObject({
      status: 'closed',
      details: { stage: 'replied' },
    });
  });

  it('diverts a request with a legal route, objects to a misrouting, records a re-review hearing', async () => {
    const diverted = (await reportCase(t.baseUrl, petitionReport())).body.caseId as string;
    await must(t.baseUrl, diverted, 'route', { mode: 'forward', toBody: unit() });
    // Misrouted: the body objects within 5 working days and the office routes again.
    await must(t.baseUrl, diverted, 'object', { reason: 'Not our jurisdiction.' });
    expect((await getCase(t.baseUrl, diverted)).body.state.details).toMatchObject({
      stage: 'received',
      objections: [{ reason: 'Not our jurisdiction.' }],
    });
    await must(t.baseUrl, diverted, 'route', { mode: 'forward', toBody: unit() });
    await must(t.baseUrl, diverted, 'notify', { content: 'Accepted.' });
    await must(t.baseUrl, diverted, 'divert', {
      route: 'administrative_review',
      body: 'District government',
      reason: 'An administrative act: review applies.',
    });
    expect((await getCase(t.baseUrl, diverted)).body.state).toMatchObject({
      status: 'referred_out',
      details: { stage: 'diverted' },
    });

    const heard = (await reportCase(t.baseUrl, petitionReport())).body.caseId as string;
    await must(t.baseUrl, heard, 'route', { mode: 'forward', toBody: unit() });
    await must(t.baseUrl, heard, 'notify', { content: 'Accepted.' });
    await must(t.baseUrl, heard, 'answer', { answer: 'explain', opinion: 'Explained.' });
    await must(t.baseUrl, heard, 'request-review', { reviewBody: unit(), reason: 'r' });
    await must(t.baseUrl, heard, 'answer-review', { answer: 'explain', opinion: 'Upheld.' });
    await must(t.baseUrl, heard, 'request-re-review', { reReviewBody: unit(), reason: 'r' });
    const before = (await getCase(t.baseUrl, heard)).body.clocks.find(
      (c: any) => c.name === 'reReviewAnswer',
    );
    // A hearing that has not ended yet cannot be recorded.
    const today = cstInstant(Date.now()).slice(0, 10);
    const tomorrow = cstInstant(Date.now() + DAY_MS).slice(0, 10);
    expectProblem(
      await act(t.baseUrl, heard, 'record-hearing', { startedOn: today, endedOn: tomorrow }),
      400,
      'CASE.INVALID_COMMAND',
    );
    await must(t.baseUrl, heard, 'record-hearing', {
      startedOn: today,
      endedOn: today,
      note: 'Hearing held in the district hall.',
    });
    const after = (await getCase(t.baseUrl, heard)).body.clocks.find((c: any) => c.name === 'reReviewAnswer');
    // The hearing day is left out of the 30-day limit (Art. 36 para. 2).
    expect(after.basis.note ?? JSON.stringify(after.basis)).toMatch(/1 hearing day/);
    expect(Date.parse(after.dueAt)).toBeGreaterThan(Date.parse(before.dueAt));
  });

  it('closure for no request: refused while the review window is open; once it has run out the petition closes, is not final, and bars no new petition', async () => {
    // Real time: the window is open, so the process manager's command is refused.
    const open = (await reportCase(t.baseUrl, petitionReport())).body.caseId as string;
    await must(t.baseUrl, open, 'route', { mode: 'forward', toBody: unit() });
    await must(t.baseUrl, open, 'notify', { content: 'Accepted.' });
    await must(t.baseUrl, open, 'answer', { answer: 'not_support', opinion: 'No.' });
    expectProblem(
      await act(t.baseUrl, open, 'close-for-no-request', {}),
      422,
      'PETITION.REQUEST_WINDOW_OPEN',
    );

    // A petition handled 50 days ago (same handler, earlier business time): its 30-day window has run out.
    const facts = randomUUID();
    const past = new PastHandling(t);
    const t0 = Date.now() - 50 * DAY_MS;
    await past.report(t0, petitionReport(facts));
    await past.at(t0 + 3_600_000, 'RoutePetition', { mode: 'forward', toBody: unit() });
    await past.at(t0 + 2 * 3_600_000, 'NotifyPetitioner', { content: 'Accepted.' });
    await past.at(t0 + 5 * DAY_MS, 'AnswerPetition', { answer: 'not_support', opinion: 'No.' });
    const caseId = past.caseId;
    expectProblem(
      await act(t.baseUrl, caseId, 'request-review', { reviewBody: unit(), reason: 'late' }),
      422,
      'PETITION.REVIEW_WINDOW_CLOSED',
    );
    const closed = await must(t.baseUrl, caseId, 'close-for-no-request', {});
    expect(closed.body.events).toEqual(['PetitionClosedForNoRequest']);
    const view = await getCase(t.baseUrl, caseId);
    expect(view.body.state).toMatchObject({
      status: 'closed',
      details: { stage: 'closed_no_request', final: false, closedForNoRequest: { window: 'review' } },
    });
    expectProblem(
      await act(t.baseUrl, caseId, 'request-review', { reviewBody: unit(), reason: 'late' }),
      422,
      'PETITION.REVIEW_WINDOW_CLOSED',
    );
    expectProblem(await act(t.baseUrl, caseId, 'close-for-no-request', {}), 409, 'CASE.ILLEGAL_TRANSITION');
    // Not final under the 2022 text: the same facts may be petitioned again.
    expect((await reportCase(t.baseUrl, petitionReport(facts))).status).toBe(201);
  });

  it("a group visit sends at most 5 representatives (Art. 20): 5 accepted, 6 refused with the rule's code", async () => {
    const people = (n: number) =>
      Array.from({ length: n }, (_, i) => petitioner(`Villager ${i + 1}`, `1390000000${i}`));
    expect(
      (
        await reportCase(
          t.baseUrl,
          petitionReport(randomUUID(), {}, { petitioners: people(30), representatives: people(5) }),
        )
      ).status,
    ).toBe(201);
    expect(
      (await reportCase(t.baseUrl, petitionReport(randomUUID(), {}, { petitioners: people(5) }))).status,
    ).toBe(201);
    const before = await countEvents();
    expectProblem(
      await reportCase(
        t.baseUrl,
        petitionReport(randomUUID(), {}, { petitioners: people(30), representatives: people(6) }),
      ),
      422,
      'PETITION.TOO_MANY_REPRESENTATIVES',
    );
    expectProblem(
      await reportCase(t.baseUrl, petitionReport(randomUUID(), {}, { petitioners: people(6) })),
      422,
      'PETITION.TOO_MANY_REPRESENTATIVES',
    );
    // A letter may be signed by many; representatives belong to visits only.
    expect(
      (
        await reportCase(
          t.baseUrl,
          petitionReport(
            randomUUID(),
            { source: 'petition_letter' },
            { channel: 'letter', petitioners: people(30) },
          ),
        )
      ).status,
    ).toBe(201);
    expect(await countEvents()).toBe(before + 1);
  });

  it('common-loop commands do not apply to petitions', async () => {
    const caseId = (await reportCase(t.baseUrl, petitionReport())).body.caseId as string;
    expectProblem(await act(t.baseUrl, caseId, 'register', {}), 422, 'CASE.COMMAND_NOT_APPLICABLE');
    expectProblem(
      await act(t.baseUrl, caseId, 'dispatch', { unit: unit() }),
      422,
      'CASE.COMMAND_NOT_APPLICABLE',
    );
    // An enforcement command is the squads' alone: the centre is refused by the role rule before the domain is asked.
    expectProblem(
      await act(t.baseUrl, caseId, 'screen', { outcome: 'not_filed', reason: 'x' }),
      403,
      'AUTH.FORBIDDEN',
    );
    expectProblem(
      await act(t.baseUrl, caseId, 'notify', { content: 'too early' }),
      409,
      'CASE.ILLEGAL_TRANSITION',
    );
  });
});
