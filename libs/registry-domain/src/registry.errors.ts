import { DomainError, type DomainErrorKind } from '#domain-kernel';

/**
 * Stable refusal codes of the registry. Kinds: a conflict with what is already recorded is
 * `illegal_transition` (HTTP 409); a reference in the command body to something missing or of the
 * wrong sort is `unprocessable` (422: the request is well formed but cannot be applied); the entity
 * the command is about (the one a URL would name) missing is `not_found` (404); malformed input is
 * `invalid` (400).
 */
export const RegistryErrorCodes = {
  INVALID_COMMAND: 'invalid',
  DISTRICT_NOT_CREATED: 'illegal_transition',
  DISTRICT_ALREADY_CREATED: 'illegal_transition',
  DUPLICATE_CODE: 'illegal_transition',
  DUPLICATE_ACCOUNT_NAME: 'illegal_transition',
  UNKNOWN_ENTITY: 'not_found',
  UNKNOWN_PARENT: 'unprocessable',
  INVALID_PARENT: 'unprocessable',
  PARENT_NOT_YET_ESTABLISHED: 'unprocessable',
  RURAL_GRID_EXISTS: 'illegal_transition',
  SAME_PARENT: 'unprocessable',
  SAME_NAME: 'unprocessable',
  AREA_UNCHANGED: 'unprocessable',
  EFFECTIVE_DATE_BEFORE_CREATION: 'unprocessable',
  EFFECTIVE_DATE_NOT_AFTER_LAST_CHANGE: 'unprocessable',
  WORKER_ALREADY_ASSIGNED: 'illegal_transition',
  WORKER_NOT_ASSIGNED: 'illegal_transition',
  BRANCH_HAS_SECRETARY: 'illegal_transition',
  NOT_A_RESIDENT_GROUP_GRID: 'unprocessable',
  JOINT_COMMITTEE_EXISTS: 'illegal_transition',
  INVALID_JOINT_COMMITTEE: 'unprocessable',
  TEAM_DOMAIN_TAKEN: 'illegal_transition',
  NOT_AN_AREA_SQUAD: 'unprocessable',
  AREA_OVERLAP: 'unprocessable',
  ROLE_UNIT_MISMATCH: 'unprocessable',
  POST_UNIT_MISMATCH: 'unprocessable',
  POST_ALREADY_HELD: 'illegal_transition',
  POST_NOT_HELD: 'illegal_transition',
} as const satisfies Record<string, DomainErrorKind>;

export type RegistryErrorCode = `REGISTRY.${keyof typeof RegistryErrorCodes}`;

export function registryError(
  code: keyof typeof RegistryErrorCodes,
  detail: string,
  context: Record<string, unknown> = {},
): DomainError {
  return new DomainError(`REGISTRY.${code}`, RegistryErrorCodes[code], detail, context);
}
