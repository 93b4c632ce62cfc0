import type { Role } from '../roles.js';
import { ERASED, UNREADABLE, isClearPerson, mapDeep } from './person-data.js';

/** How one personal field is shown to a reader. */
export type FieldVisibility = 'clear' | 'masked';

export interface PersonalDataVisibility {
  readonly name: FieldVisibility;
  readonly phone: FieldVisibility;
  readonly idNumber: FieldVisibility;
}

const CLEAR: PersonalDataVisibility = { name: 'clear', phone: 'clear', idNumber: 'clear' };
const CONTACT: PersonalDataVisibility = { name: 'clear', phone: 'clear', idNumber: 'masked' };
const MASKED: PersonalDataVisibility = { name: 'masked', phone: 'masked', idNumber: 'masked' };

/**
 * Who sees which personal field in clear (PIPL: only roles that need it). Handlers only ever see
 * cases within their jurisdiction (others are 404), so "in scope" is already enforced upstream.
 * - centre operator: everything (takes reports, calls back, registers);
 * - squad officer: everything (a penalty decision names the party and its ID number);
 * - street / community staff, grid workers: name and phone (they mediate and call back), ID masked;
 * - analyst, administrator: masked (statistics and operations need no person; an administrator
 *   erases by person id, which every reader sees).
 * With several roles the most open one counts.
 */
export const PERSONAL_DATA_VISIBILITY: Readonly<Record<Role, PersonalDataVisibility>> = {
  centre_operator: CLEAR,
  squad_officer: CLEAR,
  street_staff: CONTACT,
  community_staff: CONTACT,
  grid_worker: CONTACT,
  analyst: MASKED,
  administrator: MASKED,
  // A district department sees no case at all (its admission requests hold no personal data).
  district_department: MASKED,
};

export function personalDataVisibility(roles: readonly Role[]): PersonalDataVisibility {
  const open = (field: keyof PersonalDataVisibility): FieldVisibility =>
    roles.some((role) => PERSONAL_DATA_VISIBILITY[role]?.[field] === 'clear') ? 'clear' : 'masked';
  return { name: open('name'), phone: open('phone'), idNumber: open('idNumber') };
}

/** `张三` → `张*`, `欧阳娜娜` → `欧***`, `Wang Fang` → `W********`. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return '*';
  return `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}

/** `13800138000` → `138****8000`; shorter numbers keep their last 2 digits at most. */
export function maskPhone(phone: string): string {
  const chars = [...phone];
  if (chars.length >= 11)
    return `${chars.slice(0, 3).join('')}${'*'.repeat(chars.length - 7)}${chars.slice(-4).join('')}`;
  if (chars.length > 4) return `${'*'.repeat(chars.length - 2)}${chars.slice(-2).join('')}`;
  return '*'.repeat(chars.length);
}

/** `510104199001011234` → `5101**********1234`. */
export function maskIdNumber(idNumber: string): string {
  const chars = [...idNumber];
  if (chars.length >= 12)
    return `${chars.slice(0, 4).join('')}${'*'.repeat(chars.length - 8)}${chars.slice(-4).join('')}`;
  return '*'.repeat(chars.length);
}

const MASKERS: Record<string, (value: string) => string> = {
  name: maskName,
  phone: maskPhone,
  idNumber: maskIdNumber,
};

/**
 * Masks every decoded person (an object with a `personId`) anywhere in `value` (a case state,
 * event data) as `visibility` says. Erased persons and the clear keys (role, kind) stay as they
 * are; a personal field without a rule of its own is masked whole.
 */
export function maskPersonalData<T>(value: T, visibility: PersonalDataVisibility): T {
  if (visibility.name === 'clear' && visibility.phone === 'clear' && visibility.idNumber === 'clear')
    return value;
  return mapDeep(value, isClearPerson, (person) => {
    if (person.erased === true || person.unreadable === true) return person;
    const masked: Record<string, unknown> = { ...person };
    for (const [field, fieldValue] of Object.entries(person)) {
      if (
        field === 'personId' ||
        field === 'role' ||
        field === 'kind' ||
        typeof fieldValue !== 'string' ||
        fieldValue === ERASED ||
        fieldValue === UNREADABLE
      )
        continue;
      const rule = visibility[field as keyof PersonalDataVisibility];
      if (rule === 'clear') continue;
      masked[field] = (MASKERS[field] ?? ((text: string) => '*'.repeat([...text].length)))(fieldValue);
    }
    return masked;
  }) as T;
}
