import type { CaseCommandType } from './case.commands.js';

/**
 * HTTP action (`POST /api/v1/cases/{caseId}/{action}`, docs/api.md) → command type.
 * `ReportCase` is `POST /api/v1/cases` and has no action. Added beyond docs/api.md: supervise, park,
 * resume, transfer; petition `record-hearing`, `close-for-no-request`; enforcement
 * `decide-preserved-evidence`, `schedule-hearing`. `refer-out` and `extend` are shared: the decider
 * routes them by case type. The simple on-the-spot procedure is `screen` with `outcome: simple_procedure`.
 */
export const caseActions = {
  register: 'RegisterCase',
  reject: 'RejectCase',
  dispatch: 'DispatchCase',
  accept: 'AcceptDispatch',
  return: 'ReturnDispatch',
  start: 'StartWork',
  extend: 'ExtendDeadline',
  resolve: 'ResolveCase',
  verify: 'VerifyResolution',
  rework: 'RequestRework',
  close: 'CloseCase',
  'follow-up': 'RecordFollowUp',
  reopen: 'ReopenCase',
  escalate: 'EscalateCase',
  'flag-risk': 'FlagRisk',
  supervise: 'SuperviseDispatch',
  park: 'ParkCase',
  resume: 'ResumeCase',
  transfer: 'TransferCase',
  'refer-out': 'ReferOut',
  'record-session': 'RecordMediationSession',
  'record-agreement': 'RecordMediationAgreement',
  'mediation-failed': 'RecordMediationFailure',
  'request-judicial-confirmation': 'RequestJudicialConfirmation',
  // Petition (信访工作条例).
  route: 'RoutePetition',
  notify: 'NotifyPetitioner',
  object: 'ObjectToRouting',
  divert: 'DivertPetition',
  answer: 'AnswerPetition',
  'request-review': 'RequestReview',
  'answer-review': 'AnswerReview',
  'request-re-review': 'RequestReReview',
  'record-hearing': 'RecordReReviewHearing',
  'answer-re-review': 'AnswerReReview',
  'close-for-no-request': 'ClosePetitionForNoRequest',
  // Law enforcement (行政处罚法, 行政强制法).
  screen: 'ScreenLead',
  file: 'FileEnforcementCase',
  'preserve-evidence': 'PreserveEvidence',
  'decide-preserved-evidence': 'DecidePreservedEvidence',
  'conclude-investigation': 'ConcludeInvestigation',
  review: 'ReviewEnforcementCase',
  'notify-penalty': 'NotifyProposedPenalty',
  'request-hearing': 'RequestHearing',
  'schedule-hearing': 'ScheduleHearing',
  'hold-hearing': 'HoldHearing',
  decide: 'DecidePenalty',
  serve: 'ServeDecision',
  'record-payment': 'RecordPayment',
  'demand-payment': 'DemandPayment',
  'apply-court-enforcement': 'ApplyCourtEnforcement',
  archive: 'ArchiveEnforcementCase',
  // Approvals (ADR 0019): an entitled account other than the requester grants or declines a request.
  approve: 'ApproveRequest',
  'decline-approval': 'DeclineRequest',
} as const satisfies Record<string, CaseCommandType>;

export type CaseAction = keyof typeof caseActions;
