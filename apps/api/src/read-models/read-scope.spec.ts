import { describe, expect, it } from '@jest/globals';
import type { Jurisdiction } from '#auth';
import type { HandlingStep } from '#registry-domain';
import { caseReadScope, squadReadScope, unitReadScope } from './read-scope.js';

/** Two grids of community C1 in street S1: handled by the grid, the C1 committee, the S1 centre, the district centre. */
const step = (level: HandlingStep['level'], id: string): HandlingStep =>
  ({
    level,
    node: { id: `node-${id}`, kind: 'grid', code: id, name: id },
    handler: { kind: level === 'building' ? 'grid' : 'unit', id, code: id, name: id },
  }) as unknown as HandlingStep;
const chains: Record<string, HandlingStep[]> = {
  g1: [
    step('building', 'g1'),
    step('community', 'committee-c1'),
    step('street', 'centre-s1'),
    step('district', 'centre-district'),
  ],
  g2: [
    step('building', 'g2'),
    step('community', 'committee-c1'),
    step('street', 'centre-s1'),
    step('district', 'centre-district'),
  ],
};
const chain = (gridId: string) => chains[gridId] ?? [];
const grids = (level: 'grid' | 'community' | 'street', gridIds: string[]): Jurisdiction => ({
  kind: 'grids',
  level,
  nodeId: 'n',
  gridIds: new Set(gridIds),
});

describe('read scopes of the district-wide read routes', () => {
  it('escalations and overdue: every case, the grids of the subtree, the squad, or nothing', () => {
    expect(caseReadScope({ kind: 'all' })).toEqual({});
    expect(caseReadScope(grids('community', ['g1', 'g2']))).toEqual({ gridIds: ['g1', 'g2'] });
    expect(caseReadScope({ kind: 'squad', squadId: 'sq' })).toEqual({ squadId: 'sq' });
    expect(caseReadScope({ kind: 'none' })).toBeNull();
  });

  it('unit assessment: the handlers of the subtree at its own level and below, never the levels above', () => {
    expect(unitReadScope({ kind: 'all' }, chain)).toBeUndefined();
    expect(unitReadScope(grids('street', ['g1', 'g2']), chain)).toEqual([
      'centre-s1',
      'committee-c1',
      'g1',
      'g2',
    ]);
    expect(unitReadScope(grids('community', ['g1', 'g2']), chain)).toEqual(['committee-c1', 'g1', 'g2']);
    expect(unitReadScope(grids('grid', ['g2']), chain)).toEqual(['g2']);
    expect(unitReadScope({ kind: 'squad', squadId: 'sq' }, chain)).toBeNull();
    expect(unitReadScope({ kind: 'none' }, chain)).toBeNull();
  });

  it('squad assessment: a squad officer their squad, areas none, district-wide roles every squad', () => {
    expect(squadReadScope({ kind: 'all' })).toBeUndefined();
    expect(squadReadScope({ kind: 'squad', squadId: 'sq' })).toEqual(['sq']);
    expect(squadReadScope(grids('street', ['g1']))).toBeNull();
    expect(squadReadScope({ kind: 'none' })).toBeNull();
  });
});
