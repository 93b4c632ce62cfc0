import { v5 as uuidv5 } from 'uuid';
import type { ListKind } from './list/responsibility-list.types.js';

/**
 * Fixed namespace for every id derived in this library. Never change it: stored events and
 * other streams refer to lists and items by the ids derived from it.
 */
export const ADMISSION_ID_NAMESPACE = '8d3f1a52-6c47-5e0b-b1d9-2a7e4c905f13';

/** Id of a district's list of one kind: UUID v5 of `<districtCode>/list/<kind>`. */
export function responsibilityListId(districtCode: string, kind: ListKind): string {
  return uuidv5(`${districtCode}/list/${kind}`, ADMISSION_ID_NAMESPACE);
}

/**
 * Id of an item (or negative-list entry) of a list: UUID v5 of `<districtCode>/<kind>/<code>`.
 * The same code keeps the same id across versions, so an item carried into a new version is
 * recognisably the same item.
 */
export function listItemId(districtCode: string, kind: ListKind, code: string): string {
  return uuidv5(`${districtCode}/${kind}/${code}`, ADMISSION_ID_NAMESPACE);
}

/** One stream per list kind per district: the consistency boundary of that list's versions. */
export function responsibilityListStreamName(districtCode: string, kind: ListKind): string {
  return `responsibility-list-${districtCode}-${kind}`;
}

/** One stream per admission request. */
export function admissionStreamName(requestId: string): string {
  return `admission-${requestId}`;
}
