import { describe, expect, it } from '@jest/globals';
import {
  caseListFilter,
  caseWithin,
  gridWithin,
  resolveJurisdiction,
  type Jurisdiction,
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
      expect(caseListFilter({}, j, tree)).toEqual({});
    }
  });

  it('limits street and community staff to the grids of their subtree', () => {
    const street = resolveJurisdiction(who({ kind: 'street', id: 'street1' }), tree);
    const community = resolveJurisdiction(who({ kind: 'community', id: 'community1' }), tree);
    expect(caseWithin(street, dispute('g3'))).toBe(true);
    expect(caseWithin(community, dispute('g3'))).toBe(false);
    expect(caseWithin(community, dispute('g1'))).toBe(true);
    expect(gridWithin(community, 'g2')).toBe(true);
    expect(caseListFilter({}, street, tree)).toEqual({ gridIds: ['g1', 'g2', 'g3'] });
    expect(caseListFilter({}, community, tree)).toEqual({ gridIds: ['g1', 'g2'] });
  });

  it('limits grid workers to their grid, and one without a grid to nothing', () => {
    const grid = resolveJurisdiction(who({ kind: 'grid', id: 'g2' }, ['grid_worker']), tree);
    expect(caseWithin(grid, dispute('g2'))).toBe(true);
    expect(caseWithin(grid, dispute('g1'))).toBe(false);
    expect(caseListFilter({}, grid, tree)).toEqual({ gridIds: ['g2'] });
    const none = resolveJurisdiction(who(null, ['grid_worker']), tree);
    expect(caseWithin(none, dispute('g2'))).toBe(false);
    expect(caseListFilter({}, none, tree)).toBeNull();
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
    expect(caseListFilter({}, squad, tree)).toEqual({ squadId: 'q1' });
    expect(caseListFilter({ squadId: 'q2' }, squad, tree)).toBeNull();
  });

  describe('the case list, given grid G3 moved from community1 to community2 with a date', () => {
    // The registry as the caller's day sees it: before the move date, and on it.
    const before: JurisdictionTree = {
      gridsWithin: (id) =>
        ({ street1: ['g1', 'g2', 'g3'], community1: ['g1', 'g2', 'g3'], community2: [] })[id] ?? [],
    };
    const after: JurisdictionTree = {
      gridsWithin: (id) =>
        ({ street1: ['g1', 'g2', 'g3'], community1: ['g1', 'g2'], community2: ['g3'] })[id] ?? [],
    };
    const staffOf = (community: string, today: JurisdictionTree): Jurisdiction =>
      resolveJurisdiction(who({ kind: 'community', id: community }, ['community_staff']), today);

    it('when the date has not come, then the current community lists G3 and the new one lists nothing', () => {
      expect(caseListFilter({}, staffOf('community1', before), before)).toEqual({
        gridIds: ['g1', 'g2', 'g3'],
      });
      expect(caseListFilter({}, staffOf('community2', before), before)).toBeNull();
    });

    it('when the date has come, then G3 is listed by the new community only', () => {
      expect(caseListFilter({}, staffOf('community1', after), after)).toEqual({ gridIds: ['g1', 'g2'] });
      expect(caseListFilter({}, staffOf('community2', after), after)).toEqual({ gridIds: ['g3'] });
    });

    it('when a district-wide caller asks for a community, then it gets the grids of that community today', () => {
      const all: Jurisdiction = { kind: 'all' };
      expect(caseListFilter({ communityId: 'community2', status: 'open' }, all, before)).toBeNull();
      expect(caseListFilter({ communityId: 'community2', status: 'open' }, all, after)).toEqual({
        status: 'open',
        gridIds: ['g3'],
      });
    });
  });

  it('narrows what the caller asks to its jurisdiction and lists nothing where they do not meet', () => {
    const community = resolveJurisdiction(who({ kind: 'community', id: 'community1' }), tree);
    expect(caseListFilter({ status: 'open', gridId: 'g1' }, community, tree)).toEqual({
      status: 'open',
      gridIds: ['g1'],
    });
    expect(caseListFilter({ gridId: 'g3' }, community, tree)).toBeNull();
    expect(caseListFilter({ streetId: 'street1' }, community, tree)).toEqual({ gridIds: ['g1', 'g2'] });
    expect(caseListFilter({ streetId: 'street1', gridId: 'g3' }, { kind: 'all' }, tree)).toEqual({
      gridIds: ['g3'],
    });
    expect(caseListFilter({ communityId: 'unknown' }, { kind: 'all' }, tree)).toBeNull();
  });
});
