import type { LocalDate } from '#domain-kernel';

/** Who issues a command and when; the domain reads no clock. `now` is an ISO timestamp. */
export interface RegistryCommandMetadata {
  readonly actor: string;
  readonly now: string;
}

type Cmd<Type extends string, Data> = {
  readonly type: Type;
  readonly data: Data;
  readonly metadata: RegistryCommandMetadata;
};

export type AreaLevelKind = 'street' | 'township';
export type NeighbourhoodKind = 'community' | 'village';
/** Urban grids follow resident groups (居民小组); rural grids cover one village or township community. */
export type GridSetting = 'urban' | 'rural';
export type BuildingType = 'building' | 'courtyard';
export type GridWorkerPost = 'A' | 'B';
export type PartyMemberRole = 'secretary' | 'member';
export type EnforcementDomain =
  'market_supervision' | 'transport' | 'agriculture' | 'urban_management' | 'cultural_market';
export type SquadKind = 'specialised' | 'area';
export type StaffRole = 'centre_operator' | 'street_staff' | 'community_staff' | 'squad_officer';
/** Extra offices and centres of the district or a street/township (the handling unit comes with the node). */
export type OrganisationUnitCategory = 'office' | 'centre';

export const ENFORCEMENT_DOMAINS: readonly EnforcementDomain[] = [
  'market_supervision',
  'transport',
  'agriculture',
  'urban_management',
  'cultural_market',
];

/** The unit that receives dispatched cases for a node (centre or committee). */
export interface HandlingUnitInput {
  readonly code: string;
  readonly name: string;
}

/** `establishedOn` defaults to the China date of `metadata.now`. */
export type CreateDistrict = Cmd<
  'CreateDistrict',
  { code: string; name: string; centre: HandlingUnitInput; establishedOn?: LocalDate }
>;
export type CreateStreetOrTownship = Cmd<
  'CreateStreetOrTownship',
  { code: string; name: string; kind: AreaLevelKind; centre: HandlingUnitInput; establishedOn?: LocalDate }
>;
export type CreateCommunityOrVillage = Cmd<
  'CreateCommunityOrVillage',
  {
    code: string;
    name: string;
    kind: NeighbourhoodKind;
    parentId: string;
    committee: HandlingUnitInput;
    establishedOn?: LocalDate;
  }
>;
export type CreateGrid = Cmd<
  'CreateGrid',
  { code: string; name: string; setting: GridSetting; parentId: string; establishedOn?: LocalDate }
>;
export type CreateBuilding = Cmd<
  'CreateBuilding',
  { code: string; name: string; buildingType: BuildingType; gridId: string; establishedOn?: LocalDate }
>;
export type AddOrganisationUnit = Cmd<
  'AddOrganisationUnit',
  {
    code: string;
    name: string;
    ownerId: string;
    category: OrganisationUnitCategory;
    establishedOn?: LocalDate;
  }
>;
/** Renames any named entity (node, unit, branch, committee, team, squad) from a date on. */
export type RenameEntity = Cmd<'RenameEntity', { id: string; name: string; effectiveDate: LocalDate }>;
export type MoveBuilding = Cmd<
  'MoveBuilding',
  { buildingId: string; toGridId: string; effectiveDate: LocalDate }
>;
export type MoveGrid = Cmd<'MoveGrid', { gridId: string; toParentId: string; effectiveDate: LocalDate }>;
export type RegisterGridWorker = Cmd<
  'RegisterGridWorker',
  {
    code: string;
    name: string;
    post: GridWorkerPost;
    accountName: string;
    gridId: string;
    registeredOn?: LocalDate;
  }
>;
export type AssignGridWorker = Cmd<
  'AssignGridWorker',
  { workerId: string; gridId: string; effectiveDate: LocalDate }
>;
export type UnassignGridWorker = Cmd<'UnassignGridWorker', { workerId: string; effectiveDate: LocalDate }>;
/** A grid account not held by a grid worker (duty station, spare). */
export type IssueGridAccount = Cmd<
  'IssueGridAccount',
  { code: string; accountName: string; gridId: string; holder: string; issuedOn?: LocalDate }
>;
export type FoundGridPartyBranch = Cmd<
  'FoundGridPartyBranch',
  { code: string; name: string; gridId: string; foundedOn?: LocalDate }
>;
export type EnrolPartyMember = Cmd<
  'EnrolPartyMember',
  { code: string; name: string; branchId: string; role: PartyMemberRole; enrolledOn?: LocalDate }
>;
/** "1+1+3": branch secretary + auxiliary police officer + three party members of the grid's branches. */
export type FormJointCommittee = Cmd<
  'FormJointCommittee',
  {
    code: string;
    gridId: string;
    secretaryId: string;
    auxiliaryPoliceOfficer: string;
    memberIds: string[];
    formedOn?: LocalDate;
  }
>;
export type FormResidentCommittee = Cmd<
  'FormResidentCommittee',
  { code: string; name: string; communityId: string; formedOn?: LocalDate }
>;
export type EstablishEnforcementTeam = Cmd<
  'EstablishEnforcementTeam',
  { code: string; name: string; domain: EnforcementDomain; establishedOn?: LocalDate }
>;
/** `areaIds` (streets/townships) is required for area squads and forbidden for specialised ones. */
export type DefineSquad = Cmd<
  'DefineSquad',
  {
    code: string;
    name: string;
    teamId: string;
    kind: SquadKind;
    speciality?: string;
    areaIds?: string[];
    establishedOn?: LocalDate;
  }
>;
export type RedrawSquadArea = Cmd<
  'RedrawSquadArea',
  { squadId: string; areaIds: string[]; effectiveDate: LocalDate }
>;
export type RegisterStaffAccount = Cmd<
  'RegisterStaffAccount',
  {
    code: string;
    accountName: string;
    personName: string;
    unitId: string;
    role: StaffRole;
    registeredOn?: LocalDate;
  }
>;
/**
 * An approving post (负责人, e.g. 主任, 大队长): the staff account may approve for `unitId` from the
 * effective date on. The unit is the account's own (a governance centre, a committee, an office, a
 * squad) or, for a squad officer, the enforcement team (agency) of the squad. Default: today.
 */
export type AppointApprovingPost = Cmd<
  'AppointApprovingPost',
  { accountId: string; unitId: string; title: string; effectiveDate?: LocalDate }
>;
export type EndApprovingPost = Cmd<
  'EndApprovingPost',
  { accountId: string; unitId: string; effectiveDate: LocalDate }
>;

export type RegistryCommand =
  | CreateDistrict
  | CreateStreetOrTownship
  | CreateCommunityOrVillage
  | CreateGrid
  | CreateBuilding
  | AddOrganisationUnit
  | RenameEntity
  | MoveBuilding
  | MoveGrid
  | RegisterGridWorker
  | AssignGridWorker
  | UnassignGridWorker
  | IssueGridAccount
  | FoundGridPartyBranch
  | EnrolPartyMember
  | FormJointCommittee
  | FormResidentCommittee
  | EstablishEnforcementTeam
  | DefineSquad
  | RedrawSquadArea
  | RegisterStaffAccount
  | AppointApprovingPost
  | EndApprovingPost;

export type RegistryCommandType = RegistryCommand['type'];
