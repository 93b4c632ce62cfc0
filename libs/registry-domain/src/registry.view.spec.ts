import { describe, expect, it } from '@jest/globals';
import {
  approvalFixtureCommands,
  fixtureCommands,
  fixtureId,
  fixtureMeta,
  fx,
  fxStaff,
} from '#registry-domain/testing';
import { decideAll, initialRegistryState, registryView, type RegistryCommand } from './index.js';

const metadata = fixtureMeta('2024-03-01T09:00:00+08:00');
const later: RegistryCommand[] = [
  {
    type: 'MoveBuilding',
    data: { buildingId: fx.building, toGridId: fx.grid2, effectiveDate: '2024-06-01' },
    metadata,
  },
  {
    type: 'MoveGrid',
    data: { gridId: fx.grid2, toParentId: fx.community2, effectiveDate: '2024-08-01' },
    metadata,
  },
  {
    type: 'CreateGrid',
    data: {
      code: 'G9',
      name: '文昌社区新网格',
      setting: 'urban',
      parentId: fx.community,
      establishedOn: '2024-09-01',
    },
    metadata,
  },
  {
    type: 'RenameEntity',
    data: { id: fx.community, name: '文昌路社区', effectiveDate: '2024-05-01' },
    metadata,
  },
  { type: 'UnassignGridWorker', data: { workerId: fx.worker, effectiveDate: '2024-04-01' }, metadata },
  {
    type: 'AssignGridWorker',
    data: { workerId: fx.worker, gridId: fx.grid3, effectiveDate: '2024-04-15' },
    metadata,
  },
  {
    type: 'EnrolPartyMember',
    data: { code: 'PM1', name: '张志强', branchId: fx.branch, role: 'secretary' },
    metadata,
  },
  {
    type: 'RedrawSquadArea',
    data: { squadId: fx.areaSquad, areaIds: [fx.street, fx.township], effectiveDate: '2024-07-01' },
    metadata,
  },
  {
    type: 'RegisterStaffAccount',
    data: {
      code: 'S1',
      accountName: 'staff0001',
      personName: '周敏',
      unitId: fx.districtCentre,
      role: 'centre_operator',
    },
    metadata,
  },
  {
    type: 'RegisterStaffAccount',
    data: {
      code: 'S2',
      accountName: 'staff0002',
      personName: '吴涛',
      unitId: fx.communityCommittee,
      role: 'community_staff',
    },
    metadata,
  },
  {
    type: 'RegisterStaffAccount',
    data: {
      code: 'S3',
      accountName: 'staff0003',
      personName: '徐静',
      unitId: fx.areaSquad,
      role: 'squad_officer',
    },
    metadata,
  },
  {
    type: 'IssueGridAccount',
    data: { code: 'GA1', accountName: 'wg0999', gridId: fx.grid1, holder: '值班账号' },
    metadata,
  },
];
const { state } = decideAll([...fixtureCommands(), ...later]);
const ids = (refs: readonly { id: string }[]) => refs.map((r) => r.id);

describe('registryView as of a date', () => {
  it('shows a moved building in its old grid before the effective date and in the new one from it', () => {
    expect(ids(registryView(state, '2024-05-31').grid(fx.grid1)!.buildings)).toEqual([fx.building]);
    expect(ids(registryView(state, '2024-06-01').grid(fx.grid1)!.buildings)).toEqual([]);
    expect(ids(registryView(state, '2024-06-01').grid(fx.grid2)!.buildings)).toEqual([fx.building]);
    expect(
      registryView(state, '2024-05-31')
        .locate(fx.building)
        .map((r) => r.code),
    ).toEqual(['510000', 'S1', 'C1', 'G1', 'B1']);
    expect(
      registryView(state, '2024-06-01')
        .locate(fx.building)
        .map((r) => r.code),
    ).toEqual(['510000', 'S1', 'C1', 'G2', 'B1']);
  });

  it('follows a moved grid to its new community, for jurisdiction scoping and escalation', () => {
    const before = registryView(state, '2024-07-31');
    const after = registryView(state, '2024-08-01');
    expect(before.gridsWithin(fx.community)).toEqual([fx.grid1, fx.grid2]);
    expect(after.gridsWithin(fx.community)).toEqual([fx.grid1]);
    expect(after.gridsWithin(fx.community2)).toEqual([fx.grid2, fx.grid3]);
    expect(after.gridsWithin(fx.street)).toEqual([fx.grid1, fx.grid2, fx.grid3]);
    expect(after.handlingChain(fx.building).map((s) => s.node.code)).toEqual(['B1', 'C2', 'S1', '510000']);
    expect(before.handlingChain(fx.building).map((s) => s.node.code)).toEqual(['B1', 'C1', 'S1', '510000']);
    expect(after.isWithin(fx.building, fx.community2)).toBe(true);
    expect(before.isWithin(fx.building, fx.community2)).toBe(false);
  });

  it('leaves out entities created after the date', () => {
    const view = registryView(state, '2024-08-31');
    expect(view.node(fixtureId('grid', 'G9'))).toBeUndefined();
    expect(view.gridsWithin(fx.district)).not.toContain(fixtureId('grid', 'G9'));
    expect(registryView(state, '2024-09-01').gridsWithin(fx.district)).toContain(fixtureId('grid', 'G9'));
    expect(registryView(state, '2023-12-31').tree()).toBeUndefined();
    expect(registryView(state, '2023-12-31').handlingChain(fx.building)).toEqual([]);
  });

  it('uses the name in force on the date', () => {
    expect(registryView(state, '2024-04-30').node(fx.community)!.name).toBe('文昌社区');
    expect(registryView(state, '2024-05-01').node(fx.community)!.name).toBe('文昌路社区');
    expect(registryView(state).node(fx.community)!.name).toBe('文昌路社区');
  });

  it('answers the whole tree, district down to buildings', () => {
    const tree = registryView(state, '2024-03-01').tree()!;
    expect(tree.kind).toBe('district');
    expect(tree.handlingUnit?.id).toBe(fx.districtCentre);
    expect(tree.children.map((c) => c.code)).toEqual(['S1', 'T1']);
    const c1 = tree.children[0]!.children.find((c) => c.code === 'C1')!;
    expect(c1.handlingUnit?.id).toBe(fx.communityCommittee);
    expect(c1.children.map((g) => [g.code, g.setting])).toEqual([
      ['G1', 'urban'],
      ['G2', 'urban'],
    ]);
    expect(c1.children[0]!.children.map((b) => [b.code, b.buildingType])).toEqual([['B1', 'building']]);
    expect(tree.children[1]!.children.map((c) => `${c.kind}:${c.code}`)).toEqual([
      'community:TC1',
      'village:V1',
      'village:V2',
    ]);
  });

  it('answers one node with its units and children', () => {
    const street = registryView(state).node(fx.street)!;
    expect(street.parent?.id).toBe(fx.district);
    expect(street.handlingUnit?.id).toBe(fx.streetCentre);
    expect(street.units.map((u) => [u.id, u.handlesCases])).toEqual([
      [fx.streetOffice, false],
      [fx.streetCentre, true],
    ]);
    expect(ids(street.children)).toEqual([fx.community, fx.community2]);
  });

  it('answers a grid with its workers as of the date, its branch and its extra accounts', () => {
    expect(
      registryView(state, '2024-03-31')
        .grid(fx.grid1)!
        .workers.map((w) => w.accountName),
    ).toEqual(['wg0001']);
    expect(registryView(state, '2024-04-01').grid(fx.grid1)!.workers).toEqual([]);
    expect(
      registryView(state, '2024-04-15')
        .grid(fx.grid3)!
        .workers.map((w) => w.code),
    ).toEqual(['W1']);
    const grid = registryView(state).grid(fx.grid1)!;
    expect(grid.parent.id).toBe(fx.community);
    expect(grid.branches).toHaveLength(1);
    expect(grid.branches[0]!.secretary?.name).toBe('张志强');
    expect(grid.extraAccounts.map((a) => a.accountName)).toEqual(['wg0999']);
    expect(registryView(state).grid(fx.community)).toBeUndefined();
  });

  it('gives the handling chain of a grid with the grid as building-level handler', () => {
    const chain = registryView(state, '2024-03-01').handlingChain(fx.grid1);
    expect(chain.map((s) => [s.level, s.handler.kind, s.handler.id])).toEqual([
      ['building', 'grid', fx.grid1],
      ['community', 'unit', fx.communityCommittee],
      ['street', 'unit', fx.streetCentre],
      ['district', 'unit', fx.districtCentre],
    ]);
    expect(
      registryView(state)
        .handlingChain(fx.ruralGrid)
        .map((s) => s.node.code),
    ).toEqual(['RG1', 'V1', 'T1', '510000']);
  });

  it('lists teams and squads with their areas as of the date, and finds the area squad of a location', () => {
    const [team] = registryView(state, '2024-06-30').teams();
    expect(team!.domain).toBe('urban_management');
    expect(team!.squads.map((q) => [q.kind, q.areas.map((a) => a.code)])).toEqual([
      ['area', ['S1']],
      ['specialised', []],
    ]);
    expect(registryView(state, '2024-06-30').areaSquadFor('urban_management', fx.ruralGrid)).toBeUndefined();
    expect(registryView(state, '2024-07-01').areaSquadFor('urban_management', fx.ruralGrid)?.id).toBe(
      fx.areaSquad,
    );
    expect(registryView(state).areaSquadFor('urban_management', fx.building)?.id).toBe(fx.areaSquad);
    expect(registryView(state).areaSquadFor('transport', fx.building)).toBeUndefined();
  });

  it('lists every login with role and scope for the auth module', () => {
    const accounts = registryView(state).accounts();
    expect(accounts.map((a) => [a.accountName, a.role, a.scope?.kind, a.scope?.id])).toEqual([
      ['staff0001', 'centre_operator', 'district', fx.district],
      ['staff0002', 'community_staff', 'community', fx.community],
      ['staff0003', 'squad_officer', 'squad', fx.areaSquad],
      ['wg0001', 'grid_worker', 'grid', fx.grid3],
      ['wg0999', 'grid_account', 'grid', fx.grid1],
    ]);
    expect(
      registryView(state, '2024-04-01')
        .accounts()
        .find((a) => a.accountName === 'wg0001')?.scope,
    ).toBeNull();
  });

  it('answers nothing for an empty stream and refuses a malformed date', () => {
    expect(registryView(initialRegistryState()).tree()).toBeUndefined();
    expect(() => registryView(state, '2024-13-01')).toThrow(RangeError);
  });
});

describe('registry view: approving posts and the body above (for approvals and petition reviews)', () => {
  const withPosts = decideAll([
    ...fixtureCommands(),
    ...approvalFixtureCommands(),
    {
      type: 'EndApprovingPost',
      data: { accountId: fxStaff.streetHead, unitId: fx.streetCentre, effectiveDate: '2024-07-01' },
      metadata,
    },
  ]).state;

  it('lists the approving posts an account holds on the view date', () => {
    expect(registryView(withPosts, '2024-03-01').approvingPosts(fxStaff.districtDirector)).toEqual([
      {
        accountId: fxStaff.districtDirector,
        unit: { id: fx.districtCentre, code: 'D-ZX', name: '测试区综治中心' },
        title: '区综治中心主任',
      },
    ]);
    expect(registryView(withPosts, '2024-03-01').approvingPosts(fxStaff.teamHead)[0]?.unit.id).toBe(fx.team);
    expect(registryView(withPosts, '2024-03-01').approvingPosts(fxStaff.streetHead)).toHaveLength(1);
    expect(registryView(withPosts, '2024-07-01').approvingPosts(fxStaff.streetHead)).toEqual([]);
    expect(registryView(withPosts, '2023-12-31').approvingPosts(fxStaff.districtDirector)).toEqual([]);
    expect(registryView(withPosts).approvingPosts(fxStaff.districtOperator)).toEqual([]);
  });

  it('answers the body one level above: committee → street centre → district centre → outside the registry', () => {
    const view = registryView(withPosts);
    expect(view.bodyAbove(fx.communityCommittee)?.id).toBe(fx.streetCentre);
    expect(view.bodyAbove(fx.streetOffice)?.id).toBe(fx.districtCentre);
    expect(view.bodyAbove(fx.streetCentre)?.id).toBe(fx.districtCentre);
    expect(view.bodyAbove(fx.districtCentre)).toBeNull();
    expect(view.bodyAbove(fixtureId('unit', 'NOPE'))).toBeUndefined();
    expect(view.teamOfSquad(fx.areaSquad)?.id).toBe(fx.team);
    expect(view.teamOfSquad(fx.team)).toBeUndefined();
  });
});
