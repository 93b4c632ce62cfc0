import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVENT_STORE, type EventStore } from '#event-store';
import { allProjections, ProjectionEngine } from '#projections';
import { waitUntilVisible } from '#projections/testing';
import { caseInProgress, disputeReport, expectProblem, must, newCase } from '../cases/case-api.js';
import { enforcementReport, officers, squadOfficerAuth } from '../cases/petition-enforcement-helpers.js';
import { http, login, startTestApp, type TestApp, type TestUser } from '../support/test-app.js';

/**
 * Issue #18 replayed as an attacker would (docs/adr/0023, 0024): every field classified text is
 * encrypted, a forged or copied envelope degrades to [unreadable] in its own field and never breaks
 * a list, and after erasing a person and rebuilding every projection the erasure verifier finds
 * nothing. Values are unique to this file, so a search of the whole database means something.
 */
const PERSON = { name: '王小明', phone: '13912345678', idNumber: '110101199003071234' };
const LEAD = '群众举报：赵六 13600001111';
const PARTY = { kind: 'person', name: '钱老板', idNumber: '110101198001015678' };
const KNOWN = [
  PERSON.name,
  PERSON.phone,
  PERSON.idNumber,
  '赵六',
  '13600001111',
  PARTY.name,
  PARTY.idNumber,
  '派出所王小明',
];

describe('personal data sealed: every text field encrypted, bound to its case, degrading alone, erasure verified', () => {
  let t: TestApp;
  let store: EventStore;
  let engine: ProjectionEngine;
  let analyst: TestUser;
  let squad: Record<string, string>;
  let disputeId: string;
  let enforcementId: string;

  const as = (user: TestUser, method: string, path: string, body?: unknown) =>
    http(t.baseUrl, method, path, { body, auth: user.token });
  const ndjson = async (user: TestUser) => {
    const response = await fetch(`${t.baseUrl}/api/v1/events?fromPosition=0`, {
      headers: { accept: 'application/x-ndjson', authorization: `Bearer ${user.token}` },
    });
    return { status: response.status, text: await response.text() };
  };
  const storedTitle = async (caseId: string) =>
    (
      await t.database.pool.query<{ title: string }>(
        `SELECT data->>'title' AS title FROM es_events WHERE stream_name = $1 AND type = 'CaseReported'`,
        [`case-${caseId}`],
      )
    ).rows[0]!.title;
  const verify = async (personId: string) => {
    const answer = await as(t.users.admin, 'POST', `/api/v1/people/${personId}/verify-erasure`, {
      knownValues: KNOWN,
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    return answer.body as { findings: Array<{ kind: string; where?: string; value?: string }> };
  };
  const everyReadAnswers200 = async () => {
    for (const user of [t.users.operator, analyst, t.users.admin]) {
      const list = await as(user, 'GET', '/api/v1/cases?limit=50');
      expect([list.status, list.headers.get('cache-control')]).toEqual([200, 'no-store']);
      expect((await as(user, 'GET', '/api/v1/events?fromPosition=0&limit=1000')).status).toBe(200);
      expect((await ndjson(user)).status).toBe(200);
    }
  };

  beforeAll(async () => {
    t = await startTestApp();
    store = t.app.get<EventStore>(EVENT_STORE);
    engine = new ProjectionEngine(
      allProjections,
      { eventStore: store, pool: t.database.pool },
      { batchSize: 200 },
    );
    expect(
      (
        await http(t.baseUrl, 'POST', '/api/v1/auth/accounts', {
          body: { username: 'seal-analyst', password: 'seal-analyst-password', role: 'analyst' },
        })
      ).status,
    ).toBe(201);
    analyst = await login(t.baseUrl, 'seal-analyst', 'seal-analyst-password');
    squad = await squadOfficerAuth(t);

    disputeId = await caseInProgress(
      t.baseUrl,
      disputeReport({
        title: `${PERSON.name} ${PERSON.idNumber} 家楼上漏水`,
        category: `${PERSON.name}的邻里纠纷`,
        // The reporter is the applicant: one person, one id.
        reporter: PERSON,
        dispute: {
          parties: [
            { ...PERSON, role: 'applicant' },
            { name: 'Li Qiang', phone: '13900139000', role: 'respondent' },
          ],
        },
      }),
    );
    await must(t.baseUrl, disputeId, 'flag-risk', {
      risk: `${PERSON.name}说要动手`,
      policeReport: { reportedTo: '派出所王小明', reference: PERSON.phone },
    });
    const enforcement = await http(t.baseUrl, 'POST', '/api/v1/cases', {
      body: enforcementReport({ title: `${PARTY.name}占道经营` }, { party: PARTY, leadSource: LEAD }),
    });
    expect(enforcement.status).toBe(201);
    enforcementId = enforcement.body.caseId;
    await must(t.baseUrl, enforcementId, 'file', { officers, caseNo: `${PARTY.name}-2026-1` }, squad);
    await must(
      t.baseUrl,
      enforcementId,
      'preserve-evidence',
      // A request now (ADR 0019): its items are in ApprovalRequested, classified text like the preservation's.
      { items: [`${PARTY.name}的推车`, LEAD] },
      squad,
    );
    await waitUntilVisible(store, t.database.pool, 60_000);
    await engine.catchUp();
  }, 180_000);
  afterAll(async () => {
    await engine?.stop().catch(() => undefined);
    await t?.close();
  });

  it('stores every field classified text encrypted (leadSource, caseNo, evidence items, police report, category, approver) and masks it for analysts and administrators', async () => {
    const { rows } = await t.database.pool.query<{ data: string }>(
      `SELECT data::text AS data FROM es_events WHERE stream_name IN ($1, $2)`,
      [`case-${disputeId}`, `case-${enforcementId}`],
    );
    const log = rows.map((row) => row.data).join('\n');
    for (const value of KNOWN) expect({ value, inLog: log.includes(value) }).toEqual({ value, inLog: false });
    const operatorView = await as(t.users.operator, 'GET', `/api/v1/cases/${enforcementId}`);
    expect(operatorView.body.state.details.leadSource).toBe(LEAD);
    for (const user of [analyst, t.users.admin]) {
      const view = await as(user, 'GET', `/api/v1/cases/${enforcementId}`);
      expect(view.status).toBe(200);
      expect(view.body.state.details.leadSource).toBe('[masked]');
      const dispute = await as(user, 'GET', `/api/v1/cases/${disputeId}`);
      expect(dispute.body.state).toMatchObject({
        category: '[masked]',
        riskFlag: { policeReport: { reportedTo: '[masked]', reference: '[masked]' } },
      });
      const answers = JSON.stringify([
        view.body,
        dispute.body,
        (await as(user, 'GET', `/api/v1/cases/${enforcementId}/history`)).body,
        (await as(user, 'GET', '/api/v1/events?fromPosition=0&limit=1000')).body,
        (await ndjson(user)).text,
        (await as(user, 'GET', '/api/v1/cases?limit=200')).body,
      ]);
      for (const value of KNOWN)
        expect({ value, shown: answers.includes(value) }).toEqual({ value, shown: false });
    }
  });

  it('treats a title that looks like an envelope as text: encrypted, and every list still answers 200', async () => {
    const view = await as(t.users.operator, 'GET', `/api/v1/cases/${disputeId}`);
    const forged = `pii:text:v1:${view.body.freeTextKeyId}:AAAAAAAAAAAAAAAA:AAAA:AAAAAAAAAAAAAAAAAAAAAA`;
    const forgedId = await newCase(t.baseUrl, disputeReport({ title: forged }));
    expect(await storedTitle(forgedId)).toMatch(/^pii:text:v2:/);
    expect((await as(t.users.operator, 'GET', `/api/v1/cases/${forgedId}`)).body.state.title).toBe(forged);
    // A title that only pretends to be ciphertext around a name is encrypted too, so an erasure takes it.
    const pretend = `pii:text:v1:${PERSON.name} ${PERSON.phone}`;
    const pretendId = await newCase(t.baseUrl, disputeReport({ title: pretend }));
    expect(await storedTitle(pretendId)).not.toContain(PERSON.name);
    await waitUntilVisible(store, t.database.pool, 60_000);
    await engine.catchUp();
    await everyReadAnswers200();
    const erased = await as(
      t.users.admin,
      'POST',
      `/api/v1/people/${(await as(t.users.operator, 'GET', `/api/v1/cases/${pretendId}`)).body.freeTextKeyId}/erase`,
    );
    expect(erased.status).toBe(200);
    expect((await as(t.users.operator, 'GET', `/api/v1/cases/${pretendId}`)).body.state.title).toBe(
      '[erased]',
    );
  });

  it("reads case O's ciphertext copied into another case as [unreadable] there, in that field alone, and every read still answers 200", async () => {
    const copyOf = await storedTitle(disputeId);
    // Through the API: the copy is plain text to be encrypted, and reads back as the copied string.
    const viaApi = await newCase(t.baseUrl, disputeReport({ title: copyOf }));
    expect((await as(t.users.operator, 'GET', `/api/v1/cases/${viaApi}`)).body.state.title).toBe(copyOf);
    // Through the database: the copy does not decrypt in the other case.
    const target = await newCase(t.baseUrl, disputeReport({ title: 'my own case' }));
    await t.database.pool.query(
      `UPDATE es_events SET data = jsonb_set(data, '{title}', to_jsonb($2::text)) WHERE stream_name = $1 AND type = 'CaseReported'`,
      [`case-${target}`, copyOf],
    );
    const view = await as(t.users.operator, 'GET', `/api/v1/cases/${target}`);
    expect(view.status).toBe(200);
    expect(view.body.state.title).toBe('[unreadable]');
    expect(view.body.state.description).toBe(disputeReport().description);
    const history = await as(t.users.operator, 'GET', `/api/v1/cases/${target}/history`);
    expect(history.status).toBe(200);
    expect(history.body[0].data.title).toBe('[unreadable]');
    await waitUntilVisible(store, t.database.pool, 60_000);
    await engine.rebuild('case-list');
    const list = await as(t.users.operator, 'GET', '/api/v1/cases?limit=200');
    expect(list.status).toBe(200);
    const titles = Object.fromEntries(
      list.body.items.map((item: { caseId: string; title: string }) => [item.caseId, item.title]),
    );
    expect(titles[target]).toBe('[unreadable]');
    expect(titles[disputeId]).toBe(`${PERSON.name} ${PERSON.idNumber} 家楼上漏水`);
    await everyReadAnswers200();
    const metrics = await fetch(`${t.baseUrl}/metrics`);
    expect(await metrics.text()).toMatch(/gridcase_personal_data_unreadable_total\{kind="text"\} [1-9]/);
  });

  it('finds the person readable before the erasure, and nothing anywhere after the erasure and a rebuild of every projection', async () => {
    const view = await as(t.users.operator, 'GET', `/api/v1/cases/${disputeId}`);
    const personId = view.body.state.reporter.personId as string;
    const partyId = (await as(t.users.operator, 'GET', `/api/v1/cases/${enforcementId}`)).body.state.details
      .party.personId as string;
    const before = await verify(personId);
    expect(before.findings).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'live_key' })]));
    expectProblem(
      await as(t.users.admin, 'POST', `/api/v1/people/${personId}/verify-erasure`, { knownValues: [] }),
      400,
      'VALIDATION.FAILED',
    );
    expectProblem(
      await as(analyst, 'POST', `/api/v1/people/${personId}/verify-erasure`, { knownValues: KNOWN }),
      403,
      'AUTH.FORBIDDEN',
    );

    for (const id of [personId, partyId])
      expect((await as(t.users.admin, 'POST', `/api/v1/people/${id}/erase`)).status).toBe(200);
    await waitUntilVisible(store, t.database.pool, 60_000);
    for (const projection of allProjections) await engine.rebuild(projection.name);
    for (const id of [personId, partyId]) expect((await verify(id)).findings).toEqual([]);

    const answers = JSON.stringify([
      (await as(t.users.operator, 'GET', `/api/v1/cases/${disputeId}`)).body,
      (await as(t.users.operator, 'GET', `/api/v1/cases/${disputeId}/history`)).body,
      (await as(t.users.operator, 'GET', `/api/v1/cases/${enforcementId}/history`)).body,
      (await as(t.users.operator, 'GET', '/api/v1/events?fromPosition=0&limit=1000')).body,
      (await ndjson(t.users.operator)).text,
      (await as(t.users.operator, 'GET', '/api/v1/cases?limit=200')).body,
    ]);
    for (const value of KNOWN)
      expect({ value, shown: answers.includes(value) }).toEqual({ value, shown: false });
    await everyReadAnswers200();
  });
});
