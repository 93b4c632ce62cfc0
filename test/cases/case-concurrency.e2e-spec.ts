import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { JsonResponse } from '../support/test-app.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import {
  act,
  caseInProgress,
  expectProblem,
  getCase,
  history,
  must,
  newCase,
  unit,
  type HistoryEntry,
} from './case-api.js';

const CLIENTS = 20;

/** The stream has no gap and no reordering: revisions 0..n-1, global positions strictly increasing. */
function expectGaplessStream(events: HistoryEntry[]): void {
  expect(events.map((e) => e.revision)).toEqual([...Array(events.length).keys()]);
  for (let i = 1; i < events.length; i++)
    expect(BigInt(events[i]!.globalPosition)).toBeGreaterThan(BigInt(events[i - 1]!.globalPosition));
}

function expectLoser(answer: JsonResponse, allowed: Array<[number, string]>): void {
  const match = allowed.find(([status, code]) => answer.status === status && answer.body?.code === code);
  expect({ answer: `${answer.status} ${answer.body?.code}`, allowed: match !== undefined }).toEqual({
    answer: `${answer.status} ${answer.body?.code}`,
    allowed: true,
  });
  expectProblem(answer, answer.status);
}

/** Mixed commands, all legal on a dispute in progress below district level (extend: only while unused and not asked for). */
function mixedCommands(i: number, extensionUsed: boolean): [string, unknown] {
  const choices: Array<[string, unknown]> = [
    ['record-session', { mediators: [`Mediator ${i}`], notes: `session by client ${i}` }],
    ['resolve', { result: `resolved by client ${i}` }],
    ['escalate', { reason: `escalated by client ${i}` }],
    ['flag-risk', { risk: `risk seen by client ${i}`, policeReport: { reportedTo: '110' } }],
    ['mediation-failed', { reason: `failed per client ${i}`, next: 'escalate' }],
    ['supervise', { reason: `supervised by client ${i}` }],
    ['record-agreement', { form: 'oral', terms: `terms of client ${i}` }],
    ['extend', { reason: `extension asked by client ${i}`, amount: 1 }],
  ].filter(([action]) => !(extensionUsed && action === 'extend')) as Array<[string, unknown]>;
  return choices[i % choices.length]!;
}

describe(`${CLIENTS} concurrent clients on one case: no lost update`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it(`${CLIENTS} × accept at once after a dispatch: exactly one wins, the rest 409`, async () => {
    const caseId = await newCase(t.baseUrl);
    await must(t.baseUrl, caseId, 'register');
    await must(t.baseUrl, caseId, 'dispatch', { unit: unit() });
    const answers = await Promise.all(
      Array.from({ length: CLIENTS }, () => act(t.baseUrl, caseId, 'accept')),
    );
    const winners = answers.filter((a) => a.status === 200);
    expect(winners).toHaveLength(1);
    expect(winners[0]!.body).toEqual({ caseId, revision: 3, events: ['DispatchAccepted'] });
    for (const loser of answers.filter((a) => a.status !== 200)) {
      expectLoser(loser, [
        [409, 'CASE.ILLEGAL_TRANSITION'],
        [409, 'CONCURRENCY.CONFLICT'],
      ]);
    }
    const events = await history(t.baseUrl, caseId);
    expectGaplessStream(events);
    expect(events.map((e) => e.type)).toEqual([
      'CaseReported',
      'CaseRegistered',
      'CaseDispatched',
      'DispatchAccepted',
    ]);
  });

  it(`${CLIENTS} × accept with If-Match of the dispatch revision: one wins, the rest 412`, async () => {
    const caseId = await newCase(t.baseUrl);
    await must(t.baseUrl, caseId, 'register');
    const etag = (await must(t.baseUrl, caseId, 'dispatch', { unit: unit() })).headers.get('etag')!;
    const answers = await Promise.all(
      Array.from({ length: CLIENTS }, () => act(t.baseUrl, caseId, 'accept', {}, { 'If-Match': etag })),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    for (const loser of answers.filter((a) => a.status !== 200))
      expectLoser(loser, [[412, 'CONCURRENCY.PRECONDITION_FAILED']]);
    const events = await history(t.baseUrl, caseId);
    expectGaplessStream(events);
    expect(events).toHaveLength(4);
  });

  it(`rounds of ${CLIENTS} mixed commands with If-Match of the same revision: exactly one winner per revision`, async () => {
    const caseId = await caseInProgress(t.baseUrl);
    // The first client of each round usually lands first; rotating the list lets different commands win.
    const offsets = [0, 2, 4, 5, 7, 1];
    for (const [round, offset] of offsets.entries()) {
      // Each round starts from a dispute in progress at its current level.
      const view = await getCase(t.baseUrl, caseId);
      if (view.body.state.status !== 'in_progress') {
        if (view.body.state.status === 'registered')
          await must(t.baseUrl, caseId, 'dispatch', { unit: unit() });
        if ((await getCase(t.baseUrl, caseId)).body.state.status === 'dispatched')
          await must(t.baseUrl, caseId, 'accept');
        await must(t.baseUrl, caseId, 'start');
      }
      const start = await getCase(t.baseUrl, caseId);
      expect(start.body.state.status).toBe('in_progress');
      const revision = start.body.revision as number;
      const before = await history(t.baseUrl, caseId);

      const extensionUsed =
        start.body.state.counters.extensions > 0 || (start.body.state.approvals?.pending.length ?? 0) > 0;
      const commands = Array.from({ length: CLIENTS }, (_, i) => mixedCommands(i + offset, extensionUsed));
      const answers = await Promise.all(
        commands.map(([action, body]) =>
          act(t.baseUrl, caseId, action, body, { 'If-Match': `"${revision}"` }),
        ),
      );
      const winners = answers.map((a, i) => [a, commands[i]![0]] as const).filter(([a]) => a.status === 200);
      expect(winners).toHaveLength(1);
      const [winner, winningAction] = winners[0]!;
      if (process.env.DEBUG_RACES)
        console.log(`round ${round}: ${winningAction} won at revision ${revision}`);
      // A loser either lost the race (412) or was decided on the shared revision and refused by a
      // domain rule before the winner landed (escalating a case already at district level).
      for (const loser of answers.filter((a) => a.status !== 200)) {
        expectLoser(loser, [
          [412, 'CONCURRENCY.PRECONDITION_FAILED'],
          [422, 'CASE.TOP_LEVEL_REACHED'],
        ]);
      }

      const after = await history(t.baseUrl, caseId);
      expectGaplessStream(after);
      expect(after.slice(0, before.length)).toEqual(before);
      const appended = after.slice(before.length);
      expect(appended.map((e) => e.type)).toEqual(winner.body.events);
      expect(winner.body.revision).toBe(revision + appended.length);
      expect(new Set(appended.map((e) => e.causationId)).size).toBe(1);
      // A resolution (resolve or agreement) ends the rounds: nothing below is legal any more.
      if (['resolved'].includes((await getCase(t.baseUrl, caseId)).body.state.status)) break;
    }
  });

  it(`${CLIENTS} concurrent record-session without If-Match: every success is in the stream once, in order`, async () => {
    const caseId = await caseInProgress(t.baseUrl);
    const answers = await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) =>
        act(t.baseUrl, caseId, 'record-session', { mediators: [`Mediator ${i}`], notes: `client ${i}` }),
      ),
    );
    const winners = answers.filter((a) => a.status === 200);
    expect(winners.length).toBeGreaterThanOrEqual(1);
    if (process.env.DEBUG_RACES) console.log(`record-session: ${winners.length} of ${CLIENTS} recorded`);
    for (const loser of answers.filter((a) => a.status !== 200))
      expectLoser(loser, [[409, 'CONCURRENCY.CONFLICT']]);

    const events = await history(t.baseUrl, caseId);
    expectGaplessStream(events);
    const sessions = events.filter((e) => e.type === 'MediationSessionRecorded');
    expect(sessions).toHaveLength(winners.length);
    // Each winner's revision is its own event, and no two winners share one.
    const winnerRevisions = winners.map((w) => w.body.revision as number).sort((a, b) => a - b);
    expect(winnerRevisions).toEqual(sessions.map((e) => e.revision));
    for (const winner of winners) {
      const event = events[winner.body.revision]!;
      expect(event.type).toBe('MediationSessionRecorded');
    }
    // Every session the API said it recorded is in the case, numbered 1..k with no gaps.
    const state = (await getCase(t.baseUrl, caseId)).body.state;
    expect(state.details.sessions.map((s: any) => s.sessionNo)).toEqual(
      [...Array(winners.length).keys()].map((k) => k + 1),
    );
    const recordedNotes = new Set(state.details.sessions.map((s: any) => s.notes));
    answers.forEach((answer, i) => expect(recordedNotes.has(`client ${i}`)).toBe(answer.status === 200));
  });

  it(`${CLIENTS} clients each taking the next step with If-Match: the stream is a single chain`, async () => {
    const caseId = await newCase(t.baseUrl);
    await must(t.baseUrl, caseId, 'register');
    // Every client races to dispatch to its own unit at revision 1; the one winner's unit holds the case.
    const units = Array.from({ length: CLIENTS }, (_, i) => unit(`Unit ${i}`));
    const answers = await Promise.all(
      units.map((u) => act(t.baseUrl, caseId, 'dispatch', { unit: u }, { 'If-Match': '"1"' })),
    );
    const winnerIndex = answers.findIndex((a) => a.status === 200);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect((await getCase(t.baseUrl, caseId)).body.state.unit).toEqual(units[winnerIndex]);
    const events = await history(t.baseUrl, caseId);
    expectGaplessStream(events);
    expect(events.filter((e) => e.type === 'CaseDispatched')).toHaveLength(1);
  });
});
