import type { MessageKey } from '../i18n/messages';
import type { Role } from '../session/session';

export interface MenuEntry {
  path: string;
  label: MessageKey;
  roles: readonly Role[];
}

const AREA_STAFF: readonly Role[] = ['centre_operator', 'street_staff', 'community_staff'];
const CASE_READERS: readonly Role[] = [
  ...AREA_STAFF,
  'grid_worker',
  'squad_officer',
  'analyst',
  'administrator',
];

/** Each role's day, in the order it works (issue #24's list). */
export const MENU: readonly MenuEntry[] = [
  { path: '/intake', label: 'menu.intake', roles: AREA_STAFF },
  { path: '/report', label: 'menu.report', roles: ['grid_worker'] },
  { path: '/enforcement', label: 'menu.enforcement', roles: ['squad_officer', 'centre_operator', 'analyst'] },
  { path: '/cases', label: 'menu.cases', roles: CASE_READERS },
  { path: '/escalations', label: 'menu.escalations', roles: [...AREA_STAFF, 'analyst', 'administrator'] },
  {
    path: '/overdue',
    label: 'menu.overdue',
    roles: [...AREA_STAFF, 'grid_worker', 'analyst', 'administrator'],
  },
  { path: '/replay', label: 'menu.replay', roles: ['analyst', 'centre_operator', 'administrator'] },
  { path: '/dashboards', label: 'menu.dashboards', roles: CASE_READERS },
  { path: '/assessments', label: 'menu.assessments', roles: CASE_READERS },
  { path: '/admin/accounts', label: 'menu.accounts', roles: ['administrator'] },
  {
    path: '/admin/jurisdictions',
    label: 'menu.jurisdictions',
    roles: ['administrator', 'centre_operator', 'analyst'],
  },
  {
    path: '/admin/projections',
    label: 'menu.projections',
    roles: ['administrator', 'analyst', 'centre_operator'],
  },
];

export function menuFor(roles: readonly Role[]): MenuEntry[] {
  return MENU.filter((entry) => entry.roles.some((role) => roles.includes(role)));
}

/** Where a role starts its day. */
export function homeFor(roles: readonly Role[]): string {
  if (roles.includes('administrator')) return '/admin/accounts';
  if (roles.includes('analyst')) return '/dashboards';
  if (roles.includes('squad_officer')) return '/enforcement';
  if (roles.includes('grid_worker')) return '/cases';
  return menuFor(roles)[0]?.path ?? '/cases';
}
