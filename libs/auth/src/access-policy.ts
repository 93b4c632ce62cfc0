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
  | 'operations.write';

const HANDLERS: readonly RouteAccess[] = ['case.report', 'case.command', 'case.read', 'case.list', 'registry.read'];

/** Role → what it may do. Jurisdiction (which cases) is decided separately, see jurisdiction.ts. */
export const GRANTS: Readonly<Record<Role, readonly RouteAccess[]>> = {
  centre_operator: [...HANDLERS, 'district.read'],
  street_staff: HANDLERS,
  community_staff: HANDLERS,
  grid_worker: HANDLERS,
  squad_officer: HANDLERS,
  analyst: ['case.read', 'case.list', 'registry.read', 'district.read'],
  administrator: ['case.read', 'case.list', 'registry.read', 'district.read', 'registry.command', 'operations.write'],
};

/** True when one of the roles grants the access. `public` needs no role at all. */
export function mayAccess(roles: readonly Role[], access: RouteAccess): boolean {
  if (access === 'public') return true;
  if (access === 'authenticated') return roles.length > 0;
  return roles.some((role) => GRANTS[role]?.includes(access) ?? false);
}

/** The access of a route that declares none: reads are district-wide reads, anything else is an operation. */
export function defaultAccess(method: string): RouteAccess {
  return method.toUpperCase() === 'GET' || method.toUpperCase() === 'HEAD' ? 'district.read' : 'operations.write';
}
