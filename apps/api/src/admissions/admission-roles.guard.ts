import { Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Role } from '#auth';
import { principalOf } from '../auth/access.decorator.js';
import { forbidden } from '../auth/auth-errors.js';

/**
 * Who may do what with lists and admission requests. libs/auth's route accesses have no
 * admission entries yet, so the global AuthGuard admits every authenticated role
 * (`@Access('authenticated')`) and this guard narrows writes by role. It runs before the body is
 * validated, so a refused role is 403 whatever the body.
 *
 * There is no district-department role: a department's request is entered by the centre operator.
 * The "authorised office" (审查、核准) is the administrator or the centre operator.
 */
export const ADMISSION_ROLES = {
  /** Publish versions, add / withdraw items, add negative-list entries. */
  listChange: ['administrator'],
  /** Submit or withdraw a request on a department's behalf. */
  submit: ['centre_operator'],
  /** Review opinion, approval, refusal. */
  decide: ['administrator', 'centre_operator'],
} as const satisfies Record<string, readonly Role[]>;

const ROLES_KEY = 'gridcase:admission-roles';

export const RequireRoles = (roles: readonly Role[]) => SetMetadata(ROLES_KEY, roles);

@Injectable()
export class AdmissionRolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<readonly Role[] | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]);
    if (roles === undefined) return true;
    const principal = principalOf(context.switchToHttp().getRequest<Request>());
    if (!principal.roles.some((role) => roles.includes(role))) throw forbidden(`this needs one of the roles ${roles.join(', ')}`);
    return true;
  }
}
