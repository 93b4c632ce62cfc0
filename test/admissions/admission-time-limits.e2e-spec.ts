import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVENT_STORE, type EventStore } from '#event-store';
import { ConfigError, loadConfig } from '#platform';
import { DEMO_DISTRICT_CODE } from '#registry-domain';
import { seedResponsibilityLists } from '#runtime';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { get, must, novelRequest } from './admission-api.js';

/** The review and decision limits come from the configuration, not from constants. */
describe('admission time limits from configuration', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp('postgres', {
      ADMISSION_REVIEW_WORKING_DAYS: '3',
      ADMISSION_DECISION_WORKING_DAYS: '2',
    });
    await must(
      t.baseUrl,
      '/jurisdictions/district',
      { code: DEMO_DISTRICT_CODE, name: '市中区', centre: { code: 'D-ZX', name: '区综治中心' } },
      201,
      { auth: t.users.admin.token },
    );
    await seedResponsibilityLists(t.app.get<EventStore>(EVENT_STORE));
  });
  afterAll(async () => t?.close());

  it('counts review and decision in the configured working days and names them in the basis', async () => {
    const id = (await must(t.baseUrl, '/admissions', novelRequest('社区便民服务点值守'), 201)).body
      .requestId as string;
    const underReview = await get(t.baseUrl, `/admissions/${id}`);
    expect(underReview.body.deadlines).toEqual([
      expect.objectContaining({
        name: 'review',
        counting: expect.objectContaining({ unit: 'working_days', amount: 3 }),
        basis: expect.objectContaining({
          ruleId: 'admission.review',
          note: 'review opinion within 3 working days of submission',
        }),
      }),
    ]);
    // 15 working days are at least 21 calendar days; 3 stay within 12 even across a holiday week.
    expect(underReview.body.deadlines[0].daysLeft).toBeLessThanOrEqual(12);
    await must(
      t.baseUrl,
      `/admissions/${id}/review`,
      { opinion: 'recommend_approval', findings: '可行', reviewingOffice: '区综治中心（准入办）' },
      200,
    );
    expect((await get(t.baseUrl, `/admissions/${id}`)).body.deadlines).toEqual([
      expect.objectContaining({
        name: 'decision',
        counting: expect.objectContaining({ amount: 2 }),
        basis: expect.objectContaining({ note: 'decision within 2 working days of the review opinion' }),
      }),
    ]);
  });

  it('refuses to start with a limit that is not 1 to 250 working days, naming the variable', () => {
    expect(() => loadConfig({ ADMISSION_REVIEW_WORKING_DAYS: '0' }, [])).toThrow(ConfigError);
    expect(() => loadConfig({ ADMISSION_DECISION_WORKING_DAYS: '2.5' }, [])).toThrow(
      /ADMISSION_DECISION_WORKING_DAYS/,
    );
  });
});
