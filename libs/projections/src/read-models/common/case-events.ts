import type { CaseEventType } from '#case-domain';

/**
 * Case event types the case read models fold. Stored strings: the list only grows. Adding a type
 * changes what every case read model writes, so each of them gets a new version (and a rebuild).
 * v2 of the case read models: petition and enforcement events added.
 */
export const CASE_EVENT_TYPES = [
  'CaseReported',
  'LateEntryJustified',
  'CaseRegistered',
  'CaseRejected',
  'CaseDispatched',
  'DispatchAccepted',
  'DispatchReturned',
  'WorkStarted',
  'DeadlineExtended',
  'CaseResolved',
  'ResolutionVerified',
  'ReworkRequested',
  'CaseClosed',
  'FollowUpRecorded',
  'CaseReopened',
  'CaseEscalated',
  'RiskFlagged',
  'DispatchSupervised',
  'CaseParked',
  'CaseResumed',
  'CaseTransferred',
  'CaseReferredOut',
  'MediationSessionRecorded',
  'MediationAgreementRecorded',
  'MediationFailed',
  'JudicialConfirmationRequested',
  // petition (信访工作条例)
  'PetitionRouted',
  'PetitionerNotified',
  'PetitionRoutingObjected',
  'PetitionDiverted',
  'PetitionAnswered',
  'PetitionReviewRequested',
  'PetitionReviewAnswered',
  'PetitionReReviewRequested',
  'PetitionReReviewHearingRecorded',
  'PetitionReReviewAnswered',
  'PetitionClosedForNoRequest',
  // law enforcement (行政处罚法, 行政强制法)
  'LeadScreened',
  'EnforcementCaseFiled',
  'EvidencePreserved',
  'PreservedEvidenceDecided',
  'InvestigationConcluded',
  'EnforcementCaseReviewed',
  'ProposedPenaltyNotified',
  'HearingRequested',
  'HearingScheduled',
  'HearingHeld',
  'PenaltyDecided',
  'PenaltyDecisionServed',
  'FinePaid',
  'PaymentDemanded',
  'CourtEnforcementApplied',
  'EnforcementCaseArchived',
] as const satisfies readonly CaseEventType[];

/**
 * Case event types no case read model needs to fold: attachments move no status, clock or counter
 * (the case list counts them by itself); an approval's request, grant or refusal neither (the approved
 * command's own events, e.g. DeadlineExtended, follow the grant and are folded).
 */
type NotFoldedCaseEventType =
  'AttachmentAdded' | 'ApprovalRequested' | 'ApprovalGranted' | 'ApprovalDeclined';

/** Compile-time check that the list is complete: a case event type missing above fails here. */
type MissingCaseEventType = Exclude<
  CaseEventType,
  (typeof CASE_EVENT_TYPES)[number] | NotFoldedCaseEventType
>;
const complete: MissingCaseEventType extends never ? true : MissingCaseEventType = true;
void complete;

const CASE_EVENT_TYPE_SET: ReadonlySet<string> = new Set(CASE_EVENT_TYPES);
export const isCaseEventType = (type: string): boolean => CASE_EVENT_TYPE_SET.has(type);
