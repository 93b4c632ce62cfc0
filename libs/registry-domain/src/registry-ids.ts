import { v5 as uuidv5 } from 'uuid';

/**
 * Fixed namespace for every registry id. Never change it: stored events and other streams
 * refer to entities by the ids derived from it.
 */
export const REGISTRY_ID_NAMESPACE = '2f0c7d4e-5b1a-5c3e-9a47-6d0e8b1f3a21';

/**
 * The code spaces. Codes are unique per space within one district; streets and townships share
 * one space (both are township-level divisions, 乡级), as do communities and villages (村级),
 * just as official division codes do.
 */
export type IdSpace =
  | 'district'
  | 'township-level'
  | 'village-level'
  | 'grid'
  | 'building'
  | 'unit'
  | 'grid-worker'
  | 'grid-account'
  | 'party-branch'
  | 'party-member'
  | 'joint-committee'
  | 'resident-committee'
  | 'enforcement-team'
  | 'squad'
  | 'staff-account';

/**
 * The id of a registry entity: UUID v5 of `<districtCode>/<space>/<code>`. Deterministic, so a
 * seed run twice yields the same ids, and globally unique as long as district codes are.
 */
export function registryId(districtCode: string, space: IdSpace, code: string): string {
  return uuidv5(`${districtCode}/${space}/${code}`, REGISTRY_ID_NAMESPACE);
}

/** The one stream that holds a whole district's registry (the consistency boundary). */
export function registryStreamName(districtCode: string): string {
  return `registry-${districtCode}`;
}
