import { assertNever, type LocalDate } from '#domain-kernel';
import type {
  AreaLevelKind,
  BuildingType,
  EnforcementDomain,
  GridSetting,
  GridWorkerPost,
  NeighbourhoodKind,
  PartyMemberRole,
  SquadKind,
  StaffRole,
} from './registry.commands.js';
import type { IdSpace } from './registry-ids.js';
import type { DistrictCreated, RegistryEvent } from './registry.events.js';

/** A value that holds from `from` (inclusive) until the next entry's `from` (exclusive). */
export interface Dated<T> {
  readonly from: LocalDate;
  readonly value: T;
}
/** Dated intervals, oldest first; the decider only appends entries with a later `from`. */
export type History<T> = readonly Dated<T>[];

export type AreaNodeKind = 'district' | AreaLevelKind | NeighbourhoodKind;

/** District, street/township or community/village: the fixed upper part of the tree. */
export interface AreaNodeRecord {
  readonly id: string;
  readonly code: string;
  readonly kind: AreaNodeKind;
  readonly names: History<string>;
  readonly parentId: string | null;
  readonly handlingUnitId: string;
  readonly establishedOn: LocalDate;
}
export interface GridRecord {
  readonly id: string;
  readonly code: string;
  readonly setting: GridSetting;
  readonly names: History<string>;
  /** community or village ids */
  readonly parents: History<string>;
  readonly establishedOn: LocalDate;
}
export interface BuildingRecord {
  readonly id: string;
  readonly code: string;
  readonly buildingType: BuildingType;
  readonly names: History<string>;
  readonly grids: History<string>;
  readonly establishedOn: LocalDate;
}
/**
 * An organisational unit. `handlesCases` marks the one unit per node that receives dispatched
 * cases: the governance centre of the district or a street/township, the committee of a
 * community/village.
 */
export interface UnitRecord {
  readonly id: string;
  readonly code: string;
  readonly names: History<string>;
  readonly ownerId: string;
  readonly category: 'centre' | 'office' | 'committee';
  readonly handlesCases: boolean;
  readonly establishedOn: LocalDate;
}
export interface GridWorkerRecord {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly post: GridWorkerPost;
  readonly accountName: string;
  /** grid id, or null while unassigned */
  readonly assignments: History<string | null>;
  readonly registeredOn: LocalDate;
}
export interface GridAccountRecord {
  readonly id: string;
  readonly code: string;
  readonly accountName: string;
  readonly gridId: string;
  readonly holder: string;
  readonly issuedOn: LocalDate;
}
export interface PartyBranchRecord {
  readonly id: string;
  readonly code: string;
  readonly names: History<string>;
  readonly gridId: string;
  readonly secretaryId: string | null;
  readonly foundedOn: LocalDate;
}
export interface PartyMemberRecord {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly branchId: string;
  readonly role: PartyMemberRole;
  readonly enrolledOn: LocalDate;
}
export interface JointCommitteeRecord {
  readonly id: string;
  readonly code: string;
  readonly gridId: string;
  readonly secretaryId: string;
  readonly auxiliaryPoliceOfficer: string;
  readonly memberIds: readonly string[];
  readonly formedOn: LocalDate;
}
export interface ResidentCommitteeRecord {
  readonly id: string;
  readonly code: string;
  readonly names: History<string>;
  readonly communityId: string;
  readonly formedOn: LocalDate;
}
export interface EnforcementTeamRecord {
  readonly id: string;
  readonly code: string;
  readonly names: History<string>;
  readonly domain: EnforcementDomain;
  readonly establishedOn: LocalDate;
}
export interface SquadRecord {
  readonly id: string;
  readonly code: string;
  readonly names: History<string>;
  readonly teamId: string;
  readonly kind: SquadKind;
  readonly speciality: string | null;
  /** street/township ids covered; always empty for specialised squads */
  readonly areas: History<readonly string[]>;
  readonly establishedOn: LocalDate;
}
export interface StaffAccountRecord {
  readonly id: string;
  readonly code: string;
  readonly accountName: string;
  readonly personName: string;
  readonly unitId: string;
  readonly role: StaffRole;
  readonly registeredOn: LocalDate;
}

/** An approving post of a staff account for one unit; the title is null while the post is not held. */
export interface ApprovingPostRecord {
  readonly accountId: string;
  readonly unitId: string;
  readonly titles: History<string | null>;
}

type ById<T> = Readonly<Record<string, T>>;

/** Key of an approving post in `OpenRegistry.approvingPosts`. */
export const approvingPostKey = (accountId: string, unitId: string): string => `${accountId}/${unitId}`;

export interface OpenRegistry {
  readonly status: 'open';
  readonly districtId: string;
  readonly districtCode: string;
  readonly nodes: ById<AreaNodeRecord>;
  readonly grids: ById<GridRecord>;
  readonly buildings: ById<BuildingRecord>;
  readonly units: ById<UnitRecord>;
  readonly workers: ById<GridWorkerRecord>;
  readonly gridAccounts: ById<GridAccountRecord>;
  readonly branches: ById<PartyBranchRecord>;
  readonly members: ById<PartyMemberRecord>;
  readonly jointCommittees: ById<JointCommitteeRecord>;
  readonly residentCommittees: ById<ResidentCommitteeRecord>;
  readonly teams: ById<EnforcementTeamRecord>;
  readonly squads: ById<SquadRecord>;
  readonly staff: ById<StaffAccountRecord>;
  /** approving posts by `approvingPostKey(accountId, unitId)` */
  readonly approvingPosts: ById<ApprovingPostRecord>;
  /** code → id per code space */
  readonly codes: Readonly<Partial<Record<IdSpace, ById<string>>>>;
  /** every login name (grid workers, grid accounts, staff) → owning record id */
  readonly accountNames: ById<string>;
}

/** Before `DistrictCreated` the stream is empty; afterwards the district is open. */
export type RegistryState = { readonly status: 'empty' } | OpenRegistry;

export const initialRegistryState = (): RegistryState => ({ status: 'empty' });

const put = <T>(map: ById<T>, id: string, value: T): ById<T> => ({ ...map, [id]: value });
const append = <T>(history: History<T>, from: LocalDate, value: T): History<T> => [
  ...history,
  { from, value },
];
const claimCode = (state: OpenRegistry, space: IdSpace, code: string, id: string): OpenRegistry['codes'] => ({
  ...state.codes,
  [space]: { ...state.codes[space], [code]: id },
});

/**
 * Folds one recorded event into the registry. A recorded event is a fact: nothing is refused
 * here; an event that does not fit (e.g. before `DistrictCreated`) is ignored.
 */
export function evolveRegistry(state: RegistryState, event: RegistryEvent): RegistryState {
  if (state.status !== 'open') return event.type === 'DistrictCreated' ? openDistrict(event) : state;
  switch (event.type) {
    case 'DistrictCreated':
      return state;

    case 'StreetOrTownshipCreated':
    case 'CommunityOrVillageCreated': {
      const d = event.data;
      const unit = event.type === 'StreetOrTownshipCreated' ? event.data.centre : event.data.committee;
      const space: IdSpace = event.type === 'StreetOrTownshipCreated' ? 'township-level' : 'village-level';
      const withCode = { ...state, codes: claimCode(state, space, d.code, d.id) };
      return {
        ...withCode,
        codes: claimCode(withCode, 'unit', unit.code, unit.unitId),
        nodes: put(state.nodes, d.id, {
          id: d.id,
          code: d.code,
          kind: d.kind,
          names: [{ from: d.establishedOn, value: d.name }],
          parentId: d.parentId,
          handlingUnitId: unit.unitId,
          establishedOn: d.establishedOn,
        }),
        units: put(state.units, unit.unitId, {
          id: unit.unitId,
          code: unit.code,
          names: [{ from: d.establishedOn, value: unit.name }],
          ownerId: d.id,
          category: event.type === 'StreetOrTownshipCreated' ? 'centre' : 'committee',
          handlesCases: true,
          establishedOn: d.establishedOn,
        }),
      };
    }
    case 'GridCreated': {
      const d = event.data;
      return {
        ...state,
        codes: claimCode(state, 'grid', d.code, d.id),
        grids: put(state.grids, d.id, {
          id: d.id,
          code: d.code,
          setting: d.setting,
          names: [{ from: d.establishedOn, value: d.name }],
          parents: [{ from: d.establishedOn, value: d.parentId }],
          establishedOn: d.establishedOn,
        }),
      };
    }
    case 'BuildingCreated': {
      const d = event.data;
      return {
        ...state,
        codes: claimCode(state, 'building', d.code, d.id),
        buildings: put(state.buildings, d.id, {
          id: d.id,
          code: d.code,
          buildingType: d.buildingType,
          names: [{ from: d.establishedOn, value: d.name }],
          grids: [{ from: d.establishedOn, value: d.gridId }],
          establishedOn: d.establishedOn,
        }),
      };
    }
    case 'OrganisationUnitAdded': {
      const d = event.data;
      return {
        ...state,
        codes: claimCode(state, 'unit', d.code, d.id),
        units: put(state.units, d.id, {
          id: d.id,
          code: d.code,
          names: [{ from: d.establishedOn, value: d.name }],
          ownerId: d.ownerId,
          category: d.category,
          handlesCases: false,
          establishedOn: d.establishedOn,
        }),
      };
    }
    case 'EntityRenamed': {
      const { id, entity, name, effectiveDate } = event.data;
      const rename = <T extends { names: History<string> }>(map: ById<T>): ById<T> =>
        map[id] ? put(map, id, { ...map[id], names: append(map[id].names, effectiveDate, name) }) : map;
      switch (entity) {
        case 'node':
          return { ...state, nodes: rename(state.nodes) };
        case 'grid':
          return { ...state, grids: rename(state.grids) };
        case 'building':
          return { ...state, buildings: rename(state.buildings) };
        case 'unit':
          return { ...state, units: rename(state.units) };
        case 'party-branch':
          return { ...state, branches: rename(state.branches) };
        case 'resident-committee':
          return { ...state, residentCommittees: rename(state.residentCommittees) };
        case 'enforcement-team':
          return { ...state, teams: rename(state.teams) };
        case 'squad':
          return { ...state, squads: rename(state.squads) };
        default:
          return assertNever(entity, 'renamable entity');
      }
    }
    case 'BuildingMoved': {
      const b = state.buildings[event.data.buildingId];
      if (!b) return state;
      return {
        ...state,
        buildings: put(state.buildings, b.id, {
          ...b,
          grids: append(b.grids, event.data.effectiveDate, event.data.toGridId),
        }),
      };
    }
    case 'GridMoved': {
      const g = state.grids[event.data.gridId];
      if (!g) return state;
      return {
        ...state,
        grids: put(state.grids, g.id, {
          ...g,
          parents: append(g.parents, event.data.effectiveDate, event.data.toParentId),
        }),
      };
    }
    case 'GridWorkerRegistered': {
      const d = event.data;
      return {
        ...state,
        codes: claimCode(state, 'grid-worker', d.code, d.id),
        accountNames: put(state.accountNames, d.accountName, d.id),
        workers: put(state.workers, d.id, {
          id: d.id,
          code: d.code,
          name: d.name,
          post: d.post,
          accountName: d.accountName,
          assignments: [{ from: d.registeredOn, value: d.gridId }],
          registeredOn: d.registeredOn,
        }),
      };
    }
    case 'GridWorkerAssigned':
    case 'GridWorkerUnassigned': {
      const w = state.workers[event.data.workerId];
      if (!w) return state;
      const gridId = event.type === 'GridWorkerAssigned' ? event.data.gridId : null;
      return {
        ...state,
        workers: put(state.workers, w.id, {
          ...w,
          assignments: append(w.assignments, event.data.effectiveDate, gridId),
        }),
      };
    }
    case 'GridAccountIssued': {
      const d = event.data;
      return {
        ...state,
        codes: claimCode(state, 'grid-account', d.code, d.id),
        accountNames: put(state.accountNames, d.accountName, d.id),
        gridAccounts: put(state.gridAccounts, d.id, { ...d }),
      };
    }
    case 'GridPartyBranchFounded': {
      const d = event.data;
      return {
        ...state,
        codes: claimCode(state, 'party-branch', d.code, d.id),
        branches: put(state.branches, d.id, {
          id: d.id,
          code: d.code,
          names: [{ from: d.foundedOn, value: d.name }],
          gridId: d.gridId,
          secretaryId: null,
          foundedOn: d.foundedOn,
        }),
      };
    }
    case 'PartyMemberEnrolled': {
      const d = event.data;
      const branch = state.branches[d.branchId];
      return {
        ...state,
        codes: claimCode(state, 'party-member', d.code, d.id),
        members: put(state.members, d.id, { ...d }),
        branches:
          branch && d.role === 'secretary'
            ? put(state.branches, branch.id, { ...branch, secretaryId: d.id })
            : state.branches,
      };
    }
    case 'JointCommitteeFormed': {
      const d = event.data;
      return {
        ...state,
        codes: claimCode(state, 'joint-committee', d.code, d.id),
        jointCommittees: put(state.jointCommittees, d.id, { ...d, memberIds: [...d.memberIds] }),
      };
    }
    case 'ResidentCommitteeFormed': {
      const d = event.data;
      return {
        ...state,
        codes: claimCode(state, 'resident-committee', d.code, d.id),
        residentCommittees: put(state.residentCommittees, d.id, {
          id: d.id,
          code: d.code,
          names: [{ from: d.formedOn, value: d.name }],
          communityId: d.communityId,
          formedOn: d.formedOn,
        }),
      };
    }
    case 'EnforcementTeamEstablished': {
      const d = event.data;
      return {
        ...state,
        codes: claimCode(state, 'enforcement-team', d.code, d.id),
        teams: put(state.teams, d.id, {
          id: d.id,
          code: d.code,
          names: [{ from: d.establishedOn, value: d.name }],
          domain: d.domain,
          establishedOn: d.establishedOn,
        }),
      };
    }
    case 'SquadDefined': {
      const d = event.data;
      return {
        ...state,
        codes: claimCode(state, 'squad', d.code, d.id),
        squads: put(state.squads, d.id, {
          id: d.id,
          code: d.code,
          names: [{ from: d.establishedOn, value: d.name }],
          teamId: d.teamId,
          kind: d.kind,
          speciality: d.speciality,
          areas: [{ from: d.establishedOn, value: [...d.areaIds] }],
          establishedOn: d.establishedOn,
        }),
      };
    }
    case 'SquadAreaRedrawn': {
      const s = state.squads[event.data.squadId];
      if (!s) return state;
      return {
        ...state,
        squads: put(state.squads, s.id, {
          ...s,
          areas: append(s.areas, event.data.effectiveDate, [...event.data.areaIds]),
        }),
      };
    }
    case 'StaffAccountRegistered': {
      const d = event.data;
      return {
        ...state,
        codes: claimCode(state, 'staff-account', d.code, d.id),
        accountNames: put(state.accountNames, d.accountName, d.id),
        staff: put(state.staff, d.id, { ...d }),
      };
    }
    case 'ApprovingPostAppointed':
    case 'ApprovingPostEnded': {
      const d = event.data;
      const key = approvingPostKey(d.accountId, d.unitId);
      const previous = state.approvingPosts[key];
      const title = event.type === 'ApprovingPostAppointed' ? event.data.title : null;
      return {
        ...state,
        approvingPosts: put(state.approvingPosts, key, {
          accountId: d.accountId,
          unitId: d.unitId,
          titles: previous
            ? append(previous.titles, d.effectiveDate, title)
            : [{ from: d.effectiveDate, value: title }],
        }),
      };
    }
    default:
      return assertNever(event, 'registry event');
  }
}

/** The value of a history as of a date (inclusive), or undefined before its first entry. */
export function valueAsOf<T>(history: History<T>, asOf: LocalDate | undefined): T | undefined {
  if (asOf === undefined) return history[history.length - 1]?.value;
  let found: T | undefined;
  for (const entry of history) {
    if (entry.from <= asOf) found = entry.value;
    else break;
  }
  return found;
}

/** The latest entry of a history (histories are never empty once recorded). */
export function latest<T>(history: History<T>): Dated<T> {
  const last = history[history.length - 1];
  if (!last) throw new Error('empty history');
  return last;
}

function openDistrict(event: DistrictCreated): OpenRegistry {
  const d = event.data;
  return {
    status: 'open',
    districtId: d.districtId,
    districtCode: d.code,
    nodes: {
      [d.districtId]: {
        id: d.districtId,
        code: d.code,
        kind: 'district',
        names: [{ from: d.establishedOn, value: d.name }],
        parentId: null,
        handlingUnitId: d.centre.unitId,
        establishedOn: d.establishedOn,
      },
    },
    grids: {},
    buildings: {},
    units: {
      [d.centre.unitId]: {
        id: d.centre.unitId,
        code: d.centre.code,
        names: [{ from: d.establishedOn, value: d.centre.name }],
        ownerId: d.districtId,
        category: 'centre',
        handlesCases: true,
        establishedOn: d.establishedOn,
      },
    },
    workers: {},
    gridAccounts: {},
    branches: {},
    members: {},
    jointCommittees: {},
    residentCommittees: {},
    teams: {},
    squads: {},
    staff: {},
    approvingPosts: {},
    codes: { district: { [d.code]: d.districtId }, unit: { [d.centre.code]: d.centre.unitId } },
    accountNames: {},
  };
}
