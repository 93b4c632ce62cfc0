import type {
  AreaLevelKind,
  BuildingType,
  EnforcementDomain,
  GridSetting,
  GridWorkerPost,
  NeighbourhoodKind,
  OrganisationUnitCategory,
  PartyMemberRole,
  SquadKind,
  StaffRole,
} from './registry.commands.js';
import type { IsoDate } from './registry-dates.js';

type Ev<Type extends string, Data> = { readonly type: Type; readonly data: Data };

/** A handling unit as recorded with its node. */
export interface HandlingUnitRecorded {
  readonly unitId: string;
  readonly code: string;
  readonly name: string;
}

export type DistrictCreated = Ev<
  'DistrictCreated',
  { districtId: string; code: string; name: string; centre: HandlingUnitRecorded; establishedOn: IsoDate }
>;
export type StreetOrTownshipCreated = Ev<
  'StreetOrTownshipCreated',
  {
    id: string;
    code: string;
    name: string;
    kind: AreaLevelKind;
    parentId: string;
    centre: HandlingUnitRecorded;
    establishedOn: IsoDate;
  }
>;
export type CommunityOrVillageCreated = Ev<
  'CommunityOrVillageCreated',
  {
    id: string;
    code: string;
    name: string;
    kind: NeighbourhoodKind;
    parentId: string;
    committee: HandlingUnitRecorded;
    establishedOn: IsoDate;
  }
>;
export type GridCreated = Ev<
  'GridCreated',
  { id: string; code: string; name: string; setting: GridSetting; parentId: string; establishedOn: IsoDate }
>;
export type BuildingCreated = Ev<
  'BuildingCreated',
  {
    id: string;
    code: string;
    name: string;
    buildingType: BuildingType;
    gridId: string;
    establishedOn: IsoDate;
  }
>;
export type OrganisationUnitAdded = Ev<
  'OrganisationUnitAdded',
  {
    id: string;
    code: string;
    name: string;
    ownerId: string;
    category: OrganisationUnitCategory;
    establishedOn: IsoDate;
  }
>;
export type RenamableEntity =
  | 'node'
  | 'grid'
  | 'building'
  | 'unit'
  | 'party-branch'
  | 'resident-committee'
  | 'enforcement-team'
  | 'squad';
export type EntityRenamed = Ev<
  'EntityRenamed',
  { id: string; entity: RenamableEntity; name: string; previousName: string; effectiveDate: IsoDate }
>;
export type BuildingMoved = Ev<
  'BuildingMoved',
  { buildingId: string; fromGridId: string; toGridId: string; effectiveDate: IsoDate }
>;
export type GridMoved = Ev<
  'GridMoved',
  { gridId: string; fromParentId: string; toParentId: string; effectiveDate: IsoDate }
>;
export type GridWorkerRegistered = Ev<
  'GridWorkerRegistered',
  {
    id: string;
    code: string;
    name: string;
    post: GridWorkerPost;
    accountName: string;
    gridId: string;
    registeredOn: IsoDate;
  }
>;
export type GridWorkerAssigned = Ev<
  'GridWorkerAssigned',
  { workerId: string; gridId: string; effectiveDate: IsoDate }
>;
export type GridWorkerUnassigned = Ev<
  'GridWorkerUnassigned',
  { workerId: string; gridId: string; effectiveDate: IsoDate }
>;
export type GridAccountIssued = Ev<
  'GridAccountIssued',
  { id: string; code: string; accountName: string; gridId: string; holder: string; issuedOn: IsoDate }
>;
export type GridPartyBranchFounded = Ev<
  'GridPartyBranchFounded',
  { id: string; code: string; name: string; gridId: string; foundedOn: IsoDate }
>;
export type PartyMemberEnrolled = Ev<
  'PartyMemberEnrolled',
  { id: string; code: string; name: string; branchId: string; role: PartyMemberRole; enrolledOn: IsoDate }
>;
export type JointCommitteeFormed = Ev<
  'JointCommitteeFormed',
  {
    id: string;
    code: string;
    gridId: string;
    secretaryId: string;
    auxiliaryPoliceOfficer: string;
    memberIds: string[];
    formedOn: IsoDate;
  }
>;
export type ResidentCommitteeFormed = Ev<
  'ResidentCommitteeFormed',
  { id: string; code: string; name: string; communityId: string; formedOn: IsoDate }
>;
export type EnforcementTeamEstablished = Ev<
  'EnforcementTeamEstablished',
  { id: string; code: string; name: string; domain: EnforcementDomain; establishedOn: IsoDate }
>;
export type SquadDefined = Ev<
  'SquadDefined',
  {
    id: string;
    code: string;
    name: string;
    teamId: string;
    kind: SquadKind;
    speciality: string | null;
    areaIds: string[];
    establishedOn: IsoDate;
  }
>;
export type SquadAreaRedrawn = Ev<
  'SquadAreaRedrawn',
  { squadId: string; areaIds: string[]; previousAreaIds: string[]; effectiveDate: IsoDate }
>;
export type StaffAccountRegistered = Ev<
  'StaffAccountRegistered',
  {
    id: string;
    code: string;
    accountName: string;
    personName: string;
    unitId: string;
    role: StaffRole;
    registeredOn: IsoDate;
  }
>;

export type RegistryEvent =
  | DistrictCreated
  | StreetOrTownshipCreated
  | CommunityOrVillageCreated
  | GridCreated
  | BuildingCreated
  | OrganisationUnitAdded
  | EntityRenamed
  | BuildingMoved
  | GridMoved
  | GridWorkerRegistered
  | GridWorkerAssigned
  | GridWorkerUnassigned
  | GridAccountIssued
  | GridPartyBranchFounded
  | PartyMemberEnrolled
  | JointCommitteeFormed
  | ResidentCommitteeFormed
  | EnforcementTeamEstablished
  | SquadDefined
  | SquadAreaRedrawn
  | StaffAccountRegistered;

export type RegistryEventType = RegistryEvent['type'];

/** Every event type, for subscribers that filter the global log. */
export const REGISTRY_EVENT_TYPES: readonly RegistryEventType[] = [
  'DistrictCreated',
  'StreetOrTownshipCreated',
  'CommunityOrVillageCreated',
  'GridCreated',
  'BuildingCreated',
  'OrganisationUnitAdded',
  'EntityRenamed',
  'BuildingMoved',
  'GridMoved',
  'GridWorkerRegistered',
  'GridWorkerAssigned',
  'GridWorkerUnassigned',
  'GridAccountIssued',
  'GridPartyBranchFounded',
  'PartyMemberEnrolled',
  'JointCommitteeFormed',
  'ResidentCommitteeFormed',
  'EnforcementTeamEstablished',
  'SquadDefined',
  'SquadAreaRedrawn',
  'StaffAccountRegistered',
];
