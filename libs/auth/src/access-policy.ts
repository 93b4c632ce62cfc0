import type { Role } from './roles.js';

/**
 * What a route does, for the role check. Each route declares one; a route that declares none is
 * `district.read` when it is a GET and `operations.write` otherwise (deny by default).
 */
export type RouteAccess =
  | 'public'
  | 'authenticated'
  | 'case.report'
  | 'case.command'
  | 'case.read'
  | 'case.list'
  | 'registry.read'
  | 'registry.command'
  | 'district.read'
  | 'operations.write'
  /** Apply for admission (准入) of a work item, or withdraw the application. */
  | 'admission.submit'
  /** The authorised admission office: review opinion, approval, refusal. */
  | 'admission.decide'
  /** Admission requests, narrowed to the caller's department or level/units by `admissionScopeOf`. */
  | 'admission.read'
  /** Publish responsibility-list versions, add / withdraw items, add negative-list entries. */
  | 'responsibility.command';

const HANDLERS: readonly RouteAccess[] = [
  'case.report',
  'case.command',
  'case.read',
  'case.list',
  'registry.read',
];

/** Role → what it may do. Jurisdiction (which cases) is decided separately, see jurisdiction.ts. */
export const GRANTS: Readonly<Record<Role, readonly RouteAccess[]>> = {
  // The centre operator is also the district's admission office (审查、核准 of 准入 requests).
  centre_operator: [...HANDLERS, 'district.read', 'admission.submit', 'admission.decide', 'admission.read'],
  street_staff: [...HANDLERS, 'admission.read'],
  community_staff: [...HANDLERS, 'admission.read'],
  grid_worker: HANDLERS,
  squad_officer: HANDLERS,
  analyst: ['case.read', 'case.list', 'registry.read', 'district.read', 'admission.read'],
  administrator: [
    'case.read',
    'case.list',
    'registry.read',
    'district.read',
    'registry.command',
    'operations.write',
    'admission.read',
    'responsibility.command',
  ],
  // No case, no district-wide read: its own department's admission requests only.
  district_department: ['registry.read', 'admission.submit', 'admission.read'],
};

/** True when one of the roles grants the access. `public` needs no role at all. */
export function mayAccess(roles: readonly Role[], access: RouteAccess): boolean {
  if (access === 'public') return true;
  if (access === 'authenticated') return roles.length > 0;
  return roles.some((role) => GRANTS[role]?.includes(access) ?? false);
}

/** The access of a route that declares none: reads are district-wide reads, anything else is an operation. */
export function defaultAccess(method: string): RouteAccess {
  return method.toUpperCase() === 'GET' || method.toUpperCase() === 'HEAD'
    ? 'district.read'
    : 'operations.write';
}
