import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '#platform/testing';
import { allMigrations } from '#runtime';
import { startTestApp, type TestApp } from '../support/test-app.js';
import {
  act,
  disputeReport,
  expectProblem,
  getCase,
  history,
  must,
  newCase,
  reportCase,
  unit,
} from './case-api.js';

describe('If-Match on case commands', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('a stale revision → 412 CONCURRENCY.PRECONDITION_FAILED and nothing appended; the right one → 200', async () => {
    const caseId = await newCase(t.baseUrl);
    await must(t.baseUrl, caseId, 'register');
    const before = await history(t.baseUrl, caseId);
    expect(before).toHaveLength(2);

    const stale = await act(t.baseUrl, caseId, 'dispatch', { unit: unit() }, { 'If-Match': '"0"' });
    expectProblem(stale, 412, 'CONCURRENCY.PRECONDITION_FAILED');
    expect(await history(t.baseUrl, caseId)).toEqual(before);

    const ahead = await act(t.baseUrl, caseId, 'dispatch', { unit: unit() }, { 'If-Match': '"7"' });
    expectProblem(ahead, 412, 'CONCURRENCY.PRECONDITION_FAILED');
    expect(await history(t.baseUrl, caseId)).toEqual(before);

    const current = (await getCase(t.baseUrl, caseId)).headers.get('etag')!;
    expect(current).toBe('"1"');
    const fresh = await act(t.baseUrl, caseId, 'dispatch', { unit: unit() }, { 'If-Match': current });
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('etag')).toBe('"2"');
    expect(fresh.body).toEqual({ caseId, revision: 2, events: ['CaseDispatched'] });
    expect(await history(t.baseUrl, caseId)).toHaveLength(3);
  });

  it('accepts the ETag just returned, so a client can chain commands; a weak W/"n" never matches (412)', async () => {
    const caseId = await newCase(t.baseUrl);
    let etag = (await must(t.baseUrl, caseId, 'register')).headers.get('etag')!;
    etag = (await must(t.baseUrl, caseId, 'dispatch', { unit: unit() }, { 'If-Match': etag })).headers.get(
      'etag',
    )!;
    // RFC 9110 §13.1.1: If-Match compares strongly, so a weak tag fails the precondition.
    expectProblem(
      await act(t.baseUrl, caseId, 'accept', {}, { 'If-Match': `W/${etag}` }),
      412,
      'CONCURRENCY.PRECONDITION_FAILED',
    );
    etag = (await must(t.baseUrl, caseId, 'accept', {}, { 'If-Match': etag })).headers.get('etag')!;
    expect(etag).toBe('"3"');
    // The old ETag is now stale.
    expectProblem(
      await act(t.baseUrl, caseId, 'start', {}, { 'If-Match': '"2"' }),
      412,
      'CONCURRENCY.PRECONDITION_FAILED',
    );
    expect((await history(t.baseUrl, caseId)).map((e) => e.revision)).toEqual([0, 1, 2, 3]);
  });

  it('the right revision with an illegal command is still 409 CASE.ILLEGAL_TRANSITION', async () => {
    const caseId = await newCase(t.baseUrl);
    const refused = await act(t.baseUrl, caseId, 'accept', {}, { 'If-Match': '"0"' });
    expectProblem(refused, 409, 'CASE.ILLEGAL_TRANSITION');
    expect(await history(t.baseUrl, caseId)).toHaveLength(1);
  });
});

describe('Idempotency-Key on case commands', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('same key and body → the first response (body, ETag, Idempotent-Replayed: true) and no new event', async () => {
    const caseId = await newCase(t.baseUrl);
    await must(t.baseUrl, caseId, 'register');
    const key = `dispatch-${randomUUID()}`;
    const body = { unit: unit() };
    const first = await act(t.baseUrl, caseId, 'dispatch', body, { 'Idempotency-Key': key });
    expect(first.status).toBe(200);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const afterFirst = await history(t.baseUrl, caseId);
    expect(afterFirst).toHaveLength(3);

    for (let i = 0; i < 3; i++) {
      const again = await act(t.baseUrl, caseId, 'dispatch', body, { 'Idempotency-Key': key });
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
      expect(again.headers.get('idempotent-replayed')).toBe('true');
    }
    // Key order in the body does not matter: it is the same request.
    const reordered = await act(
      t.baseUrl,
      caseId,
      'dispatch',
      { unit: { name: body.unit.name, unitId: body.unit.unitId } },
      { 'Idempotency-Key': key },
    );
    expect(reordered.status).toBe(200);
    expect(reordered.headers.get('idempotent-replayed')).toBe('true');
    expect(await history(t.baseUrl, caseId)).toEqual(afterFirst);
  });

  it('a replay does not run the command again even when the case has moved on', async () => {
    const caseId = await newCase(t.baseUrl);
    const key = `register-${randomUUID()}`;
    const first = await act(t.baseUrl, caseId, 'register', {}, { 'Idempotency-Key': key });
    expect(first.status).toBe(200);
    await must(t.baseUrl, caseId, 'dispatch', { unit: unit() });
    // register would now be illegal (409), but the retry gets the first answer.
    const again = await act(t.baseUrl, caseId, 'register', {}, { 'Idempotency-Key': key });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('etag')).toBe('"1"');
    expect(await history(t.baseUrl, caseId)).toHaveLength(3);
  });

  it('same key with a different body → 422 IDEMPOTENCY.KEY_REUSED and nothing appended', async () => {
    const caseId = await newCase(t.baseUrl);
    await must(t.baseUrl, caseId, 'register');
    const key = `dispatch-${randomUUID()}`;
    await must(t.baseUrl, caseId, 'dispatch', { unit: unit('first unit') }, { 'Idempotency-Key': key });
    const before = await history(t.baseUrl, caseId);
    const reused = await act(
      t.baseUrl,
      caseId,
      'dispatch',
      { unit: unit('another unit') },
      { 'Idempotency-Key': key },
    );
    expectProblem(reused, 422, 'IDEMPOTENCY.KEY_REUSED');
    // ... and on another action or another case too: the key names one request.
    expectProblem(
      await act(t.baseUrl, caseId, 'accept', {}, { 'Idempotency-Key': key }),
      422,
      'IDEMPOTENCY.KEY_REUSED',
    );
    const other = await newCase(t.baseUrl);
    expectProblem(
      await act(t.baseUrl, other, 'register', {}, { 'Idempotency-Key': key }),
      422,
      'IDEMPOTENCY.KEY_REUSED',
    );
    expect(await history(t.baseUrl, caseId)).toEqual(before);
    expect(await history(t.baseUrl, other)).toHaveLength(1);
  });

  it('a keyed refusal is replayed as the same problem', async () => {
    const caseId = await newCase(t.baseUrl);
    const key = `accept-${randomUUID()}`;
    const first = await act(t.baseUrl, caseId, 'accept', {}, { 'Idempotency-Key': key });
    expectProblem(first, 409, 'CASE.ILLEGAL_TRANSITION');
    const again = await act(t.baseUrl, caseId, 'accept', {}, { 'Idempotency-Key': key });
    expectProblem(again, 409, 'CASE.ILLEGAL_TRANSITION');
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await history(t.baseUrl, caseId)).toHaveLength(1);
  });

  it('a keyed POST /api/v1/cases retried returns the same caseId and reports only one case', async () => {
    const key = `report-${randomUUID()}`;
    const body = disputeReport();
    const first = await reportCase(t.baseUrl, body, { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    const again = await reportCase(t.baseUrl, body, { 'Idempotency-Key': key });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.body.caseId).toBe(first.body.caseId);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(again.headers.get('etag')).toBe('"0"');
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await history(t.baseUrl, first.body.caseId)).toHaveLength(1);

    expectProblem(
      await reportCase(t.baseUrl, { ...body, title: 'another title' }, { 'Idempotency-Key': key }),
      422,
      'IDEMPOTENCY.KEY_REUSED',
    );
    // Without a key, the same body is a new report.
    const unkeyed = await reportCase(t.baseUrl, body);
    expect(unkeyed.status).toBe(201);
    expect(unkeyed.body.caseId).not.toBe(first.body.caseId);
  });

  it('10 concurrent requests with one key append the command once', async () => {
    const caseId = await newCase(t.baseUrl);
    const key = `register-${randomUUID()}`;
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        act(t.baseUrl, caseId, 'register', { category: 'noise' }, { 'Idempotency-Key': key }),
      ),
    );
    const ok = answers.filter((a) => a.status === 200);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    for (const answer of ok) expect(answer.body).toEqual({ caseId, revision: 1, events: ['CaseRegistered'] });
    for (const answer of answers.filter((a) => a.status !== 200))
      expectProblem(answer, 409, 'IDEMPOTENCY.IN_PROGRESS');
    expect((await history(t.baseUrl, caseId)).map((e) => e.type)).toEqual(['CaseReported', 'CaseRegistered']);
    // Once done, every retry is a replay.
    const later = await act(t.baseUrl, caseId, 'register', { category: 'noise' }, { 'Idempotency-Key': key });
    expect(later.status).toBe(200);
    expect(later.headers.get('idempotent-replayed')).toBe('true');
  });
});

describe('Idempotency-Key across an app restart on the same database', () => {
  let database: TestDatabase;
  let first: TestApp | undefined;
  let second: TestApp | undefined;
  beforeAll(async () => {
    database = await createTestDatabase('postgres', allMigrations);
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await database?.close();
  });

  it('a retry after the restart gets the first response and appends nothing', async () => {
    first = await startTestApp('postgres', {}, { reuseDatabase: database });
    const reportKey = `report-${randomUUID()}`;
    const reportBody = disputeReport();
    const reported = await reportCase(first.baseUrl, reportBody, { 'Idempotency-Key': reportKey });
    expect(reported.status).toBe(201);
    const caseId = reported.body.caseId as string;
    const registerKey = `register-${randomUUID()}`;
    const registered = await act(
      first.baseUrl,
      caseId,
      'register',
      { urgency: 'utility' },
      { 'Idempotency-Key': registerKey },
    );
    expect(registered.status).toBe(200);
    const before = await history(first.baseUrl, caseId);
    await first.close();
    first = undefined;

    second = await startTestApp('postgres', {}, { reuseDatabase: database });
    expect(await history(second.baseUrl, caseId)).toEqual(before);

    const reportAgain = await reportCase(second.baseUrl, reportBody, { 'Idempotency-Key': reportKey });
    expect(reportAgain.status).toBe(201);
    expect(reportAgain.body).toEqual(reported.body);
    expect(reportAgain.headers.get('etag')).toBe(reported.headers.get('etag'));
    expect(reportAgain.headers.get('idempotent-replayed')).toBe('true');

    const registerAgain = await act(
      second.baseUrl,
      caseId,
      'register',
      { urgency: 'utility' },
      { 'Idempotency-Key': registerKey },
    );
    expect(registerAgain.status).toBe(200);
    expect(registerAgain.body).toEqual(registered.body);
    expect(registerAgain.headers.get('etag')).toBe(registered.headers.get('etag'));
    expect(registerAgain.headers.get('idempotent-replayed')).toBe('true');

    expectProblem(
      await act(
        second.baseUrl,
        caseId,
        'register',
        { urgency: 'general' },
        { 'Idempotency-Key': registerKey },
      ),
      422,
      'IDEMPOTENCY.KEY_REUSED',
    );
    expect(await history(second.baseUrl, caseId)).toEqual(before);
  });
});
