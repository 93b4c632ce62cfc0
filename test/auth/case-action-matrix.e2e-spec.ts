import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ROLES, mayAccess, mayEverRunCaseAction, mayRunCaseAction, type Role } from '#auth';
import { caseActions, type CaseAction, type CaseType, type JurisdictionLevel } from '#case-domain';
import { EVENT_STORE, type EventStore } from '#event-store';
import { DEMO_DISTRICT_CODE, registryView, type LoginAccount } from '#registry-domain';
import { foldRegistry, seedDemoDistrict } from '#runtime';
import { disputeReport } from '../cases/case-api.js';
import { enforcementReport, officers, petitionReport } from '../cases/petition-enforcement-helpers.js';
import { accountAuth, http, startTestApp, type JsonResponse, type TestApp } from '../support/test-app.js';

/**
 * Every role × every case action over HTTP (apps/api/src/auth/README.md, "Case actions"):
 * - on an unknown case: a role that may never run the action is 403 AUTH.FORBIDDEN before the
 *   stream is read; any other reaches the decider (404 CASE.NOT_FOUND);
 * - on four real cases in the jurisdiction of the area roles (a dispute at building level, one at
 *   community level, a petition, an enforcement lead of the test squad): 403 for the role rule of
 *   the case's type and level, 404 CASE.NOT_FOUND outside the jurisdiction, and otherwise 412,
 *   because every cell sends `If-Match: "999"`: the precondition is checked right after the
 *   authorisation, so a 412 proves the command was allowed and nothing in the matrix changes a case.
 * Then a few lifecycles run for real with the role each step belongs to.
 */
const ACTIONS = Object.keys(caseActions) as CaseAction[];
const REASON = { reason: 'matrix cell' };

/**
 * Units of the test grid's ladder and the squad of its enforcement leads, filled in from the demo
 * registry once it is seeded: the registry decides every unit a command names (docs/adr/0041).
 */
const units = { grid: { unitId: '' }, community: { unitId: '' }, street: { unitId: '' } };
let squadId = '';

/** A body each action's DTO accepts, so the answer is about the role, not the body. */
const VALID_BODIES: Readonly<Record<CaseAction, Record<string, unknown>>> = {
  register: {},
  reject: REASON,
  dispatch: { unit: units.grid },
  accept: {},
  return: REASON,
  start: {},
  extend: { ...REASON, amount: 1 },
  resolve: { result: 'Pipe repaired' },
  verify: {},
  rework: REASON,
  close: {},
  'follow-up': { satisfaction: 'satisfied', reporterSaysResolved: true },
  reopen: REASON,
  escalate: REASON,
  'flag-risk': { risk: 'A fight is brewing', policeReport: { reportedTo: 'Xinhua police station' } },
  supervise: REASON,
  park: REASON,
  resume: {},
  transfer: { ...REASON, toUnit: units.community },
  'refer-out': { ...REASON, route: 'litigation' },
  'record-session': { mediators: ['Zhao Min'], notes: 'First session.' },
  'record-agreement': { form: 'oral', terms: 'Repair by Friday.' },
  'mediation-failed': { ...REASON, next: 'escalate' },
  'request-judicial-confirmation': { court: 'District court', applicants: ['Party A', 'Party B'] },
  route: { mode: 'forward', toBody: units.street },
  notify: { content: 'Your petition was accepted.' },
  object: REASON,
  divert: { ...REASON, route: 'litigation' },
  answer: { answer: 'support', opinion: 'Reassess.' },
  'request-review': { ...REASON, reviewBody: units.street },
  'answer-review': { answer: 'support', opinion: 'Upheld.' },
  'request-re-review': { ...REASON, reReviewBody: units.street },
  'record-hearing': { startedOn: '2026-03-02', endedOn: '2026-03-03' },
  'answer-re-review': { answer: 'support', opinion: 'Upheld.' },
  'close-for-no-request': {},
  screen: { outcome: 'not_filed', reason: 'No violation.' },
  file: { officers },
  'preserve-evidence': { items: ['scale'] },
  'decide-preserved-evidence': { preservationNo: 1, decision: 'release' },
  'conclude-investigation': { summary: 'Done.' },
  review: { outcome: 'no_penalty', reason: 'Minor.' },
  'notify-penalty': { hearingRight: false },
  'request-hearing': {},
  'schedule-hearing': {
    hearingAt: '2026-12-21T09:30:00+08:00',
    place: 'Hearing room 2',
    presidedBy: 'Legal officer Sun',
  },
  'hold-hearing': { partyAttended: true, record: 'Heard.' },
  decide: { outcome: 'no_penalty', reason: 'Minor.' },
  serve: { method: 'in_person' },
  'record-payment': { amountFen: 100, paidOn: '2026-03-02' },
  'demand-payment': {},
  'apply-court-enforcement': { court: 'District court' },
  archive: {},
  approve: { requestId: 'approval-1' },
  'decline-approval': { requestId: 'approval-1', reason: 'matrix cell' },
};

type CaseKey = 'dispute@building' | 'dispute@community' | 'petition' | 'enforcement';
const CASE_FACTS: Readonly<Record<CaseKey, { caseType: CaseType; level: JurisdictionLevel }>> = {
  'dispute@building': { caseType: 'dispute', level: 'building' },
  'dispute@community': { caseType: 'dispute', level: 'community' },
  petition: { caseType: 'petition', level: 'building' },
  enforcement: { caseType: 'enforcement', level: 'building' },
};

interface Cell {
  role: Role;
  action: CaseAction;
  on: CaseKey | 'unknown case';
  expected: number;
  actual: number;
  code: string;
}

describe('case action matrix: role × action over HTTP', () => {
  let t: TestApp;
  let store: EventStore;
  const headers = {} as Record<Role, Record<string, string>>;
  const cases = {} as Record<CaseKey, string>;
  const cells: Cell[] = [];
  let grid = '';
  let squadOfOtherOfficer = '';

  const countEvents = async () =>
    Number((await t.database.pool.query('SELECT count(*)::int AS n FROM es_events')).rows[0].n);
  const post = (
    role: Role,
    caseId: string,
    action: string,
    body: unknown,
    extra: Record<string, string> = {},
  ) =>
    http(t.baseUrl, 'POST', `/api/v1/cases/${caseId}/${action}`, {
      body,
      headers: { ...headers[role], ...extra },
    });
  const asOperator = (path: string, body: unknown) =>
    http(t.baseUrl, 'POST', path, { body, auth: t.users.operator.token });
  const expectStatus = (response: JsonResponse, status: number, code?: string) => {
    expect(`${response.status} ${response.body?.code ?? ''}`).toBe(
      `${status} ${code ?? response.body?.code ?? ''}`,
    );
  };

  /** Where the role's jurisdiction is: the area roles around `grid`, the squad officer in the test squad, the rest district-wide. */
  const within = (role: Role, key: CaseKey): boolean =>
    role === 'squad_officer' ? key === 'enforcement' : true;

  beforeAll(async () => {
    t = await startTestApp();
    store = t.app.get<EventStore>(EVENT_STORE);
    await seedDemoDistrict(store);
    // A grid inside a community inside a street, as the registry has them.
    const view = registryView((await foldRegistry(store, DEMO_DISTRICT_CODE)).state);
    const accounts = view.accounts();
    const byRole = (role: LoginAccount['role']) =>
      accounts.filter((account) => account.role === role && account.scope);
    const community = byRole('community_staff')[0]!;
    grid = view.gridsWithin(community.scope!.id)[0]!;
    const street = byRole('street_staff').find((account) =>
      view.gridsWithin(account.scope!.id).includes(grid),
    )!;
    for (const step of view.handlingChain(grid)) {
      if (step.level === 'building') units.grid.unitId = step.handler.id;
      if (step.level === 'community') units.community.unitId = step.handler.id;
      if (step.level === 'street') units.street.unitId = step.handler.id;
    }
    // A squad of the lead's team that serves the whole district (enforcementReport is market supervision).
    squadId = view
      .teams()
      .find((team) => team.domain === 'market_supervision')!
      .squads.find((squad) => squad.kind === 'specialised')!.id;
    const tokenOf = (role: Role, scope: Record<string, unknown> | null) => accountAuth(t, [role], scope);
    const scopes: Record<string, Record<string, unknown> | null> = {
      centre_operator: { kind: 'all' },
      street_staff: { ...street.scope! },
      community_staff: { ...community.scope! },
      grid_worker: { kind: 'grid', id: grid },
      squad_officer: { kind: 'squad', id: squadId, teamId: randomUUID(), domain: 'market_supervision' },
      analyst: { kind: 'all' },
      administrator: { kind: 'all' },
    };
    for (const role of ROLES) headers[role] = await tokenOf(role, scopes[role] ?? null);
    squadOfOtherOfficer = randomUUID();

    const report = async (body: Record<string, unknown>) => {
      const response = await asOperator('/api/v1/cases', body);
      if (response.status !== 201)
        throw new Error(`report answered ${response.status}: ${JSON.stringify(response.body)}`);
      return response.body.caseId as string;
    };
    cases['dispute@building'] = await report(disputeReport({ location: { gridId: grid } }));
    cases['dispute@community'] = await report(disputeReport({ location: { gridId: grid } }));
    expect(
      (await asOperator(`/api/v1/cases/${cases['dispute@community']}/register`, { level: 'community' }))
        .status,
    ).toBe(200);
    cases.petition = await report(petitionReport(randomUUID(), { location: { gridId: grid } }));
    cases.enforcement = await report(enforcementReport({ location: { gridId: grid } }, { squadId }));
  }, 180_000);

  afterAll(async () => {
    await t?.close();
  });

  it('refuses before reading the stream every role that may never run the action: 403 on an unknown case, 404 for the others', async () => {
    const before = await countEvents();
    const wrong: Cell[] = [];
    for (const role of ROLES) {
      for (const action of ACTIONS) {
        const response = await post(role, randomUUID(), action, VALID_BODIES[action], {
          'If-Match': '"999"',
        });
        const expected =
          mayAccess([role], 'case.command') && mayEverRunCaseAction([role], action) ? 404 : 403;
        const cell = {
          role,
          action,
          on: 'unknown case' as const,
          expected,
          actual: response.status,
          code: String(response.body?.code ?? ''),
        };
        cells.push(cell);
        const expectedCode = expected === 403 ? 'AUTH.FORBIDDEN' : 'CASE.NOT_FOUND';
        if (cell.actual !== expected || cell.code !== expectedCode) wrong.push(cell);
      }
    }
    expect(wrong).toEqual([]);
    expect(await countEvents()).toBe(before);
  }, 300_000);

  for (const key of Object.keys(CASE_FACTS) as CaseKey[]) {
    it(`on a ${key} case: 403 by the rule of its type and level, 404 outside the jurisdiction, else the command is allowed (412 on If-Match)`, async () => {
      const before = await countEvents();
      const wrong: Cell[] = [];
      for (const role of ROLES) {
        for (const action of ACTIONS) {
          const response = await post(role, cases[key], action, VALID_BODIES[action], {
            'If-Match': '"999"',
          });
          const expected =
            !mayAccess([role], 'case.command') || !mayEverRunCaseAction([role], action)
              ? 403
              : !within(role, key)
                ? 404
                : mayRunCaseAction([role], action, CASE_FACTS[key])
                  ? 412
                  : 403;
          const cell = {
            role,
            action,
            on: key,
            expected,
            actual: response.status,
            code: String(response.body?.code ?? ''),
          };
          cells.push(cell);
          const expectedCode = {
            403: 'AUTH.FORBIDDEN',
            404: 'CASE.NOT_FOUND',
            412: 'CONCURRENCY.PRECONDITION_FAILED',
          }[expected];
          if (cell.actual !== expected || cell.code !== expectedCode) wrong.push(cell);
        }
      }
      expect(wrong).toEqual([]);
      expect(await countEvents()).toBe(before);
    }, 300_000);
  }

  it('covered every cell: roles × actions × (an unknown case + 4 cases)', () => {
    expect(cells).toHaveLength(ROLES.length * ACTIONS.length * 5);
    const byAnswer = cells.reduce<Record<number, number>>(
      (counts, cell) => ({ ...counts, [cell.actual]: (counts[cell.actual] ?? 0) + 1 }),
      {},
    );
    // Every kind of answer occurs: the matrix is not all refusals or all passes.
    expect(Object.keys(byAnswer).sort()).toEqual(['403', '404', '412']);
    process.stdout.write(
      `case action matrix: ${cells.length} cells (${ROLES.length} roles × ${ACTIONS.length} actions × 5 targets): ${JSON.stringify(byAnswer)}\n`,
    );
  });

  it('runs a building-level dispute with the role each step belongs to', async () => {
    const caseId = (await asOperator('/api/v1/cases', disputeReport({ location: { gridId: grid } }))).body
      .caseId as string;
    expectStatus(await post('street_staff', caseId, 'register', {}), 403, 'AUTH.FORBIDDEN');
    expectStatus(await post('grid_worker', caseId, 'register', {}), 403, 'AUTH.FORBIDDEN');
    expectStatus(await post('centre_operator', caseId, 'register', {}), 200);
    expectStatus(
      await post('community_staff', caseId, 'dispatch', { unit: units.grid }),
      403,
      'AUTH.FORBIDDEN',
    );
    expectStatus(await post('centre_operator', caseId, 'dispatch', { unit: units.grid }), 200);
    expectStatus(await post('grid_worker', caseId, 'accept', {}), 200);
    expectStatus(await post('grid_worker', caseId, 'start', {}), 200);
    expectStatus(await post('grid_worker', caseId, 'record-session', VALID_BODIES['record-session']), 200);
    expectStatus(await post('grid_worker', caseId, 'resolve', { result: 'Pipe repaired' }), 200);
    expectStatus(await post('street_staff', caseId, 'verify', {}), 403, 'AUTH.FORBIDDEN');
    expectStatus(await post('centre_operator', caseId, 'verify', {}), 200);
    expectStatus(await post('grid_worker', caseId, 'close', {}), 403, 'AUTH.FORBIDDEN');
    expectStatus(await post('centre_operator', caseId, 'close', {}), 200);
    expectStatus(
      await post('community_staff', caseId, 'follow-up', VALID_BODIES['follow-up']),
      403,
      'AUTH.FORBIDDEN',
    );
    expectStatus(await post('centre_operator', caseId, 'follow-up', VALID_BODIES['follow-up']), 200);
  });

  it('lets the grid worker escalate from building level, then leaves the community-level case to community staff', async () => {
    const caseId = (await asOperator('/api/v1/cases', disputeReport({ location: { gridId: grid } }))).body
      .caseId as string;
    expectStatus(await post('centre_operator', caseId, 'register', {}), 200);
    expectStatus(await post('centre_operator', caseId, 'dispatch', { unit: units.grid }), 200);
    expectStatus(await post('grid_worker', caseId, 'accept', {}), 200);
    expectStatus(
      await post('grid_worker', caseId, 'escalate', {
        reason: 'Beyond the building group',
        unit: units.community,
      }),
      200,
    );
    const before = await countEvents();
    expectStatus(await post('grid_worker', caseId, 'accept', {}), 403, 'AUTH.FORBIDDEN');
    expect(await countEvents()).toBe(before);
    expectStatus(await post('community_staff', caseId, 'accept', {}), 200);
    expectStatus(await post('community_staff', caseId, 'start', {}), 200);
    expectStatus(await post('grid_worker', caseId, 'resolve', { result: 'r' }), 403, 'AUTH.FORBIDDEN');
    expectStatus(
      await post('community_staff', caseId, 'resolve', { result: 'Agreed to share the repair.' }),
      200,
    );
    // Verification on site is the grid's whatever level handled the case.
    expectStatus(await post('grid_worker', caseId, 'verify', {}), 200);
  });

  it('leaves the enforcement lifecycle to the squad that has the case', async () => {
    const caseId = (
      await asOperator('/api/v1/cases', enforcementReport({ location: { gridId: grid } }, { squadId }))
    ).body.caseId as string;
    expectStatus(await post('centre_operator', caseId, 'file', { officers }), 403, 'AUTH.FORBIDDEN');
    expectStatus(await post('street_staff', caseId, 'file', { officers }), 403, 'AUTH.FORBIDDEN');
    expectStatus(await post('squad_officer', caseId, 'file', { officers }), 200);
    // An officer of another squad does not see the case at all.
    const other = await accountAuth(t, ['squad_officer'], {
      kind: 'squad',
      id: squadOfOtherOfficer,
      teamId: randomUUID(),
      domain: 'transport',
    });
    const hidden = await http(t.baseUrl, 'POST', `/api/v1/cases/${caseId}/conclude-investigation`, {
      body: { summary: 's' },
      headers: other,
    });
    expectStatus(hidden, 404, 'CASE.NOT_FOUND');
    expectStatus(
      await post('squad_officer', caseId, 'conclude-investigation', { summary: 'Sold without a licence.' }),
      200,
    );
    // The decision clock of an enforcement case is the squad's to extend, not the street's.
    expectStatus(await post('street_staff', caseId, 'extend', VALID_BODIES.extend), 403, 'AUTH.FORBIDDEN');
  });

  it('routes a petition through the centre and lets the street body answer it', async () => {
    const caseId = (
      await asOperator('/api/v1/cases', petitionReport(randomUUID(), { location: { gridId: grid } }))
    ).body.caseId as string;
    expectStatus(
      await post('street_staff', caseId, 'route', { mode: 'forward', toBody: units.street }),
      403,
      'AUTH.FORBIDDEN',
    );
    expectStatus(
      await post('centre_operator', caseId, 'route', { mode: 'forward', toBody: units.street }),
      200,
    );
    expectStatus(await post('centre_operator', caseId, 'notify', { content: 'Accepted.' }), 200);
    expectStatus(
      await post('grid_worker', caseId, 'answer', { answer: 'support', opinion: 'o' }),
      403,
      'AUTH.FORBIDDEN',
    );
    expectStatus(
      await post('street_staff', caseId, 'answer', {
        answer: 'support',
        opinion: 'The compensation will be reassessed.',
      }),
      200,
    );
  });
});
