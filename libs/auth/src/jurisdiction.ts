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

/** The places and squad a caller asks the case list for (any combination; each narrows). */
export interface CaseListAsk {
  readonly gridId?: string;
  readonly communityId?: string;
  readonly streetId?: string;
  readonly squadId?: string;
}

/** The list's place filter: cases of these grids (undefined: any grid) and of this squad. */
export interface CaseListPlaces {
  readonly gridIds?: readonly string[];
  readonly squadId?: string;
}

/**
 * The case-list filter for a caller: what it asked, narrowed to its jurisdiction, with every place
 * resolved on the registry in force now (`tree` as of today): a community or a street is the set of
 * its grids today, so a grid moved with a future date stays where it is until that date, and a list
 * shows exactly the cases `GET /cases/{id}` lets the caller open (issue #19). Null: it may list
 * nothing (no jurisdiction, another squad, or places that do not meet).
 */
export function caseListFilter<F extends CaseListAsk>(
  asked: F,
  jurisdiction: Jurisdiction,
  tree: JurisdictionTree,
): (Omit<F, keyof CaseListAsk> & CaseListPlaces) | null {
  let grids: ReadonlySet<string> | undefined;
  const narrow = (ids: Iterable<string>) => {
    const next = new Set(ids);
    grids = grids ? new Set([...grids].filter((id) => next.has(id))) : next;
  };
  const { gridId, communityId, streetId, squadId: askedSquad, ...rest } = asked;
  if (gridId !== undefined) narrow([gridId]);
  if (communityId !== undefined) narrow(tree.gridsWithin(communityId));
  if (streetId !== undefined) narrow(tree.gridsWithin(streetId));
  let squadId = askedSquad;
  switch (jurisdiction.kind) {
    case 'all':
      break;
    case 'grids':
      narrow(jurisdiction.gridIds);
      break;
    case 'squad':
      if (squadId !== undefined && squadId !== jurisdiction.squadId) return null;
      squadId = jurisdiction.squadId;
      break;
    case 'none':
      return null;
    default: {
      const unknown: never = jurisdiction;
      throw new Error(`unknown jurisdiction ${JSON.stringify(unknown)}`);
    }
  }
  const gridIds = grids === undefined ? undefined : [...(grids as ReadonlySet<string>)].sort();
  if (gridIds?.length === 0) return null;
  return { ...rest, ...(gridIds ? { gridIds } : {}), ...(squadId !== undefined ? { squadId } : {}) };
}
