import type { LocalDate, DomainEvent } from '#domain-kernel';
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

/** A handling unit as recorded with its node. */
export interface HandlingUnitRecorded {
  readonly unitId: string;
  readonly code: string;
  readonly name: string;
}

export type DistrictCreated = DomainEvent<
  'DistrictCreated',
  { districtId: string; code: string; name: string; centre: HandlingUnitRecorded; establishedOn: LocalDate }
>;
export type StreetOrTownshipCreated = DomainEvent<
  'StreetOrTownshipCreated',
  {
    id: string;
    code: string;
    name: string;
    kind: AreaLevelKind;
    parentId: string;
    centre: HandlingUnitRecorded;
    establishedOn: LocalDate;
  }
>;
export type CommunityOrVillageCreated = DomainEvent<
  'CommunityOrVillageCreated',
  {
    id: string;
    code: string;
    name: string;
    kind: NeighbourhoodKind;
    parentId: string;
    committee: HandlingUnitRecorded;
    establishedOn: LocalDate;
  }
>;
export type GridCreated = DomainEvent<
  'GridCreated',
  { id: string; code: string; name: string; setting: GridSetting; parentId: string; establishedOn: LocalDate }
>;
export type BuildingCreated = DomainEvent<
  'BuildingCreated',
  {
    id: string;
    code: string;
    name: string;
    buildingType: BuildingType;
    gridId: string;
    establishedOn: LocalDate;
  }
>;
export type OrganisationUnitAdded = DomainEvent<
  'OrganisationUnitAdded',
  {
    id: string;
    code: string;
    name: string;
    ownerId: string;
    category: OrganisationUnitCategory;
    establishedOn: LocalDate;
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
export type EntityRenamed = DomainEvent<
  'EntityRenamed',
  { id: string; entity: RenamableEntity; name: string; previousName: string; effectiveDate: LocalDate }
>;
export type BuildingMoved = DomainEvent<
  'BuildingMoved',
  { buildingId: string; fromGridId: string; toGridId: string; effectiveDate: LocalDate }
>;
export type GridMoved = DomainEvent<
  'GridMoved',
  { gridId: string; fromParentId: string; toParentId: string; effectiveDate: LocalDate }
>;
export type GridWorkerRegistered = DomainEvent<
  'GridWorkerRegistered',
  {
    id: string;
    code: string;
    name: string;
    post: GridWorkerPost;
    accountName: string;
    gridId: string;
    registeredOn: LocalDate;
  }
>;
export type GridWorkerAssigned = DomainEvent<
  'GridWorkerAssigned',
  { workerId: string; gridId: string; effectiveDate: LocalDate }
>;
export type GridWorkerUnassigned = DomainEvent<
  'GridWorkerUnassigned',
  { workerId: string; gridId: string; effectiveDate: LocalDate }
>;
export type GridAccountIssued = DomainEvent<
  'GridAccountIssued',
  { id: string; code: string; accountName: string; gridId: string; holder: string; issuedOn: LocalDate }
>;
export type GridPartyBranchFounded = DomainEvent<
  'GridPartyBranchFounded',
  { id: string; code: string; name: string; gridId: string; foundedOn: LocalDate }
>;
export type PartyMemberEnrolled = DomainEvent<
  'PartyMemberEnrolled',
  { id: string; code: string; name: string; branchId: string; role: PartyMemberRole; enrolledOn: LocalDate }
>;
export type JointCommitteeFormed = DomainEvent<
  'JointCommitteeFormed',
  {
    id: string;
    code: string;
    gridId: string;
    secretaryId: string;
    auxiliaryPoliceOfficer: string;
    memberIds: string[];
    formedOn: LocalDate;
  }
>;
export type ResidentCommitteeFormed = DomainEvent<
  'ResidentCommitteeFormed',
  { id: string; code: string; name: string; communityId: string; formedOn: LocalDate }
>;
export type EnforcementTeamEstablished = DomainEvent<
  'EnforcementTeamEstablished',
  { id: string; code: string; name: string; domain: EnforcementDomain; establishedOn: LocalDate }
>;
export type SquadDefined = DomainEvent<
  'SquadDefined',
  {
    id: string;
    code: string;
    name: string;
    teamId: string;
    kind: SquadKind;
    speciality: string | null;
    areaIds: string[];
    establishedOn: LocalDate;
  }
>;
export type SquadAreaRedrawn = DomainEvent<
  'SquadAreaRedrawn',
  { squadId: string; areaIds: string[]; previousAreaIds: string[]; effectiveDate: LocalDate }
>;
export type StaffAccountRegistered = DomainEvent<
  'StaffAccountRegistered',
  {
    id: string;
    code: string;
    accountName: string;
    personName: string;
    unitId: string;
    role: StaffRole;
    registeredOn: LocalDate;
  }
>;
export type ApprovingPostAppointed = DomainEvent<
  'ApprovingPostAppointed',
  { accountId: string; unitId: string; title: string; effectiveDate: LocalDate }
>;
export type ApprovingPostEnded = DomainEvent<
  'ApprovingPostEnded',
  { accountId: string; unitId: string; effectiveDate: LocalDate }
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
  | StaffAccountRegistered
  | ApprovingPostAppointed
  | ApprovingPostEnded;

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
  'ApprovingPostAppointed',
  'ApprovingPostEnded',
];
