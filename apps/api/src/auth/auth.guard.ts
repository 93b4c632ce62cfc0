import { Inject, Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Request, Response } from 'express';
import { defaultAccess, isRole, mayAccess, type Principal, type RouteAccess } from '#auth';
import { correlationIdOf } from '#platform';
import { ACCESS_KEY, attachPrincipal } from './access.decorator.js';
import { AccountStateService } from './account-state.service.js';
import { forbidden, unauthenticated } from './auth-errors.js';

/**
 * The global guard: every route needs a valid Bearer access token unless it is declared public,
 * then the caller's roles must grant the route's access (see `GRANTS` in libs/auth). Jurisdiction
 * (which case, which grid) is checked where the resource is known: the command pipeline's
 * authorize hook, the case queries and the list routes. Refusals are logged without personal data.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly reflector: Reflector,
    @Inject(JwtService) private readonly jwt: JwtService,
    private readonly accountStates: AccountStateService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    const access =
      this.reflector.getAllAndOverride<RouteAccess | undefined>(ACCESS_KEY, [
        context.getHandler(),
        context.getClass(),
      ]) ?? defaultAccess(request.method);
    if (access === 'public') return true;

    const response = context.switchToHttp().getResponse<Response>();
    const token = bearerToken(request.header('authorization'));
    if (!token) throw this.refuse(request, response, 401, 'missing_token');
    let claims: Record<string, unknown>;
    try {
      claims = await this.jwt.verifyAsync<Record<string, unknown>>(token);
    } catch (error) {
      throw this.refuse(
        request,
        response,
        401,
        (error as Error).name === 'TokenExpiredError' ? 'expired_token' : 'invalid_token',
      );
    }
    const claimed = principalFromClaims(claims);
    if (!claimed) throw this.refuse(request, response, 401, 'invalid_claims');
    // The account as it stands now decides: disabled, deleted or reset accounts' tokens stop here.
    const principal = await this.accountStates.principalFor(claimed.id, claims.ver as number);
    if (typeof principal === 'string') throw this.refuse(request, response, 401, principal);
    attachPrincipal(request, principal);
    if (!mayAccess(principal.roles, access))
      throw this.refuse(request, response, 403, 'role', principal, access);
    return true;
  }

  private refuse(
    request: Request,
    response: Response,
    status: 401 | 403,
    reason: string,
    principal?: Principal,
    access?: RouteAccess,
  ) {
    this.logger.warn(
      {
        event: 'auth.refused',
        status,
        reason,
        method: request.method,
        path: request.path,
        accountId: principal?.id,
        roles: principal?.roles,
        access,
        correlationId: correlationIdOf(request),
      },
      'request refused',
    );
    if (status === 401) {
      response.setHeader(
        'WWW-Authenticate',
        `Bearer realm="gridcase"${reason === 'missing_token' ? '' : ', error="invalid_token"'}`,
      );
      return unauthenticated(
        reason === 'expired_token'
          ? 'the access token has expired'
          : reason === 'disabled' || reason === 'deleted' || reason === 'revoked'
            ? 'the access token is no longer valid (the account was disabled, deleted or its password reset); log in again'
            : 'a valid Bearer access token is required',
      );
    }
    return forbidden(`your role does not allow ${access}`);
  }
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(header ?? '');
  return match?.[1];
}

/**
 * The token's claims as a principal; undefined when they are not what this API signs: an access
 * token with an expiry (`exp`: a token that never expires is refused even if signed) and the
 * account's token version (`ver`). Roles and scope are checked for shape, but the request runs with
 * the account's current ones (AccountStateService).
 */
export function principalFromClaims(claims: Record<string, unknown>): Principal | undefined {
  const { sub, roles, scope, typ, exp, ver } = claims;
  if (typ !== 'access' || typeof sub !== 'string' || sub.length === 0) return undefined;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return undefined;
  if (typeof ver !== 'number' || !Number.isInteger(ver) || ver < 0) return undefined;
  if (!Array.isArray(roles) || roles.length === 0 || !roles.every(isRole)) return undefined;
  if (scope !== null && (typeof scope !== 'object' || typeof (scope as { kind?: unknown }).kind !== 'string'))
    return undefined;
  return { id: sub, roles, scope: scope as Principal['scope'] };
}
