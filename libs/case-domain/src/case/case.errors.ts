import { DomainError } from '#domain-kernel';

/** Stable refusal codes of the case decider. */
export const CaseErrorCode = {
  illegalTransition: 'CASE.ILLEGAL_TRANSITION',
  notFound: 'CASE.NOT_FOUND',
  alreadyExists: 'CASE.ALREADY_EXISTS',
  typeNotSupported: 'CASE.TYPE_NOT_SUPPORTED',
  invalidCommand: 'CASE.INVALID_COMMAND',
  extensionAlreadyUsed: 'CASE.EXTENSION_ALREADY_USED',
  returnNotAllowed: 'CASE.RETURN_NOT_ALLOWED',
  approvalRequired: 'CASE.APPROVAL_REQUIRED',
  topLevelReached: 'CASE.TOP_LEVEL_REACHED',
  commandNotApplicable: 'CASE.COMMAND_NOT_APPLICABLE',
  judicialConfirmationNotAvailable: 'CASE.JUDICIAL_CONFIRMATION_NOT_AVAILABLE',
  judicialConfirmationWindowClosed: 'CASE.JUDICIAL_CONFIRMATION_WINDOW_CLOSED',
} as const;
export type CaseErrorCode = (typeof CaseErrorCode)[keyof typeof CaseErrorCode];

export const illegalTransition = (status: string, command: string, detail?: string): DomainError =>
  new DomainError(CaseErrorCode.illegalTransition, 'illegal_transition', detail ?? `${command} is not allowed when the case is ${status}`, { status, command });

export const caseNotFound = (command: string): DomainError =>
  new DomainError(CaseErrorCode.notFound, 'not_found', `${command}: the case was never reported`, { command });

export const invalidCommand = (command: string, problems: readonly string[]): DomainError =>
  new DomainError(CaseErrorCode.invalidCommand, 'invalid', `${command}: ${problems.join('; ')}`, { command, problems });

export const approvalRequired = (command: string, status: string): DomainError =>
  new DomainError(CaseErrorCode.approvalRequired, 'forbidden', `${command} needs the centre's approval (approvedBy)`, { command, status });
