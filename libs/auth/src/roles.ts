import type { AccountRole } from '#registry-domain';

/** Every role a login can have (domain.md §6). */
export type Role =
  | 'centre_operator'
  | 'street_staff'
  | 'community_staff'
  | 'grid_worker'
  | 'squad_officer'
  | 'analyst'
  | 'administrator';

export const ROLES: readonly Role[] = [
  'centre_operator',
  'street_staff',
  'community_staff',
  'grid_worker',
  'squad_officer',
  'analyst',
  'administrator',
];

/** Roles kept only in the accounts table: they have no place in the jurisdiction tree. */
export const LOCAL_ROLES: readonly Role[] = ['centre_operator', 'analyst', 'administrator'];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** A registry login's role; extra grid accounts (grid duty logins) act as grid workers of their grid. */
export function roleOfRegistryAccount(role: AccountRole): Role {
  switch (role) {
    case 'grid_worker':
    case 'grid_account':
      return 'grid_worker';
    case 'centre_operator':
    case 'street_staff':
    case 'community_staff':
    case 'squad_officer':
      return role;
    default: {
      const unknown: never = role;
      throw new Error(`unknown registry account role ${String(unknown)}`);
    }
  }
}
