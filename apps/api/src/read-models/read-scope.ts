import type { Jurisdiction } from '#auth';
import type { HandlingStep } from '#registry-domain';

/**
 * What a caller's jurisdiction lets the district-wide read routes show, as filters the queries put
 * in their WHERE clause. `undefined` = no restriction (district-wide roles); `null` = nothing at all.
 */
export interface CaseReadScope {
  readonly gridIds?: readonly string[];
  readonly squadId?: string;
}

/** /escalations and /overdue: the cases of the caller's grids (street, community, grid) or squad. */
export function caseReadScope(jurisdiction: Jurisdiction): CaseReadScope | null {
  switch (jurisdiction.kind) {
    case 'all':
      return {};
    case 'grids':
      return { gridIds: [...jurisdiction.gridIds] };
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

/** The levels of the handling ladder a scope's staff see units of (never above their own). */
const LEVELS_WITHIN: Readonly<Record<'grid' | 'community' | 'street', readonly string[]>> = {
  grid: ['building'],
  community: ['building', 'community'],
  street: ['building', 'community', 'street'],
};

/**
 * /assessments at the unit levels: the handling units of the caller's subtree, i.e. the handlers of
 * its grids' handling chains at its own level and below (a street sees its grids, committees and its
 * own centre, not the district centre; a grid worker sees its grid). `undefined` = every unit; null =
 * none (a squad officer, a login without a scope).
 */
export function unitReadScope(
  jurisdiction: Jurisdiction,
  handlingChain: (gridId: string) => readonly HandlingStep[],
): readonly string[] | undefined | null {
  switch (jurisdiction.kind) {
    case 'all':
      return undefined;
    case 'grids': {
      const levels = LEVELS_WITHIN[jurisdiction.level];
      const units = new Set<string>();
      for (const gridId of jurisdiction.gridIds) {
        for (const step of handlingChain(gridId)) if (levels.includes(step.level)) units.add(step.handler.id);
      }
      return [...units].sort();
    }
    case 'squad':
    case 'none':
      return null;
    default: {
      const unknown: never = jurisdiction;
      throw new Error(`unknown jurisdiction ${JSON.stringify(unknown)}`);
    }
  }
}

/** /assessments?level=squad: a squad officer sees their squad; areas see no squad (as on the squad dashboard). */
export function squadReadScope(jurisdiction: Jurisdiction): readonly string[] | undefined | null {
  switch (jurisdiction.kind) {
    case 'all':
      return undefined;
    case 'squad':
      return [jurisdiction.squadId];
    case 'grids':
    case 'none':
      return null;
    default: {
      const unknown: never = jurisdiction;
      throw new Error(`unknown jurisdiction ${JSON.stringify(unknown)}`);
    }
  }
}
