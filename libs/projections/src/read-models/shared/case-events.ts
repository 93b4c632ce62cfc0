import type { CaseEventType } from '#case-domain';

/**
 * Case event types the case read models fold. Stored strings: the list only grows. When petition or
 * enforcement events land in #case-domain, add them here (evolveCase already folds them) and bump the
 * versions of the case read models so they rebuild.
 */
export const CASE_EVENT_TYPES = [
  'CaseReported', 'CaseRegistered', 'CaseRejected', 'CaseDispatched', 'DispatchAccepted', 'DispatchReturned', 'WorkStarted',
  'DeadlineExtended', 'CaseResolved', 'ResolutionVerified', 'ReworkRequested', 'CaseClosed', 'FollowUpRecorded', 'CaseReopened',
  'CaseEscalated', 'RiskFlagged', 'DispatchSupervised', 'CaseParked', 'CaseResumed', 'CaseTransferred', 'CaseReferredOut',
  'MediationSessionRecorded', 'MediationAgreementRecorded', 'MediationFailed', 'JudicialConfirmationRequested',
] as const satisfies readonly CaseEventType[];

const CASE_EVENT_TYPE_SET: ReadonlySet<string> = new Set(CASE_EVENT_TYPES);
export const isCaseEventType = (type: string): boolean => CASE_EVENT_TYPE_SET.has(type);
