import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  LIST_KINDS,
  SEED_LIST_SIZES,
  admissionDecider,
  admissionStreamName,
  responsibilityListStreamName,
} from '#admission-domain';
import type { CommandPipeline } from '#command-pipeline';
import { EVENT_STORE, type EventStore } from '#event-store';
import { DEMO_DISTRICT_CODE } from '#registry-domain';
import { COMMAND_PIPELINE } from '../../apps/api/src/infrastructure/infrastructure.tokens.js';
import { seedDemoDistrict } from '#runtime';
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
  todayCst,
} from './admission-api.js';

const listStream = (kind: (typeof LIST_KINDS)[number]) =>
  responsibilityListStreamName(DEMO_DISTRICT_CODE, kind);

describe('responsibility lists and admission requests over HTTP, on the seeded demo district', () => {
  let t: TestApp;
  let store: EventStore;
  let admin: string;
  let analyst: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    store = t.app.get<EventStore>(EVENT_STORE);
    const seeded = await seedDemoDistrict(store);
    expect(seeded.responsibilityLists.applied).toBe(7);
    admin = t.users.admin.token;
    const created = await http(t.baseUrl, 'POST', '/api/v1/auth/accounts', {
      body: { username: 'adm-analyst', password: 'adm-analyst-pw', role: 'analyst' },
      auth: admin,
    });
    expect(created.status).toBe(201);
    analyst = await login(t.baseUrl, 'adm-analyst', 'adm-analyst-pw');
  });
  afterAll(async () => t?.close());

  it('serves the seeded lists with the source sizes (16, 22, 17, 39, 79, 18, 4); reseeding appends nothing', async () => {
    const response = await get(t.baseUrl, '/responsibilities?asOf=2021-03-01');
    expect(response.status).toBe(200);
    const sizes = Object.fromEntries(
      response.body.lists.map((l: { kind: string; size: number }) => [l.kind, l.size]),
    );
    expect(sizes).toEqual(SEED_LIST_SIZES);
    expect(response.body.negative).toHaveLength(4);
    const byLevel = response.body.levels as Record<string, unknown[]>;
    expect(byLevel.street.length + byLevel.community.length + byLevel.community_committees.length).toBe(
      16 + 22 + 17 + 39 + 79 + 18,
    );
    // The day before the lists took effect, nothing was in force.
    const before = await get(t.baseUrl, '/responsibilities?asOf=2021-02-28');
    expect(
      before.body.lists.every(
        (l: { version: number | null; size: number }) => l.version === null && l.size === 0,
      ),
    ).toBe(true);

    const one = await get(t.baseUrl, '/responsibilities/assisting_government');
    expect(one.status).toBe(200);
    expect(one.headers.get('etag')).toBe('"0"');
    expect(one.body.inForce.items).toHaveLength(79);
    expect(one.body.versions).toEqual([
      expect.objectContaining({ version: 1, effectiveFrom: '2021-03-01', size: 79, amendments: [] }),
    ]);

    const again = await seedDemoDistrict(store);
    expect(again.responsibilityLists.applied).toBe(0);
    expect(Object.values(again.responsibilityLists.lists).every((s) => s === 'already_seeded')).toBe(true);
  });

  it('approves a request: submit → review → approve; the item is on the list from its effective date, not before', async () => {
    const effective = daysFromToday(10);
    const submitted = await must(t.baseUrl, '/admissions', novelRequest('独居老人定期探访'), 201);
    const id = submitted.body.requestId as string;
    expect(submitted.body).toMatchObject({
      status: 'under_review',
      revision: 1,
      events: ['AdmissionRequestSubmitted', 'AdmissionReviewStarted'],
    });
    expect(submitted.headers.get('location')).toBe(`/api/v1/admissions/${id}`);

    const view = await get(t.baseUrl, `/admissions/${id}`);
    expect(view.status).toBe(200);
    expect(view.headers.get('etag')).toBe('"1"');
    expect(view.body.request.checkedAgainst.versions).toEqual(
      Object.fromEntries(LIST_KINDS.map((k) => [k, 1])),
    );
    expect(view.body.deadlines).toEqual([
      expect.objectContaining({
        name: 'review',
        overdue: false,
        basis: expect.objectContaining({ ruleId: 'admission.review' }),
        counting: expect.objectContaining({ unit: 'working_days', amount: 15 }),
      }),
    ]);
    expect(view.body.deadlines[0].daysLeft).toBeGreaterThanOrEqual(14);

    const pending = await listAdmissions(t);
    expect(pending.body.items.find((i: { requestId: string }) => i.requestId === id)).toMatchObject({
      status: 'under_review',
      department: '区民政局',
      targetLevel: 'community',
      targetUnits: [],
      deadlines: [expect.objectContaining({ name: 'review' })],
    });

    const reviewed = await must(
      t.baseUrl,
      `/admissions/${id}/review`,
      {
        opinion: 'recommend_approval',
        findings: '随事转移人员经费，依据充分',
        reviewingOffice: '区委社会工作部',
      },
      200,
      { headers: { 'If-Match': '"1"' } },
    );
    expect(reviewed.body).toMatchObject({
      status: 'reviewed',
      revision: 2,
      events: ['AdmissionRequestReviewed'],
    });
    expect((await get(t.baseUrl, `/admissions/${id}`)).body.deadlines).toEqual([
      expect.objectContaining({ name: 'decision', counting: expect.objectContaining({ amount: 5 }) }),
    ]);

    const approveBody = {
      authorisedOffice: '区委社会工作部',
      listKind: 'community_building',
      itemCode: 'SQJS-18',
      effectiveFrom: effective,
      documentRef: '市中社工〔2026〕3号',
    };
    const key = randomUUID();
    const approved = await must(t.baseUrl, `/admissions/${id}/approve`, approveBody, 200, {
      headers: { 'Idempotency-Key': key },
    });
    expect(approved.body).toMatchObject({
      status: 'approved',
      revision: 3,
      events: ['AdmissionApproved'],
      list: {
        stream: listStream('community_building'),
        revision: 1,
        events: ['ResponsibilityListItemAdded'],
      },
    });
    // A retry with the same key answers the same and appends nothing to either stream.
    const retry = await must(t.baseUrl, `/admissions/${id}/approve`, approveBody, 200, {
      headers: { 'Idempotency-Key': key },
    });
    expect(retry.body).toEqual(approved.body);
    // A retry without the key is refused (already approved) and still adds nothing to the list.
    expectProblem(
      await post(t.baseUrl, `/admissions/${id}/approve`, approveBody),
      409,
      'ADMISSION.ILLEGAL_TRANSITION',
    );
    expect(await store.readStream(listStream('community_building'))).toHaveLength(2);
    expect(await store.readStream(admissionStreamName(id))).toHaveLength(4);

    const on = await get(t.baseUrl, `/responsibilities/community_building?asOf=${effective}`);
    expect(on.body.inForce.items.find((i: { code: string }) => i.code === 'SQJS-18')).toMatchObject({
      title: '独居老人定期探访',
      level: 'community',
      admissionRequestId: id,
    });
    expect(on.body.versions[0].amendments).toEqual([
      expect.objectContaining({
        amendment: 1,
        code: 'SQJS-18',
        effectiveFrom: effective,
        admissionRequestId: id,
      }),
    ]);
    const dayBefore = await get(t.baseUrl, `/responsibilities/community_building?asOf=${daysFromToday(9)}`);
    expect(dayBefore.body.inForce.items.map((i: { code: string }) => i.code)).not.toContain('SQJS-18');
    const levels = await get(t.baseUrl, `/responsibilities?asOf=${effective}&level=community`);
    expect(levels.body.levels.community.some((i: { code: string }) => i.code === 'SQJS-18')).toBe(true);
    expect(levels.body.lists.find((l: { kind: string }) => l.kind === 'community_building')).toMatchObject({
      size: 18,
      version: 1,
      amendments: 1,
    });

    // Once on the list, the same work is not required any more from its effective date.
    const again = await must(
      t.baseUrl,
      '/admissions',
      novelRequest('独居老人 定期探访', { startFrom: effective }),
      201,
    );
    expect(again.body).toMatchObject({
      status: 'not_required',
      events: ['AdmissionRequestSubmitted', 'AdmissionFoundNotRequired'],
    });
    expect((await listAdmissions(t)).body.items.map((i: { requestId: string }) => i.requestId)).not.toContain(
      id,
    );
  });

  it('finds a request not required when the item is already listed (by code, and by title)', async () => {
    const byCode = await must(
      t.baseUrl,
      '/admissions',
      novelRequest('社区安全巡查任务', {
        work: { ...novelRequest('x').work, title: '社区安全巡查任务', listItemCode: 'ZHBZ-01' },
      }),
      201,
    );
    expect(byCode.body).toMatchObject({ status: 'not_required', revision: 1 });
    const view = await get(t.baseUrl, `/admissions/${byCode.body.requestId}`);
    expect(view.body.match).toMatchObject({
      listKind: 'comprehensive_support',
      matchedBy: 'code',
      item: { code: 'ZHBZ-01' },
    });
    expect(view.body.deadlines).toEqual([]);
    const byTitle = await must(t.baseUrl, '/admissions', novelRequest('社区环境卫生整治'), 201);
    expect(byTitle.body.status).toBe('not_required');
    expect((await get(t.baseUrl, `/admissions/${byTitle.body.requestId}`)).body.match).toMatchObject({
      matchedBy: 'title',
      item: { code: 'SQJS-01' },
    });
  });

  it('refuses a request automatically when the negative list catches it', async () => {
    const body = novelRequest('开具居民无犯罪记录证明', {
      work: {
        title: '开具居民无犯罪记录证明',
        description: '要求社区为居民开具无犯罪记录证明',
        itemClass: '证明',
        nature: 'certificate',
        targetLevel: 'community',
      },
    });
    const refused = await must(t.baseUrl, '/admissions', body, 201);
    expect(refused.body).toMatchObject({
      status: 'refused',
      events: ['AdmissionRequestSubmitted', 'AdmissionRefusedByNegativeList'],
    });
    const view = await get(t.baseUrl, `/admissions/${refused.body.requestId}`);
    expect(view.body.refusal).toMatchObject({ by: 'negative_list', negativeClass: { code: 'FMQD-01' } });
    // A finally decided request takes no more commands.
    expectProblem(
      await post(t.baseUrl, `/admissions/${refused.body.requestId}/review`, {
        opinion: 'recommend_approval',
        findings: '无',
        reviewingOffice: '区委社会工作部',
      }),
      409,
      'ADMISSION.ILLEGAL_TRANSITION',
    );
    // Without staff, funding or equipment, a duty is 简单转嫁 (FMQD-02).
    const dumped = await must(
      t.baseUrl,
      '/admissions',
      novelRequest('楼栋消防台账整理', { resources: { staff: 0, fundingFen: 0, equipment: [] } }),
      201,
    );
    expect(dumped.body.status).toBe('refused');
    expect(
      (await get(t.baseUrl, `/admissions/${dumped.body.requestId}`)).body.refusal.negativeClass.code,
    ).toBe('FMQD-02');
  });

  it('refuses a request on review; a withdrawn request leaves the pending list', async () => {
    const submitted = await must(t.baseUrl, '/admissions', novelRequest('辖区商铺招牌统计'), 201);
    const id = submitted.body.requestId as string;
    await must(
      t.baseUrl,
      `/admissions/${id}/review`,
      { opinion: 'recommend_refusal', findings: '属部门自身职责', reviewingOffice: '区委社会工作部' },
      200,
    );
    const refused = await must(
      t.baseUrl,
      `/admissions/${id}/refuse`,
      { authorisedOffice: '区委社会工作部', reason: '属区级部门职责，不予准入' },
      200,
    );
    expect(refused.body).toMatchObject({ status: 'refused', revision: 3, events: ['AdmissionRefused'] });
    expect(refused.body.list).toBeUndefined();
    expect((await get(t.baseUrl, `/admissions/${id}`)).body.refusal).toMatchObject({
      by: 'review',
      reason: '属区级部门职责，不予准入',
    });
    const refusedList = await listAdmissions(t, '?status=refused');
    expect(refusedList.body.items.map((i: { requestId: string }) => i.requestId)).toContain(id);

    const other = await must(t.baseUrl, '/admissions', novelRequest('社区停车位普查'), 201);
    const withOther = await listAdmissions(t);
    expect(withOther.body.items.map((i: { requestId: string }) => i.requestId)).toContain(
      other.body.requestId,
    );
    await must(
      t.baseUrl,
      `/admissions/${other.body.requestId}/withdraw`,
      { reason: '改由部门自行组织' },
      200,
    );
    const withoutOther = await listAdmissions(t);
    expect(withoutOther.body.items.map((i: { requestId: string }) => i.requestId)).not.toContain(
      other.body.requestId,
    );
    expect(
      (await listAdmissions(t, '?status=withdrawn')).body.items.map(
        (i: { requestId: string }) => i.requestId,
      ),
    ).toContain(other.body.requestId);
  });

  it('an approval recorded without its list item (the process died between the two appends) is repaired by the next approve', async () => {
    const id = (await must(t.baseUrl, '/admissions', novelRequest('社区托育点安全检查'), 201)).body
      .requestId as string;
    await must(
      t.baseUrl,
      `/admissions/${id}/review`,
      { opinion: 'recommend_approval', findings: '可行', reviewingOffice: '区委社会工作部' },
      200,
    );
    const body = {
      authorisedOffice: '区委社会工作部',
      listKind: 'party_and_mass_work',
      itemCode: 'DQGZ-23',
      effectiveFrom: daysFromToday(12),
    };
    // Only the first append happens: the approval, straight through the pipeline.
    const now = new Date().toISOString();
    await t.app
      .get<CommandPipeline>(COMMAND_PIPELINE)
      .handle(
        admissionDecider,
        admissionStreamName(id),
        { type: 'ApproveAdmission', data: body as never, metadata: { actor: t.users.operator.id, now } },
        { commandId: randomUUID(), actor: t.users.operator.id, correlationId: randomUUID(), occurredAt: now },
      );
    const list = listStream('party_and_mass_work');
    expect(await store.readStream(list)).toHaveLength(1);
    // The client retries without an Idempotency-Key: refused (already approved), but the recorded approval's item is added.
    expectProblem(
      await post(t.baseUrl, `/admissions/${id}/approve`, body),
      409,
      'ADMISSION.ILLEGAL_TRANSITION',
    );
    const events = await store.readStream(list);
    expect(events.map((e) => e.type)).toEqual([
      'ResponsibilityListVersionPublished',
      'ResponsibilityListItemAdded',
    ]);
    expect((events[1]!.data as { item: { code: string; admissionRequestId: string } }).item).toMatchObject({
      code: 'DQGZ-23',
      admissionRequestId: id,
    });
    // Any further retry replays the same amendment: still one item added.
    expectProblem(
      await post(t.baseUrl, `/admissions/${id}/approve`, body),
      409,
      'ADMISSION.ILLEGAL_TRANSITION',
    );
    expect(await store.readStream(list)).toHaveLength(2);
  });

  it('approval is refused with nothing appended when the item code is already on the list', async () => {
    const submitted = await must(t.baseUrl, '/admissions', novelRequest('社区食堂运营监督'), 201);
    const id = submitted.body.requestId as string;
    await must(
      t.baseUrl,
      `/admissions/${id}/review`,
      { opinion: 'recommend_approval', findings: '可行', reviewingOffice: '区委社会工作部' },
      200,
    );
    const before = await storedEventCount(t.database.pool);
    expectProblem(
      await post(t.baseUrl, `/admissions/${id}/approve`, {
        authorisedOffice: '区委社会工作部',
        listKind: 'community_building',
        itemCode: 'SQJS-01',
        effectiveFrom: daysFromToday(11),
      }),
      409,
      'LIST.ITEM_ALREADY_IN_FORCE',
    );
    expectProblem(
      await post(t.baseUrl, `/admissions/${id}/approve`, {
        authorisedOffice: '区委社会工作部',
        listKind: 'two_committee_duties',
        itemCode: 'LWZZ-99',
      }),
      422,
      'ADMISSION.LIST_LEVEL_MISMATCH',
    );
    expect(await storedEventCount(t.database.pool)).toBe(before);
    expect((await get(t.baseUrl, `/admissions/${id}`)).body.status).toBe('reviewed');
  });

  it('administrators change lists (with If-Match and Idempotency-Key); other roles may read but not write', async () => {
    const stream = listStream('certificates_and_plaques');
    const revision = (await store.readStream(stream)).length - 1;
    const add = {
      item: { code: 'ZMGP-19', title: '老年人优待证申领初审', itemClass: '证明', level: 'community' },
      effectiveFrom: daysFromToday(30),
      reason: '新增',
    };
    expectProblem(
      await post(t.baseUrl, '/responsibilities/certificates_and_plaques/items', add),
      403,
      'AUTH.FORBIDDEN',
    );
    expectProblem(
      await post(t.baseUrl, '/responsibilities/certificates_and_plaques/items', add, {
        auth: admin,
        headers: { 'If-Match': `"${revision + 5}"` },
      }),
      412,
      'CONCURRENCY.PRECONDITION_FAILED',
    );
    const key = randomUUID();
    const added = await must(t.baseUrl, '/responsibilities/certificates_and_plaques/items', add, 201, {
      auth: admin,
      headers: { 'If-Match': `"${revision}"`, 'Idempotency-Key': key },
    });
    expect(added.body).toMatchObject({
      kind: 'certificates_and_plaques',
      revision: revision + 1,
      events: ['ResponsibilityListItemAdded'],
    });
    const replay = await post(t.baseUrl, '/responsibilities/certificates_and_plaques/items', add, {
      auth: admin,
      headers: { 'Idempotency-Key': key },
    });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expectProblem(
      await post(t.baseUrl, '/responsibilities/certificates_and_plaques/items', add, { auth: admin }),
      409,
      'LIST.ITEM_ALREADY_IN_FORCE',
    );
    expectProblem(
      await post(
        t.baseUrl,
        '/responsibilities/certificates_and_plaques/items',
        { ...add, item: { ...add.item, code: 'ZMGP-20' }, effectiveFrom: daysFromToday(29) },
        { auth: admin },
      ),
      422,
      'LIST.EFFECTIVE_DATE_BEFORE_LAST_CHANGE',
    );
    const withdrawn = await must(
      t.baseUrl,
      '/responsibilities/certificates_and_plaques/items/ZMGP-19/withdraw',
      { effectiveFrom: daysFromToday(40), reason: '并入其他事项' },
      200,
      { auth: admin },
    );
    expect(withdrawn.body.events).toEqual(['ResponsibilityListItemWithdrawn']);
    const entry = await must(
      t.baseUrl,
      '/responsibilities/negative/entries',
      {
        entry: {
          code: 'FMQD-05',
          title: '不得要求社区承担招商引资任务',
          rule: { natures: ['duty'], levels: ['community'], condition: 'always' },
        },
        effectiveFrom: todayCst(),
        reason: '新增负面清单',
      },
      201,
      { auth: admin },
    );
    expect(entry.body.events).toEqual(['NegativeListEntryAdded']);
    const published = await must(
      t.baseUrl,
      '/responsibilities/negative/versions',
      {
        effectiveFrom: daysFromToday(50),
        documentRef: '市中委办〔2026〕1号',
        negativeEntries: [
          {
            code: 'FMQD-01',
            title: '不得要求社区出具无法定依据的证明',
            rule: { natures: ['certificate'], levels: ['community'], condition: 'without_legal_basis' },
          },
        ],
      },
      201,
      { auth: admin },
    );
    expect(published.body.events).toEqual(['ResponsibilityListVersionPublished']);
    const negative = await get(t.baseUrl, `/responsibilities/negative?asOf=${daysFromToday(50)}`);
    expect(negative.body.inForce).toMatchObject({
      version: 2,
      negativeEntries: [expect.objectContaining({ code: 'FMQD-01' })],
    });
    expect(negative.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);

    // Analysts read lists and requests but may neither submit nor decide.
    expect((await get(t.baseUrl, '/responsibilities', analyst.token)).status).toBe(200);
    expect((await get(t.baseUrl, '/admissions', analyst.token)).status).toBe(200);
    expectProblem(
      await post(t.baseUrl, '/admissions', novelRequest('分析员提交'), { auth: analyst.token }),
      403,
      'AUTH.FORBIDDEN',
    );
    expectProblem(
      await post(t.baseUrl, `/admissions/${randomUUID()}/approve`, {}, { auth: analyst.token }),
      403,
      'AUTH.FORBIDDEN',
    );
    // Administrators publish lists but neither submit nor decide: the centre operator is the admission office.
    expectProblem(
      await post(t.baseUrl, '/admissions', novelRequest('管理员提交'), { auth: admin }),
      403,
      'AUTH.FORBIDDEN',
    );
    expectProblem(
      await post(
        t.baseUrl,
        `/admissions/${randomUUID()}/review`,
        { opinion: 'recommend_approval', findings: 'f', reviewingOffice: 'o' },
        { auth: admin },
      ),
      403,
      'AUTH.FORBIDDEN',
    );
    expect((await get(t.baseUrl, '/admissions', admin)).status).toBe(200);
    expectProblem(
      await http(t.baseUrl, 'GET', '/api/v1/admissions', { auth: false }),
      401,
      'AUTH.UNAUTHENTICATED',
    );
  });
});
