import { describe, expect, it } from '@jest/globals';
import { resolveJurisdiction } from './jurisdiction.js';
import { isDepartmentName, isRole, LOCAL_ROLES } from './roles.js';

describe('district department role', () => {
  it('is a role kept only in the accounts table', () => {
    expect(isRole('district_department')).toBe(true);
    expect(LOCAL_ROLES).toContain('district_department');
  });

  it('accepts a department name and refuses blank, padded, control-character or overlong ones', () => {
    expect(isDepartmentName('区民政局')).toBe(true);
    for (const bad of ['', ' ', ' 区民政局', '区民政局 ', '区民\n政局', 'x'.repeat(101), 42, null])
      expect(isDepartmentName(bad)).toBe(false);
  });

  it('has no case jurisdiction', () => {
    const tree = { gridsWithin: () => ['g1'] };
    expect(
      resolveJurisdiction(
        { id: 'd1', roles: ['district_department'], scope: { kind: 'department', name: '区民政局' } },
        tree,
      ),
    ).toEqual({ kind: 'none' });
  });
});
