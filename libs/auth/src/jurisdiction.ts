import type { Principal } from './principal.js';

/** The part of the registry view jurisdiction needs (`registryView(state)` fits it). */
export interface JurisdictionTree {
  gridsWithin(id: string): readonly string[];
}

/**
 * A principal's scope resolved against the registry: every case, the grids of a subtree, the
 * enforcement cases of one squad, or nothing (a grid worker without a grid).
 */
export type Jurisdiction =
  | { readonly kind: 'all' }
  | {
      readonly kind: 'grids';
      readonly level: 'grid' | 'community' | 'street';
      readonly nodeId: string;
      readonly gridIds: ReadonlySet<string>;
    }
  | { readonly kind: 'squad'; readonly squadId: string }
  | { readonly kind: 'none' };

/** What jurisdiction needs to know of a case (or of a case being reported). */
export interface CaseFacts {
  readonly gridId: string;
  readonly caseType: string;
  readonly squadId: string | null;
}

/**
 * Centre operators (district scope), analysts and administrators: everything. Street / community
 * staff: the grids of their subtree, as the registry stands now. Grid workers: their grid. Squad
 * officers: their squad's enforcement cases.
 */
export function resolveJurisdiction(principal: Principal, tree: JurisdictionTree): Jurisdiction {
  const scope = principal.scope;
  if (scope === null) return { kind: 'none' };
  switch (scope.kind) {
    case 'all':
    case 'district':
      return { kind: 'all' };
    case 'street':
    case 'community':
      return {
        kind: 'grids',
        level: scope.kind,
        nodeId: scope.id,
        gridIds: new Set(tree.gridsWithin(scope.id)),
      };
    case 'grid':
      return { kind: 'grids', level: 'grid', nodeId: scope.id, gridIds: new Set([scope.id]) };
    case 'squad':
      return { kind: 'squad', squadId: scope.id };
    case 'department':
      // A district department handles no case; its admission requests are scoped apart (apps/api/src/admissions/admission-scope.ts).
      return { kind: 'none' };
    default: {
      const unknown: never = scope;
      throw new Error(`unknown scope ${JSON.stringify(unknown)}`);
    }
  }
}

/** True when the case lies in the jurisdiction (also used for the location of a case being reported). */
export function caseWithin(jurisdiction: Jurisdiction, facts: CaseFacts): boolean {
  switch (jurisdiction.kind) {
    case 'all':
      return true;
    case 'grids':
      return jurisdiction.gridIds.has(facts.gridId);
    case 'squad':
      return facts.caseType === 'enforcement' && facts.squadId === jurisdiction.squadId;
    case 'none':
      return false;
    default: {
      const unknown: never = jurisdiction;
      throw new Error(`unknown jurisdiction ${JSON.stringify(unknown)}`);
    }
  }
}

/** True when a grid (e.g. of a dashboard) lies in the jurisdiction. Squads see no grid as a whole. */
export function gridWithin(jurisdiction: Jurisdiction, gridId: string): boolean {
  if (jurisdiction.kind === 'all') return true;
  return jurisdiction.kind === 'grids' && jurisdiction.gridIds.has(gridId);
}

/** Filter columns of the case list a jurisdiction pins (ANDed into the list query's WHERE). */
export interface ScopeFilter {
  readonly gridId?: string;
  readonly communityId?: string;
  readonly streetId?: string;
  readonly squadId?: string;
}

/** The list filter a jurisdiction imposes; null means it may list nothing. */
export function scopeFilterOf(jurisdiction: Jurisdiction): ScopeFilter | null {
  switch (jurisdiction.kind) {
    case 'all':
      return {};
    case 'grids':
      return jurisdiction.level === 'grid'
        ? { gridId: jurisdiction.nodeId }
        : jurisdiction.level === 'community'
          ? { communityId: jurisdiction.nodeId }
          : { streetId: jurisdiction.nodeId };
    case 'squad':
      return { squadId: jurisdiction.squadId };
    case 'none':
      return null;
    default: {
      const unknown: never = jurisdiction;
      throw new Error(`unknown jurisdiction ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * The caller's filter with the jurisdiction's pinned on top. A caller asking for a value the
 * jurisdiction pins differently can see nothing: null (answer an empty list, do not query).
 */
export function applyScopeFilter<F extends ScopeFilter>(filter: F, scope: ScopeFilter | null): F | null {
  if (scope === null) return null;
  const merged = { ...filter } as Record<string, unknown>;
  for (const [key, value] of Object.entries(scope)) {
    if (value === undefined) continue;
    const asked = merged[key];
    if (asked !== undefined && asked !== value) return null;
    merged[key] = value;
  }
  return merged as F;
}
