import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVENT_STORE, type EventStore } from '#event-store';
import { allProjections, ProjectionEngine } from '#projections';
import { waitUntilVisible } from '#projections/testing';
import { disputeReport, expectProblem, must } from '../cases/case-api.js';
import { enforcementReport, officers, squadOfficerAuth } from '../cases/petition-enforcement-helpers.js';
import { http, login, startTestApp, type TestApp, type TestUser } from '../support/test-app.js';

/**
 * Personal data over HTTP (docs/domain.md §7, docs/adr/0008): encrypted per person inside events,
 * clear or masked by role, erased by deleting the person's key. Seeded values are unique to this
 * file so a grep of the whole database means something.
 */
const REPORTER = { name: '赵明远', phone: '13812345678' };
const RESPONDENT = { name: '钱秀兰', phone: '13987654321', idNumber: '510104199001011234' };
const PARTY = { kind: 'person', name: '孙卫东', idNumber: '510104198502023456' };
const SECRETS = [
  REPORTER.name,
  REPORTER.phone,
  RESPONDENT.name,
  RESPONDENT.phone,
  RESPONDENT.idNumber,
  PARTY.name,
  PARTY.idNumber,
];

/** Free text naming the respondent, as people type it (docs/adr/0008: encrypted under the case's text key). */
const TITLE = `${RESPONDENT.name}家楼上漏水`;
const DESCRIPTION = `邻居${RESPONDENT.name}（${RESPONDENT.phone}）不让进门查看`;

function report(): Record<string, unknown> {
  return disputeReport({
    title: TITLE,
    description: DESCRIPTION,
    reporter: REPORTER,
    dispute: {
      parties: [
        { ...REPORTER, role: 'applicant' },
        { ...RESPONDENT, role: 'respondent' },
      ],
    },
  });
}

/** Every base table of the test database as text, one string. */
async function databaseText(t: TestApp): Promise<string> {
  const { rows } = await t.database.pool.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
  );
  expect(rows.map((row) => row.table_name)).toEqual(
    expect.arrayContaining(['es_events', 'person_keys', 'case_list']),
  );
  const parts: string[] = [];
  for (const { table_name: table } of rows) {
    const result = await t.database.pool.query<{ text: string | null }>(
      `SELECT string_agg(x::text, E'\\n') AS text FROM "${table}" x`,
    );
    parts.push(result.rows[0]?.text ?? '');
  }
  return parts.join('\n');
}

const expectNoSecret = (text: string) => {
  for (const secret of SECRETS)
    expect({ secret, found: text.includes(secret) }).toEqual({ secret, found: false });
};

describe('personal data: encrypted per person, masked by role, erasable', () => {
  let t: TestApp;
  let store: EventStore;
  let engine: ProjectionEngine;
  let analyst: TestUser;
  let caseId: string;
  let enforcementId: string;
  let reporterId: string;
  let respondentId: string;
  let partyId: string;

  const as = (user: TestUser, method: string, path: string, body?: unknown) =>
    http(t.baseUrl, method, path, { body, auth: user.token });
  const operator = () => t.users.operator;
  const ndjson = async (user: TestUser) => {
    const response = await fetch(`${t.baseUrl}/api/v1/events?fromPosition=0`, {
      headers: { accept: 'application/x-ndjson', authorization: `Bearer ${user.token}` },
    });
    expect(response.status).toBe(200);
    return (await response.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
  };
  const reportedOf = (events: any[], id: string) =>
    events.find((event) => event.type === 'CaseReported' && event.stream === `case-${id}`);

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
          body: { username: 'pd-analyst', password: 'pd-analyst-password', role: 'analyst' },
        })
      ).status,
    ).toBe(201);
    analyst = await login(t.baseUrl, 'pd-analyst', 'pd-analyst-password');

    const reported = await http(t.baseUrl, 'POST', '/api/v1/cases', { body: report() });
    expect(reported.status).toBe(201);
    caseId = reported.body.caseId;
    const enforcement = await http(t.baseUrl, 'POST', '/api/v1/cases', {
      body: enforcementReport({}, { party: PARTY }),
    });
    expect(enforcement.status).toBe(201);
    enforcementId = enforcement.body.caseId;
    // /events reads the global log, whose horizon is the shared server's oldest write transaction.
    await waitUntilVisible(store, t.database.pool, 60_000);
  }, 120_000);
  afterAll(async () => {
    await engine?.stop().catch(() => undefined);
    await t?.close();
  });

  it('stores no clear name, phone or ID number in es_events: person ids and ciphertext only', async () => {
    const { rows } = await t.database.pool.query<{ data: string }>(
      `SELECT data::text AS data FROM es_events WHERE stream_name IN ($1, $2)`,
      [`case-${caseId}`, `case-${enforcementId}`],
    );
    expect(rows).toHaveLength(2);
    const text = rows.map((row) => row.data).join('\n');
    expectNoSecret(text);
    const stored = (await store.readStream(`case-${caseId}`))[0]!.data as any;
    expect(stored.reporter).toEqual({
      personId: expect.any(String),
      fields: ['name', 'phone'],
      pii: { alg: 'A256GCM', iv: expect.any(String), data: expect.any(String), tag: expect.any(String) },
    });
    expect(stored.details.parties[1]).toMatchObject({
      role: 'respondent',
      fields: ['name', 'phone', 'idNumber'],
    });
    // The reporter is also the applicant: one person, one key.
    expect(stored.details.parties[0].personId).toBe(stored.reporter.personId);
    const keys = await t.database.pool.query(
      `SELECT count(*)::int AS n FROM person_keys WHERE person_id = ANY($1::text[])`,
      [[stored.reporter.personId, stored.details.parties[1].personId]],
    );
    expect(keys.rows[0].n).toBe(2);
  });

  it('shows personal data in clear to a centre operator: case state, history and /events', async () => {
    const view = await as(operator(), 'GET', `/api/v1/cases/${caseId}`);
    expect(view.status).toBe(200);
    expect(view.body.state.reporter).toEqual({ personId: expect.any(String), ...REPORTER });
    expect(view.body.state.details.parties[1]).toEqual({
      personId: expect.any(String),
      role: 'respondent',
      ...RESPONDENT,
    });
    reporterId = view.body.state.reporter.personId;
    respondentId = view.body.state.details.parties[1].personId;
    expect(view.body.state).toMatchObject({ title: TITLE, description: DESCRIPTION });
    const history = await as(operator(), 'GET', `/api/v1/cases/${caseId}/history`);
    expect(history.body[0].data.reporter).toMatchObject(REPORTER);
    expect(history.body[0].data).toMatchObject({ title: TITLE, description: DESCRIPTION });
    const events = await as(operator(), 'GET', '/api/v1/events?fromPosition=0&limit=1000');
    expect(reportedOf(events.body.items, caseId).data.details.parties[1]).toMatchObject(RESPONDENT);
    expect(reportedOf(events.body.items, caseId).data.title).toBe(TITLE);
    expect(reportedOf(await ndjson(operator()), caseId).data.description).toBe(DESCRIPTION);
    const enforcement = await as(operator(), 'GET', `/api/v1/cases/${enforcementId}`);
    expect(enforcement.body.state.details.party).toEqual({ personId: expect.any(String), ...PARTY });
    partyId = enforcement.body.state.details.party.personId;
  });

  it('masks it for analysts and administrators, keeping person ids and roles', async () => {
    for (const user of [analyst, t.users.admin]) {
      const view = await as(user, 'GET', `/api/v1/cases/${caseId}`);
      expect(view.status).toBe(200);
      expect(view.body.state.reporter).toEqual({ personId: reporterId, name: '赵**', phone: '138****5678' });
      expect(view.body.state.details.parties[1]).toEqual({
        personId: respondentId,
        role: 'respondent',
        name: '钱**',
        phone: '139****4321',
        idNumber: '5101**********1234',
      });
      expect(view.body.state).toMatchObject({ title: '[masked]', description: '[masked]' });
      const history = await as(user, 'GET', `/api/v1/cases/${caseId}/history`);
      expect(history.status).toBe(200);
      expectNoSecret(JSON.stringify(history.body));
      const page = await as(user, 'GET', '/api/v1/events?fromPosition=0&limit=1000');
      expect(page.status).toBe(200);
      expectNoSecret(JSON.stringify(page.body));
      expect(reportedOf(page.body.items, caseId).data.reporter).toEqual({
        personId: reporterId,
        name: '赵**',
        phone: '138****5678',
      });
      const streamed = await ndjson(user);
      expectNoSecret(JSON.stringify(streamed));
      expect(reportedOf(streamed, enforcementId).data.details.party).toEqual({
        personId: partyId,
        kind: 'person',
        name: '孙**',
        idNumber: '5101**********3456',
      });
    }
  });

  it('lets only administrators erase: 403 for others, 400 for a bad id, 404 for an unknown person', async () => {
    expectProblem(
      await as(operator(), 'POST', `/api/v1/people/${respondentId}/erase`),
      403,
      'AUTH.FORBIDDEN',
    );
    expectProblem(await as(analyst, 'POST', `/api/v1/people/${respondentId}/erase`), 403, 'AUTH.FORBIDDEN');
    expectProblem(
      await http(t.baseUrl, 'POST', `/api/v1/people/${respondentId}/erase`, { auth: false }),
      401,
      'AUTH.UNAUTHENTICATED',
    );
    expectProblem(
      await as(t.users.admin, 'POST', '/api/v1/people/not-a-uuid/erase'),
      400,
      'VALIDATION.FAILED',
    );
    expectProblem(
      await as(t.users.admin, 'POST', `/api/v1/people/${randomUUID()}/erase`),
      404,
      'PERSON.NOT_FOUND',
    );
    const keys = await t.database.pool.query(`SELECT count(*)::int AS n FROM person_keys WHERE key IS NULL`);
    expect(keys.rows[0].n).toBe(0);
  });

  it('erases idempotently (same 200 answer twice) and keeps a tombstone without the key', async () => {
    const first = await as(t.users.admin, 'POST', `/api/v1/people/${respondentId}/erase`);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ personId: respondentId, erased: true, erasedAt: expect.any(String) });
    const second = await as(t.users.admin, 'POST', `/api/v1/people/${respondentId}/erase`);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    const row = await t.database.pool.query(`SELECT key, erased_at FROM person_keys WHERE person_id = $1`, [
      respondentId,
    ]);
    expect(row.rows).toHaveLength(1);
    expect(row.rows[0].key).toBeNull();
    expect(row.rows[0].erased_at).not.toBeNull();
    expect((await as(t.users.admin, 'POST', `/api/v1/people/${partyId}/erase`)).status).toBe(200);
  });

  it('shows an erased person as [erased] in case state, history and /events; others stay readable', async () => {
    const erased = {
      personId: respondentId,
      role: 'respondent',
      name: '[erased]',
      phone: '[erased]',
      idNumber: '[erased]',
      erased: true,
    };
    for (const user of [operator(), analyst]) {
      const view = await as(user, 'GET', `/api/v1/cases/${caseId}`);
      expect(view.body.state.details.parties[1]).toEqual(erased);
      // The case's free text may name the erased person: it is erased with them.
      expect(view.body.state).toMatchObject({ title: '[erased]', description: '[erased]' });
      const history = await as(user, 'GET', `/api/v1/cases/${caseId}/history`);
      expect(history.body[0].data.details.parties[1]).toEqual(erased);
      expect(history.body[0].data).toMatchObject({ title: '[erased]', description: '[erased]' });
      expect(reportedOf(await ndjson(user), caseId).data.details.parties[1]).toEqual(erased);
      expect(reportedOf(await ndjson(user), caseId).data.title).toBe('[erased]');
    }
    expect((await as(operator(), 'GET', `/api/v1/cases/${caseId}`)).body.state.reporter).toEqual({
      personId: reporterId,
      ...REPORTER,
    });
    expect((await as(operator(), 'GET', `/api/v1/cases/${enforcementId}`)).body.state.details.party).toEqual({
      personId: partyId,
      kind: 'person',
      name: '[erased]',
      idNumber: '[erased]',
      erased: true,
    });
  });

  it('still commands the cases: the decider folds the placeholder, a decision copies the erased party as erased', async () => {
    await must(t.baseUrl, caseId, 'register');
    expect((await as(operator(), 'GET', `/api/v1/cases/${caseId}`)).body.state.status).toBe('registered');
    await must(
      t.baseUrl,
      enforcementId,
      'screen',
      {
        outcome: 'simple_procedure',
        reason: 'Caught in the act',
        onTheSpot: {
          partyKind: 'person',
          penalty: { kinds: ['warning'], fineFen: 0 },
          facts: 'Occupied the pavement with goods.',
          legalBasis: 'City appearance regulations Art. 17',
          officers,
        },
      },
      await squadOfficerAuth(t),
    );
    const history = await as(operator(), 'GET', `/api/v1/cases/${enforcementId}/history`);
    const decided = history.body.find((event: { type: string }) => event.type === 'PenaltyDecided');
    expect(decided.data.party).toMatchObject({ kind: 'person', name: '[erased]', erased: true });
    const stored = (await store.readStream(`case-${enforcementId}`)).find(
      (event) => event.type === 'PenaltyDecided',
    )!.data as any;
    expect(stored.party).toMatchObject({ erased: true });
    expect(stored.party.pii).toBeUndefined();
  });

  it('leaves nothing clear anywhere in the database, in the read models and after a full projection rebuild', async () => {
    // A case nobody erased: its free text stays readable for the roles that see names.
    const untouched = (
      await http(t.baseUrl, 'POST', '/api/v1/cases', {
        body: disputeReport({ title: 'Untouched: the lift is broken' }),
      })
    ).body.caseId as string;
    await waitUntilVisible(store, t.database.pool, 60_000);
    await engine.catchUp();
    const list = await as(analyst, 'GET', `/api/v1/cases?limit=200`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((item: { caseId: string }) => item.caseId)).toEqual(
      expect.arrayContaining([caseId, enforcementId]),
    );
    expectNoSecret(JSON.stringify(list.body));
    const titles = (body: { items: Array<{ caseId: string; title: string }> }) =>
      Object.fromEntries(body.items.map((item) => [item.caseId, item.title]));
    expect(titles(list.body)).toMatchObject({
      [caseId]: '[erased]',
      [enforcementId]: '[erased]',
      [untouched]: '[masked]',
    });
    expect(titles((await as(operator(), 'GET', `/api/v1/cases?limit=200`)).body)).toMatchObject({
      [caseId]: '[erased]',
      [untouched]: 'Untouched: the lift is broken',
    });
    const stored = await t.database.pool.query<{ title: string }>(
      `SELECT title FROM case_list WHERE case_id = $1`,
      [untouched],
    );
    expect(stored.rows[0]!.title).toMatch(/^pii:text:v2:/);
    expectNoSecret(await databaseText(t));
    for (const projection of allProjections) await engine.rebuild(projection.name);
    expect(
      (await as(operator(), 'GET', `/api/v1/cases?limit=200`)).body.items.map(
        (item: { caseId: string }) => item.caseId,
      ),
    ).toEqual(expect.arrayContaining([caseId, enforcementId]));
    expect(titles((await as(operator(), 'GET', `/api/v1/cases?limit=200`)).body)).toMatchObject({
      [caseId]: '[erased]',
      [untouched]: 'Untouched: the lift is broken',
    });
    // The text alone can be erased too (a name typed into a case without persons), by the key id the case view shows.
    const view = await as(operator(), 'GET', `/api/v1/cases/${untouched}`);
    expect(view.body.state.reporter.name).toBe('Wang Fang');
    expect((await as(t.users.admin, 'POST', `/api/v1/people/${view.body.freeTextKeyId}/erase`)).status).toBe(
      200,
    );
    const after = await as(operator(), 'GET', `/api/v1/cases/${untouched}`);
    expect(after.body.state).toMatchObject({ title: '[erased]', reporter: { name: 'Wang Fang' } });
    const text = await databaseText(t);
    expectNoSecret(text);
    expect(text).not.toContain('the lift is broken');
    // The reporter was not erased: still readable through its key, yet never in clear in the tables.
    expect((await as(operator(), 'GET', `/api/v1/cases/${caseId}`)).body.state.reporter).toMatchObject(
      REPORTER,
    );
  });
});
