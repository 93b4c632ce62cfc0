import { DomainError } from '#domain-kernel';

/** Stable refusal codes of the admission decider. */
export const AdmissionErrorCode = {
  invalidCommand: 'ADMISSION.INVALID_COMMAND',
  invalidPolicy: 'ADMISSION.INVALID_POLICY',
  notFound: 'ADMISSION.NOT_FOUND',
  alreadyExists: 'ADMISSION.ALREADY_EXISTS',
  illegalTransition: 'ADMISSION.ILLEGAL_TRANSITION',
  listsSnapshotMismatch: 'ADMISSION.LISTS_SNAPSHOT_MISMATCH',
  listsIncomplete: 'ADMISSION.LISTS_INCOMPLETE',
  startInPast: 'ADMISSION.START_IN_PAST',
  listLevelMismatch: 'ADMISSION.LIST_LEVEL_MISMATCH',
  effectiveDateInPast: 'ADMISSION.EFFECTIVE_DATE_IN_PAST',
  targetUnitLevelMismatch: 'ADMISSION.TARGET_UNIT_LEVEL_MISMATCH',
} as const;
export type AdmissionErrorCode = (typeof AdmissionErrorCode)[keyof typeof AdmissionErrorCode];

export const admissionInvalid = (command: string, problems: readonly string[]): DomainError =>
  new DomainError(AdmissionErrorCode.invalidCommand, 'invalid', `${command}: ${problems.join('; ')}`, {
    command,
    problems,
  });

export const admissionIllegalTransition = (status: string, command: string): DomainError =>
  new DomainError(
    AdmissionErrorCode.illegalTransition,
    'illegal_transition',
    `${command} is not allowed when the request is ${status}`,
    { status, command },
  );
