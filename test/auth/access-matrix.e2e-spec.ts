import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVENT_STORE, type EventStore } from '#event-store';
import { allProjections, ProjectionEngine } from '#projections';
import { waitUntilVisible } from '#projections/testing';
import { DEMO_DISTRICT_CODE, registryView, type LoginAccount } from '#registry-domain';
import { foldRegistry, seedDemoDistrict } from '#runtime';
import { novelRequest } from '../admissions/admission-api.js';
import { apiClient } from '../support/api-client.js';
import { disputeReport } from '../cases/case-api.js';
import { writeRegistry } from '../support/registry-fixture.js';
import { enforcementReport } from '../cases/petition-enforcement-helpers.js';
import {
  http,
  login,
  startTestApp,
  type JsonResponse,
  type TestApp,
  type TestUser,
} from '../support/test-app.js';

/**
 * Every cell of role × jurisdiction (own scope / other scope) × endpoint, executed over HTTP on
 * the demo district: allowed cells must reach the handler, denied ones must answer the documented
 * 403 / 404 problem. Jurisdictions are real: a grid worker's grid inside a community staff's
 * community inside a street staff's street, and a grid of another street. The registry also holds a
 * move of the own grid to the other street dated tomorrow, which no cell may see yet (issue #19), and
 * a dispatch to another street's centre is refused by the registry (unit addressing).
 */
const ROLES = [
  'centre_operator',
  'street_staff',
  'community_staff',
  'grid_worker',
  'squad_officer',
  'analyst',
  'administrator',
  'district_department',
] as const;
type Role = (typeof ROLES)[number];
type Side = 'own' | 'other';
const SCOPED: readonly Role[] = ['street_staff', 'community_staff', 'grid_worker', 'squad_officer'];
const DISTRICT_READERS: readonly Role[] = ['centre_operator', 'analyst', 'administrator'];
const HANDLERS: readonly Role[] = ['centre_operator', ...SCOPED];
/** Roles that read cases at all (a district department sees none). */
const CASE_READERS: readonly Role[] = [...HANDLERS, 'analyst', 'administrator'];
/** Admission requests: who applies, who decides (the admission office), who reads, and who reads them all. */
const ADMISSION_SUBMITTERS: readonly Role[] = ['centre_operator', 'district_department'];
const ADMISSION_READERS: readonly Role[] = [
  'centre_operator',
  'street_staff',
  'community_staff',
  'analyst',
  'administrator',
  'district_department',
];
const ADMISSION_SCOPED: readonly Role[] = ['street_staff', 'community_staff', 'district_department'];
const OWN_DEPARTMENT = '区民政局';
const OTHER_DEPARTMENT = '区住建委';
const DEMO_PASSWORD = 'matrix-demo-password';

interface Expected {
  status: number;
  code?: string;
}
interface Endpoint {
  name: string;
  run(user: TestUser, role: Role, side: Side): Promise<JsonResponse>;
  expect(role: Role, side: Side): Expected | 'handled';
}

describe('access matrix: role × jurisdiction × endpoint', () => {
  let t: TestApp;
  let store: EventStore;
  const users = {} as Record<Role, TestUser>;
  let gridWorkerHolder: { username: string; name: string };
  const g = {} as {
    grid1: string;
    grid2: string;
    community1: string;
    community2: string;
    street1: string;
    street2: string;
    squad1: string;
    squad2: string;
    /** the street centres of grid1's and grid2's ladders */
    centre1: string;
    centre2: string;
  };
  /** Admission requests made once for the read cells, per role: own = aimed at / made by the role's unit or department. */
  const readAdmissions = {} as Record<Role, Record<Side, string>>;
  /** Cases made once for the read cells: [role kind][side]. */
  const readCases = {} as Record<'area' | 'squad', Record<Side, string>>;
  let cells = 0;

  const asOperator = (method: string, path: string, body?: unknown) =>
    http(t.baseUrl, method, path, { body, auth: t.users.operator.token });
  const as = (user: TestUser, method: string, path: string, body?: unknown) =>
    http(t.baseUrl, method, path, { body, auth: user.token });

  /** The report body of a case on `side` of the role's jurisdiction. */
  function reportFor(role: Role, side: Side): Record<string, unknown> {
    if (role === 'squad_officer') {
      return enforcementReport(
        { location: { gridId: g.grid1 } },
        { squadId: side === 'own' ? g.squad1 : g.squad2 },
      );
    }
    return disputeReport({ location: { gridId: side === 'own' ? g.grid1 : g.grid2 } });
  }

  async function newCase(role: Role, side: Side): Promise<string> {
    const response = await asOperator('POST', '/api/v1/cases', reportFor(role, side));
    if (response.status !== 201)
      throw new Error(`report answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body.caseId as string;
  }
  const readCase = (role: Role, side: Side) => readCases[role === 'squad_officer' ? 'squad' : 'area'][side];
  const hidden = (role: Role, side: Side) => SCOPED.includes(role) && side === 'other';
  const caseReadRefused = (role: Role): Expected | undefined =>
    CASE_READERS.includes(role) ? undefined : { status: 403, code: 'AUTH.FORBIDDEN' };

  /**
   * An admission request under review on `side` of the role's scope: for a street staff a street-level
   * request naming its street (or another street), for a community staff the same with communities,
   * for a department one of its own (or another department's); others get the street pair.
   */
  function admissionBody(role: Role, side: Side): Record<string, unknown> {
    if (role === 'community_staff')
      return novelRequest(`矩阵社区事项-${randomUUID().slice(0, 8)}`, {
        targetUnits: [side === 'own' ? g.community1 : g.community2],
      });
    if (role === 'district_department')
      return novelRequest(`矩阵部门事项-${randomUUID().slice(0, 8)}`, {
        department: side === 'own' ? OWN_DEPARTMENT : OTHER_DEPARTMENT,
      });
    const title = `矩阵街道事项-${randomUUID().slice(0, 8)}`;
    return novelRequest(title, {
      work: { ...novelRequest(title).work, targetLevel: 'street' },
      targetUnits: [side === 'own' ? g.street1 : g.street2],
    });
  }
  async function newAdmission(role: Role, side: Side): Promise<string> {
    const response = await asOperator('POST', '/api/v1/admissions', admissionBody(role, side));
    if (response.status !== 201)
      throw new Error(`admission submission answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body.requestId as string;
  }
  /** Scoped readers see their side only; other readers see both; roles that may not read get 403. */
  const admissionRead = (role: Role, side: Side): Expected =>
    !ADMISSION_READERS.includes(role)
      ? { status: 403, code: 'AUTH.FORBIDDEN' }
      : ADMISSION_SCOPED.includes(role) && side === 'other'
        ? { status: 404, code: 'ADMISSION.NOT_FOUND' }
        : { status: 200 };

  const endpoints: Endpoint[] = [
    {
      name: 'POST /cases (report)',
      run: (user, role, side) => as(user, 'POST', '/api/v1/cases', reportFor(role, side)),
      expect: (role, side) =>
        !HANDLERS.includes(role) || hidden(role, side)
          ? { status: 403, code: 'AUTH.FORBIDDEN' }
          : { status: 201 },
    },
    {
      name: 'POST /cases/{id}/register (case command)',
      run: async (user, role, side) =>
        as(user, 'POST', `/api/v1/cases/${await newCase(role, side)}/register`, {}),
      // Registering (立案) is the centre's alone (per-action rules, libs/auth case-action-rules.ts): any other role is 403
      // before its jurisdiction is looked at; the per-action matrix covers every action.
      expect: (role) => (role === 'centre_operator' ? 'handled' : { status: 403, code: 'AUTH.FORBIDDEN' }),
    },
    {
      name: "POST /cases/{id}/dispatch to another street's centre (unit addressing)",
      run: async (user, _role, side) => {
        const caseId = await newCase('grid_worker', side);
        expect((await asOperator('POST', `/api/v1/cases/${caseId}/register`, {})).status).toBe(200);
        // The centre of the street the case does not lie in: off the case's ladder.
        const unitId = side === 'own' ? g.centre2 : g.centre1;
        return as(user, 'POST', `/api/v1/cases/${caseId}/dispatch`, { unit: { unitId } });
      },
      // Dispatch is the centre's alone (403 for any other role before anything is read); the centre,
      // district-wide, reaches the registry's verdict: the unit is not on this case's ladder.
      expect: (role) =>
        role === 'centre_operator'
          ? { status: 422, code: 'ADDRESS.UNIT_OFF_LADDER' }
          : { status: 403, code: 'AUTH.FORBIDDEN' },
    },
    {
      name: 'GET /cases/{id} (case query)',
      run: (user, role, side) => as(user, 'GET', `/api/v1/cases/${readCase(role, side)}`),
      expect: (role, side) =>
        caseReadRefused(role) ??
        (hidden(role, side) ? { status: 404, code: 'CASE.NOT_FOUND' } : { status: 200 }),
    },
    {
      name: 'GET /cases/{id}/history (case query)',
      run: (user, role, side) => as(user, 'GET', `/api/v1/cases/${readCase(role, side)}/history`),
      expect: (role, side) =>
        caseReadRefused(role) ??
        (hidden(role, side) ? { status: 404, code: 'CASE.NOT_FOUND' } : { status: 200 }),
    },
    {
      name: 'GET /cases?gridId= (list, filtered by jurisdiction)',
      run: (user, role, side) =>
        as(
          user,
          'GET',
          `/api/v1/cases?gridId=${side === 'own' || role === 'squad_officer' ? g.grid1 : g.grid2}&limit=200`,
        ),
      expect: (role) => caseReadRefused(role) ?? { status: 200 },
    },
    {
      name: 'GET /grids/{id}/dashboard',
      run: (user, _role, side) =>
        as(user, 'GET', `/api/v1/grids/${side === 'own' ? g.grid1 : g.grid2}/dashboard`),
      expect: (role, side) =>
        caseReadRefused(role) ??
        (role === 'squad_officer' || hidden(role, side)
          ? { status: 404, code: 'GRID.NOT_FOUND' }
          : { status: 200 }),
    },
    {
      name: 'POST /jurisdictions/grids (registry command)',
      run: (user, _role, side) =>
        as(user, 'POST', '/api/v1/jurisdictions/grids', {
          code: `MX-${randomUUID().slice(0, 8)}`,
          name: 'matrix grid',
          setting: 'rural',
          parentId: side === 'own' ? g.community1 : g.community2,
        }),
      // Rural grids need a village: the registry refuses an urban community with 422, which proves the command was decided.
      expect: (role) => (role === 'administrator' ? 'handled' : { status: 403, code: 'AUTH.FORBIDDEN' }),
    },
    {
      name: 'GET /jurisdictions/grids/{id} (registry query)',
      run: (user, _role, side) =>
        as(user, 'GET', `/api/v1/jurisdictions/grids/${side === 'own' ? g.grid1 : g.grid2}`),
      expect: () => ({ status: 200 }),
    },
    {
      name: 'GET /events (district-wide read)',
      run: (user) => as(user, 'GET', '/api/v1/events?fromPosition=0&limit=1'),
      expect: (role) =>
        DISTRICT_READERS.includes(role) ? { status: 200 } : { status: 403, code: 'AUTH.FORBIDDEN' },
    },
    {
      name: 'GET /projections (operations read)',
      run: (user) => as(user, 'GET', '/api/v1/projections'),
      expect: (role) =>
        DISTRICT_READERS.includes(role) ? { status: 200 } : { status: 403, code: 'AUTH.FORBIDDEN' },
    },
    // Read routes filtered by jurisdiction in their queries (case.list): every case handler and district-wide reader; rows per scope in test/read-models/scoped-reads.e2e-spec.ts.
    {
      name: 'GET /assessments (units of the jurisdiction)',
      run: (user) => as(user, 'GET', '/api/v1/assessments?from=2026-01&to=2026-12'),
      expect: (role) =>
        [...HANDLERS, ...DISTRICT_READERS].includes(role)
          ? { status: 200 }
          : { status: 403, code: 'AUTH.FORBIDDEN' },
    },
    {
      name: 'GET /escalations (cases of the jurisdiction)',
      run: (user) => as(user, 'GET', '/api/v1/escalations'),
      expect: (role) =>
        [...HANDLERS, ...DISTRICT_READERS].includes(role)
          ? { status: 200 }
          : { status: 403, code: 'AUTH.FORBIDDEN' },
    },
    {
      name: 'GET /overdue?gridId= (cases of the jurisdiction)',
      run: (user, _role, side) =>
        as(user, 'GET', `/api/v1/overdue?gridId=${side === 'own' ? g.grid1 : g.grid2}`),
      expect: (role) =>
        [...HANDLERS, ...DISTRICT_READERS].includes(role)
          ? { status: 200 }
          : { status: 403, code: 'AUTH.FORBIDDEN' },
    },
    {
      name: 'POST /admissions (apply: a department for itself, the centre for a named department)',
      run: (user, role, side) => {
        const body = admissionBody(role, side);
        // A department's own application names no department: its login says which one it is.
        if (role === 'district_department' && side === 'own') delete body.department;
        return as(user, 'POST', '/api/v1/admissions', body);
      },
      expect: (role, side) =>
        !ADMISSION_SUBMITTERS.includes(role) || (role === 'district_department' && side === 'other')
          ? { status: 403, code: 'AUTH.FORBIDDEN' }
          : { status: 201 },
    },
    {
      name: 'POST /admissions/{id}/review (admission office)',
      run: async (user, role, side) =>
        as(user, 'POST', `/api/v1/admissions/${await newAdmission(role, side)}/review`, {
          opinion: 'recommend_approval',
          findings: '矩阵',
          reviewingOffice: '准入办',
        }),
      expect: (role) =>
        role === 'centre_operator' ? { status: 200 } : { status: 403, code: 'AUTH.FORBIDDEN' },
    },
    {
      name: 'POST /admissions/{id}/withdraw (the applicant)',
      run: async (user, role, side) =>
        as(user, 'POST', `/api/v1/admissions/${await newAdmission(role, side)}/withdraw`, {
          reason: '矩阵撤回',
        }),
      expect: (role, side) =>
        !ADMISSION_SUBMITTERS.includes(role)
          ? { status: 403, code: 'AUTH.FORBIDDEN' }
          : role === 'district_department' && side === 'other'
            ? { status: 404, code: 'ADMISSION.NOT_FOUND' }
            : { status: 200 },
    },
    {
      name: 'GET /admissions/{id} (admission query)',
      run: (user, role, side) => as(user, 'GET', `/api/v1/admissions/${readAdmissions[role][side]}`),
      expect: admissionRead,
    },
    {
      name: 'GET /admissions (list, filtered by department or level/unit)',
      run: (user) => as(user, 'GET', '/api/v1/admissions?limit=200'),
      expect: (role) =>
        ADMISSION_READERS.includes(role) ? { status: 200 } : { status: 403, code: 'AUTH.FORBIDDEN' },
    },
    {
      name: 'POST /auth/accounts (account administration)',
      run: (user) =>
        as(user, 'POST', '/api/v1/auth/accounts', {
          username: `mx-${randomUUID().slice(0, 8)}`,
          password: 'matrix-analyst-pw',
          role: 'analyst',
        }),
      expect: (role) =>
        role === 'administrator' ? { status: 201 } : { status: 403, code: 'AUTH.FORBIDDEN' },
    },
  ];

  beforeAll(async () => {
    t = await startTestApp('postgres', { DEMO_ACCOUNT_PASSWORD: DEMO_PASSWORD });
    store = t.app.get<EventStore>(EVENT_STORE);
    await seedDemoDistrict(store);
    // The account sync finds the district on the global log: wait until the seed is visible there.
    await waitUntilVisible(store, t.database.pool);
    const synced = await http(t.baseUrl, 'POST', '/api/v1/auth/accounts/sync', { auth: t.users.admin.token });
    expect(synced.status).toBe(200);
    expect(synced.body.changed).toBeGreaterThan(900);

    // Pick nested jurisdictions from the registry: grid ⊂ community ⊂ street, and a grid of another street.
    const view = registryView((await foldRegistry(store, DEMO_DISTRICT_CODE)).state);
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
    g.grid1 = picked.worker.scope!.id;
    g.community1 = picked.community.scope!.id;
    const inStreet = new Set(view.gridsWithin(picked.street.scope!.id));
    g.grid2 = byRole('grid_worker')
      .map((w) => w.scope!.id)
      .find((id) => !inStreet.has(id))!;
    g.community2 = view
      .locate(g.grid2)
      .find((node) => node.kind === 'community' || node.kind === 'village')!.id;
    g.street1 = picked.street.scope!.id;
    g.street2 = view.locate(g.grid2).find((node) => node.kind === 'street' || node.kind === 'township')!.id;
    const streetCentre = (gridId: string) =>
      view.handlingChain(gridId).find((step) => step.level === 'street')!.handler.id;
    g.centre1 = streetCentre(g.grid1);
    g.centre2 = streetCentre(g.grid2);
    // A dated registry change not yet in force: grid1 moves to the other street's community tomorrow.
    // Every cell below must answer as if it had not been recorded (lists and GET alike; ADR 0042).
    const now = new Date().toISOString();
    await writeRegistry(
      t.app,
      [
        {
          type: 'MoveGrid',
          data: {
            gridId: g.grid1,
            toParentId: g.community2,
            effectiveDate: new Date(Date.now() + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 10),
          },
          metadata: { actor: 'admin:matrix', now },
        },
      ],
      DEMO_DISTRICT_CODE,
    );
    const squads = byRole('squad_officer');
    const squadOfficer = squads[0]!;
    g.squad1 = squadOfficer.scope!.id;
    g.squad2 = squads.find((s) => s.scope!.id !== g.squad1)!.scope!.id;
    const centre = byRole('centre_operator')[0]!;

    users.grid_worker = await login(t.baseUrl, picked.worker.accountName, DEMO_PASSWORD);
    gridWorkerHolder = { username: picked.worker.accountName, name: picked.worker.holderName };
    users.community_staff = await login(t.baseUrl, picked.community.accountName, DEMO_PASSWORD);
    users.street_staff = await login(t.baseUrl, picked.street.accountName, DEMO_PASSWORD);
    users.squad_officer = await login(t.baseUrl, squadOfficer.accountName, DEMO_PASSWORD);
    users.centre_operator = await login(t.baseUrl, centre.accountName, DEMO_PASSWORD);
    expect(
      (
        await http(t.baseUrl, 'POST', '/api/v1/auth/accounts', {
          body: { username: 'matrix-analyst', password: 'matrix-analyst-pw', role: 'analyst' },
          auth: t.users.admin.token,
        })
      ).status,
    ).toBe(201);
    users.analyst = await login(t.baseUrl, 'matrix-analyst', 'matrix-analyst-pw');
    users.administrator = t.users.admin;
    const department = {
      username: 'matrix-department',
      password: 'matrix-department-pw',
      role: 'district_department',
      department: OWN_DEPARTMENT,
    };
    expect(
      (
        await http(t.baseUrl, 'POST', '/api/v1/auth/accounts', {
          body: department,
          auth: t.users.admin.token,
        })
      ).status,
    ).toBe(201);
    users.district_department = await login(t.baseUrl, department.username, department.password);

    for (const role of ROLES)
      readAdmissions[role] = {
        own: await newAdmission(role, 'own'),
        other: await newAdmission(role, 'other'),
      };

    readCases.area = {
      own: await newCase('grid_worker', 'own'),
      other: await newCase('grid_worker', 'other'),
    };
    readCases.squad = {
      own: await newCase('squad_officer', 'own'),
      other: await newCase('squad_officer', 'other'),
    };
    await waitUntilVisible(store, t.database.pool);
    await new ProjectionEngine(
      allProjections,
      { eventStore: store, pool: t.database.pool },
      { batchSize: 500 },
    ).catchUp();
  }, 180_000);

  afterAll(async () => {
    await t?.close();
    // 8 roles × 2 sides × 20 endpoints.
    expect(cells).toBe(ROLES.length * 2 * endpoints.length);
  });

  it('GET /auth/me names a registry login by its holder, with its role and grid (generated client)', async () => {
    const { data } = await apiClient(t.baseUrl, users.grid_worker).GET('/api/v1/auth/me');
    expect(data).toEqual({
      id: users.grid_worker.id,
      username: gridWorkerHolder.username,
      displayName: gridWorkerHolder.name,
      role: 'grid_worker',
      roles: ['grid_worker'],
      scope: { kind: 'grid', id: g.grid1 },
      unitId: null,
    });
  });

  for (const endpoint of endpoints) {
    describe(endpoint.name, () => {
      for (const role of ROLES) {
        for (const side of ['own', 'other'] as const) {
          const expected = endpoint.expect(role, side);
          const label =
            expected === 'handled'
              ? 'reaches the handler'
              : `${expected.status}${expected.code ? ` ${expected.code}` : ''}`;
          it(`${role}, ${side} scope → ${label}`, async () => {
            const response = await endpoint.run(users[role], role, side);
            cells++;
            const summary = `${response.status} ${JSON.stringify(response.body).slice(0, 300)}`;
            if (expected === 'handled') {
              // Past the guard and the jurisdiction check: the domain decided (applied or refused on its own rules).
              expect([200, 201, 409, 422]).toContain(response.status);
              expect(String(response.body?.code ?? '')).not.toMatch(/^AUTH\.|NOT_FOUND/);
            } else {
              expect(summary).toMatch(new RegExp(`^${expected.status} `));
              if (expected.code) expect(response.body.code).toBe(expected.code);
            }
            if (endpoint.name.startsWith('GET /admissions (') && response.status === 200) {
              const ids = (response.body.items as Array<{ requestId: string }>).map((item) => item.requestId);
              const target = readAdmissions[role][side];
              if (ADMISSION_SCOPED.includes(role) && side === 'other') expect(ids).not.toContain(target);
              else expect(ids).toContain(target);
            }
            if (endpoint.name.startsWith('GET /cases?') && response.status === 200) {
              const ids = (response.body.items as Array<{ caseId: string }>).map((item) => item.caseId);
              const target = readCase(role, side);
              if (hidden(role, side)) expect(ids).not.toContain(target);
              else expect(ids).toContain(target);
            }
          });
        }
      }
    });
  }
});
