import type { EventFieldClasses } from '#domain-kernel';
import type { RegistryEvent } from './registry.events.js';

/**
 * What every string field of the registry events holds (docs/adr/0008, "Field classes"; the classes
 * are explained in libs/case-domain/src/case/case.fields.ts). The registry is the district's own
 * master data, entered by administrators: ids, codes, kinds, dates, names of places and units, and
 * the names on its staff roster (grid workers, account holders, party members, committee officers).
 * All `system`: the handling chain, the jurisdiction checks, the accounts and the registry views
 * read them in clear, and they are not reporters or parties of a case (staff data is outside the
 * crypto-shredding of docs/adr/0008). A name of a resident typed here would be a misuse; none
 * of these fields takes free text.
 */
export const REGISTRY_EVENT_FIELDS = {
  DistrictCreated: {
    districtId: 'system',
    code: 'system',
    name: 'system',
    'centre.unitId': 'system',
    'centre.code': 'system',
    'centre.name': 'system',
    establishedOn: 'system',
  },
  StreetOrTownshipCreated: {
    id: 'system',
    code: 'system',
    name: 'system',
    kind: 'system',
    parentId: 'system',
    'centre.unitId': 'system',
    'centre.code': 'system',
    'centre.name': 'system',
    establishedOn: 'system',
  },
  CommunityOrVillageCreated: {
    id: 'system',
    code: 'system',
    name: 'system',
    kind: 'system',
    parentId: 'system',
    'committee.unitId': 'system',
    'committee.code': 'system',
    'committee.name': 'system',
    establishedOn: 'system',
  },
  GridCreated: {
    id: 'system',
    code: 'system',
    name: 'system',
    setting: 'system',
    parentId: 'system',
    establishedOn: 'system',
  },
  BuildingCreated: {
    id: 'system',
    code: 'system',
    name: 'system',
    buildingType: 'system',
    gridId: 'system',
    establishedOn: 'system',
  },
  OrganisationUnitAdded: {
    id: 'system',
    code: 'system',
    name: 'system',
    ownerId: 'system',
    category: 'system',
    establishedOn: 'system',
  },
  EntityRenamed: {
    id: 'system',
    entity: 'system',
    name: 'system',
    previousName: 'system',
    effectiveDate: 'system',
  },
  BuildingMoved: { buildingId: 'system', fromGridId: 'system', toGridId: 'system', effectiveDate: 'system' },
  GridMoved: { gridId: 'system', fromParentId: 'system', toParentId: 'system', effectiveDate: 'system' },
  GridWorkerRegistered: {
    id: 'system',
    code: 'system',
    name: 'system',
    post: 'system',
    accountName: 'system',
    gridId: 'system',
    registeredOn: 'system',
  },
  GridWorkerAssigned: { workerId: 'system', gridId: 'system', effectiveDate: 'system' },
  GridWorkerUnassigned: { workerId: 'system', gridId: 'system', effectiveDate: 'system' },
  GridAccountIssued: {
    id: 'system',
    code: 'system',
    accountName: 'system',
    gridId: 'system',
    holder: 'system',
    issuedOn: 'system',
  },
  GridPartyBranchFounded: {
    id: 'system',
    code: 'system',
    name: 'system',
    gridId: 'system',
    foundedOn: 'system',
  },
  PartyMemberEnrolled: {
    id: 'system',
    code: 'system',
    name: 'system',
    branchId: 'system',
    role: 'system',
    enrolledOn: 'system',
  },
  JointCommitteeFormed: {
    id: 'system',
    code: 'system',
    gridId: 'system',
    secretaryId: 'system',
    auxiliaryPoliceOfficer: 'system',
    'memberIds[]': 'system',
    formedOn: 'system',
  },
  ResidentCommitteeFormed: {
    id: 'system',
    code: 'system',
    name: 'system',
    communityId: 'system',
    formedOn: 'system',
  },
  EnforcementTeamEstablished: {
    id: 'system',
    code: 'system',
    name: 'system',
    domain: 'system',
    establishedOn: 'system',
  },
  SquadDefined: {
    id: 'system',
    code: 'system',
    name: 'system',
    teamId: 'system',
    kind: 'system',
    speciality: 'system',
    'areaIds[]': 'system',
    establishedOn: 'system',
  },
  SquadAreaRedrawn: {
    squadId: 'system',
    'areaIds[]': 'system',
    'previousAreaIds[]': 'system',
    effectiveDate: 'system',
  },
  StaffAccountRegistered: {
    id: 'system',
    code: 'system',
    accountName: 'system',
    personName: 'system',
    unitId: 'system',
    role: 'system',
    registeredOn: 'system',
  },
  ApprovingPostAppointed: { accountId: 'system', unitId: 'system', title: 'system', effectiveDate: 'system' },
  ApprovingPostEnded: { accountId: 'system', unitId: 'system', effectiveDate: 'system' },
} as const satisfies EventFieldClasses<RegistryEvent>;
