import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { masterKeyFromSecret } from '#auth';
import { createTestDatabase, type TestDatabase } from '#platform/testing';
import { allMigrations } from '#runtime';
import { disputeReport, expectProblem } from '../cases/case-api.js';
import { http, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The person keys are wrapped by a master key from the configuration (docs/adr/0008): the app is
 * restarted on the same database with the master key rotated, re-wraps over HTTP, and refuses to
 * start without a master key its stored keys need.
 */
const OLD_KEY = 'rotation-old-master-key-0123456789abcdefghijk';
const NEW_KEY = 'rotation-new-master-key-0123456789abcdefghijk';
const REPORTER = { name: '周建国', phone: '13611112222' };

describe('master key rotation of the person keys', () => {
  let database: TestDatabase;
  let t: TestApp | undefined;
  let caseId: string;

  const restart = async (env: Record<string, string>) => {
    await t?.close();
    t = undefined;
    t = await startTestApp('postgres', env, { reuseDatabase: database });
    return t;
  };
  const kekIds = async () =>
    (
      await database.pool.query<{ kek_id: string; n: number }>(
        `SELECT kek_id, count(*)::int AS n FROM person_keys WHERE key IS NOT NULL GROUP BY kek_id`,
      )
    ).rows;
  const reporterOf = async (app: TestApp) =>
    (await http(app.baseUrl, 'GET', `/api/v1/cases/${caseId}`)).body.state.reporter;

  beforeAll(async () => {
    database = await createTestDatabase('postgres', allMigrations);
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  it('wraps every person key by the configured master key', async () => {
    const app = await restart({ PII_MASTER_KEY: OLD_KEY });
    const reported = await http(app.baseUrl, 'POST', '/api/v1/cases', {
      body: disputeReport({
        reporter: REPORTER,
        dispute: {
          parties: [
            { ...REPORTER, role: 'applicant' },
            { name: '吴小红', phone: '13733334444', role: 'respondent' },
          ],
        },
      }),
    });
    expect(reported.status).toBe(201);
    caseId = reported.body.caseId;
    // Two persons (the reporter is the applicant) and the case's text key.
    expect(await kekIds()).toEqual([{ kek_id: masterKeyFromSecret(OLD_KEY).id, n: 3 }]);
    expect(await reporterOf(app)).toMatchObject(REPORTER);
  });

  it('after a rotation reads the old keys through the previous master key and writes new ones with the new key', async () => {
    const app = await restart({ PII_MASTER_KEY: NEW_KEY, PII_PREVIOUS_MASTER_KEYS: OLD_KEY });
    expect(await reporterOf(app)).toMatchObject(REPORTER);
    const other = await http(app.baseUrl, 'POST', '/api/v1/cases', {
      body: disputeReport({
        reporter: { name: '郑一', phone: '13555556666' },
        dispute: {
          parties: [
            { name: '郑一', phone: '13555556666', role: 'applicant' },
            { name: '王二', phone: '13577778888', role: 'respondent' },
          ],
        },
      }),
    });
    expect(other.status).toBe(201);
    expect(Object.fromEntries((await kekIds()).map((row) => [row.kek_id, row.n]))).toEqual({
      [masterKeyFromSecret(OLD_KEY).id]: 3,
      [masterKeyFromSecret(NEW_KEY).id]: 3,
    });
  });

  it('re-wraps every key under the new master key (administrators only), then runs without the old one', async () => {
    expectProblem(
      await http(t!.baseUrl, 'POST', '/api/v1/people/keys/rewrap', { body: {} }),
      403,
      'AUTH.FORBIDDEN',
    );
    const rewrap = await http(t!.baseUrl, 'POST', '/api/v1/people/keys/rewrap', {
      body: {},
      auth: t!.users.admin.token,
    });
    expect(rewrap.status).toBe(200);
    expect(rewrap.body).toEqual({
      currentMasterKeyId: masterKeyFromSecret(NEW_KEY).id,
      rewrapped: 3,
      keysByMasterKey: { [masterKeyFromSecret(NEW_KEY).id]: 6 },
    });
    expect(
      (await http(t!.baseUrl, 'POST', '/api/v1/people/keys/rewrap', { body: {}, auth: t!.users.admin.token }))
        .body.rewrapped,
    ).toBe(0);
    const app = await restart({ PII_MASTER_KEY: NEW_KEY });
    expect(await reporterOf(app)).toMatchObject(REPORTER);
  });

  it('refuses to start without the master key the stored person keys need', async () => {
    await t?.close();
    t = undefined;
    await expect(
      startTestApp('postgres', { PII_MASTER_KEY: OLD_KEY }, { reuseDatabase: database }),
    ).rejects.toThrow(
      new RegExp(`wrapped by master key\\(s\\) ${masterKeyFromSecret(NEW_KEY).id} that are not configured`),
    );
  });
});
