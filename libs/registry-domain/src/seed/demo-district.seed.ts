import type { EnforcementDomain, RegistryCommand, RegistryCommandMetadata } from '../registry.commands.js';
import { registryId, type IdSpace } from '../registry-ids.js';
import {
  DEMO_DISTRICT_NAME,
  ESTATE_NAMES,
  STREET_NAMES,
  SURNAMES,
  TOWNSHIP_NAMES,
  URBAN_COMMUNITY_NAMES,
  VILLAGE_NAMES,
  chineseNumeral,
  personName,
} from './demo-names.js';

/** Synthetic division code (51 = Sichuan; city 99 does not exist). */
export const DEMO_DISTRICT_CODE = '519902';
/** Every seed command carries this metadata, so every entity is established on 2021-03-01. */
export const DEMO_SEED_METADATA: RegistryCommandMetadata = {
  actor: 'seed:demo-district',
  now: '2021-03-01T09:00:00+08:00',
};

/** Id of a demo entity by its code (what the decider derives for the seed's commands). */
export function demoId(space: IdSpace, code: string): string {
  return registryId(DEMO_DISTRICT_CODE, space, code);
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Resident groups per urban community: 12 communities × 5 + 8 × 4 = 92 urban grids. */
const residentGroups = (communityIndex: number) => (communityIndex < 12 ? 5 : 4);
/** Villages/communities per township: 3 × 14 + 5 × 13 = 107 rural grids; the first of each is the township's seat community. */
const ruralUnits = (townshipIndex: number) => (townshipIndex < 3 ? 14 : 13);
/** Resident self-management committees per urban community: 3 × 6 + 17 × 5 = 103. */
const residentCommittees = (communityIndex: number) => (communityIndex < 3 ? 6 : 5);
const A_POSTS_IN_RURAL_GRIDS = 55; // 92 urban resident-group leaders + 55 village reserve cadres = 147
const EXTRA_BRANCHES = 5; // 199 grids + 5 second branches in the largest resident groups = 204

const STREET_OFFICES = ['党政办公室', '党建工作办公室', '社区建设办公室', '城市管理办公室'];
const STREET_CENTRES = ['党群服务中心', '便民服务中心']; // + the governance centre = 3 centres
const TOWNSHIP_OFFICES = [
  '党政办公室',
  '党建工作办公室',
  '经济发展办公室',
  '社会事务办公室',
  '社会治理办公室',
  '规划建设办公室',
  '农业农村办公室',
];
const TOWNSHIP_CENTRES = ['党群服务中心', '便民服务中心', '农民服务中心']; // + the governance centre = 4 centres

const TEAMS: readonly {
  code: string;
  domain: EnforcementDomain;
  label: string;
  specialised: [string, string];
}[] = [
  { code: 'ZF-SCJG', domain: 'market_supervision', label: '市场监管', specialised: ['食品安全', '特种设备'] },
  { code: 'ZF-JTYS', domain: 'transport', label: '交通运输', specialised: ['道路运输', '水路运输'] },
  { code: 'ZF-NY', domain: 'agriculture', label: '农业', specialised: ['农资质量', '动物卫生'] },
  { code: 'ZF-CSGL', domain: 'urban_management', label: '城市管理', specialised: ['市容秩序', '违法建设'] },
  { code: 'ZF-WHSC', domain: 'cultural_market', label: '文化市场', specialised: ['网吧娱乐', '出版物'] },
];

/**
 * The commands that build the demo district of docs/domain.md §1, in dependency order: 199 grids
 * (92 urban, 107 rural), 547 grid workers (147 A, 400 B), 548 grid accounts, 204 party branches,
 * 480 party members (a secretary per branch + 3 members per resident group for "1+1+3"),
 * 92 joint committees, 103 resident self-management committees, 5 enforcement teams with 2
 * specialised + 3 area squads each, offices and centres ("4 办 3 中心" / "7 办 4 中心"),
 * buildings and courtyards, and staff logins. Pure: the same commands, hence the same ids, on
 * every call.
 */
export function buildDemoDistrict(): RegistryCommand[] {
  const meta = DEMO_SEED_METADATA;
  const out: RegistryCommand[] = [];
  let person = 0;
  const nextPerson = () => personName(person++);

  out.push({
    type: 'CreateDistrict',
    data: {
      code: DEMO_DISTRICT_CODE,
      name: DEMO_DISTRICT_NAME,
      centre: { code: `${DEMO_DISTRICT_CODE}-ZZZX`, name: `${DEMO_DISTRICT_NAME}社会治安综合治理中心` },
    },
    metadata: meta,
  });

  // streets and townships with their offices and centres
  const areaCodes: { code: string; name: string; kind: 'street' | 'township' }[] = [
    ...STREET_NAMES.map((name, i) => ({
      code: `${DEMO_DISTRICT_CODE}${pad(i + 1, 3)}`,
      name,
      kind: 'street' as const,
    })),
    ...TOWNSHIP_NAMES.map((name, i) => ({
      code: `${DEMO_DISTRICT_CODE}${pad(101 + i, 3)}`,
      name,
      kind: 'township' as const,
    })),
  ];
  for (const area of areaCodes) {
    const id = demoId('township-level', area.code);
    out.push({
      type: 'CreateStreetOrTownship',
      data: {
        code: area.code,
        name: area.name,
        kind: area.kind,
        centre: { code: `${area.code}-ZZZX`, name: `${area.name}社会治安综合治理中心` },
      },
      metadata: meta,
    });
    const offices = area.kind === 'street' ? STREET_OFFICES : TOWNSHIP_OFFICES;
    const centres = area.kind === 'street' ? STREET_CENTRES : TOWNSHIP_CENTRES;
    offices.forEach((office, i) =>
      out.push({
        type: 'AddOrganisationUnit',
        data: {
          code: `${area.code}-B${i + 1}`,
          name: `${area.name}${office}`,
          ownerId: id,
          category: 'office',
        },
        metadata: meta,
      }),
    );
    centres.forEach((centre, i) =>
      out.push({
        type: 'AddOrganisationUnit',
        data: {
          code: `${area.code}-C${i + 1}`,
          name: `${area.name}${centre}`,
          ownerId: id,
          category: 'centre',
        },
        metadata: meta,
      }),
    );
  }

  // communities of the streets, one urban grid per resident group, three buildings per grid
  const urbanGrids: { code: string; name: string }[] = [];
  const urbanCommunities: { code: string; name: string }[] = [];
  URBAN_COMMUNITY_NAMES.forEach((stem, c) => {
    const street = areaCodes[Math.floor(c / 4)]!;
    const code = `${street.code}${pad((c % 4) + 1, 3)}`;
    const name = `${stem}社区`;
    urbanCommunities.push({ code, name });
    out.push({
      type: 'CreateCommunityOrVillage',
      data: {
        code,
        name,
        kind: 'community',
        parentId: demoId('township-level', street.code),
        committee: { code: `${code}-JWH`, name: `${name}居民委员会` },
      },
      metadata: meta,
    });
    for (let g = 1; g <= residentGroups(c); g++) {
      const gridCode = `${code}-G${pad(g, 2)}`;
      const gridName = `${name}第${chineseNumeral(g)}居民小组网格`;
      urbanGrids.push({ code: gridCode, name: gridName });
      out.push({
        type: 'CreateGrid',
        data: { code: gridCode, name: gridName, setting: 'urban', parentId: demoId('village-level', code) },
        metadata: meta,
      });
      for (let b = 1; b <= 3; b++) {
        out.push({
          type: 'CreateBuilding',
          data: {
            code: `${gridCode}-B${b}`,
            name: `${name}${chineseNumeral(g)}组${b}号楼`,
            buildingType: 'building',
            gridId: demoId('grid', gridCode),
          },
          metadata: meta,
        });
      }
    }
  });

  // villages and township communities, one rural grid each, two courtyards per grid
  const ruralGrids: { code: string; name: string }[] = [];
  let village = 0;
  TOWNSHIP_NAMES.forEach((townshipName, t) => {
    const township = areaCodes[STREET_NAMES.length + t]!;
    for (let v = 1; v <= ruralUnits(t); v++) {
      const code = `${township.code}${pad(v, 3)}`;
      const isSeat = v === 1;
      const name = isSeat ? `${townshipName.slice(0, -1)}社区` : VILLAGE_NAMES[village++]!;
      out.push({
        type: 'CreateCommunityOrVillage',
        data: {
          code,
          name,
          kind: isSeat ? 'community' : 'village',
          parentId: demoId('township-level', township.code),
          committee: {
            code: `${code}-${isSeat ? 'JWH' : 'CWH'}`,
            name: `${name}${isSeat ? '居民委员会' : '村民委员会'}`,
          },
        },
        metadata: meta,
      });
      const gridCode = `${code}-G01`;
      const gridName = `${name}网格`;
      ruralGrids.push({ code: gridCode, name: gridName });
      out.push({
        type: 'CreateGrid',
        data: { code: gridCode, name: gridName, setting: 'rural', parentId: demoId('village-level', code) },
        metadata: meta,
      });
      for (let y = 1; y <= 2; y++) {
        const family = SURNAMES[(ruralGrids.length * 2 + y) % SURNAMES.length];
        out.push({
          type: 'CreateBuilding',
          data: {
            code: `${gridCode}-Y${y}`,
            name: `${name}${family}家院子`,
            buildingType: 'courtyard',
            gridId: demoId('grid', gridCode),
          },
          metadata: meta,
        });
      }
    }
  });

  // grid workers: A-post = resident-group leader (urban) or village reserve cadre (first 55 rural grids);
  // two B-posts per grid, and a third in the first two grids (199 × 2 + 2 = 400)
  const grids = [...urbanGrids, ...ruralGrids];
  let worker = 0;
  const register = (gridCode: string, post: 'A' | 'B') => {
    worker++;
    out.push({
      type: 'RegisterGridWorker',
      data: {
        code: `W${pad(worker, 4)}`,
        name: nextPerson(),
        post,
        accountName: `wg${pad(worker, 4)}`,
        gridId: demoId('grid', gridCode),
      },
      metadata: meta,
    });
  };
  grids.forEach((grid, i) => {
    if (i < urbanGrids.length + A_POSTS_IN_RURAL_GRIDS) register(grid.code, 'A');
    const bPosts = i < 2 ? 3 : 2;
    for (let b = 0; b < bPosts; b++) register(grid.code, 'B');
  });
  out.push({
    type: 'IssueGridAccount',
    data: {
      code: 'GA0001',
      accountName: `wg${pad(worker + 1, 4)}`,
      gridId: demoId('grid', urbanGrids[0]!.code),
      holder: `${urbanGrids[0]!.name}值班账号`,
    },
    metadata: meta,
  });

  // party branches, members, and the "1+1+3" joint committee of each resident group
  let member = 0;
  const enrol = (branchCode: string, role: 'secretary' | 'member') => {
    member++;
    const code = `PM${pad(member, 4)}`;
    out.push({
      type: 'EnrolPartyMember',
      data: { code, name: nextPerson(), branchId: demoId('party-branch', branchCode), role },
      metadata: meta,
    });
    return demoId('party-member', code);
  };
  grids.forEach((grid, i) => {
    const isUrban = i < urbanGrids.length;
    const branchCode = `${grid.code}-DZB1`;
    out.push({
      type: 'FoundGridPartyBranch',
      data: { code: branchCode, name: `${grid.name}党支部`, gridId: demoId('grid', grid.code) },
      metadata: meta,
    });
    const secretaryId = enrol(branchCode, 'secretary');
    if (isUrban) {
      const memberIds = [
        enrol(branchCode, 'member'),
        enrol(branchCode, 'member'),
        enrol(branchCode, 'member'),
      ];
      out.push({
        type: 'FormJointCommittee',
        data: {
          code: `${grid.code}-LHW`,
          gridId: demoId('grid', grid.code),
          secretaryId,
          auxiliaryPoliceOfficer: nextPerson(),
          memberIds,
        },
        metadata: meta,
      });
    }
    if (i < EXTRA_BRANCHES) {
      const second = `${grid.code}-DZB2`;
      out.push({
        type: 'FoundGridPartyBranch',
        data: { code: second, name: `${grid.name}第二党支部`, gridId: demoId('grid', grid.code) },
        metadata: meta,
      });
      enrol(second, 'secretary');
    }
  });

  // resident self-management committees in the street communities
  let committee = 0;
  urbanCommunities.forEach((community, c) => {
    for (let k = 0; k < residentCommittees(c); k++) {
      committee++;
      out.push({
        type: 'FormResidentCommittee',
        data: {
          code: `ZGW${pad(committee, 3)}`,
          name: `${community.name}${ESTATE_NAMES[k]}居民自治管理委员会`,
          communityId: demoId('village-level', community.code),
        },
        metadata: meta,
      });
    }
  });

  // five enforcement brigades, each with two specialised squads and three area squads
  const streetIds = areaCodes.filter((a) => a.kind === 'street').map((a) => demoId('township-level', a.code));
  const townshipIds = areaCodes
    .filter((a) => a.kind === 'township')
    .map((a) => demoId('township-level', a.code));
  const areas = [streetIds, townshipIds.slice(0, 4), townshipIds.slice(4)];
  const squadCodes: string[] = [];
  for (const team of TEAMS) {
    const teamId = demoId('enforcement-team', team.code);
    out.push({
      type: 'EstablishEnforcementTeam',
      data: {
        code: team.code,
        name: `${DEMO_DISTRICT_NAME}${team.label}综合行政执法大队`,
        domain: team.domain,
      },
      metadata: meta,
    });
    team.specialised.forEach((speciality, i) => {
      const code = `${team.code}-ZY${i + 1}`;
      squadCodes.push(code);
      out.push({
        type: 'DefineSquad',
        data: { code, name: `${team.label}${speciality}执法中队`, teamId, kind: 'specialised', speciality },
        metadata: meta,
      });
    });
    areas.forEach((areaIds, i) => {
      const code = `${team.code}-PQ${i + 1}`;
      squadCodes.push(code);
      out.push({
        type: 'DefineSquad',
        data: {
          code,
          name: `${team.label}第${chineseNumeral(i + 1)}片区执法中队`,
          teamId,
          kind: 'area',
          areaIds,
        },
        metadata: meta,
      });
    });
  }

  // staff logins: 5 centre operators, 3 per street/township centre, 2 per community/village committee, 3 per squad;
  // the first login of each centre and committee heads it (an approving post), and the first officer of each
  // team's first squad heads the team (the agency's 负责人).
  let staff = 0;
  const staffAccount = (
    unitId: string,
    role: 'centre_operator' | 'street_staff' | 'community_staff' | 'squad_officer',
  ): string => {
    staff++;
    const code = `S${pad(staff, 4)}`;
    out.push({
      type: 'RegisterStaffAccount',
      data: { code, accountName: `staff${pad(staff, 4)}`, personName: nextPerson(), unitId, role },
      metadata: meta,
    });
    return demoId('staff-account', code);
  };
  const posts: Array<{ accountId: string; unitId: string; title: string }> = [];
  const staffUnit = (
    unitId: string,
    role: 'centre_operator' | 'street_staff' | 'community_staff' | 'squad_officer',
    count: number,
    title: string,
  ) => {
    const ids = Array.from({ length: count }, () => staffAccount(unitId, role));
    if (title) posts.push({ accountId: ids[0]!, unitId, title });
    return ids;
  };
  staffUnit(demoId('unit', `${DEMO_DISTRICT_CODE}-ZZZX`), 'centre_operator', 5, '区综治中心主任');
  for (const area of areaCodes)
    staffUnit(demoId('unit', `${area.code}-ZZZX`), 'street_staff', 3, `${area.name}综治中心主任`);
  for (const command of out.filter((c) => c.type === 'CreateCommunityOrVillage')) {
    staffUnit(
      demoId('unit', command.data.committee.code),
      'community_staff',
      2,
      `${command.data.committee.name}主任`,
    );
  }
  for (const code of squadCodes) {
    const [first] = staffUnit(demoId('squad', code), 'squad_officer', 3, '');
    const team = TEAMS.find((t) => code.startsWith(`${t.code}-`));
    if (team && !posts.some((p) => p.unitId === demoId('enforcement-team', team.code)))
      posts.push({
        accountId: first!,
        unitId: demoId('enforcement-team', team.code),
        title: `${team.label}大队长`,
      });
  }
  for (const post of posts) out.push({ type: 'AppointApprovingPost', data: post, metadata: meta });

  return out;
}
