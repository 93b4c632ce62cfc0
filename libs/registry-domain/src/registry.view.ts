import { assertNever, isLocalDate, type LocalDate } from '#domain-kernel';
import type {
  BuildingType,
  EnforcementDomain,
  GridSetting,
  GridWorkerPost,
  PartyMemberRole,
  SquadKind,
  StaffRole,
} from './registry.commands.js';
import {
  valueAsOf,
  type AreaNodeKind,
  type GridRecord,
  type OpenRegistry,
  type RegistryState,
  type UnitRecord,
} from './registry.state.js';

export type TreeNodeKind = AreaNodeKind | 'grid' | 'building';

export interface UnitRef {
  readonly id: string;
  readonly code: string;
  readonly name: string;
}
export interface TreeNode {
  readonly id: string;
  readonly code: string;
  readonly kind: TreeNodeKind;
  readonly name: string;
  /** grids only */
  readonly setting?: GridSetting;
  /** buildings only */
  readonly buildingType?: BuildingType;
  /** district, street/township, community/village: the unit cases are dispatched to */
  readonly handlingUnit?: UnitRef;
  readonly children: readonly TreeNode[];
}
export interface NodeRef {
  readonly id: string;
  readonly code: string;
  readonly kind: TreeNodeKind;
  readonly name: string;
}
export interface NodeDetail extends NodeRef {
  readonly parent: NodeRef | null;
  readonly establishedOn: LocalDate;
  readonly handlingUnit: UnitRef | null;
  /** all units of a district or street/township (offices, centres) incl. the handling unit */
  readonly units: readonly (UnitRef & { category: UnitRecord['category']; handlesCases: boolean })[];
  readonly residentCommittees: readonly UnitRef[];
  readonly children: readonly NodeRef[];
}
export interface GridWorkerView {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly post: GridWorkerPost;
  readonly accountName: string;
}
export interface PartyMemberView {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly role: PartyMemberRole;
}
export interface PartyBranchView extends UnitRef {
  readonly secretary: PartyMemberView | null;
  readonly members: readonly PartyMemberView[];
}
export interface GridDetail extends NodeRef {
  readonly setting: GridSetting;
  readonly parent: NodeRef;
  readonly workers: readonly GridWorkerView[];
  readonly extraAccounts: readonly { id: string; accountName: string; holder: string }[];
  readonly branches: readonly PartyBranchView[];
  readonly jointCommittee: {
    readonly id: string;
    readonly secretaryId: string;
    readonly auxiliaryPoliceOfficer: string;
    readonly memberIds: readonly string[];
  } | null;
  readonly buildings: readonly NodeRef[];
}
export interface SquadView extends UnitRef {
  readonly teamId: string;
  readonly kind: SquadKind;
  readonly speciality: string | null;
  /** streets/townships covered as of the view date; empty for specialised squads */
  readonly areas: readonly NodeRef[];
}
export interface EnforcementTeamView extends UnitRef {
  readonly domain: EnforcementDomain;
  readonly squads: readonly SquadView[];
}
/** The escalation ladder: 小事不出楼院、大事不出社区. */
export type EscalationLevel = 'building' | 'community' | 'street' | 'district';
/**
 * One rung of the handling chain. At building level the handler is the grid (its workers);
 * above it, the handling unit (community/village committee, street/township centre, district centre).
 */
export interface HandlingStep {
  readonly level: EscalationLevel;
  readonly node: NodeRef;
  readonly handler: { readonly kind: 'grid' | 'unit' } & UnitRef;
}
export type AccountRole = StaffRole | 'grid_worker' | 'grid_account';
export type AccountScope =
  | { readonly kind: 'district' | 'street' | 'community' | 'grid'; readonly id: string }
  | {
      readonly kind: 'squad';
      readonly id: string;
      readonly teamId: string;
      readonly domain: EnforcementDomain;
    };
/** Every login the registry knows of, for the auth module to create accounts from. */
export interface LoginAccount {
  readonly accountId: string;
  readonly accountName: string;
  readonly holderName: string;
  readonly role: AccountRole;
  /** handling unit, office/centre or squad the staff member works in; null for grid logins */
  readonly unitId: string | null;
  /** where the account may act; null for a grid worker who currently has no grid */
  readonly scope: AccountScope | null;
}

/** As-of queries over one district registry. Absent or unknown ids give `undefined` / `[]`. */
export interface RegistryView {
  /** The date the view answers for; undefined = the latest recorded state (incl. future-dated changes). */
  readonly asOf: LocalDate | undefined;
  /** district → streets/townships → communities/villages → grids → buildings, sorted by code */
  tree(): TreeNode | undefined;
  node(id: string): NodeDetail | undefined;
  grid(id: string): GridDetail | undefined;
  /** path from the district down to the entity (inclusive) */
  locate(id: string): readonly NodeRef[];
  /** true when `id` lies in the subtree of `scopeId` (or is it) */
  isWithin(id: string, scopeId: string): boolean;
  /** ids of the grids inside a district, street/township, community/village, or the grid itself */
  gridsWithin(id: string): readonly string[];
  /** building/grid → community → street → district, bottom first */
  handlingChain(id: string): readonly HandlingStep[];
  teams(): readonly EnforcementTeamView[];
  /** the area squad of the team for `domain` whose area contains the location's street/township */
  areaSquadFor(domain: EnforcementDomain, locationId: string): SquadView | undefined;
  accounts(): readonly LoginAccount[];
  /** The approving posts (负责人) an account holds on the view date; none for an unknown account. */
  approvingPosts(accountId: string): readonly ApprovingPostView[];
  /**
   * The administrative body one level above a unit (信访工作条例 Arts. 35–36): a community/village
   * committee → its street/township centre → the district centre → null (above the district is
   * outside this registry); an office of a street/township → the district centre. Undefined for a unit
   * the registry does not know (or not yet established).
   */
  bodyAbove(unitId: string): UnitRef | null | undefined;
  /** The enforcement team (the agency) a squad belongs to. */
  teamOfSquad(squadId: string): UnitRef | undefined;
  /**
   * Something a case can be sent to on the view date, by its exact id: an organisation unit (centre,
   * committee, office) or a grid (its workers handle the building level). Undefined otherwise.
   */
  handler(id: string): HandlerRef | undefined;
  /** A squad on the view date, with its team's enforcement domain. */
  squad(id: string): (SquadView & { readonly domain: EnforcementDomain }) | undefined;
}

/** A grid or an organisation unit, as a case's handler. */
export interface HandlerRef extends UnitRef {
  readonly kind: 'grid' | 'unit';
}

/** An approving post as of a date: who, for which unit, under which title. */
export interface ApprovingPostView {
  readonly accountId: string;
  readonly unit: UnitRef;
  readonly title: string;
}

const byCode = <T extends { code: string }>(a: T, b: T) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/**
 * Answers registry questions as of a date (inclusive): entities established later are absent,
 * moved buildings and grids sit where they were on that date, names are the names of that date.
 */
export function registryView(state: RegistryState, asOf?: LocalDate): RegistryView {
  if (asOf !== undefined && !isLocalDate(asOf)) throw new RangeError(`asOf must be YYYY-MM-DD, got ${asOf}`);
  if (state.status !== 'open') return emptyView(asOf);
  return openView(state, asOf);
}

function emptyView(asOf: LocalDate | undefined): RegistryView {
  return {
    asOf,
    tree: () => undefined,
    node: () => undefined,
    grid: () => undefined,
    locate: () => [],
    isWithin: () => false,
    gridsWithin: () => [],
    handlingChain: () => [],
    teams: () => [],
    areaSquadFor: () => undefined,
    accounts: () => [],
    approvingPosts: () => [],
    bodyAbove: () => undefined,
    teamOfSquad: () => undefined,
    handler: () => undefined,
    squad: () => undefined,
  };
}

function openView(s: OpenRegistry, asOf: LocalDate | undefined): RegistryView {
  const exists = (from: LocalDate) => asOf === undefined || from <= asOf;
  const nameOf = (names: readonly { from: LocalDate; value: string }[]) =>
    valueAsOf(names, asOf) ?? names[0]!.value;

  const gridParentOf = (g: GridRecord) => valueAsOf(g.parents, asOf);

  let childIndex: Map<string, NodeRef[]> | undefined;
  const children = (id: string): readonly NodeRef[] => {
    if (!childIndex) {
      childIndex = new Map();
      const add = (parentId: string | null | undefined, ref: NodeRef) => {
        if (parentId == null) return;
        const list = childIndex!.get(parentId) ?? [];
        list.push(ref);
        childIndex!.set(parentId, list);
      };
      for (const n of Object.values(s.nodes)) if (exists(n.establishedOn)) add(n.parentId, ref(n.id)!);
      for (const g of Object.values(s.grids)) if (exists(g.establishedOn)) add(gridParentOf(g), ref(g.id)!);
      for (const b of Object.values(s.buildings))
        if (exists(b.establishedOn)) add(valueAsOf(b.grids, asOf), ref(b.id)!);
      for (const list of childIndex.values()) list.sort(byCode);
    }
    return childIndex.get(id) ?? [];
  };

  function ref(id: string): NodeRef | undefined {
    const n = s.nodes[id];
    if (n)
      return exists(n.establishedOn) ? { id, code: n.code, kind: n.kind, name: nameOf(n.names) } : undefined;
    const g = s.grids[id];
    if (g)
      return exists(g.establishedOn) ? { id, code: g.code, kind: 'grid', name: nameOf(g.names) } : undefined;
    const b = s.buildings[id];
    if (b)
      return exists(b.establishedOn)
        ? { id, code: b.code, kind: 'building', name: nameOf(b.names) }
        : undefined;
    return undefined;
  }
  function parentIdOf(id: string): string | null | undefined {
    const n = s.nodes[id];
    if (n) return n.parentId;
    const g = s.grids[id];
    if (g) return gridParentOf(g);
    const b = s.buildings[id];
    if (b) return valueAsOf(b.grids, asOf);
    return undefined;
  }
  function unitRef(id: string): UnitRef | undefined {
    const u = s.units[id];
    return u && exists(u.establishedOn) ? { id, code: u.code, name: nameOf(u.names) } : undefined;
  }
  function locate(id: string): NodeRef[] {
    const path: NodeRef[] = [];
    let current: string | null | undefined = id;
    while (current != null) {
      const r = ref(current);
      if (!r) return [];
      path.unshift(r);
      current = parentIdOf(current);
    }
    return path;
  }
  function handlingUnitOf(id: string): UnitRef | undefined {
    const n = s.nodes[id];
    return n ? unitRef(n.handlingUnitId) : undefined;
  }
  function tree(id: string): TreeNode {
    const r = ref(id)!;
    const g = s.grids[id];
    const b = s.buildings[id];
    const unit = handlingUnitOf(id);
    return {
      ...r,
      ...(g ? { setting: g.setting } : {}),
      ...(b ? { buildingType: b.buildingType } : {}),
      ...(unit ? { handlingUnit: unit } : {}),
      children: children(id).map((c) => tree(c.id)),
    };
  }
  function squadView(id: string): SquadView | undefined {
    const q = s.squads[id];
    if (!q || !exists(q.establishedOn)) return undefined;
    const areaIds = valueAsOf(q.areas, asOf) ?? [];
    return {
      id,
      code: q.code,
      name: nameOf(q.names),
      teamId: q.teamId,
      kind: q.kind,
      speciality: q.speciality,
      areas: areaIds
        .map((a) => ref(a))
        .filter((a): a is NodeRef => a !== undefined)
        .sort(byCode),
    };
  }
  function teams(): EnforcementTeamView[] {
    return Object.values(s.teams)
      .filter((t) => exists(t.establishedOn))
      .map((t) => ({
        id: t.id,
        code: t.code,
        name: nameOf(t.names),
        domain: t.domain,
        squads: Object.values(s.squads)
          .filter((q) => q.teamId === t.id)
          .map((q) => squadView(q.id))
          .filter((q): q is SquadView => q !== undefined)
          .sort(byCode),
      }))
      .sort(byCode);
  }
  const workerView = (id: string): GridWorkerView => {
    const w = s.workers[id]!;
    return { id, code: w.code, name: w.name, post: w.post, accountName: w.accountName };
  };
  const memberView = (id: string): PartyMemberView => {
    const m = s.members[id]!;
    return { id, code: m.code, name: m.name, role: m.role };
  };

  return {
    asOf,
    tree: () => (ref(s.districtId) ? tree(s.districtId) : undefined),
    node(id) {
      const r = ref(id);
      if (!r) return undefined;
      const n = s.nodes[id];
      const parentId = parentIdOf(id);
      return {
        ...r,
        parent: parentId == null ? null : (ref(parentId) ?? null),
        establishedOn: n?.establishedOn ?? s.grids[id]?.establishedOn ?? s.buildings[id]!.establishedOn,
        handlingUnit: handlingUnitOf(id) ?? null,
        units: Object.values(s.units)
          .filter((u) => u.ownerId === id && exists(u.establishedOn))
          .map((u) => ({
            id: u.id,
            code: u.code,
            name: nameOf(u.names),
            category: u.category,
            handlesCases: u.handlesCases,
          }))
          .sort(byCode),
        residentCommittees: Object.values(s.residentCommittees)
          .filter((c) => c.communityId === id && exists(c.formedOn))
          .map((c) => ({ id: c.id, code: c.code, name: nameOf(c.names) }))
          .sort(byCode),
        children: children(id),
      };
    },
    grid(id) {
      const g = s.grids[id];
      const r = ref(id);
      const parentId = g ? gridParentOf(g) : undefined;
      const parent = parentId ? ref(parentId) : undefined;
      if (!g || !r || !parent) return undefined;
      const branches = Object.values(s.branches)
        .filter((b) => b.gridId === id && exists(b.foundedOn))
        .sort(byCode)
        .map((b) => {
          const members = Object.values(s.members)
            .filter((m) => m.branchId === b.id && exists(m.enrolledOn))
            .sort(byCode)
            .map((m) => memberView(m.id));
          return {
            id: b.id,
            code: b.code,
            name: nameOf(b.names),
            secretary: members.find((m) => m.role === 'secretary') ?? null,
            members,
          };
        });
      const committee = Object.values(s.jointCommittees).find((c) => c.gridId === id && exists(c.formedOn));
      return {
        ...r,
        setting: g.setting,
        parent,
        workers: Object.values(s.workers)
          .filter((w) => valueAsOf(w.assignments, asOf) === id)
          .sort(byCode)
          .map((w) => workerView(w.id)),
        extraAccounts: Object.values(s.gridAccounts)
          .filter((a) => a.gridId === id && exists(a.issuedOn))
          .sort(byCode)
          .map((a) => ({ id: a.id, accountName: a.accountName, holder: a.holder })),
        branches,
        jointCommittee: committee
          ? {
              id: committee.id,
              secretaryId: committee.secretaryId,
              auxiliaryPoliceOfficer: committee.auxiliaryPoliceOfficer,
              memberIds: committee.memberIds,
            }
          : null,
        buildings: children(id),
      };
    },
    locate,
    isWithin: (id, scopeId) => locate(id).some((r) => r.id === scopeId),
    gridsWithin(id) {
      const root = ref(id);
      if (!root || root.kind === 'building') return [];
      if (root.kind === 'grid') return [id];
      const out: string[] = [];
      const walk = (nodeId: string) => {
        for (const c of children(nodeId)) {
          if (c.kind === 'grid') out.push(c.id);
          else if (c.kind !== 'building') walk(c.id);
        }
      };
      walk(id);
      return out;
    },
    handlingChain(id) {
      const path = locate(id);
      const steps: HandlingStep[] = [];
      for (let i = path.length - 1; i >= 0; i--) {
        const node = path[i]!;
        switch (node.kind) {
          case 'building':
            break; // handled by its grid, the next entry of the path
          case 'grid':
            steps.push({
              level: 'building',
              node: path[path.length - 1]!,
              handler: { kind: 'grid', id: node.id, code: node.code, name: node.name },
            });
            break;
          case 'community':
          case 'village':
          case 'street':
          case 'township':
          case 'district': {
            const unit = handlingUnitOf(node.id);
            const level: EscalationLevel =
              node.kind === 'district'
                ? 'district'
                : node.kind === 'street' || node.kind === 'township'
                  ? 'street'
                  : 'community';
            if (unit) steps.push({ level, node, handler: { kind: 'unit', ...unit } });
            break;
          }
          default:
            assertNever(node.kind, 'node kind');
        }
      }
      return steps;
    },
    teams,
    areaSquadFor(domain, locationId) {
      const area = locate(locationId).find((r) => r.kind === 'street' || r.kind === 'township');
      if (!area) return undefined;
      const team = teams().find((t) => t.domain === domain);
      return team?.squads.find((q) => q.kind === 'area' && q.areas.some((a) => a.id === area.id));
    },
    accounts() {
      const out: LoginAccount[] = [];
      for (const w of Object.values(s.workers)) {
        if (!exists(w.registeredOn)) continue;
        const gridId = valueAsOf(w.assignments, asOf);
        out.push({
          accountId: w.id,
          accountName: w.accountName,
          holderName: w.name,
          role: 'grid_worker',
          unitId: null,
          scope: gridId ? { kind: 'grid', id: gridId } : null,
        });
      }
      for (const a of Object.values(s.gridAccounts)) {
        if (!exists(a.issuedOn)) continue;
        out.push({
          accountId: a.id,
          accountName: a.accountName,
          holderName: a.holder,
          role: 'grid_account',
          unitId: null,
          scope: { kind: 'grid', id: a.gridId },
        });
      }
      for (const st of Object.values(s.staff)) {
        if (!exists(st.registeredOn)) continue;
        out.push({
          accountId: st.id,
          accountName: st.accountName,
          holderName: st.personName,
          role: st.role,
          unitId: st.unitId,
          scope: staffScope(s, st.unitId, st.role),
        });
      }
      return out.sort((a, b) => (a.accountName < b.accountName ? -1 : a.accountName > b.accountName ? 1 : 0));
    },
    approvingPosts(accountId) {
      const out: ApprovingPostView[] = [];
      for (const post of Object.values(s.approvingPosts)) {
        if (post.accountId !== accountId) continue;
        const title = valueAsOf(post.titles, asOf);
        const unit = unitRef(post.unitId) ?? squadOrTeamRef(post.unitId);
        if (title && unit) out.push({ accountId, unit, title });
      }
      return out.sort((a, b) => byCode(a.unit, b.unit));
    },
    bodyAbove(unitId) {
      const unit = s.units[unitId];
      if (!unit || !exists(unit.establishedOn)) return undefined;
      const owner = s.nodes[unit.ownerId];
      if (!owner) return undefined;
      // A node's centre or committee and its other offices answer for the node: the body above is the
      // handling unit of the node above.
      const above = owner.kind === 'district' ? null : owner.parentId;
      if (above === null) return null;
      return handlingUnitOf(above) ?? undefined;
    },
    teamOfSquad(squadId) {
      const q = s.squads[squadId];
      return q && exists(q.establishedOn) ? squadOrTeamRef(q.teamId) : undefined;
    },
    handler(id) {
      const unit = Object.hasOwn(s.units, id) ? unitRef(id) : undefined;
      if (unit) return { ...unit, kind: 'unit' };
      const grid = Object.hasOwn(s.grids, id) ? ref(id) : undefined;
      return grid ? { id, code: grid.code, name: grid.name, kind: 'grid' } : undefined;
    },
    squad(id) {
      const squad = Object.hasOwn(s.squads, id) ? squadView(id) : undefined;
      const team = squad ? s.teams[squad.teamId] : undefined;
      return squad && team ? { ...squad, domain: team.domain } : undefined;
    },
  };

  function squadOrTeamRef(id: string): UnitRef | undefined {
    const entity = s.squads[id] ?? s.teams[id];
    return entity && exists(entity.establishedOn)
      ? { id, code: entity.code, name: nameOf(entity.names) }
      : undefined;
  }
}

function staffScope(s: OpenRegistry, unitId: string, role: StaffRole): AccountScope | null {
  if (role === 'squad_officer') {
    const q = s.squads[unitId];
    const t = q ? s.teams[q.teamId] : undefined;
    return q && t ? { kind: 'squad', id: q.id, teamId: t.id, domain: t.domain } : null;
  }
  const owner = s.nodes[s.units[unitId]?.ownerId ?? ''];
  if (!owner) return null;
  const kind =
    owner.kind === 'district'
      ? 'district'
      : owner.kind === 'street' || owner.kind === 'township'
        ? 'street'
        : 'community';
  return { kind, id: owner.id };
}
