import type { AdmissionState } from '#admission-domain';
import type { Principal } from '#auth';
import type { AdmissionVisibility } from '#projections';

/** Roles that see every admission request: the admission office, analysts, administrators. */
const DISTRICT_WIDE = ['centre_operator', 'analyst', 'administrator'] as const;
const STREET_LEVELS = ['street'] as const;
const COMMUNITY_LEVELS = ['community', 'community_committees'] as const;

/**
 * Which admission requests a caller may see (read, and act on where the role allows):
 * - centre operator (the admission office), analyst, administrator: all;
 * - district department: its own department's requests (the department its account is for);
 * - street staff: requests for the street level aimed at every street or naming theirs;
 * - community staff: requests for the community or two-committee level aimed at every community or naming theirs;
 * - anyone else: none (null). The route access (`admission.read`) already refuses those roles with 403.
 */
export function admissionVisibilityOf(principal: Principal): AdmissionVisibility | null {
  const scope = principal.scope;
  if (principal.roles.some((role) => (DISTRICT_WIDE as readonly string[]).includes(role)))
    return { kind: 'all' };
  if (principal.roles.includes('district_department'))
    return scope?.kind === 'department' ? { kind: 'department', department: scope.name } : null;
  if (principal.roles.includes('street_staff') && scope?.kind === 'street')
    return { kind: 'unit', levels: STREET_LEVELS, unitId: scope.id };
  if (principal.roles.includes('community_staff') && scope?.kind === 'community')
    return { kind: 'unit', levels: COMMUNITY_LEVELS, unitId: scope.id };
  return null;
}

/** The same rule as the list's WHERE clause, for one folded request (GET /admissions/{id}, commands). */
export function admissionVisibleTo(visibility: AdmissionVisibility | null, state: AdmissionState): boolean {
  if (visibility === null || state.status === 'none') return false;
  switch (visibility.kind) {
    case 'all':
      return true;
    case 'department':
      return state.request.department === visibility.department;
    case 'unit': {
      if (!visibility.levels.includes(state.request.work.targetLevel)) return false;
      const units = state.request.targetUnits ?? [];
      return units.length === 0 || units.some((unit) => unit.id === visibility.unitId);
    }
    default: {
      const unknown: never = visibility;
      throw new Error(`unknown visibility ${JSON.stringify(unknown)}`);
    }
  }
}
