import { describe, expect, it } from '@jest/globals';
import { defaultAccess, mayAccess } from './access-policy.js';
import { ROLES } from './roles.js';

describe('mayAccess', () => {
  it('lets analysts read everything and write nothing', () => {
    for (const access of ['case.read', 'case.list', 'registry.read', 'district.read'] as const) expect(mayAccess(['analyst'], access)).toBe(true);
    for (const access of ['case.report', 'case.command', 'registry.command', 'operations.write'] as const) expect(mayAccess(['analyst'], access)).toBe(false);
  });

  it('keeps registry commands and operations for administrators, case commands for handlers', () => {
    for (const role of ROLES) {
      expect(mayAccess([role], 'registry.command')).toBe(role === 'administrator');
      expect(mayAccess([role], 'operations.write')).toBe(role === 'administrator');
      expect(mayAccess([role], 'case.command')).toBe(role !== 'administrator' && role !== 'analyst');
      expect(mayAccess([role], 'registry.read')).toBe(true);
    }
  });

  it('gives district-wide reads only to centre operators, analysts and administrators', () => {
    const allowed = ROLES.filter((role) => mayAccess([role], 'district.read'));
    expect(allowed.sort()).toEqual(['administrator', 'analyst', 'centre_operator']);
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
