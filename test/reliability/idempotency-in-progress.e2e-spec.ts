import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { IdempotencyStore } from '#command-pipeline';
import { disputeReport, expectProblem, history, reportCase } from '../cases/case-api.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * A request killed mid-command leaves its Idempotency-Key claim pending. A retry with the same key
 * and body answers 409 IDEMPOTENCY.IN_PROGRESS with Retry-After until the claim is 10 s old, then
 * takes the claim over and runs the command once (README "Reliability": clients retry that 409).
 */
describe('Idempotency-Key claim left by a crashed request', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 409 IDEMPOTENCY.IN_PROGRESS with Retry-After, then runs the retry once the claim is abandoned', async () => {
    const key = `crashed-${randomUUID()}`;
    const body = disputeReport();
    // What the killed process left: the pending claim of this key and body, taken just now.
    const claim = await new IdempotencyStore(t.database.pool).claim(
      t.users.operator.id,
      key,
      IdempotencyStore.hashRequest('POST', '/api/v1/cases', body),
    );
    expect(claim.kind).toBe('claimed');

    const retry = await reportCase(t.baseUrl, body, { 'Idempotency-Key': key });
    expectProblem(retry, 409, 'IDEMPOTENCY.IN_PROGRESS');
    expect(retry.headers.get('retry-after')).toBe('1');

    // The claim ages past the 10 s after which the store considers its process dead.
    await t.database.pool.query(
      `UPDATE idempotency_keys SET created_at = now() - interval '11 seconds' WHERE key = $1`,
      [key],
    );
    const later = await reportCase(t.baseUrl, body, { 'Idempotency-Key': key });
    expect(later.status).toBe(201);
    expect((await history(t.baseUrl, later.body.caseId)).map((event) => event.type)).toEqual([
      'CaseReported',
    ]);
    const replay = await reportCase(t.baseUrl, body, { 'Idempotency-Key': key });
    expect({
      status: replay.status,
      replayed: replay.headers.get('idempotent-replayed'),
      caseId: replay.body.caseId,
    }).toEqual({ status: 201, replayed: 'true', caseId: later.body.caseId });
  });
});
