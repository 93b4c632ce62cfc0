import { describe, expect, it } from '@jest/globals';
import { fold } from '#domain-kernel';
import { admissionDecider, type AdmissionState } from '#admission-domain';
import { metadataAt, sampleAdmissionCommands, sampleWork } from '#admission-domain/testing';
import type { Principal } from '#auth';
import { admissionVisibilityOf, admissionVisibleTo } from './admission-scope.js';

const T0 = '2026-03-02T09:00:00+08:00';

function request(
  department: string,
  targetLevel: 'street' | 'community' | 'community_committees',
  unitIds: string[] = [],
): AdmissionState {
  const base = sampleAdmissionCommands('req-1').SubmitAdmissionRequest(metadataAt(T0));
  const kind = targetLevel === 'street' ? 'street' : 'community';
  const command = {
    ...base,
    data: {
      ...base.data,
      department,
      work: { ...sampleWork, targetLevel },
      targetUnits: unitIds.map((id) => ({ id, kind, name: id })),
    },
  } as typeof base;
  return fold(admissionDecider, admissionDecider.decide(command, admissionDecider.initialState()));
}

const principal = (roles: Principal['roles'], scope: Principal['scope']): Principal => ({
  id: 'p',
  roles,
  scope,
});

describe('who sees an admission request', () => {
  it('gives the admission office, analysts and administrators everything', () => {
    for (const role of ['centre_operator', 'analyst', 'administrator'] as const) {
      expect(admissionVisibilityOf(principal([role], { kind: 'all' }))).toEqual({ kind: 'all' });
    }
    expect(admissionVisibleTo({ kind: 'all' }, request('区住建委', 'street', ['st-9']))).toBe(true);
  });

  it('gives a department its own department only', () => {
    const visibility = admissionVisibilityOf(
      principal(['district_department'], { kind: 'department', name: '区民政局' }),
    );
    expect(visibility).toEqual({ kind: 'department', department: '区民政局' });
    expect(admissionVisibleTo(visibility, request('区民政局', 'community'))).toBe(true);
    expect(admissionVisibleTo(visibility, request('区住建委', 'community'))).toBe(false);
    // A department login without its department sees nothing.
    expect(admissionVisibilityOf(principal(['district_department'], { kind: 'all' }))).toBeNull();
  });

  it('gives street staff street-level requests for every street or naming theirs', () => {
    const visibility = admissionVisibilityOf(principal(['street_staff'], { kind: 'street', id: 'st-1' }));
    expect(admissionVisibleTo(visibility, request('区民政局', 'street'))).toBe(true);
    expect(admissionVisibleTo(visibility, request('区民政局', 'street', ['st-2', 'st-1']))).toBe(true);
    expect(admissionVisibleTo(visibility, request('区民政局', 'street', ['st-2']))).toBe(false);
    expect(admissionVisibleTo(visibility, request('区民政局', 'community'))).toBe(false);
  });

  it('gives community staff community and two-committee requests for every community or naming theirs', () => {
    const visibility = admissionVisibilityOf(
      principal(['community_staff'], { kind: 'community', id: 'co-1' }),
    );
    expect(admissionVisibleTo(visibility, request('区民政局', 'community'))).toBe(true);
    expect(admissionVisibleTo(visibility, request('区民政局', 'community_committees', ['co-1']))).toBe(true);
    expect(admissionVisibleTo(visibility, request('区民政局', 'community', ['co-2']))).toBe(false);
    expect(admissionVisibleTo(visibility, request('区民政局', 'street'))).toBe(false);
  });

  it('gives grid workers and squad officers nothing, and no one an unknown request', () => {
    expect(admissionVisibilityOf(principal(['grid_worker'], { kind: 'grid', id: 'g-1' }))).toBeNull();
    expect(
      admissionVisibilityOf(
        principal(['squad_officer'], {
          kind: 'squad',
          id: 'q-1',
          teamId: 't',
          domain: 'urban_management',
        } as never),
      ),
    ).toBeNull();
    expect(admissionVisibleTo(null, request('区民政局', 'community'))).toBe(false);
    expect(admissionVisibleTo({ kind: 'all' }, { status: 'none' })).toBe(false);
  });
});
