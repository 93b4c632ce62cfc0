import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { admissionStreamName, responsibilityListStreamName } from '#admission-domain';
import { EVENT_STORE, type EventStore } from '#event-store';
import { waitUntilVisible } from '#projections/testing';
import { DEMO_DISTRICT_CODE, registryView, type LoginAccount } from '#registry-domain';
import { foldRegistry, seedDemoDistrict } from '#runtime';
import { http, login, startTestApp, type TestApp, type TestUser } from '../support/test-app.js';
import {
  daysFromToday,
  expectProblem,
  get,
  listAdmissions,
  must,
  novelRequest,
  post,
  storedEventCount,
} from './admission-api.js';

const DEMO_PASSWORD = 'departments-demo-password';
const ids = (response: { body: { items: Array<{ requestId: string }> } }) =>
  response.body.items.map((item) => item.requestId);

/**
 * District departments apply for admission of their own work items; the centre operator, as the
 * district's admission office, reviews and decides; street and community staff see what is aimed
 * at them. Real logins on the demo district, over HTTP.
 */
describe('admission requests of district departments, and who sees them', () => {
  let t: TestApp;
  let store: EventStore;
  let civil: TestUser; // 区民政局
  let housing: TestUser; // 区住建委
  let streetStaff: TestUser;
  let otherStreetStaff: TestUser;
  let communityStaff: TestUser;
  let street: { id: string; name: string };
  let otherStreet: { id: string; name: string };
  let community: { id: string; name: string };

  const asDept = (user: TestUser, path: string, body: unknown) =>
    post(t.baseUrl, path, body, { auth: user.token });
  /** What a department sends: no department field, its login says which one it is. */
  const departmentRequest = (title: string, overrides: Record<string, unknown> = {}) => {
    const { department: _department, ...body } = novelRequest(title, overrides);
    return body;
  };

  beforeAll(async () => {
    t = await startTestApp('postgres', { DEMO_ACCOUNT_PASSWORD: DEMO_PASSWORD });
    store = t.app.get<EventStore>(EVENT_STORE);
    await seedDemoDistrict(store);
    // The account sync finds the district on the global log: wait until the seed is visible there.
    await waitUntilVisible(store, t.database.pool);
    expect(
      (await http(t.baseUrl, 'POST', '/api/v1/auth/accounts/sync', { auth: t.users.admin.token })).status,
    ).toBe(200);
    for (const [username, department] of [
      ['dept-civil', '区民政局'],
      ['dept-housing', '区住建委'],
    ] as const) {
      const created = await post(
        t.baseUrl,
        '/auth/accounts',
        { username, password: `${username}-password`, role: 'district_department', department },
        { auth: t.users.admin.token },
      );
      expect(created.status).toBe(201);
      expect(created.body.scope).toEqual({ kind: 'department', name: department });
    }
    civil = await login(t.baseUrl, 'dept-civil', 'dept-civil-password');
    housing = await login(t.baseUrl, 'dept-housing', 'dept-housing-password');

    const view = registryView((await foldRegistry(store, DEMO_DISTRICT_CODE)).state);
    const accounts = view.accounts();
    const byRole = (role: LoginAccount['role']) => accounts.filter((a) => a.role === role && a.scope);
    const streets = byRole('street_staff');
    const first = streets[0]!;
    const second = streets.find((s) => s.scope!.id !== first.scope!.id)!;
    const communityAccount = byRole('community_staff')[0]!;
    street = { id: first.scope!.id, name: view.node(first.scope!.id)!.name };
    otherStreet = { id: second.scope!.id, name: view.node(second.scope!.id)!.name };
    community = { id: communityAccount.scope!.id, name: view.node(communityAccount.scope!.id)!.name };
    streetStaff = await login(t.baseUrl, first.accountName, DEMO_PASSWORD);
    otherStreetStaff = await login(t.baseUrl, second.accountName, DEMO_PASSWORD);
    communityStaff = await login(t.baseUrl, communityAccount.accountName, DEMO_PASSWORD);
  }, 180_000);
  afterAll(async () => t?.close());

  it('a department applies for itself → the centre reviews and approves → the item joins the list; the department cannot decide', async () => {
    const submitted = await must(t.baseUrl, '/admissions', departmentRequest('困难家庭定期走访核查'), 201, {
      auth: civil.token,
    });
    const id = submitted.body.requestId as string;
    expect(submitted.body).toMatchObject({
      status: 'under_review',
      events: ['AdmissionRequestSubmitted', 'AdmissionReviewStarted'],
    });
    const view = await get(t.baseUrl, `/admissions/${id}`, civil.token);
    expect(view.status).toBe(200);
    expect(view.body.request).toMatchObject({ department: '区民政局', submittedBy: civil.id });

    // Review, approval and refusal belong to the admission office: 403 for the department, nothing appended.
    const before = await storedEventCount(t.database.pool);
    const review = {
      opinion: 'recommend_approval',
      findings: '人员经费随事转移',
      reviewingOffice: '区综治中心（准入办）',
    };
    expectProblem(await asDept(civil, `/admissions/${id}/review`, review), 403, 'AUTH.FORBIDDEN');
    expectProblem(
      await asDept(civil, `/admissions/${id}/approve`, {
        authorisedOffice: '区民政局',
        listKind: 'community_building',
        itemCode: 'SQJS-40',
      }),
      403,
      'AUTH.FORBIDDEN',
    );
    expectProblem(
      await asDept(civil, `/admissions/${id}/refuse`, { authorisedOffice: '区民政局', reason: '自己拒绝' }),
      403,
      'AUTH.FORBIDDEN',
    );
    expect(await storedEventCount(t.database.pool)).toBe(before);

    await must(t.baseUrl, `/admissions/${id}/review`, review, 200);
    const approved = await must(
      t.baseUrl,
      `/admissions/${id}/approve`,
      {
        authorisedOffice: '区综治中心（准入办）',
        listKind: 'community_building',
        itemCode: 'SQJS-40',
        effectiveFrom: daysFromToday(3),
      },
      200,
    );
    expect(approved.body).toMatchObject({
      status: 'approved',
      list: {
        stream: responsibilityListStreamName(DEMO_DISTRICT_CODE, 'community_building'),
        events: ['ResponsibilityListItemAdded'],
      },
    });
    const mine = await get(t.baseUrl, `/admissions/${id}`, civil.token);
    expect(mine.body).toMatchObject({
      status: 'approved',
      approval: { department: '区民政局', approvedBy: t.users.operator.id },
    });
    const list = await get(
      t.baseUrl,
      `/responsibilities/community_building?asOf=${daysFromToday(3)}`,
      civil.token,
    );
    expect(list.body.inForce.items.find((item: { code: string }) => item.code === 'SQJS-40')).toMatchObject({
      admissionRequestId: id,
    });
  });

  it('a department applies → the centre refuses; the department sees the refusal and its reason', async () => {
    const id = (
      await must(t.baseUrl, '/admissions', departmentRequest('老旧小区加装电梯意愿摸排'), 201, {
        auth: housing.token,
      })
    ).body.requestId as string;
    await must(
      t.baseUrl,
      `/admissions/${id}/review`,
      { opinion: 'recommend_refusal', findings: '属部门自身职责', reviewingOffice: '区综治中心（准入办）' },
      200,
    );
    const refused = await must(
      t.baseUrl,
      `/admissions/${id}/refuse`,
      { authorisedOffice: '区综治中心（准入办）', reason: '属区住建委职责，不予准入' },
      200,
    );
    expect(refused.body).toMatchObject({ status: 'refused', events: ['AdmissionRefused'] });
    const seen = await get(t.baseUrl, `/admissions/${id}`, housing.token);
    expect(seen.body).toMatchObject({
      status: 'refused',
      refusal: { by: 'review', reason: '属区住建委职责，不予准入' },
      request: { department: '区住建委' },
    });
    expect(ids(await listAdmissions(t, '?status=refused', housing.token))).toContain(id);
  });

  it('a department sees, lists and withdraws only its own requests, and applies only for itself', async () => {
    const own = (
      await must(t.baseUrl, '/admissions', departmentRequest('低保对象入户核查'), 201, { auth: civil.token })
    ).body.requestId as string;
    const theirs = (
      await must(t.baseUrl, '/admissions', departmentRequest('自建房安全排查'), 201, { auth: housing.token })
    ).body.requestId as string;
    const byCentre = (await must(t.baseUrl, '/admissions', novelRequest('社区养老助餐点巡查'), 201)).body
      .requestId as string;

    const civilList = await listAdmissions(t, '?status=all&limit=200', civil.token);
    expect(civilList.status).toBe(200);
    expect(ids(civilList)).toEqual(expect.arrayContaining([own, byCentre]));
    expect(ids(civilList)).not.toContain(theirs);
    expect(civilList.body.items.every((item: { department: string }) => item.department === '区民政局')).toBe(
      true,
    );
    // Asking for another department's requests lists nothing (the department is pinned in SQL).
    expect(
      (await listAdmissions(t, `?status=all&department=${encodeURIComponent('区住建委')}`, civil.token)).body
        .items,
    ).toEqual([]);
    // The centre sees both departments.
    expect(ids(await listAdmissions(t, '?status=all&limit=200'))).toEqual(
      expect.arrayContaining([own, theirs, byCentre]),
    );

    // Another department's request is unknown to it: read 404, withdraw 404 with nothing appended.
    expectProblem(await get(t.baseUrl, `/admissions/${theirs}`, civil.token), 404, 'ADMISSION.NOT_FOUND');
    const before = await storedEventCount(t.database.pool);
    expectProblem(
      await asDept(civil, `/admissions/${theirs}/withdraw`, { reason: '误操作' }),
      404,
      'ADMISSION.NOT_FOUND',
    );
    expect(await storedEventCount(t.database.pool)).toBe(before);
    expect(await store.readStream(admissionStreamName(theirs))).toHaveLength(2);
    // Naming another department is refused; naming its own is fine.
    expectProblem(
      await asDept(civil, '/admissions', novelRequest('替他人申请', { department: '区住建委' })),
      403,
      'AUTH.FORBIDDEN',
    );
    expect(await storedEventCount(t.database.pool)).toBe(before);
    const named = await must(
      t.baseUrl,
      '/admissions',
      novelRequest('高龄津贴资格初审', { department: '区民政局' }),
      201,
      { auth: civil.token },
    );
    expect(named.body.status).toBe('under_review');

    const withdrawn = await must(t.baseUrl, `/admissions/${own}/withdraw`, { reason: '部门自行组织' }, 200, {
      auth: civil.token,
    });
    expect(withdrawn.body.status).toBe('withdrawn');
    // A department sees no case and no district-wide read.
    expectProblem(await get(t.baseUrl, '/cases', civil.token), 403, 'AUTH.FORBIDDEN');
    expectProblem(await get(t.baseUrl, '/events?fromPosition=0&limit=1', civil.token), 403, 'AUTH.FORBIDDEN');
  });

  it('street and community staff see the requests aimed at their level and unit; units must be streets/communities of that level', async () => {
    const streetWork = (title: string, targetUnits?: string[]) =>
      novelRequest(title, {
        work: { ...novelRequest(title).work, title, targetLevel: 'street' },
        ...(targetUnits ? { targetUnits } : {}),
      });
    const toMyStreet = await must(t.baseUrl, '/admissions', streetWork('街道消防站点建设', [street.id]), 201);
    expect(
      (await get(t.baseUrl, `/admissions/${toMyStreet.body.requestId}`)).body.request.targetUnits,
    ).toEqual([{ id: street.id, kind: 'street', name: street.name }]);
    const toOtherStreet = (
      await must(t.baseUrl, '/admissions', streetWork('街道夜市管理', [otherStreet.id]), 201)
    ).body.requestId as string;
    const toEveryStreet = (await must(t.baseUrl, '/admissions', streetWork('街道应急物资储备'), 201)).body
      .requestId as string;
    const toCommunities = (await must(t.baseUrl, '/admissions', novelRequest('社区心理援助站'), 201)).body
      .requestId as string;
    const toMyCommunity = (
      await must(
        t.baseUrl,
        '/admissions',
        novelRequest('社区充电桩巡查', { targetUnits: [community.id] }),
        201,
      )
    ).body.requestId as string;

    const streetList = ids(await listAdmissions(t, '?limit=200', streetStaff.token));
    expect(streetList).toEqual(expect.arrayContaining([toMyStreet.body.requestId, toEveryStreet]));
    expect(streetList).not.toContain(toOtherStreet);
    expect(streetList).not.toContain(toCommunities);
    expect(ids(await listAdmissions(t, '?limit=200', otherStreetStaff.token))).toEqual(
      expect.arrayContaining([toOtherStreet, toEveryStreet]),
    );
    expect(ids(await listAdmissions(t, '?limit=200', otherStreetStaff.token))).not.toContain(
      toMyStreet.body.requestId,
    );
    const communityList = ids(await listAdmissions(t, '?limit=200', communityStaff.token));
    expect(communityList).toEqual(expect.arrayContaining([toCommunities, toMyCommunity]));
    expect(communityList).not.toContain(toEveryStreet);
    // One request outside: 404 like an unknown one; staff may read but neither submit nor decide.
    expectProblem(
      await get(t.baseUrl, `/admissions/${toOtherStreet}`, streetStaff.token),
      404,
      'ADMISSION.NOT_FOUND',
    );
    expect((await get(t.baseUrl, `/admissions/${toEveryStreet}`, streetStaff.token)).status).toBe(200);
    expectProblem(
      await post(t.baseUrl, '/admissions', streetWork('街道自报'), { auth: streetStaff.token }),
      403,
      'AUTH.FORBIDDEN',
    );
    expectProblem(
      await post(
        t.baseUrl,
        `/admissions/${toEveryStreet}/review`,
        { opinion: 'recommend_approval', findings: 'f', reviewingOffice: 'o' },
        { auth: streetStaff.token },
      ),
      403,
      'AUTH.FORBIDDEN',
    );

    // A community named for street work (and the other way round) is refused by the domain; an unknown id by the registry check.
    const before = await storedEventCount(t.database.pool);
    expectProblem(
      await post(t.baseUrl, '/admissions', streetWork('街道错配', [community.id])),
      422,
      'ADMISSION.TARGET_UNIT_LEVEL_MISMATCH',
    );
    expectProblem(
      await post(t.baseUrl, '/admissions', novelRequest('社区错配', { targetUnits: [street.id] })),
      422,
      'ADMISSION.TARGET_UNIT_LEVEL_MISMATCH',
    );
    expect(await storedEventCount(t.database.pool)).toBe(before);
  });

  it('pages through requests with a cursor, filtered by status, department and level, each page from the read model', async () => {
    const paging = '区民政局';
    const total = (await listAdmissions(t, `?status=all&department=${encodeURIComponent(paging)}&limit=200`))
      .body.items.length;
    for (let i = 0; i < 7; i++)
      await must(t.baseUrl, '/admissions', departmentRequest(`分页测试事项${i}`), 201, { auth: civil.token });
    await listAdmissions(t); // catch the read model up once; the pages below read it as it stands

    const walk = async (query: string, limit: number) => {
      const seen: Array<{
        requestId: string;
        submittedAt: string;
        deadlines: Array<{ dueAt: string }>;
        department: string;
        targetLevel: string;
        status: string;
      }> = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const response = await get(
          t.baseUrl,
          `/admissions?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
          civil.token,
        );
        expect(response.status).toBe(200);
        expect(response.body.items.length).toBeLessThanOrEqual(limit);
        seen.push(...response.body.items);
        cursor = response.body.nextCursor;
        pages++;
      } while (cursor !== null && pages < 100);
      return { seen, pages };
    };

    const all = await walk('status=all', 3);
    expect(all.seen).toHaveLength(total + 7);
    expect(all.pages).toBe(Math.ceil((total + 7) / 3));
    expect(new Set(all.seen.map((item) => item.requestId)).size).toBe(all.seen.length);
    // Newest first.
    const submitted = all.seen.map((item) => item.submittedAt);
    expect([...submitted].sort().reverse()).toEqual(submitted);

    const pending = await walk('status=pending', 2);
    expect(pending.seen.length).toBeGreaterThanOrEqual(7);
    expect(pending.seen.every((item) => ['under_review', 'reviewed'].includes(item.status))).toBe(true);
    // The most urgent clock first.
    const dues = pending.seen.map((item) => item.deadlines[0]!.dueAt);
    expect([...dues].sort()).toEqual(dues);

    const byLevel = await walk('status=all&level=street', 5);
    expect(byLevel.seen.every((item) => item.targetLevel === 'street')).toBe(true);
    const underReview = await walk('status=under_review', 4);
    expect(underReview.seen.every((item) => item.status === 'under_review')).toBe(true);
    expect(underReview.seen.length).toBe(
      pending.seen.filter((item) => item.status === 'under_review').length,
    );

    // A cursor continues only the order it came from.
    const first = await get(t.baseUrl, '/admissions?status=pending&limit=1', civil.token);
    expectProblem(
      await get(t.baseUrl, `/admissions?status=all&cursor=${first.body.nextCursor}`, civil.token),
      400,
      'VALIDATION.FAILED',
    );
  });

  it('the read model uses an index for each filter', async () => {
    // A few hundred rows fit a sequential scan; with it off, the planner shows which index it would use.
    const explain = async (where: string, order = 'submitted_at DESC, request_id DESC') => {
      const client = await t.database.pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('SET LOCAL enable_seqscan = off');
        const { rows } = await client.query(
          `EXPLAIN SELECT request_id FROM admission_requests WHERE ${where} ORDER BY ${order} LIMIT 51`,
        );
        return rows.map((row: Record<string, string>) => Object.values(row)[0]).join('\n');
      } finally {
        await client.query('ROLLBACK');
        client.release();
      }
    };
    expect(await explain(`status = 'approved'`)).toMatch(/admission_requests_status_idx/);
    expect(await explain(`department = '区民政局'`)).toMatch(/admission_requests_department_idx/);
    expect(await explain(`target_level = 'street'`)).toMatch(/admission_requests_level_idx/);
    expect(await explain(`target_units && ARRAY['x', '*']::text[]`)).toMatch(/admission_requests_units_idx/);
    expect(await explain(`status IN ('under_review', 'reviewed')`, 'due_at ASC, request_id ASC')).toMatch(
      /admission_requests_pending_idx/,
    );
    expect(await explain('true')).toMatch(/admission_requests_submitted_idx/);
  });
});
