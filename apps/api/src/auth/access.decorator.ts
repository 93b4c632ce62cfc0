import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Principal, RouteAccess } from '#auth';
import { ApiProblems } from '../openapi/api-problems.decorator.js';

export const ACCESS_KEY = 'gridcase:access';

/**
 * Declares what a route (or every route of a controller) does, for the global AuthGuard's role
 * check; a protected route is published with the Bearer scheme and the guard's answers.
 */
export const Access = (access: RouteAccess) =>
  access === 'public'
    ? SetMetadata(ACCESS_KEY, access)
    : applyDecorators(
        SetMetadata(ACCESS_KEY, access),
        ApiBearerAuth(),
        ApiProblems({
          401: ['AUTH.UNAUTHENTICATED'],
          403: ['AUTH.FORBIDDEN'],
          503: ['DATABASE.UNAVAILABLE', 'EVENT_STORE.UNAVAILABLE'],
        }),
      );

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
