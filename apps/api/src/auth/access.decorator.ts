import { SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { Principal, RouteAccess } from '#auth';

export const ACCESS_KEY = 'gridcase:access';

/** Declares what a route (or every route of a controller) does, for the global AuthGuard's role check. */
export const Access = (access: RouteAccess) => SetMetadata(ACCESS_KEY, access);

/** No token needed (login, health, metrics). */
export const Public = () => Access('public');

/** The authenticated caller the AuthGuard attached to the request. */
export function principalOf(request: Request): Principal {
  const principal = (request as Request & { principal?: Principal }).principal;
  if (!principal) throw new Error('no principal on the request: is the route public?');
  return principal;
}

export function attachPrincipal(request: Request, principal: Principal): void {
  (request as Request & { principal?: Principal }).principal = principal;
}
