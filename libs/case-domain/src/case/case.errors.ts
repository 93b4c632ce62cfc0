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
  extensionTooLong: 'CASE.EXTENSION_TOO_LONG',
  deadlineNotRunning: 'CASE.DEADLINE_NOT_RUNNING',
  deadlineNotOverdue: 'CASE.DEADLINE_NOT_OVERDUE',
  occurredInFuture: 'CASE.OCCURRED_IN_FUTURE',
  occurredBeforePreviousFact: 'CASE.OCCURRED_BEFORE_PREVIOUS_FACT',
  backdatingReasonRequired: 'CASE.BACKDATING_REASON_REQUIRED',
  selfApproval: 'CASE.SELF_APPROVAL',
  approverNotEntitled: 'CASE.APPROVER_NOT_ENTITLED',
  noPendingRequest: 'CASE.NO_PENDING_REQUEST',
  approvalAlreadyPending: 'CASE.APPROVAL_ALREADY_PENDING',
  extensionAfterLapse: 'CASE.EXTENSION_AFTER_LAPSE',
  extensionEndsInPast: 'CASE.EXTENSION_ENDS_IN_PAST',
  petitionTooManyRepresentatives: 'PETITION.TOO_MANY_REPRESENTATIVES',
  petitionNotARequest: 'PETITION.NOT_A_REQUEST',
  petitionObjectionWindowClosed: 'PETITION.OBJECTION_WINDOW_CLOSED',
  petitionReviewWindowClosed: 'PETITION.REVIEW_WINDOW_CLOSED',
  petitionReReviewWindowClosed: 'PETITION.RE_REVIEW_WINDOW_CLOSED',
  petitionRequestWindowOpen: 'PETITION.REQUEST_WINDOW_OPEN',
  petitionAlreadyFinal: 'PETITION.ALREADY_FINAL',
  enforcementTooFewOfficers: 'ENFORCEMENT.TOO_FEW_OFFICERS',
  enforcementSimpleProcedureLimitExceeded: 'ENFORCEMENT.SIMPLE_PROCEDURE_LIMIT_EXCEEDED',
  enforcementEvidenceDecisionPending: 'ENFORCEMENT.EVIDENCE_DECISION_PENDING',
  enforcementUnknownPreservation: 'ENFORCEMENT.UNKNOWN_PRESERVATION',
  enforcementLegalReviewRequired: 'ENFORCEMENT.LEGAL_REVIEW_REQUIRED',
  enforcementNoHearingRight: 'ENFORCEMENT.NO_HEARING_RIGHT',
  enforcementHearingRequestLate: 'ENFORCEMENT.HEARING_REQUEST_LATE',
  enforcementHearingNoticeTooShort: 'ENFORCEMENT.HEARING_NOTICE_TOO_SHORT',
  enforcementHearingPresiderNotIndependent: 'ENFORCEMENT.HEARING_PRESIDER_NOT_INDEPENDENT',
  enforcementHearingWindowOpen: 'ENFORCEMENT.HEARING_WINDOW_OPEN',
  enforcementPaymentAmountMismatch: 'ENFORCEMENT.PAYMENT_AMOUNT_MISMATCH',
  enforcementPaymentNotOverdue: 'ENFORCEMENT.PAYMENT_NOT_OVERDUE',
  enforcementDemandPeriodRunning: 'ENFORCEMENT.DEMAND_PERIOD_RUNNING',
  enforcementAppealPeriodRunning: 'ENFORCEMENT.APPEAL_PERIOD_RUNNING',
  enforcementCourtApplicationWindowClosed: 'ENFORCEMENT.COURT_APPLICATION_WINDOW_CLOSED',
} as const;
export type CaseErrorCode = (typeof CaseErrorCode)[keyof typeof CaseErrorCode];

export const illegalTransition = (status: string, command: string, detail?: string): DomainError =>
  new DomainError(
    CaseErrorCode.illegalTransition,
    'illegal_transition',
    detail ?? `${command} is not allowed when the case is ${status}`,
    { status, command },
  );

export const caseNotFound = (command: string): DomainError =>
  new DomainError(CaseErrorCode.notFound, 'not_found', `${command}: the case was never reported`, {
    command,
  });

export const invalidCommand = (command: string, problems: readonly string[]): DomainError =>
  new DomainError(CaseErrorCode.invalidCommand, 'invalid', `${command}: ${problems.join('; ')}`, {
    command,
    problems,
  });

export const approvalRequired = (command: string, status: string): DomainError =>
  new DomainError(
    CaseErrorCode.approvalRequired,
    'forbidden',
    `${command} needs approval: send it as a request, and an account holding the approving post approves it (approve)`,
    { command, status },
  );

/** A command of the common loop (or of another type) that a case of this type never takes. */
export const commandNotApplicable = (command: string, caseType: string, detail?: string): DomainError =>
  new DomainError(
    CaseErrorCode.commandNotApplicable,
    'unprocessable',
    detail ?? `${command} does not apply to ${caseType} cases`,
    { command, caseType },
  );

/** A type-specific command in the wrong stage: 409 like any illegal transition, with the stage. */
export const illegalStageTransition = (status: string, stage: string, command: string): DomainError =>
  new DomainError(
    CaseErrorCode.illegalTransition,
    'illegal_transition',
    `${command} is not allowed when the case is ${status} (${stage})`,
    { status, stage, command },
  );

/** A refusal by a rule of the law, with a stable type-specific code (422). */
export const ruleRefusal = (
  code: CaseErrorCode,
  detail: string,
  context: Record<string, unknown>,
): DomainError => new DomainError(code, 'unprocessable', detail, context);
