import { describe, expect, it } from '@jest/globals';
import {
  applyScopeFilter,
  caseWithin,
  gridWithin,
  resolveJurisdiction,
  scopeFilterOf,
  type JurisdictionTree,
} from './jurisdiction.js';
import type { Principal } from './principal.js';

const tree: JurisdictionTree = {
  gridsWithin: (id) => ({ street1: ['g1', 'g2', 'g3'], community1: ['g1', 'g2'] })[id] ?? [],
};
const who = (scope: Principal['scope'], roles: Principal['roles'] = ['street_staff']): Principal => ({
  id: 'u',
  roles,
  scope,
});
const dispute = (gridId: string) => ({ gridId, caseType: 'dispute', squadId: null });

describe('jurisdiction', () => {
  it('gives district and all scopes every case', () => {
    for (const scope of [{ kind: 'district', id: 'd' } as const, { kind: 'all' } as const]) {
      const j = resolveJurisdiction(who(scope), tree);
      expect(caseWithin(j, dispute('anywhere'))).toBe(true);
      expect(scopeFilterOf(j)).toEqual({});
    }
  });

  it('limits street and community staff to the grids of their subtree', () => {
    const street = resolveJurisdiction(who({ kind: 'street', id: 'street1' }), tree);
    const community = resolveJurisdiction(who({ kind: 'community', id: 'community1' }), tree);
    expect(caseWithin(street, dispute('g3'))).toBe(true);
    expect(caseWithin(community, dispute('g3'))).toBe(false);
    expect(caseWithin(community, dispute('g1'))).toBe(true);
    expect(gridWithin(community, 'g2')).toBe(true);
    expect(scopeFilterOf(street)).toEqual({ streetId: 'street1' });
    expect(scopeFilterOf(community)).toEqual({ communityId: 'community1' });
  });

  it('limits grid workers to their grid, and one without a grid to nothing', () => {
    const grid = resolveJurisdiction(who({ kind: 'grid', id: 'g2' }, ['grid_worker']), tree);
    expect(caseWithin(grid, dispute('g2'))).toBe(true);
    expect(caseWithin(grid, dispute('g1'))).toBe(false);
    expect(scopeFilterOf(grid)).toEqual({ gridId: 'g2' });
    const none = resolveJurisdiction(who(null, ['grid_worker']), tree);
    expect(caseWithin(none, dispute('g2'))).toBe(false);
    expect(scopeFilterOf(none)).toBeNull();
  });

  it('limits squad officers to their squad enforcement cases', () => {
    const squad = resolveJurisdiction(
      who({ kind: 'squad', id: 'q1', teamId: 't', domain: 'urban_management' } as never, ['squad_officer']),
      tree,
    );
    expect(caseWithin(squad, { gridId: 'g1', caseType: 'enforcement', squadId: 'q1' })).toBe(true);
    expect(caseWithin(squad, { gridId: 'g1', caseType: 'enforcement', squadId: 'q2' })).toBe(false);
    expect(caseWithin(squad, dispute('g1'))).toBe(false);
    expect(gridWithin(squad, 'g1')).toBe(false);
    expect(scopeFilterOf(squad)).toEqual({ squadId: 'q1' });
  });

  it('pins the scope into a list filter and empties a contradicting one', () => {
    expect(applyScopeFilter({ status: 'open', gridId: 'g1' }, { communityId: 'c1' })).toEqual({
      status: 'open',
      gridId: 'g1',
      communityId: 'c1',
    });
    expect(applyScopeFilter({ gridId: 'g1' }, { gridId: 'g1' })).toEqual({ gridId: 'g1' });
    expect(applyScopeFilter({ gridId: 'g9' }, { gridId: 'g1' })).toBeNull();
    expect(applyScopeFilter({}, null)).toBeNull();
    expect(applyScopeFilter({ streetId: 's' }, {})).toEqual({ streetId: 's' });
  });
});
