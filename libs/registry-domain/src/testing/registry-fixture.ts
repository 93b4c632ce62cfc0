import type { RegistryCommand, RegistryCommandMetadata } from '../registry.commands.js';
import { decideAll } from '../registry.decider.js';
import type { RegistryEvent } from '../registry.events.js';
import { registryId, type IdSpace } from '../registry-ids.js';

/** District code of the small test district (distinct from the demo seed's). */
export const FIXTURE_DISTRICT = '510000';
export const fixtureMeta = (
  now = '2024-01-01T09:00:00+08:00',
  actor = 'admin:test',
): RegistryCommandMetadata => ({ actor, now });
export const fixtureId = (space: IdSpace, code: string): string => registryId(FIXTURE_DISTRICT, space, code);

/** Ids of the small district's entities, for assertions. */
export const fx = {
  district: fixtureId('district', FIXTURE_DISTRICT),
  districtCentre: fixtureId('unit', 'D-ZX'),
  street: fixtureId('township-level', 'S1'),
  streetCentre: fixtureId('unit', 'S1-ZX'),
  streetOffice: fixtureId('unit', 'S1-B1'),
  township: fixtureId('township-level', 'T1'),
  townshipCentre: fixtureId('unit', 'T1-ZX'),
  community: fixtureId('village-level', 'C1'),
  communityCommittee: fixtureId('unit', 'C1-JWH'),
  community2: fixtureId('village-level', 'C2'),
  townshipCommunity: fixtureId('village-level', 'TC1'),
  village: fixtureId('village-level', 'V1'),
  village2: fixtureId('village-level', 'V2'),
  grid1: fixtureId('grid', 'G1'),
  grid2: fixtureId('grid', 'G2'),
  grid3: fixtureId('grid', 'G3'),
  ruralGrid: fixtureId('grid', 'RG1'),
  building: fixtureId('building', 'B1'),
  worker: fixtureId('grid-worker', 'W1'),
  branch: fixtureId('party-branch', 'PB1'),
  team: fixtureId('enforcement-team', 'T-CG'),
  areaSquad: fixtureId('squad', 'T-CG-PQ1'),
  specialisedSquad: fixtureId('squad', 'T-CG-ZY1'),
} as const;

/**
 * Commands for a small district, all established 2024-01-01: street S1 (communities C1, C2),
 * township T1 (community TC1, villages V1, V2), urban grids G1, G2 under C1 and G3 under C2,
 * rural grid RG1 under V1, building B1 in G1, worker W1 (A-post) in G1, branch PB1 in G1, and
 * the urban-management team with one specialised and one area squad (covering S1).
 */
export function fixtureCommands(): RegistryCommand[] {
  const metadata = fixtureMeta();
  return [
    {
      type: 'CreateDistrict',
      data: { code: FIXTURE_DISTRICT, name: '测试区', centre: { code: 'D-ZX', name: '测试区综治中心' } },
      metadata,
    },
    {
      type: 'CreateStreetOrTownship',
      data: {
        code: 'S1',
        name: '城东街道',
        kind: 'street',
        centre: { code: 'S1-ZX', name: '城东街道综治中心' },
      },
      metadata,
    },
    {
      type: 'AddOrganisationUnit',
      data: { code: 'S1-B1', name: '城东街道党政办公室', ownerId: fx.street, category: 'office' },
      metadata,
    },
    {
      type: 'CreateStreetOrTownship',
      data: {
        code: 'T1',
        name: '白鹤镇',
        kind: 'township',
        centre: { code: 'T1-ZX', name: '白鹤镇综治中心' },
      },
      metadata,
    },
    {
      type: 'CreateCommunityOrVillage',
      data: {
        code: 'C1',
        name: '文昌社区',
        kind: 'community',
        parentId: fx.street,
        committee: { code: 'C1-JWH', name: '文昌社区居委会' },
      },
      metadata,
    },
    {
      type: 'CreateCommunityOrVillage',
      data: {
        code: 'C2',
        name: '桂湖社区',
        kind: 'community',
        parentId: fx.street,
        committee: { code: 'C2-JWH', name: '桂湖社区居委会' },
      },
      metadata,
    },
    {
      type: 'CreateCommunityOrVillage',
      data: {
        code: 'TC1',
        name: '白鹤社区',
        kind: 'community',
        parentId: fx.township,
        committee: { code: 'TC1-JWH', name: '白鹤社区居委会' },
      },
      metadata,
    },
    {
      type: 'CreateCommunityOrVillage',
      data: {
        code: 'V1',
        name: '石桥村',
        kind: 'village',
        parentId: fx.township,
        committee: { code: 'V1-CWH', name: '石桥村村委会' },
      },
      metadata,
    },
    {
      type: 'CreateCommunityOrVillage',
      data: {
        code: 'V2',
        name: '松林村',
        kind: 'village',
        parentId: fx.township,
        committee: { code: 'V2-CWH', name: '松林村村委会' },
      },
      metadata,
    },
    {
      type: 'CreateGrid',
      data: { code: 'G1', name: '文昌社区第一网格', setting: 'urban', parentId: fx.community },
      metadata,
    },
    {
      type: 'CreateGrid',
      data: { code: 'G2', name: '文昌社区第二网格', setting: 'urban', parentId: fx.community },
      metadata,
    },
    {
      type: 'CreateGrid',
      data: { code: 'G3', name: '桂湖社区第一网格', setting: 'urban', parentId: fx.community2 },
      metadata,
    },
    {
      type: 'CreateGrid',
      data: { code: 'RG1', name: '石桥村网格', setting: 'rural', parentId: fx.village },
      metadata,
    },
    {
      type: 'CreateBuilding',
      data: { code: 'B1', name: '文昌社区1号楼', buildingType: 'building', gridId: fx.grid1 },
      metadata,
    },
    {
      type: 'RegisterGridWorker',
      data: { code: 'W1', name: '王建华', post: 'A', accountName: 'wg0001', gridId: fx.grid1 },
      metadata,
    },
    {
      type: 'FoundGridPartyBranch',
      data: { code: 'PB1', name: '文昌社区第一网格党支部', gridId: fx.grid1 },
      metadata,
    },
    {
      type: 'EstablishEnforcementTeam',
      data: { code: 'T-CG', name: '测试区城市管理综合行政执法大队', domain: 'urban_management' },
      metadata,
    },
    {
      type: 'DefineSquad',
      data: {
        code: 'T-CG-ZY1',
        name: '市容秩序执法中队',
        teamId: fx.team,
        kind: 'specialised',
        speciality: '市容秩序',
      },
      metadata,
    },
    {
      type: 'DefineSquad',
      data: {
        code: 'T-CG-PQ1',
        name: '第一片区执法中队',
        teamId: fx.team,
        kind: 'area',
        areaIds: [fx.street],
      },
      metadata,
    },
  ];
}

/** The recorded events of the small district (see `fixtureCommands`). */
export function fixtureEvents(): RegistryEvent[] {
  return decideAll(fixtureCommands()).events;
}

/** Staff accounts of the small district that the approval rules need (`approvalFixtureCommands`). */
export const fxStaff = {
  districtDirector: fixtureId('staff-account', 'AP-D-DIR'),
  districtOperator: fixtureId('staff-account', 'AP-D-OP'),
  streetHead: fixtureId('staff-account', 'AP-S1-HEAD'),
  streetStaff: fixtureId('staff-account', 'AP-S1-STAFF'),
  communityHead: fixtureId('staff-account', 'AP-C1-HEAD'),
  communityStaff: fixtureId('staff-account', 'AP-C1-STAFF'),
  teamHead: fixtureId('staff-account', 'AP-Q-HEAD'),
  squadOfficer: fixtureId('staff-account', 'AP-Q-OFF'),
} as const;

/**
 * Staff and approving posts on top of `fixtureCommands()`: a director of the district centre, a head of
 * the S1 street centre, of the C1 committee and of the urban-management team (a squad officer of its
 * area squad), each beside a colleague without a post; all from 2024-01-01.
 */
export function approvalFixtureCommands(): RegistryCommand[] {
  const metadata = fixtureMeta();
  const staff = (
    code: string,
    accountName: string,
    personName: string,
    unitId: string,
    role: 'centre_operator' | 'street_staff' | 'community_staff' | 'squad_officer',
  ): RegistryCommand => ({
    type: 'RegisterStaffAccount',
    data: { code, accountName, personName, unitId, role },
    metadata,
  });
  const post = (accountId: string, unitId: string, title: string): RegistryCommand => ({
    type: 'AppointApprovingPost',
    data: { accountId, unitId, title },
    metadata,
  });
  return [
    staff('AP-D-DIR', 'ap-d-dir', '周正', fx.districtCentre, 'centre_operator'),
    staff('AP-D-OP', 'ap-d-op', '吴敏', fx.districtCentre, 'centre_operator'),
    staff('AP-S1-HEAD', 'ap-s1-head', '郑强', fx.streetCentre, 'street_staff'),
    staff('AP-S1-STAFF', 'ap-s1-staff', '冯丽', fx.streetCentre, 'street_staff'),
    staff('AP-C1-HEAD', 'ap-c1-head', '陈静', fx.communityCommittee, 'community_staff'),
    staff('AP-C1-STAFF', 'ap-c1-staff', '褚平', fx.communityCommittee, 'community_staff'),
    staff('AP-Q-HEAD', 'ap-q-head', '卫东', fx.areaSquad, 'squad_officer'),
    staff('AP-Q-OFF', 'ap-q-off', '蒋涛', fx.areaSquad, 'squad_officer'),
    post(fxStaff.districtDirector, fx.districtCentre, '区综治中心主任'),
    post(fxStaff.streetHead, fx.streetCentre, '街道综治中心主任'),
    post(fxStaff.communityHead, fx.communityCommittee, '居委会主任'),
    post(fxStaff.teamHead, fx.team, '执法大队长'),
  ];
}

/** The small district with its approving posts, as recorded events. */
export function approvalFixtureEvents(): RegistryEvent[] {
  return decideAll([...fixtureCommands(), ...approvalFixtureCommands()]).events;
}
