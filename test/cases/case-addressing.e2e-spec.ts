import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fixtureId, fx } from '#registry-domain/testing';
import { fixtureMeta, seedFixtureDistrict, writeRegistry } from '../support/registry-fixture.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { act, disputeReport, expectProblem, history, must, newCase, reportCase } from './case-api.js';
import { enforcementReport } from './petition-enforcement-helpers.js';

const MADE_UP = '12345678-1234-4234-8234-123456789abc';
const TOMORROW = new Date(Date.now() + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);

/**
 * Issue #19, "units and places are not checked": the attacks of the issue over HTTP, on the small
 * fixture district. Every place, unit and squad a case command names must be in the registry on the
 * command's date by its exact id, and a unit must be on the case's own ladder; a refusal appends nothing.
 */
describe('places and units checked against the registry', () => {
  let t: TestApp;
  /** C2's committee: another community of the same street. */
  const otherCommittee = fixtureId('unit', 'C2-JWH');

  const at = (location: Record<string, unknown>) =>
    disputeReport({ location: { address: '文昌路 1 号', ...location } });

  /** A registered building-level dispute in G1 (building B1). */
  async function registeredCase(): Promise<string> {
    const caseId = await newCase(t.baseUrl, at({ gridId: fx.grid1, buildingId: fx.building }));
    await must(t.baseUrl, caseId, 'register');
    return caseId;
  }

  beforeAll(async () => {
    t = await startTestApp();
    await seedFixtureDistrict(t.app);
    // A change dated tomorrow must not count today: B1 moves to G2 tomorrow.
    await writeRegistry(t.app, [
      {
        type: 'MoveBuilding',
        data: { buildingId: fx.building, toGridId: fx.grid2, effectiveDate: TOMORROW },
        metadata: fixtureMeta(new Date().toISOString()),
      },
    ]);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('POST /cases with a grid that does not exist, the upper-case spelling of a real one, or a building of another grid: 422, nothing recorded', async () => {
    expectProblem(await reportCase(t.baseUrl, at({ gridId: MADE_UP })), 422, 'ADDRESS.UNKNOWN_GRID');
    expectProblem(
      await reportCase(t.baseUrl, at({ gridId: fx.grid1.toUpperCase() })),
      422,
      'ADDRESS.UNKNOWN_GRID',
    );
    const elsewhere = await reportCase(t.baseUrl, at({ gridId: fx.grid3, buildingId: fx.building }));
    expectProblem(elsewhere, 422, 'ADDRESS.BUILDING_OUTSIDE_GRID');
    expect(elsewhere.body.errors).toEqual([{ field: 'location.buildingId', message: expect.any(String) }]);
    expectProblem(
      await reportCase(t.baseUrl, at({ gridId: fx.grid1, buildingId: MADE_UP })),
      422,
      'ADDRESS.UNKNOWN_BUILDING',
    );
    // The building moves to G2 only tomorrow: today it is G1's.
    expect((await reportCase(t.baseUrl, at({ gridId: fx.grid1, buildingId: fx.building }))).status).toBe(201);
    expectProblem(
      await reportCase(t.baseUrl, at({ gridId: fx.grid2, buildingId: fx.building })),
      422,
      'ADDRESS.BUILDING_OUTSIDE_GRID',
    );
  });

  it('an enforcement lead to a squad that does not exist, of another team, or whose area does not cover the place: 422', async () => {
    const lead = (gridId: string, squadId: string, team = 'urban_management') =>
      reportCase(
        t.baseUrl,
        enforcementReport({ location: { gridId, address: '文昌路' } }, { squadId, team }),
      );
    expectProblem(await lead(fx.grid1, MADE_UP), 422, 'ADDRESS.UNKNOWN_SQUAD');
    expectProblem(
      await lead(fx.grid1, fx.areaSquad, 'market_supervision'),
      422,
      'ADDRESS.SQUAD_NOT_COMPETENT',
    );
    expectProblem(await lead(fx.ruralGrid, fx.areaSquad), 422, 'ADDRESS.SQUAD_NOT_COMPETENT');
    expect((await lead(fx.grid1, fx.areaSquad)).status).toBe(201);
    expect((await lead(fx.ruralGrid, fx.specialisedSquad)).status).toBe(201);
  });

  it('dispatch to a made-up unit answers 422 ADDRESS.UNKNOWN_UNIT and records nothing', async () => {
    const caseId = await registeredCase();
    const before = (await history(t.baseUrl, caseId)).length;
    const response = await act(t.baseUrl, caseId, 'dispatch', {
      unit: { unitId: MADE_UP, name: '不存在的单位' },
    });
    expectProblem(response, 422, 'ADDRESS.UNKNOWN_UNIT');
    expect(response.body.errors).toEqual([{ field: 'unit.unitId', message: expect.any(String) }]);
    expect(await history(t.baseUrl, caseId)).toHaveLength(before);
  });

  it("dispatch to another community's committee or another street's centre answers 422 ADDRESS.UNIT_OFF_LADDER", async () => {
    const caseId = await registeredCase();
    for (const unitId of [otherCommittee, fx.townshipCentre, fx.grid3])
      expectProblem(
        await act(t.baseUrl, caseId, 'dispatch', { unit: { unitId } }),
        422,
        'ADDRESS.UNIT_OFF_LADDER',
      );
  });

  it('dispatch along the ladder is recorded under the registry name, whatever name was sent', async () => {
    const caseId = await registeredCase();
    await must(t.baseUrl, caseId, 'dispatch', { unit: { unitId: fx.grid1, name: '不存在的单位' } });
    const dispatched = (await history(t.baseUrl, caseId)).find((event) => event.type === 'CaseDispatched')!;
    expect(dispatched.data.unit).toEqual({ unitId: fx.grid1, name: '文昌社区第一网格' });
  });

  it("escalate and flag-risk accept only the next rung of the case's own ladder", async () => {
    const caseId = await registeredCase();
    await must(t.baseUrl, caseId, 'dispatch', { unit: { unitId: fx.grid1 } });
    // Building → community: C1's committee, never the street centre or another community's committee.
    for (const unitId of [fx.streetCentre, otherCommittee])
      expectProblem(
        await act(t.baseUrl, caseId, 'escalate', { reason: '楼院调解不成', unit: { unitId } }),
        422,
        'ADDRESS.UNIT_OFF_LADDER',
      );
    await must(t.baseUrl, caseId, 'escalate', {
      reason: '楼院调解不成',
      unit: { unitId: fx.communityCommittee },
    });
    // A risk takes it to the street: this street's centre only (not the township's).
    const risk = (unitId: string) => ({
      risk: '可能激化',
      policeReport: { reportedTo: '城东派出所' },
      unit: { unitId },
    });
    expectProblem(
      await act(t.baseUrl, caseId, 'flag-risk', risk(fx.townshipCentre)),
      422,
      'ADDRESS.UNIT_OFF_LADDER',
    );
    expectProblem(await act(t.baseUrl, caseId, 'flag-risk', risk(MADE_UP)), 422, 'ADDRESS.UNKNOWN_UNIT');
    await must(t.baseUrl, caseId, 'flag-risk', risk(fx.streetCentre));
  });

  it('a case that does not exist stays a 404 whatever unit is named (existence first, registry after)', async () => {
    const response = await act(t.baseUrl, MADE_UP, 'dispatch', { unit: { unitId: MADE_UP } });
    expectProblem(response, 404, 'CASE.NOT_FOUND');
  });
});
