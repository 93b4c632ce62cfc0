import {
  assertNever,
  type Decider,
  localDateOf,
  isLocalDate,
  isInstant,
  type LocalDate,
} from '#domain-kernel';
import {
  ENFORCEMENT_DOMAINS,
  type RegistryCommand,
  type RegistryCommandType,
  type StaffRole,
} from './registry.commands.js';
import { registryError } from './registry.errors.js';
import type { RegistryEvent, RenamableEntity } from './registry.events.js';
import { registryId, type IdSpace } from './registry-ids.js';
import {
  evolveRegistry,
  initialRegistryState,
  approvingPostKey,
  latest,
  type AreaNodeRecord,
  type History,
  type OpenRegistry,
  type RegistryState,
} from './registry.state.js';
import { REGISTRY_EVENT_FIELDS } from './registry.fields.js';

const COMMAND_TYPES: readonly RegistryCommandType[] = [
  'CreateDistrict',
  'CreateStreetOrTownship',
  'CreateCommunityOrVillage',
  'CreateGrid',
  'CreateBuilding',
  'AddOrganisationUnit',
  'RenameEntity',
  'MoveBuilding',
  'MoveGrid',
  'RegisterGridWorker',
  'AssignGridWorker',
  'UnassignGridWorker',
  'IssueGridAccount',
  'FoundGridPartyBranch',
  'EnrolPartyMember',
  'FormJointCommittee',
  'FormResidentCommittee',
  'EstablishEnforcementTeam',
  'DefineSquad',
  'RedrawSquadArea',
  'RegisterStaffAccount',
  'AppointApprovingPost',
  'EndApprovingPost',
];

// ---- input checks (the HTTP edge validates too; the domain never trusts its caller) ----

const invalid = (detail: string, field?: string) =>
  registryError('INVALID_COMMAND', detail, field === undefined ? {} : { field });

function text(value: unknown, field: string, max = 100): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > max || value !== value.trim()) {
    throw invalid(`${field} must be a non-empty trimmed string of at most ${max} characters`, field);
  }
  return value;
}
const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
function code(value: unknown, field = 'code'): string {
  if (typeof value !== 'string' || !CODE.test(value))
    throw invalid(`${field} must match ${CODE.source}`, field);
  return value;
}
function date(value: unknown, field: string): LocalDate {
  if (!isLocalDate(value)) throw invalid(`${field} must be a calendar date YYYY-MM-DD`, field);
  return value;
}
function dateOr(value: unknown, field: string, fallback: LocalDate): LocalDate {
  return value === undefined ? fallback : date(value, field);
}
function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw invalid(`${field} must be one of ${allowed.join(', ')}`, field);
  }
  return value as T;
}
function distinctIds(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || value.some((id) => typeof id !== 'string' || id === '')) {
    throw invalid(`${field} must be a list of ids`, field);
  }
  if (new Set(value).size !== value.length) throw invalid(`${field} must not repeat an id`, field);
  return [...(value as string[])];
}

// ---- rules over the recorded state ----

function newId(state: OpenRegistry, space: IdSpace, value: string): string {
  const taken = state.codes[space]?.[value];
  if (taken !== undefined)
    throw registryError('DUPLICATE_CODE', `code ${value} is already used in ${space}`, {
      space,
      code: value,
      id: taken,
    });
  return registryId(state.districtCode, space, value);
}
function freeAccountName(state: OpenRegistry, accountName: string): string {
  if (state.accountNames[accountName] !== undefined) {
    throw registryError('DUPLICATE_ACCOUNT_NAME', `account name ${accountName} is already taken`, {
      accountName,
    });
  }
  return accountName;
}
function notBeforeParent(parentEstablishedOn: LocalDate, onDate: LocalDate, parentId: string): void {
  if (parentEstablishedOn > onDate) {
    throw registryError(
      'PARENT_NOT_YET_ESTABLISHED',
      `${parentId} exists only from ${parentEstablishedOn}, not on ${onDate}`,
      {
        parentId,
        parentEstablishedOn,
        date: onDate,
      },
    );
  }
}
/** A dated change must fall on or after creation and strictly after the last recorded change. */
function changeDate(
  history: History<unknown>,
  establishedOn: LocalDate,
  effectiveDate: LocalDate,
  id: string,
): void {
  if (effectiveDate < establishedOn) {
    throw registryError('EFFECTIVE_DATE_BEFORE_CREATION', `${id} was created on ${establishedOn}`, {
      id,
      establishedOn,
      effectiveDate,
    });
  }
  const last = latest(history).from;
  if (effectiveDate <= last) {
    throw registryError('EFFECTIVE_DATE_NOT_AFTER_LAST_CHANGE', `${id} last changed on ${last}`, {
      id,
      lastChange: last,
      effectiveDate,
    });
  }
}
function areaNode(
  state: OpenRegistry,
  id: string,
  field: string,
  kinds: readonly AreaNodeRecord['kind'][],
): AreaNodeRecord {
  const node = state.nodes[id];
  if (!node) throw registryError('UNKNOWN_PARENT', `${field} ${id} does not exist`, { field, id });
  if (!kinds.includes(node.kind)) {
    throw registryError(
      'INVALID_PARENT',
      `${field} ${id} is a ${node.kind}; expected ${kinds.join(' or ')}`,
      { field, id, kind: node.kind },
    );
  }
  return node;
}
function currentName(names: History<string>): string {
  return latest(names).value;
}

/**
 * Urban grids follow resident groups, so they sit under a community of a street; rural grids
 * cover one whole village, or one community of a township, and there is at most one of them.
 */
function gridParent(
  state: OpenRegistry,
  setting: 'urban' | 'rural',
  parentId: string,
  field: string,
  exceptGridId?: string,
): AreaNodeRecord {
  const parent = areaNode(state, parentId, field, ['community', 'village']);
  const grandParent = parent.parentId === null ? undefined : state.nodes[parent.parentId];
  if (setting === 'urban' && !(parent.kind === 'community' && grandParent?.kind === 'street')) {
    throw registryError('INVALID_PARENT', 'an urban grid belongs to a community of a street', {
      field,
      id: parentId,
    });
  }
  if (setting === 'rural') {
    if (parent.kind === 'community' && grandParent?.kind !== 'township') {
      throw registryError(
        'INVALID_PARENT',
        'a rural grid belongs to a village or to a community of a township',
        { field, id: parentId },
      );
    }
    const existing = Object.values(state.grids).find(
      (g) => g.id !== exceptGridId && g.setting === 'rural' && latest(g.parents).value === parentId,
    );
    if (existing) {
      throw registryError('RURAL_GRID_EXISTS', `${parentId} already has its rural grid ${existing.code}`, {
        parentId,
        gridId: existing.id,
      });
    }
  }
  return parent;
}
function squadArea(state: OpenRegistry, teamId: string, areaIds: string[], exceptSquadId?: string): void {
  if (areaIds.length === 0) throw invalid('an area squad covers at least one street or township', 'areaIds');
  for (const id of areaIds) {
    const node = state.nodes[id];
    if (!node || (node.kind !== 'street' && node.kind !== 'township')) {
      throw registryError('UNKNOWN_PARENT', `area ${id} is not a street or township of this district`, {
        field: 'areaIds',
        id,
      });
    }
  }
  for (const squad of Object.values(state.squads)) {
    if (squad.teamId !== teamId || squad.kind !== 'area' || squad.id === exceptSquadId) continue;
    const overlap = latest(squad.areas).value.filter((id) => areaIds.includes(id));
    if (overlap.length > 0) {
      throw registryError(
        'AREA_OVERLAP',
        `squad ${squad.code} of the same team already covers ${overlap.join(', ')}`,
        { squadId: squad.id, overlap },
      );
    }
  }
}
function unitMatchesRole(state: OpenRegistry, unitId: string, role: StaffRole): boolean {
  const unit = state.units[unitId];
  const owner = unit ? state.nodes[unit.ownerId] : undefined;
  switch (role) {
    case 'centre_operator':
      return owner?.kind === 'district' && unit?.handlesCases === true;
    case 'street_staff':
      return owner?.kind === 'street' || owner?.kind === 'township';
    case 'community_staff':
      return owner?.kind === 'community' || owner?.kind === 'village';
    case 'squad_officer':
      return state.squads[unitId] !== undefined;
    default:
      return assertNever(role, 'staff role');
  }
}
/** A unit an approving post can be held in: an organisational unit, a squad or an enforcement team. */
function postUnit(state: OpenRegistry, unitId: string): { establishedOn: LocalDate } | undefined {
  return state.units[unitId] ?? state.squads[unitId] ?? state.teams[unitId];
}
/** An approving post is held in one's own unit, or, for a squad officer, in the squad's team (the agency). */
function postFitsAccount(state: OpenRegistry, accountUnitId: string, unitId: string): boolean {
  return accountUnitId === unitId || state.squads[accountUnitId]?.teamId === unitId;
}
function renamable(
  state: OpenRegistry,
  id: string,
): { entity: RenamableEntity; names: History<string>; establishedOn: LocalDate } | undefined {
  const n = state.nodes[id];
  if (n) return { entity: 'node', names: n.names, establishedOn: n.establishedOn };
  const g = state.grids[id];
  if (g) return { entity: 'grid', names: g.names, establishedOn: g.establishedOn };
  const b = state.buildings[id];
  if (b) return { entity: 'building', names: b.names, establishedOn: b.establishedOn };
  const u = state.units[id];
  if (u) return { entity: 'unit', names: u.names, establishedOn: u.establishedOn };
  const p = state.branches[id];
  if (p) return { entity: 'party-branch', names: p.names, establishedOn: p.foundedOn };
  const r = state.residentCommittees[id];
  if (r) return { entity: 'resident-committee', names: r.names, establishedOn: r.formedOn };
  const t = state.teams[id];
  if (t) return { entity: 'enforcement-team', names: t.names, establishedOn: t.establishedOn };
  const s = state.squads[id];
  if (s) return { entity: 'squad', names: s.names, establishedOn: s.establishedOn };
  return undefined;
}

/**
 * Decides one administrator command against the whole district. Throws a DomainError with a
 * `REGISTRY.*` code when a rule refuses it.
 */
export function decideRegistry(command: RegistryCommand, state: RegistryState): RegistryEvent[] {
  if (typeof command !== 'object' || command === null || !COMMAND_TYPES.includes(command.type)) {
    throw invalid('unknown command type', 'type');
  }
  if (typeof command.data !== 'object' || command.data === null)
    throw invalid('data must be an object', 'data');
  if (typeof command.metadata !== 'object' || command.metadata === null)
    throw invalid('metadata is required', 'metadata');
  text(command.metadata.actor, 'metadata.actor', 200);
  if (!isInstant(command.metadata.now))
    throw invalid('metadata.now must be an ISO timestamp with offset', 'metadata.now');
  const today = localDateOf(command.metadata.now);

  if (state.status !== 'open') {
    if (command.type !== 'CreateDistrict')
      throw registryError('DISTRICT_NOT_CREATED', 'create the district first');
    const d = command.data;
    const districtCode = code(d.code);
    const centreCode = code(d.centre?.code, 'centre.code');
    return [
      {
        type: 'DistrictCreated',
        data: {
          districtId: registryId(districtCode, 'district', districtCode),
          code: districtCode,
          name: text(d.name, 'name'),
          centre: {
            unitId: registryId(districtCode, 'unit', centreCode),
            code: centreCode,
            name: text(d.centre.name, 'centre.name'),
          },
          establishedOn: dateOr(d.establishedOn, 'establishedOn', today),
        },
      },
    ];
  }

  switch (command.type) {
    case 'CreateDistrict':
      throw registryError('DISTRICT_ALREADY_CREATED', `district ${state.districtCode} already exists`);

    case 'CreateStreetOrTownship': {
      const d = command.data;
      const kind = oneOf(d.kind, ['street', 'township'] as const, 'kind');
      const id = newId(state, 'township-level', code(d.code));
      const centreCode = code(d.centre?.code, 'centre.code');
      const centreId = newId(state, 'unit', centreCode);
      const establishedOn = dateOr(d.establishedOn, 'establishedOn', today);
      const district = state.nodes[state.districtId]!;
      notBeforeParent(district.establishedOn, establishedOn, district.id);
      return [
        {
          type: 'StreetOrTownshipCreated',
          data: {
            id,
            code: d.code,
            name: text(d.name, 'name'),
            kind,
            parentId: district.id,
            centre: { unitId: centreId, code: centreCode, name: text(d.centre.name, 'centre.name') },
            establishedOn,
          },
        },
      ];
    }

    case 'CreateCommunityOrVillage': {
      const d = command.data;
      const kind = oneOf(d.kind, ['community', 'village'] as const, 'kind');
      const id = newId(state, 'village-level', code(d.code));
      const committeeCode = code(d.committee?.code, 'committee.code');
      const committeeId = newId(state, 'unit', committeeCode);
      const name = text(d.name, 'name');
      const committeeName = text(d.committee.name, 'committee.name');
      const establishedOn = dateOr(d.establishedOn, 'establishedOn', today);
      const parent = areaNode(state, d.parentId, 'parentId', ['street', 'township']);
      notBeforeParent(parent.establishedOn, establishedOn, parent.id);
      return [
        {
          type: 'CommunityOrVillageCreated',
          data: {
            id,
            code: d.code,
            name,
            kind,
            parentId: parent.id,
            committee: { unitId: committeeId, code: committeeCode, name: committeeName },
            establishedOn,
          },
        },
      ];
    }

    case 'CreateGrid': {
      const d = command.data;
      const setting = oneOf(d.setting, ['urban', 'rural'] as const, 'setting');
      const id = newId(state, 'grid', code(d.code));
      const name = text(d.name, 'name');
      const establishedOn = dateOr(d.establishedOn, 'establishedOn', today);
      const parent = gridParent(state, setting, d.parentId, 'parentId');
      notBeforeParent(parent.establishedOn, establishedOn, parent.id);
      return [
        {
          type: 'GridCreated',
          data: { id, code: d.code, name, setting, parentId: parent.id, establishedOn },
        },
      ];
    }

    case 'CreateBuilding': {
      const d = command.data;
      const buildingType = oneOf(d.buildingType, ['building', 'courtyard'] as const, 'buildingType');
      const id = newId(state, 'building', code(d.code));
      const name = text(d.name, 'name');
      const establishedOn = dateOr(d.establishedOn, 'establishedOn', today);
      const grid = state.grids[d.gridId];
      if (!grid)
        throw registryError('UNKNOWN_PARENT', `grid ${d.gridId} does not exist`, {
          field: 'gridId',
          id: d.gridId,
        });
      notBeforeParent(grid.establishedOn, establishedOn, grid.id);
      return [
        {
          type: 'BuildingCreated',
          data: { id, code: d.code, name, buildingType, gridId: grid.id, establishedOn },
        },
      ];
    }

    case 'AddOrganisationUnit': {
      const d = command.data;
      const category = oneOf(d.category, ['office', 'centre'] as const, 'category');
      const id = newId(state, 'unit', code(d.code));
      const name = text(d.name, 'name');
      const establishedOn = dateOr(d.establishedOn, 'establishedOn', today);
      const owner = areaNode(state, d.ownerId, 'ownerId', ['district', 'street', 'township']);
      notBeforeParent(owner.establishedOn, establishedOn, owner.id);
      return [
        {
          type: 'OrganisationUnitAdded',
          data: { id, code: d.code, name, ownerId: owner.id, category, establishedOn },
        },
      ];
    }

    case 'RenameEntity': {
      const d = command.data;
      const name = text(d.name, 'name');
      const effectiveDate = date(d.effectiveDate, 'effectiveDate');
      const target = renamable(state, d.id);
      if (!target)
        throw registryError('UNKNOWN_ENTITY', `${d.id} is not a named registry entity`, { id: d.id });
      const previousName = currentName(target.names);
      if (previousName === name)
        throw registryError('SAME_NAME', `${d.id} is already called ${name}`, { id: d.id });
      changeDate(target.names, target.establishedOn, effectiveDate, d.id);
      return [
        {
          type: 'EntityRenamed',
          data: { id: d.id, entity: target.entity, name, previousName, effectiveDate },
        },
      ];
    }

    case 'MoveBuilding': {
      const d = command.data;
      const effectiveDate = date(d.effectiveDate, 'effectiveDate');
      const building = state.buildings[d.buildingId];
      if (!building)
        throw registryError('UNKNOWN_ENTITY', `building ${d.buildingId} does not exist`, {
          id: d.buildingId,
        });
      const target = state.grids[d.toGridId];
      if (!target)
        throw registryError('UNKNOWN_PARENT', `grid ${d.toGridId} does not exist`, {
          field: 'toGridId',
          id: d.toGridId,
        });
      const fromGridId = latest(building.grids).value;
      if (fromGridId === target.id)
        throw registryError('SAME_PARENT', `building ${building.code} is already in grid ${target.code}`);
      changeDate(building.grids, building.establishedOn, effectiveDate, building.id);
      notBeforeParent(target.establishedOn, effectiveDate, target.id);
      return [
        {
          type: 'BuildingMoved',
          data: { buildingId: building.id, fromGridId, toGridId: target.id, effectiveDate },
        },
      ];
    }

    case 'MoveGrid': {
      const d = command.data;
      const effectiveDate = date(d.effectiveDate, 'effectiveDate');
      const grid = state.grids[d.gridId];
      if (!grid) throw registryError('UNKNOWN_ENTITY', `grid ${d.gridId} does not exist`, { id: d.gridId });
      const fromParentId = latest(grid.parents).value;
      if (fromParentId === d.toParentId)
        throw registryError('SAME_PARENT', `grid ${grid.code} already belongs to ${d.toParentId}`);
      const target = gridParent(state, grid.setting, d.toParentId, 'toParentId', grid.id);
      changeDate(grid.parents, grid.establishedOn, effectiveDate, grid.id);
      notBeforeParent(target.establishedOn, effectiveDate, target.id);
      return [
        { type: 'GridMoved', data: { gridId: grid.id, fromParentId, toParentId: target.id, effectiveDate } },
      ];
    }

    case 'RegisterGridWorker': {
      const d = command.data;
      const post = oneOf(d.post, ['A', 'B'] as const, 'post');
      const id = newId(state, 'grid-worker', code(d.code));
      const name = text(d.name, 'name');
      const accountName = freeAccountName(state, code(d.accountName, 'accountName'));
      const registeredOn = dateOr(d.registeredOn, 'registeredOn', today);
      const grid = state.grids[d.gridId];
      if (!grid)
        throw registryError('UNKNOWN_PARENT', `grid ${d.gridId} does not exist`, {
          field: 'gridId',
          id: d.gridId,
        });
      notBeforeParent(grid.establishedOn, registeredOn, grid.id);
      return [
        {
          type: 'GridWorkerRegistered',
          data: { id, code: d.code, name, post, accountName, gridId: grid.id, registeredOn },
        },
      ];
    }

    case 'AssignGridWorker': {
      const d = command.data;
      const effectiveDate = date(d.effectiveDate, 'effectiveDate');
      const worker = state.workers[d.workerId];
      if (!worker)
        throw registryError('UNKNOWN_ENTITY', `grid worker ${d.workerId} does not exist`, { id: d.workerId });
      const grid = state.grids[d.gridId];
      if (!grid)
        throw registryError('UNKNOWN_PARENT', `grid ${d.gridId} does not exist`, {
          field: 'gridId',
          id: d.gridId,
        });
      const current = latest(worker.assignments).value;
      if (current !== null) {
        throw registryError(
          'WORKER_ALREADY_ASSIGNED',
          `grid worker ${worker.code} works in grid ${current}; unassign first`,
          { gridId: current },
        );
      }
      changeDate(worker.assignments, worker.registeredOn, effectiveDate, worker.id);
      notBeforeParent(grid.establishedOn, effectiveDate, grid.id);
      return [{ type: 'GridWorkerAssigned', data: { workerId: worker.id, gridId: grid.id, effectiveDate } }];
    }

    case 'UnassignGridWorker': {
      const d = command.data;
      const effectiveDate = date(d.effectiveDate, 'effectiveDate');
      const worker = state.workers[d.workerId];
      if (!worker)
        throw registryError('UNKNOWN_ENTITY', `grid worker ${d.workerId} does not exist`, { id: d.workerId });
      const current = latest(worker.assignments).value;
      if (current === null)
        throw registryError('WORKER_NOT_ASSIGNED', `grid worker ${worker.code} has no grid`);
      changeDate(worker.assignments, worker.registeredOn, effectiveDate, worker.id);
      return [
        { type: 'GridWorkerUnassigned', data: { workerId: worker.id, gridId: current, effectiveDate } },
      ];
    }

    case 'IssueGridAccount': {
      const d = command.data;
      const id = newId(state, 'grid-account', code(d.code));
      const accountName = freeAccountName(state, code(d.accountName, 'accountName'));
      const holder = text(d.holder, 'holder');
      const issuedOn = dateOr(d.issuedOn, 'issuedOn', today);
      const grid = state.grids[d.gridId];
      if (!grid)
        throw registryError('UNKNOWN_PARENT', `grid ${d.gridId} does not exist`, {
          field: 'gridId',
          id: d.gridId,
        });
      notBeforeParent(grid.establishedOn, issuedOn, grid.id);
      return [
        {
          type: 'GridAccountIssued',
          data: { id, code: d.code, accountName, gridId: grid.id, holder, issuedOn },
        },
      ];
    }

    case 'FoundGridPartyBranch': {
      const d = command.data;
      const id = newId(state, 'party-branch', code(d.code));
      const name = text(d.name, 'name');
      const foundedOn = dateOr(d.foundedOn, 'foundedOn', today);
      const grid = state.grids[d.gridId];
      if (!grid)
        throw registryError('UNKNOWN_PARENT', `grid ${d.gridId} does not exist`, {
          field: 'gridId',
          id: d.gridId,
        });
      notBeforeParent(grid.establishedOn, foundedOn, grid.id);
      return [
        { type: 'GridPartyBranchFounded', data: { id, code: d.code, name, gridId: grid.id, foundedOn } },
      ];
    }

    case 'EnrolPartyMember': {
      const d = command.data;
      const role = oneOf(d.role, ['secretary', 'member'] as const, 'role');
      const id = newId(state, 'party-member', code(d.code));
      const name = text(d.name, 'name');
      const enrolledOn = dateOr(d.enrolledOn, 'enrolledOn', today);
      const branch = state.branches[d.branchId];
      if (!branch)
        throw registryError('UNKNOWN_PARENT', `party branch ${d.branchId} does not exist`, {
          field: 'branchId',
          id: d.branchId,
        });
      if (role === 'secretary' && branch.secretaryId !== null) {
        throw registryError('BRANCH_HAS_SECRETARY', `branch ${branch.code} already has a secretary`, {
          secretaryId: branch.secretaryId,
        });
      }
      notBeforeParent(branch.foundedOn, enrolledOn, branch.id);
      return [
        {
          type: 'PartyMemberEnrolled',
          data: { id, code: d.code, name, branchId: branch.id, role, enrolledOn },
        },
      ];
    }

    case 'FormJointCommittee': {
      const d = command.data;
      const id = newId(state, 'joint-committee', code(d.code));
      const auxiliaryPoliceOfficer = text(d.auxiliaryPoliceOfficer, 'auxiliaryPoliceOfficer');
      const memberIds = distinctIds(d.memberIds, 'memberIds');
      if (memberIds.length !== 3)
        throw invalid('a joint committee has exactly 3 party members besides the secretary', 'memberIds');
      const formedOn = dateOr(d.formedOn, 'formedOn', today);
      const grid = state.grids[d.gridId];
      if (!grid)
        throw registryError('UNKNOWN_PARENT', `grid ${d.gridId} does not exist`, {
          field: 'gridId',
          id: d.gridId,
        });
      if (grid.setting !== 'urban')
        throw registryError('NOT_A_RESIDENT_GROUP_GRID', `grid ${grid.code} is not a resident-group grid`);
      const existing = Object.values(state.jointCommittees).find((c) => c.gridId === grid.id);
      if (existing)
        throw registryError(
          'JOINT_COMMITTEE_EXISTS',
          `grid ${grid.code} already has joint committee ${existing.code}`,
        );
      notBeforeParent(grid.establishedOn, formedOn, grid.id);
      const inGrid = (memberId: string) => {
        const member = state.members[memberId];
        return member !== undefined && state.branches[member.branchId]?.gridId === grid.id
          ? member
          : undefined;
      };
      if (inGrid(d.secretaryId)?.role !== 'secretary') {
        throw registryError(
          'INVALID_JOINT_COMMITTEE',
          'secretaryId must be the secretary of a party branch of this grid',
          { id: d.secretaryId },
        );
      }
      for (const memberId of memberIds) {
        if (inGrid(memberId)?.role !== 'member') {
          throw registryError(
            'INVALID_JOINT_COMMITTEE',
            'each member must be a party member (not secretary) of a branch of this grid',
            { id: memberId },
          );
        }
      }
      return [
        {
          type: 'JointCommitteeFormed',
          data: {
            id,
            code: d.code,
            gridId: grid.id,
            secretaryId: d.secretaryId,
            auxiliaryPoliceOfficer,
            memberIds,
            formedOn,
          },
        },
      ];
    }

    case 'FormResidentCommittee': {
      const d = command.data;
      const id = newId(state, 'resident-committee', code(d.code));
      const name = text(d.name, 'name');
      const formedOn = dateOr(d.formedOn, 'formedOn', today);
      const community = areaNode(state, d.communityId, 'communityId', ['community']);
      notBeforeParent(community.establishedOn, formedOn, community.id);
      return [
        {
          type: 'ResidentCommitteeFormed',
          data: { id, code: d.code, name, communityId: community.id, formedOn },
        },
      ];
    }

    case 'EstablishEnforcementTeam': {
      const d = command.data;
      const domain = oneOf(d.domain, ENFORCEMENT_DOMAINS, 'domain');
      const id = newId(state, 'enforcement-team', code(d.code));
      const name = text(d.name, 'name');
      const establishedOn = dateOr(d.establishedOn, 'establishedOn', today);
      const taken = Object.values(state.teams).find((t) => t.domain === domain);
      if (taken)
        throw registryError('TEAM_DOMAIN_TAKEN', `team ${taken.code} already enforces ${domain}`, {
          teamId: taken.id,
        });
      return [
        { type: 'EnforcementTeamEstablished', data: { id, code: d.code, name, domain, establishedOn } },
      ];
    }

    case 'DefineSquad': {
      const d = command.data;
      const kind = oneOf(d.kind, ['specialised', 'area'] as const, 'kind');
      const id = newId(state, 'squad', code(d.code));
      const name = text(d.name, 'name');
      const speciality = d.speciality === undefined ? null : text(d.speciality, 'speciality');
      const establishedOn = dateOr(d.establishedOn, 'establishedOn', today);
      const team = state.teams[d.teamId];
      if (!team)
        throw registryError('UNKNOWN_PARENT', `enforcement team ${d.teamId} does not exist`, {
          field: 'teamId',
          id: d.teamId,
        });
      notBeforeParent(team.establishedOn, establishedOn, team.id);
      let areaIds: string[] = [];
      if (kind === 'area') {
        areaIds = distinctIds(d.areaIds, 'areaIds');
        squadArea(state, team.id, areaIds);
      } else if (d.areaIds !== undefined && (!Array.isArray(d.areaIds) || d.areaIds.length > 0)) {
        throw invalid('a specialised squad has no area', 'areaIds');
      }
      return [
        {
          type: 'SquadDefined',
          data: { id, code: d.code, name, teamId: team.id, kind, speciality, areaIds, establishedOn },
        },
      ];
    }

    case 'RedrawSquadArea': {
      const d = command.data;
      const effectiveDate = date(d.effectiveDate, 'effectiveDate');
      const areaIds = distinctIds(d.areaIds, 'areaIds');
      const squad = state.squads[d.squadId];
      if (!squad)
        throw registryError('UNKNOWN_ENTITY', `squad ${d.squadId} does not exist`, { id: d.squadId });
      if (squad.kind !== 'area')
        throw registryError('NOT_AN_AREA_SQUAD', `squad ${squad.code} is specialised`);
      const previousAreaIds = [...latest(squad.areas).value];
      if (previousAreaIds.length === areaIds.length && areaIds.every((a) => previousAreaIds.includes(a))) {
        throw registryError('AREA_UNCHANGED', `squad ${squad.code} already covers exactly these areas`);
      }
      squadArea(state, squad.teamId, areaIds, squad.id);
      changeDate(squad.areas, squad.establishedOn, effectiveDate, squad.id);
      return [
        { type: 'SquadAreaRedrawn', data: { squadId: squad.id, areaIds, previousAreaIds, effectiveDate } },
      ];
    }

    case 'RegisterStaffAccount': {
      const d = command.data;
      const role = oneOf(
        d.role,
        ['centre_operator', 'street_staff', 'community_staff', 'squad_officer'] as const,
        'role',
      );
      const id = newId(state, 'staff-account', code(d.code));
      const accountName = freeAccountName(state, code(d.accountName, 'accountName'));
      const personName = text(d.personName, 'personName');
      const registeredOn = dateOr(d.registeredOn, 'registeredOn', today);
      const unit = state.units[d.unitId] ?? state.squads[d.unitId];
      if (!unit)
        throw registryError('UNKNOWN_PARENT', `unit or squad ${d.unitId} does not exist`, {
          field: 'unitId',
          id: d.unitId,
        });
      if (!unitMatchesRole(state, d.unitId, role)) {
        throw registryError('ROLE_UNIT_MISMATCH', `role ${role} does not fit unit ${unit.code}`, {
          role,
          unitId: d.unitId,
        });
      }
      notBeforeParent(unit.establishedOn, registeredOn, d.unitId);
      return [
        {
          type: 'StaffAccountRegistered',
          data: { id, code: d.code, accountName, personName, unitId: d.unitId, role, registeredOn },
        },
      ];
    }

    case 'AppointApprovingPost': {
      const d = command.data;
      const staff = state.staff[d.accountId];
      if (!staff)
        throw registryError('UNKNOWN_ENTITY', `staff account ${d.accountId} does not exist`, {
          id: d.accountId,
        });
      const title = text(d.title, 'title', 50);
      const effectiveDate = dateOr(d.effectiveDate, 'effectiveDate', today);
      const unit = postUnit(state, d.unitId);
      if (!unit)
        throw registryError('UNKNOWN_PARENT', `unit, squad or team ${d.unitId} does not exist`, {
          field: 'unitId',
          id: d.unitId,
        });
      if (!postFitsAccount(state, staff.unitId, d.unitId)) {
        throw registryError(
          'POST_UNIT_MISMATCH',
          `${staff.accountName} works in ${staff.unitId}: an approving post is held in one's own unit or, for a squad officer, in the squad's team`,
          { accountId: staff.id, unitId: d.unitId },
        );
      }
      const post = state.approvingPosts[approvingPostKey(staff.id, d.unitId)];
      if (post && latest(post.titles).value !== null) {
        throw registryError(
          'POST_ALREADY_HELD',
          `${staff.accountName} already holds the approving post of ${d.unitId}`,
          {
            accountId: staff.id,
            unitId: d.unitId,
          },
        );
      }
      const from = staff.registeredOn > unit.establishedOn ? staff.registeredOn : unit.establishedOn;
      if (post) changeDate(post.titles, from, effectiveDate, staff.id);
      else if (effectiveDate < from) {
        throw registryError(
          'EFFECTIVE_DATE_BEFORE_CREATION',
          `${staff.id} can hold a post in ${d.unitId} from ${from}`,
          {
            id: staff.id,
            establishedOn: from,
            effectiveDate,
          },
        );
      }
      return [
        {
          type: 'ApprovingPostAppointed',
          data: { accountId: staff.id, unitId: d.unitId, title, effectiveDate },
        },
      ];
    }

    case 'EndApprovingPost': {
      const d = command.data;
      const effectiveDate = date(d.effectiveDate, 'effectiveDate');
      const post = state.approvingPosts[approvingPostKey(d.accountId, d.unitId)];
      if (!post || latest(post.titles).value === null) {
        throw registryError('POST_NOT_HELD', `${d.accountId} holds no approving post of ${d.unitId}`, {
          accountId: d.accountId,
          unitId: d.unitId,
        });
      }
      changeDate(post.titles, post.titles[0]!.from, effectiveDate, d.accountId);
      return [
        { type: 'ApprovingPostEnded', data: { accountId: d.accountId, unitId: d.unitId, effectiveDate } },
      ];
    }

    default:
      return assertNever(command, 'registry command');
  }
}

/** The registry decider: one instance per district stream (`registryStreamName(districtCode)`). */
export const registryDecider: Decider<RegistryCommand, RegistryEvent, RegistryState> = {
  decide: decideRegistry,
  evolve: evolveRegistry,
  initialState: initialRegistryState,
  eventFields: REGISTRY_EVENT_FIELDS,
};

/**
 * Decides a sequence of commands one after another on an evolving state, as if each were
 * appended before the next is decided. For bulk loads such as the demo seed: fold once, decide
 * all, append once. Throws on the first refusal (nothing of the batch should then be appended).
 */
export function decideAll(
  commands: Iterable<RegistryCommand>,
  state: RegistryState = initialRegistryState(),
): { events: RegistryEvent[]; state: RegistryState } {
  const events: RegistryEvent[] = [];
  let current = state;
  for (const command of commands) {
    for (const event of decideRegistry(command, current)) {
      events.push(event);
      current = evolveRegistry(current, event);
    }
  }
  return { events, state: current };
}
