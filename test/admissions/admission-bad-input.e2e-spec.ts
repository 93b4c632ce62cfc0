import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVENT_STORE, type EventStore } from '#event-store';
import { DEMO_DISTRICT_CODE } from '#registry-domain';
import { seedResponsibilityLists } from '#runtime';
import { http, startTestApp, type JsonResponse, type TestApp } from '../support/test-app.js';
import { daysFromToday, expectProblem, must, novelRequest, post, storedEventCount } from './admission-api.js';

type Case = [name: string, send: () => Promise<JsonResponse>, status: number, code: string];

describe('bad requests to lists and admissions: problem+json, nothing appended', () => {
  let t: TestApp;
  let store: EventStore;
  let admin: string;
  let underReview: string;

  beforeAll(async () => {
    t = await startTestApp();
    store = t.app.get<EventStore>(EVENT_STORE);
    admin = t.users.admin.token;
    // A bare district (no demo registry needed) with the seeded lists.
    await must(
      t.baseUrl,
      '/jurisdictions/district',
      { code: DEMO_DISTRICT_CODE, name: '市中区', centre: { code: 'D-ZX', name: '区综治中心' } },
      201,
      { auth: admin },
    );
    await seedResponsibilityLists(store);
    underReview = (await must(t.baseUrl, '/admissions', novelRequest('社区老年食堂巡查'), 201)).body
      .requestId;
  });
  afterAll(async () => t?.close());

  const work = () => novelRequest('x').work;
  const submit = (body: unknown) => post(t.baseUrl, '/admissions', body);
  const cases: Case[] = [
    [
      'unknown top-level field',
      () => submit({ ...novelRequest('a'), priority: 'high' }),
      400,
      'VALIDATION.FAILED',
    ],
    [
      'unknown nested field',
      () => submit(novelRequest('a', { work: { ...work(), owner: 'me' } })),
      400,
      'VALIDATION.FAILED',
    ],
    [
      'lists supplied by the caller',
      () => submit({ ...novelRequest('a'), lists: { districtCode: 'x', asOf: '2026-01-01', lists: [] } }),
      400,
      'VALIDATION.FAILED',
    ],
    ['oversized title (201)', () => submit(novelRequest('题'.repeat(201))), 400, 'VALIDATION.FAILED'],
    [
      'oversized description (5001)',
      () => submit(novelRequest('a', { work: { ...work(), description: 'x'.repeat(5001) } })),
      400,
      'VALIDATION.FAILED',
    ],
    [
      'oversized department (101)',
      () => submit(novelRequest('a', { department: '局'.repeat(101) })),
      400,
      'VALIDATION.FAILED',
    ],
    ['empty reason', () => submit(novelRequest('a', { reason: '' })), 400, 'VALIDATION.FAILED'],
    [
      'bad nature enum',
      () => submit(novelRequest('a', { work: { ...work(), nature: 'favour' } })),
      400,
      'VALIDATION.FAILED',
    ],
    [
      'bad target level enum',
      () => submit(novelRequest('a', { work: { ...work(), targetLevel: 'district' } })),
      400,
      'VALIDATION.FAILED',
    ],
    [
      'impossible start date',
      () => submit(novelRequest('a', { startFrom: '2026-02-30' })),
      400,
      'VALIDATION.FAILED',
    ],
    [
      'start date not YYYY-MM-DD',
      () => submit(novelRequest('a', { startFrom: '01/03/2026' })),
      400,
      'VALIDATION.FAILED',
    ],
    [
      'start date in the past',
      () => submit(novelRequest('a', { startFrom: daysFromToday(-1) })),
      422,
      'ADMISSION.START_IN_PAST',
    ],
    [
      'negative fen',
      () => submit(novelRequest('a', { resources: { staff: 1, fundingFen: -1, equipment: [] } })),
      400,
      'VALIDATION.FAILED',
    ],
    [
      'fractional fen',
      () => submit(novelRequest('a', { resources: { staff: 1, fundingFen: 10.5, equipment: [] } })),
      400,
      'VALIDATION.FAILED',
    ],
    [
      'fen as a string',
      () => submit(novelRequest('a', { resources: { staff: 1, fundingFen: '100', equipment: [] } })),
      400,
      'VALIDATION.FAILED',
    ],
    [
      'zero equipment quantity',
      () =>
        submit(
          novelRequest('a', {
            resources: { staff: 1, fundingFen: 1, equipment: [{ name: '桌', quantity: 0 }] },
          }),
        ),
      400,
      'VALIDATION.FAILED',
    ],
    [
      'bad list item code',
      () => submit(novelRequest('a', { work: { ...work(), listItemCode: 'no spaces allowed' } })),
      400,
      'VALIDATION.FAILED',
    ],
    [
      'malformed JSON',
      () =>
        http(t.baseUrl, 'POST', '/api/v1/admissions', {
          rawBody: '{"department":',
          headers: { 'content-type': 'application/json' },
        }),
      400,
      'REQUEST.MALFORMED_JSON',
    ],
    [
      'request id not a UUID',
      () =>
        post(t.baseUrl, '/admissions/not-a-uuid/review', {
          opinion: 'recommend_approval',
          findings: 'f',
          reviewingOffice: 'o',
        }),
      400,
      'VALIDATION.FAILED',
    ],
    [
      'GET request id not a UUID',
      () => http(t.baseUrl, 'GET', '/api/v1/admissions/123'),
      400,
      'VALIDATION.FAILED',
    ],
    [
      'bad opinion enum',
      () =>
        post(t.baseUrl, `/admissions/${underReview}/review`, {
          opinion: 'maybe',
          findings: 'f',
          reviewingOffice: 'o',
        }),
      400,
      'VALIDATION.FAILED',
    ],
    [
      'approve into the negative list',
      () =>
        post(t.baseUrl, `/admissions/${underReview}/approve`, {
          authorisedOffice: 'o',
          listKind: 'negative',
          itemCode: 'A-1',
        }),
      400,
      'VALIDATION.FAILED',
    ],
    [
      'bad effective date on approve',
      () =>
        post(t.baseUrl, `/admissions/${underReview}/approve`, {
          authorisedOffice: 'o',
          listKind: 'community_building',
          itemCode: 'A-1',
          effectiveFrom: '2026-13-01',
        }),
      400,
      'VALIDATION.FAILED',
    ],
    [
      'unknown request → 404',
      () =>
        post(t.baseUrl, `/admissions/${randomUUID()}/review`, {
          opinion: 'recommend_approval',
          findings: 'f',
          reviewingOffice: 'o',
        }),
      404,
      'ADMISSION.NOT_FOUND',
    ],
    [
      'GET unknown request → 404',
      () => http(t.baseUrl, 'GET', `/api/v1/admissions/${randomUUID()}`),
      404,
      'ADMISSION.NOT_FOUND',
    ],
    [
      'approve before review → 409',
      () =>
        post(t.baseUrl, `/admissions/${underReview}/approve`, {
          authorisedOffice: 'o',
          listKind: 'community_building',
          itemCode: 'A-1',
        }),
      409,
      'ADMISSION.ILLEGAL_TRANSITION',
    ],
    [
      'refuse before review → 409',
      () => post(t.baseUrl, `/admissions/${underReview}/refuse`, { authorisedOffice: 'o', reason: 'r' }),
      409,
      'ADMISSION.ILLEGAL_TRANSITION',
    ],
    [
      'stale If-Match → 412',
      () =>
        post(
          t.baseUrl,
          `/admissions/${underReview}/review`,
          { opinion: 'recommend_approval', findings: 'f', reviewingOffice: 'o' },
          { headers: { 'If-Match': '"7"' } },
        ),
      412,
      'CONCURRENCY.PRECONDITION_FAILED',
    ],
    [
      'malformed If-Match',
      () =>
        post(
          t.baseUrl,
          `/admissions/${underReview}/withdraw`,
          { reason: 'r' },
          { headers: { 'If-Match': 'yesterday' } },
        ),
      400,
      'VALIDATION.IF_MATCH',
    ],
    [
      'unknown list kind',
      () => http(t.baseUrl, 'GET', '/api/v1/responsibilities/wishlist'),
      404,
      'LIST.UNKNOWN_KIND',
    ],
    [
      'bad asOf',
      () => http(t.baseUrl, 'GET', '/api/v1/responsibilities?asOf=2026-02-30'),
      400,
      'VALIDATION.FAILED',
    ],
    [
      'bad level filter',
      () => http(t.baseUrl, 'GET', '/api/v1/responsibilities?level=district'),
      400,
      'VALIDATION.FAILED',
    ],
    [
      'bad status filter',
      () => http(t.baseUrl, 'GET', '/api/v1/admissions?status=lost'),
      400,
      'VALIDATION.FAILED',
    ],
    [
      'bad level filter on requests',
      () => http(t.baseUrl, 'GET', '/api/v1/admissions?level=district'),
      400,
      'VALIDATION.FAILED',
    ],
    [
      'unknown query parameter',
      () => http(t.baseUrl, 'GET', '/api/v1/admissions?sort=title'),
      400,
      'VALIDATION.FAILED',
    ],
    ['limit 0', () => http(t.baseUrl, 'GET', '/api/v1/admissions?limit=0'), 400, 'VALIDATION.FAILED'],
    ['limit 201', () => http(t.baseUrl, 'GET', '/api/v1/admissions?limit=201'), 400, 'VALIDATION.FAILED'],
    [
      'forged cursor',
      () => http(t.baseUrl, 'GET', '/api/v1/admissions?cursor=bm90LWEtY3Vyc29y'),
      400,
      'VALIDATION.FAILED',
    ],
    [
      'oversized cursor',
      () => http(t.baseUrl, 'GET', `/api/v1/admissions?cursor=${'a'.repeat(301)}`),
      400,
      'VALIDATION.FAILED',
    ],
    [
      'centre submission without a department',
      () => submit((({ department: _d, ...rest }) => rest)(novelRequest('a'))),
      400,
      'VALIDATION.FAILED',
    ],
    [
      'target units not an array',
      () => submit(novelRequest('a', { targetUnits: 'street-1' })),
      400,
      'VALIDATION.FAILED',
    ],
    [
      'target unit named twice',
      () => submit(novelRequest('a', { targetUnits: ['s-1', 's-1'] })),
      400,
      'VALIDATION.FAILED',
    ],
    [
      'target unit id with spaces',
      () => submit(novelRequest('a', { targetUnits: ['no spaces'] })),
      400,
      'VALIDATION.FAILED',
    ],
    [
      '101 target units',
      () => submit(novelRequest('a', { targetUnits: Array.from({ length: 101 }, (_, i) => `s-${i}`) })),
      400,
      'VALIDATION.FAILED',
    ],
    [
      'target unit not in the registry',
      () => submit(novelRequest('a', { targetUnits: [randomUUID()] })),
      422,
      'ADMISSION.UNKNOWN_TARGET_UNIT',
    ],
    [
      'department account without a department',
      () =>
        post(
          t.baseUrl,
          '/auth/accounts',
          { username: 'dept-x', password: 'dept-x-password', role: 'district_department' },
          { auth: admin },
        ),
      400,
      'VALIDATION.FAILED',
    ],
    [
      'department on a district-wide account',
      () =>
        post(
          t.baseUrl,
          '/auth/accounts',
          { username: 'analyst-x', password: 'analyst-x-password', role: 'analyst', department: '区民政局' },
          { auth: admin },
        ),
      400,
      'VALIDATION.FAILED',
    ],
    [
      'department name with padding',
      () =>
        post(
          t.baseUrl,
          '/auth/accounts',
          {
            username: 'dept-y',
            password: 'dept-y-password',
            role: 'district_department',
            department: ' 区民政局',
          },
          { auth: admin },
        ),
      400,
      'VALIDATION.FAILED',
    ],
    [
      'list item with bad level',
      () =>
        post(
          t.baseUrl,
          '/responsibilities/community_building/items',
          {
            item: { code: 'SQJS-99', title: 't', itemClass: 'c', level: 'district' },
            effectiveFrom: daysFromToday(1),
            reason: 'r',
          },
          { auth: admin },
        ),
      400,
      'VALIDATION.FAILED',
    ],
    [
      'list item at a level the list does not hold',
      () =>
        post(
          t.baseUrl,
          '/responsibilities/assisting_government/items',
          {
            item: { code: 'XZZF-99', title: 't', itemClass: 'c', level: 'street' },
            effectiveFrom: daysFromToday(1),
            reason: 'r',
          },
          { auth: admin },
        ),
      422,
      'LIST.LEVEL_NOT_ALLOWED',
    ],
    [
      'item added to the negative list',
      () =>
        post(
          t.baseUrl,
          '/responsibilities/negative/items',
          {
            item: { code: 'FMQD-99', title: 't', itemClass: 'c', level: 'community' },
            effectiveFrom: daysFromToday(1),
            reason: 'r',
          },
          { auth: admin },
        ),
      422,
      'LIST.WRONG_LIST',
    ],
    [
      'negative entry with bad condition',
      () =>
        post(
          t.baseUrl,
          '/responsibilities/negative/entries',
          {
            entry: {
              code: 'FMQD-09',
              title: 't',
              rule: { natures: ['duty'], levels: ['community'], condition: 'sometimes' },
            },
            effectiveFrom: daysFromToday(1),
            reason: 'r',
          },
          { auth: admin },
        ),
      400,
      'VALIDATION.FAILED',
    ],
    [
      'negative entry with no natures',
      () =>
        post(
          t.baseUrl,
          '/responsibilities/negative/entries',
          {
            entry: {
              code: 'FMQD-09',
              title: 't',
              rule: { natures: [], levels: ['community'], condition: 'always' },
            },
            effectiveFrom: daysFromToday(1),
            reason: 'r',
          },
          { auth: admin },
        ),
      400,
      'VALIDATION.FAILED',
    ],
    [
      'withdraw a code not on the list → 409',
      () =>
        post(
          t.baseUrl,
          '/responsibilities/community_building/items/SQJS-77/withdraw',
          { effectiveFrom: daysFromToday(1), reason: 'r' },
          { auth: admin },
        ),
      409,
      'LIST.ITEM_NOT_IN_FORCE',
    ],
    [
      'publish with an oversized document ref',
      () =>
        post(
          t.baseUrl,
          '/responsibilities/negative/versions',
          { effectiveFrom: daysFromToday(1), documentRef: 'x'.repeat(201), negativeEntries: [] },
          { auth: admin },
        ),
      400,
      'VALIDATION.FAILED',
    ],
  ];

  it.each(cases)('%s', async (_name, send, status, code) => {
    const before = await storedEventCount(t.database.pool);
    expectProblem(await send(), status, code);
    expect(await storedEventCount(t.database.pool)).toBe(before);
  });
});
