import { describe, expect, it } from '@jest/globals';
import { defaultAccess, mayAccess } from './access-policy.js';
import { ROLES } from './roles.js';

describe('mayAccess', () => {
  it('lets analysts read everything and write nothing', () => {
    for (const access of ['case.read', 'case.list', 'registry.read', 'district.read'] as const)
      expect(mayAccess(['analyst'], access)).toBe(true);
    for (const access of ['case.report', 'case.command', 'registry.command', 'operations.write'] as const)
      expect(mayAccess(['analyst'], access)).toBe(false);
  });

  it('keeps registry commands and operations for administrators, case commands for handlers', () => {
    for (const role of ROLES) {
      expect(mayAccess([role], 'registry.command')).toBe(role === 'administrator');
      expect(mayAccess([role], 'operations.write')).toBe(role === 'administrator');
      expect(mayAccess([role], 'case.command')).toBe(
        !['administrator', 'analyst', 'district_department'].includes(role),
      );
      expect(mayAccess([role], 'registry.read')).toBe(true);
    }
  });

  it('gives district-wide reads only to centre operators, analysts and administrators', () => {
    const allowed = ROLES.filter((role) => mayAccess([role], 'district.read'));
    expect(allowed.sort()).toEqual(['administrator', 'analyst', 'centre_operator']);
  });

  it('lets departments and the centre apply for admission, only the centre (the admission office) decide, administrators change lists', () => {
    const holders = (access: Parameters<typeof mayAccess>[1]) =>
      ROLES.filter((role) => mayAccess([role], access)).sort();
    expect(holders('admission.submit')).toEqual(['centre_operator', 'district_department']);
    expect(holders('admission.decide')).toEqual(['centre_operator']);
    expect(holders('admission.read')).toEqual([
      'administrator',
      'analyst',
      'centre_operator',
      'community_staff',
      'district_department',
      'street_staff',
    ]);
    expect(holders('responsibility.command')).toEqual(['administrator']);
  });

  it('gives a district department nothing of cases and no district-wide read', () => {
    for (const access of [
      'case.report',
      'case.command',
      'case.read',
      'case.list',
      'district.read',
      'operations.write',
      'registry.command',
    ] as const) {
      expect(mayAccess(['district_department'], access)).toBe(false);
    }
    expect(mayAccess(['district_department'], 'registry.read')).toBe(true);
  });

  it('grants what any of several roles grants; public needs none', () => {
    expect(mayAccess(['analyst', 'administrator'], 'registry.command')).toBe(true);
    expect(mayAccess([], 'public')).toBe(true);
    expect(mayAccess([], 'case.read')).toBe(false);
  });

  it('treats undeclared GET routes as district-wide reads and anything else as an operation', () => {
    expect(defaultAccess('GET')).toBe('district.read');
    expect(defaultAccess('post')).toBe('operations.write');
  });
});
