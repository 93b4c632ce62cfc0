import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVENT_STORE, type EventStore } from '#event-store';
import { allProjections, ProjectionEngine } from '#projections';
import { waitUntilVisible } from '#projections/testing';
import { fx } from '#registry-domain/testing';
import { disputeReport, newCase } from '../cases/case-api.js';
import { fixtureMeta, seedFixtureDistrict, writeRegistry } from '../support/registry-fixture.js';
import { accountAuth, http, startTestApp, type TestApp } from '../support/test-app.js';

const cstDate = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
const TODAY = cstDate(Date.now());
const TOMORROW = cstDate(Date.now() + 86_400_000);

/**
 * Issue #19, "a future-dated registry change leaks": a grid moved to another community with a later
 * effective date made the new community's staff list its cases (titles in clear, GET 404) while the
 * current owner listed none but could open them. Lists and GET now both follow the registry in force
 * today: a move dated tomorrow changes nothing yet, a move dated today has taken effect.
 */
describe('a dated registry change: lists and GET agree before and after its date', () => {
  let t: TestApp;
  const staff = {} as Record<'c1' | 'c2', { authorization: string }>;
  const cases = {} as Record<'g1' | 'g2' | 'g3', string>;

  const list = async (who: { authorization: string } | undefined, query = '') => {
    const response = await http(t.baseUrl, 'GET', `/api/v1/cases?limit=200${query}`, { headers: who });
    expect(response.status).toBe(200);
    return new Set((response.body.items as { caseId: string }[]).map((item) => item.caseId));
  };
  const open = async (who: { authorization: string }, caseId: string) =>
    (await http(t.baseUrl, 'GET', `/api/v1/cases/${caseId}`, { headers: who })).status;

  beforeAll(async () => {
    t = await startTestApp();
    const store = t.app.get<EventStore>(EVENT_STORE);
    await seedFixtureDistrict(t.app);
    // Before the moves: G1 and G2 in community C1, G3 in C2 (one street).
    for (const grid of ['g1', 'g2', 'g3'] as const)
      cases[grid] = await newCase(
        t.baseUrl,
        disputeReport({ location: { gridId: fx[`grid${grid.slice(1)}` as 'grid1'], address: '文昌路' } }),
      );
    const metadata = fixtureMeta(new Date().toISOString());
    await writeRegistry(t.app, [
      // Recorded now, in force tomorrow: G3 is still C2's today.
      {
        type: 'MoveGrid',
        data: { gridId: fx.grid3, toParentId: fx.community, effectiveDate: TOMORROW },
        metadata,
      },
      // Recorded now, in force today: G2 is C2's already.
      {
        type: 'MoveGrid',
        data: { gridId: fx.grid2, toParentId: fx.community2, effectiveDate: TODAY },
        metadata,
      },
    ]);
    staff.c1 = await accountAuth(t, ['community_staff'], { kind: 'community', id: fx.community });
    staff.c2 = await accountAuth(t, ['community_staff'], { kind: 'community', id: fx.community2 });
    await waitUntilVisible(store, t.database.pool, 60_000);
    await new ProjectionEngine(
      allProjections,
      { eventStore: store, pool: t.database.pool },
      { batchSize: 500 },
    ).catchUp();
  }, 120_000);
  afterAll(async () => t?.close());

  it('before its date: the grid stays with its current community, in the list and on GET', async () => {
    expect(await list(staff.c2)).toContain(cases.g3);
    expect(await open(staff.c2, cases.g3)).toBe(200);
    expect(await list(staff.c1)).not.toContain(cases.g3);
    expect(await open(staff.c1, cases.g3)).toBe(404);
  });

  it('on its date: the grid is the new community’s, in the list and on GET, and no longer the old one’s', async () => {
    expect(await list(staff.c2)).toContain(cases.g2);
    expect(await open(staff.c2, cases.g2)).toBe(200);
    expect(await list(staff.c1)).not.toContain(cases.g2);
    expect(await open(staff.c1, cases.g2)).toBe(404);
    // G1 never moved.
    expect(await list(staff.c1)).toContain(cases.g1);
    expect(await open(staff.c1, cases.g1)).toBe(200);
  });

  it('a district-wide filter by community or street follows the registry in force today too', async () => {
    const c1 = await list(undefined, `&communityId=${fx.community}`);
    const c2 = await list(undefined, `&communityId=${fx.community2}`);
    expect([c1.has(cases.g1), c1.has(cases.g2), c1.has(cases.g3)]).toEqual([true, false, false]);
    expect([c2.has(cases.g1), c2.has(cases.g2), c2.has(cases.g3)]).toEqual([false, true, true]);
    const street = await list(undefined, `&streetId=${fx.street}`);
    expect([street.has(cases.g1), street.has(cases.g2), street.has(cases.g3)]).toEqual([true, true, true]);
  });
});
