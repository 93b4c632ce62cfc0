import type { AccountRole } from '#registry-domain';

/** Every role a login can have (docs/domain.md §6). */
export type Role =
  | 'centre_operator'
  | 'street_staff'
  | 'community_staff'
  | 'grid_worker'
  | 'squad_officer'
  | 'analyst'
  | 'administrator'
  /** A district functional department (区民政局, 区住建委 …): applies for admission (准入) of its own work items. */
  | 'district_department';

export const ROLES: readonly Role[] = [
  'centre_operator',
  'street_staff',
  'community_staff',
  'grid_worker',
  'squad_officer',
  'analyst',
  'administrator',
  'district_department',
];

/** Roles kept only in the accounts table: they have no place in the jurisdiction tree. */
export const LOCAL_ROLES: readonly Role[] = [
  'centre_operator',
  'analyst',
  'administrator',
  'district_department',
];

/** A department's name (e.g. `区民政局`): 1 to 100 characters, no control characters, not blank. */
export function isDepartmentName(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.trim() === value &&
    value.length >= 1 &&
    value.length <= 100 &&
    ![...value].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f)
  );
}

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
