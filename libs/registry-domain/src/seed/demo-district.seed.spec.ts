import { describe, expect, it } from '@jest/globals';
import { countRegistry, decideAll, registryView, type OpenRegistry } from '../index.js';
import { buildDemoDistrict, DEMO_DISTRICT_CODE, demoId } from './demo-district.seed.js';

const { events, state } = decideAll(buildDemoDistrict());
const open = state as OpenRegistry;

describe('demo district seed', () => {
  it('folds into exactly the figures of docs/domain.md §1', () => {
    expect(countRegistry(state)).toEqual({
      grids: 199,
      urban: 92,
      rural: 107,
      workers: 547,
      a_post: 147,
      b_post: 400,
      accounts: 548,
      branches: 204,
      committees: 103,
      teams: 5,
    });
  });

  it('builds identical commands, ids and events every time', () => {
    const again = buildDemoDistrict();
    expect(JSON.stringify(again)).toBe(JSON.stringify(buildDemoDistrict()));
    expect(decideAll(again).events).toEqual(events);
    expect(open.districtId).toBe(demoId('district', DEMO_DISTRICT_CODE));
  });

  it('places 200+ party members, a secretary in every branch, and a 1+1+3 committee in every resident group', () => {
    const members = Object.values(open.members);
    expect(members.length).toBeGreaterThanOrEqual(200);
    expect(Object.values(open.branches).every((b) => b.secretaryId !== null)).toBe(true);
    const committees = Object.values(open.jointCommittees);
    expect(committees).toHaveLength(92);
    expect(committees.every((c) => c.memberIds.length === 3 && c.auxiliaryPoliceOfficer.length > 0)).toBe(
      true,
    );
    expect(new Set(committees.map((c) => c.gridId)).size).toBe(92);
  });

  it('gives streets 4 offices + 3 centres and townships 7 offices + 4 centres', () => {
    const view = registryView(state);
    for (const area of Object.values(open.nodes).filter(
      (n) => n.kind === 'street' || n.kind === 'township',
    )) {
      const units = view.node(area.id)!.units;
      const offices = units.filter((u) => u.category === 'office').length;
      const centres = units.filter((u) => u.category === 'centre').length;
      expect([area.kind, offices, centres]).toEqual(
        area.kind === 'street' ? ['street', 4, 3] : ['township', 7, 4],
      );
    }
    expect(Object.values(open.nodes).filter((n) => n.kind === 'street')).toHaveLength(5);
    expect(Object.values(open.nodes).filter((n) => n.kind === 'township')).toHaveLength(8);
  });

  it('has five brigades whose area squads cover every street and township exactly once', () => {
    const view = registryView(state);
    const areas = Object.values(open.nodes).filter((n) => n.kind === 'street' || n.kind === 'township');
    const teams = view.teams();
    expect(teams.map((t) => t.domain).sort()).toEqual([
      'agriculture',
      'cultural_market',
      'market_supervision',
      'transport',
      'urban_management',
    ]);
    for (const team of teams) {
      expect(team.squads.some((q) => q.kind === 'specialised')).toBe(true);
      const covered = team.squads.flatMap((q) => q.areas.map((a) => a.id));
      expect(covered.sort()).toEqual(areas.map((a) => a.id).sort());
    }
  });

  it('puts a few buildings in every urban grid and a handling chain above every grid', () => {
    const view = registryView(state, '2021-03-01');
    for (const grid of Object.values(open.grids)) {
      const detail = view.grid(grid.id)!;
      if (grid.setting === 'urban') expect(detail.buildings.length).toBeGreaterThanOrEqual(3);
      expect(detail.workers.length).toBeGreaterThanOrEqual(2);
      expect(detail.branches.length).toBeGreaterThanOrEqual(1);
      expect(view.handlingChain(grid.id).map((s) => s.level)).toEqual([
        'building',
        'community',
        'street',
        'district',
      ]);
    }
    expect(view.gridsWithin(open.districtId)).toHaveLength(199);
    expect(registryView(state, '2021-02-28').gridsWithin(open.districtId)).toHaveLength(0);
  });

  it('gives every login a unique name and a scope', () => {
    const accounts = registryView(state).accounts();
    expect(new Set(accounts.map((a) => a.accountName)).size).toBe(accounts.length);
    expect(accounts.every((a) => a.scope !== null)).toBe(true);
    expect(accounts.filter((a) => a.role === 'centre_operator')).toHaveLength(5);
    expect(new Set(accounts.map((a) => a.role))).toEqual(
      new Set([
        'grid_worker',
        'grid_account',
        'centre_operator',
        'street_staff',
        'community_staff',
        'squad_officer',
      ]),
    );
  });

  it('heads every centre, committee and enforcement team with an approving post (who approves extensions, parking, decisions)', () => {
    const view = registryView(state);
    const heads = view.accounts().flatMap((a) => view.approvingPosts(a.accountId));
    // 1 district centre + 13 street/township centres + 127 committees + 5 teams.
    expect(heads).toHaveLength(146);
    const centre = view.node(open.districtId)!.handlingUnit!.id;
    expect(heads.filter((h) => h.unit.id === centre).map((h) => h.title)).toEqual(['区综治中心主任']);
    expect(new Set(heads.map((h) => h.unit.id)).size).toBe(146);
    for (const team of view.teams()) expect(heads.some((h) => h.unit.id === team.id)).toBe(true);
  });

  it('uses synthetic Chinese names', () => {
    const view = registryView(state);
    const names = view.tree()!.children.map((c) => c.name);
    expect(names).toContain('城东街道');
    expect(names.every((n) => /(街道|镇|乡)$/.test(n))).toBe(true);
    expect(Object.values(open.workers).every((w) => /^[\u4e00-\u9fa5]{2,3}$/.test(w.name))).toBe(true);
  });
});
