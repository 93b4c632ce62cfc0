import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { disputeReport, expectProblem, must } from '../cases/case-api.js';
import { http, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * A whole app run at LOG_LEVEL=debug, successes and failures, with its pino output captured:
 * no seeded name, phone or ID number may appear in any log line (docs/domain.md §7: never in logs).
 */
const PERSON = { name: '周晓梅', phone: '13755550123', idNumber: '51010419920303987X' };
const SECRETS = [PERSON.name, PERSON.phone, PERSON.idNumber];

describe('personal data never reaches the logs', () => {
  let t: TestApp;
  const lines: string[] = [];

  beforeAll(async () => {
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(chunk.toString('utf8'));
        callback();
      },
    });
    t = await startTestApp('postgres', { LOG_LEVEL: 'debug' }, { logDestination: destination });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('logs requests, refusals and errors without any of it', async () => {
    const body = disputeReport({
      reporter: PERSON,
      dispute: { parties: [{ ...PERSON, role: 'applicant' }] },
    });
    const reported = await http(t.baseUrl, 'POST', '/api/v1/cases', { body });
    expect(reported.status).toBe(201);
    const caseId = reported.body.caseId as string;
    await must(t.baseUrl, caseId, 'register');
    // Refusals: an illegal transition, unknown fields and bad values beside personal data, malformed JSON, a login by phone number.
    expect(
      (await http(t.baseUrl, 'POST', `/api/v1/cases/${caseId}/verify`, { body: {} })).status,
    ).toBeGreaterThanOrEqual(400);
    expectProblem(
      await http(t.baseUrl, 'POST', '/api/v1/cases', { body: { ...body, extra: PERSON.phone } }),
      400,
      'VALIDATION.FAILED',
    );
    expectProblem(
      await http(t.baseUrl, 'POST', '/api/v1/cases', {
        body: { ...body, reporter: { ...PERSON, idNumber: `${PERSON.idNumber}1` } },
      }),
      400,
      'VALIDATION.FAILED',
    );
    expectProblem(
      await http(t.baseUrl, 'POST', '/api/v1/cases', {
        rawBody: `{"reporter": {"phone": "${PERSON.phone}", "name": "${PERSON.name}"`,
      }),
      400,
      'REQUEST.MALFORMED_JSON',
    );
    expectProblem(
      await http(t.baseUrl, 'POST', '/api/v1/auth/login', {
        body: { username: PERSON.phone, password: PERSON.idNumber },
        auth: false,
      }),
      401,
      'AUTH.INVALID_CREDENTIALS',
    );
    expectProblem(
      await http(t.baseUrl, 'GET', `/api/v1/cases/${caseId}?revision=x${PERSON.phone}`),
      400,
      'VALIDATION.FAILED',
    );
    // Reads that decrypt, and an erasure.
    const view = await http(t.baseUrl, 'GET', `/api/v1/cases/${caseId}`);
    expect(view.body.state.reporter).toMatchObject(PERSON);
    expect((await http(t.baseUrl, 'GET', `/api/v1/cases/${caseId}/history`)).status).toBe(200);
    expect((await http(t.baseUrl, 'GET', '/api/v1/events?fromPosition=0&limit=100')).status).toBe(200);
    expect(
      (
        await http(t.baseUrl, 'POST', `/api/v1/people/${view.body.state.reporter.personId as string}/erase`, {
          auth: t.users.admin.token,
        })
      ).status,
    ).toBe(200);

    const log = lines.join('');
    // The capture works: request lines, the refused login and the erasure's audit line are there.
    expect(lines.length).toBeGreaterThan(15);
    expect(log).toContain('auth.login_failed');
    expect(log).toContain('people.erased');
    expect(log).toContain(`/api/v1/cases/${caseId}`);
    for (const secret of SECRETS)
      expect({ secret, found: log.includes(secret) }).toEqual({ secret, found: false });
  });
});
