import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVENT_STORE, type EventStore } from '#event-store';
import { allProjections, ProjectionEngine } from '#projections';
import { waitUntilVisible } from '#projections/testing';
import { DEMO_DISTRICT_CODE, registryView, type LoginAccount, type RegistryView } from '#registry-domain';
import { foldRegistry, seedDemoDistrict } from '#runtime';
import { disputeReport } from '../cases/case-api.js';
import {
  cstDate,
  DAY_MS,
  enforcementReport,
  officers,
  PastHandling,
} from '../cases/petition-enforcement-helpers.js';
import { http, login, startTestApp, type TestApp, type TestUser } from '../support/test-app.js';

const DEMO_PASSWORD = 'scoped-reads-password';

/**
 * /assessments, /escalations and /overdue for scoped roles, on the demo district's real registry:
 * a grid worker sees its grid's cases and its grid's handling unit, community and street staff their
 * subtree's cases and units (never the levels above them), a squad officer its squad's enforcement
 * cases and its squad's assessment; district-wide roles everything. Filtered in SQL, so a caller who
 * asks for another grid gets an empty list, not a 403 or someone else's rows.
 */
describe('scoped read routes: assessments, escalations, overdue', () => {
  let t: TestApp;
  let store: EventStore;
  let view: RegistryView;
  const users = {} as Record<'grid' | 'community' | 'street' | 'squad' | 'centre', TestUser>;
  const ids = {} as {
    grid1: string;
    grid2: string;
    squad1: string;
    squad2: string;
    unit1: string;
    unit2: string;
    committee1: string;
    committee2: string;
  };
  const cases = {} as { own: string; other: string; squadOwn: string; squadOther: string };
  const now = Date.now();
  const months = `from=${cstDate(now - 20 * DAY_MS).slice(0, 7)}&to=${cstDate(now).slice(0, 7)}`;

  const get = (user: TestUser, path: string) => http(t.baseUrl, 'GET', path, { auth: user.token });
  const handler = (gridId: string, level: 'building' | 'community') => {
    const step = view.handlingChain(gridId).find((candidate) => candidate.level === level);
    if (!step) throw new Error(`grid ${gridId} has no ${level} handler in the demo registry`);
    return { unitId: step.handler.id, name: step.handler.name };
  };

  /** A dispute dispatched 10 days ago to the grid's building-level unit and never signed (overdue), escalated to the committee. */
  async function disputeAt(gridId: string): Promise<string> {
    const past = new PastHandling(t);
    await past.report(now - 10 * DAY_MS, disputeReport({ location: { gridId, address: 'Lane 1' } }));
    await past.at(now - 10 * DAY_MS + 60_000, 'RegisterCase', {});
    await past.at(now - 10 * DAY_MS + 120_000, 'DispatchCase', { unit: handler(gridId, 'building') });
    await past.at(now - 9 * DAY_MS, 'EscalateCase', {
      reason: 'beyond the building',
      unit: handler(gridId, 'community'),
    });
    return past.caseId;
  }

  /** An enforcement case filed 100 days ago and never decided: past its 90-day decision limit. */
  async function staleEnforcement(squadId: string, gridId: string): Promise<string> {
    const past = new PastHandling(t);
    await past.report(now - 101 * DAY_MS, enforcementReport({ location: { gridId } }, { squadId }));
    await past.at(now - 100 * DAY_MS, 'FileEnforcementCase', { officers });
    return past.caseId;
  }

  beforeAll(async () => {
    t = await startTestApp('postgres', { DEMO_ACCOUNT_PASSWORD: DEMO_PASSWORD });
    store = t.app.get<EventStore>(EVENT_STORE);
    await seedDemoDistrict(store);
    expect(
      (await http(t.baseUrl, 'POST', '/api/v1/auth/accounts/sync', { auth: t.users.admin.token })).status,
    ).toBe(200);
    view = registryView((await foldRegistry(store, DEMO_DISTRICT_CODE)).state);
    const accounts = view.accounts();
    const byRole = (role: LoginAccount['role']) => accounts.filter((a) => a.role === role && a.scope);
    let picked: { worker: LoginAccount; community: LoginAccount; street: LoginAccount } | undefined;
    for (const community of byRole('community_staff')) {
      const grids = new Set(view.gridsWithin(community.scope!.id));
      const worker = byRole('grid_worker').find((w) => grids.has(w.scope!.id));
      const streetId = view.locate(community.scope!.id).find((node) => node.kind === 'street')?.id;
      const street = byRole('street_staff').find((s) => s.scope!.id === streetId);
      if (worker && street) {
        picked = { worker, community, street };
        break;
      }
    }
    if (!picked)
      throw new Error('the demo district has no nested grid worker / community staff / street staff');
    ids.grid1 = picked.worker.scope!.id;
    const inStreet = new Set(view.gridsWithin(picked.street.scope!.id));
    ids.grid2 = byRole('grid_worker')
      .map((w) => w.scope!.id)
      .find((id) => !inStreet.has(id))!;
    const squads = byRole('squad_officer');
    ids.squad1 = squads[0]!.scope!.id;
    ids.squad2 = squads.find((s) => s.scope!.id !== ids.squad1)!.scope!.id;
    ids.unit1 = handler(ids.grid1, 'building').unitId;
    ids.unit2 = handler(ids.grid2, 'building').unitId;
    ids.committee1 = handler(ids.grid1, 'community').unitId;
    ids.committee2 = handler(ids.grid2, 'community').unitId;

    users.grid = await login(t.baseUrl, picked.worker.accountName, DEMO_PASSWORD);
    users.community = await login(t.baseUrl, picked.community.accountName, DEMO_PASSWORD);
    users.street = await login(t.baseUrl, picked.street.accountName, DEMO_PASSWORD);
    users.squad = await login(t.baseUrl, squads[0]!.accountName, DEMO_PASSWORD);
    users.centre = await login(t.baseUrl, byRole('centre_operator')[0]!.accountName, DEMO_PASSWORD);

    cases.own = await disputeAt(ids.grid1);
    cases.other = await disputeAt(ids.grid2);
    cases.squadOwn = await staleEnforcement(ids.squad1, ids.grid1);
    cases.squadOther = await staleEnforcement(ids.squad2, ids.grid2);
    await waitUntilVisible(store, t.database.pool, 60_000);
    await new ProjectionEngine(
      allProjections,
      { eventStore: store, pool: t.database.pool },
      { batchSize: 500 },
    ).catchUp();
  }, 300_000);
  afterAll(async () => t?.close());

  const overdueIds = async (user: TestUser, query = '') => {
    const response = await get(user, `/api/v1/overdue?limit=500${query}`);
    expect(response.status).toBe(200);
    return (response.body.items as Array<{ caseId: string }>).map((item) => item.caseId);
  };
  const escalatedIds = async (user: TestUser) => {
    const response = await get(user, '/api/v1/escalations?limitPerLevel=200');
    expect(response.status).toBe(200);
    return Object.values(response.body.byLevel as Record<string, Array<{ caseId: string }>>)
      .flat()
      .map((item) => item.caseId);
  };
  const unitIds = async (user: TestUser, level = '') => {
    const response = await get(user, `/api/v1/assessments?${months}${level}`);
    expect(response.status).toBe(200);
    return (response.body.units as Array<{ unitId: string }>).map((unit) => unit.unitId);
  };

  it('the centre operator sees every case and unit', async () => {
    const overdue = await overdueIds(users.centre);
    for (const caseId of Object.values(cases)) expect(overdue).toContain(caseId);
    expect(await escalatedIds(users.centre)).toEqual(expect.arrayContaining([cases.own, cases.other]));
    expect(await unitIds(users.centre)).toEqual(
      expect.arrayContaining([ids.unit1, ids.unit2, ids.committee1, ids.committee2]),
    );
  });

  for (const role of ['grid', 'community', 'street'] as const) {
    it(`${role} staff: only the cases of their grids, only the units of their subtree`, async () => {
      const overdue = await overdueIds(users[role]);
      expect(overdue).toContain(cases.own);
      expect(overdue).not.toContain(cases.other);
      expect(overdue).not.toContain(cases.squadOther);
      expect(await overdueIds(users[role], `&gridId=${ids.grid2}`)).toEqual([]);
      const escalated = await escalatedIds(users[role]);
      expect(escalated).toContain(cases.own);
      expect(escalated).not.toContain(cases.other);
      const units = await unitIds(users[role]);
      expect(units).toContain(ids.unit1);
      expect(units).not.toContain(ids.unit2);
      expect(units).not.toContain(ids.committee2);
      if (role === 'grid') expect(units).toEqual([ids.unit1]);
      else expect(units).toContain(ids.committee1);
      expect((await get(users[role], `/api/v1/assessments?level=squad&${months}`)).body.squads).toEqual([]);
    });
  }

  it("a squad officer: only their squad's enforcement cases and their squad's assessment, no unit", async () => {
    expect(await overdueIds(users.squad)).toEqual([cases.squadOwn]);
    expect(await escalatedIds(users.squad)).toEqual([]);
    expect(await unitIds(users.squad)).toEqual([]);
    const squads = (
      await get(
        users.squad,
        `/api/v1/assessments?level=squad&from=${cstDate(now - 120 * DAY_MS).slice(0, 7)}&to=${cstDate(now).slice(0, 7)}`,
      )
    ).body.squads;
    expect(squads.map((squad: { squadId: string }) => squad.squadId)).toEqual([ids.squad1]);
    expect(squads[0]).toMatchObject({ decisionOverdue: 1, counters: { filed: 1 } });
  });

  it('asOf answers are scoped the same way', async () => {
    const asOf = cstDate(now - DAY_MS);
    const response = await get(users.grid, `/api/v1/assessments?${months}&asOf=${asOf}`);
    expect(response.status).toBe(200);
    expect(response.body.units.map((unit: { unitId: string }) => unit.unitId)).toEqual([ids.unit1]);
  });
});
