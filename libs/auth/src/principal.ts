import type { AccountScope } from '#registry-domain';
import type { Role } from './roles.js';

/**
 * Where a login may act: a registry scope (district, street/township, community/village, grid,
 * squad), `all` for the district-wide roles kept outside the registry (analyst, administrator,
 * a centre operator created by an administrator), a district department (`department`, no place
 * in the tree and no case), or null for a grid worker without a grid.
 */
export type Scope = AccountScope | { readonly kind: 'all' } | DepartmentScope;

/** A district department's login (local account): acts for that one department, named as in its requests. */
export interface DepartmentScope {
  readonly kind: 'department';
  readonly name: string;
}

/** The authenticated caller, as carried by the access token. */
export interface Principal {
  /** Account id: the registry id of the worker / staff login, or the local account's id. Also the events' actor. */
  readonly id: string;
  readonly roles: readonly Role[];
  readonly scope: Scope | null;
}
