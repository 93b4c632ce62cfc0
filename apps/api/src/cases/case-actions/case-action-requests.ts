import type { CaseAction, CaseCommandType } from '#case-domain';
import { caseActions } from '#case-domain';
import * as common from './common-actions.request.dto.js';
import * as dispute from './dispute-actions.request.dto.js';
import * as enforcement from './enforcement-actions.request.dto.js';
import * as petition from './petition-actions.request.dto.js';

type RequestClass = new () => object;

/**
 * The request DTO of each action of POST /api/v1/cases/{id}/{action}. Every action the domain
 * exposes (caseActions) must have one: the full Record type makes a missing or extra action a
 * compile error, and case-action-requests.spec.ts checks the two lists at run time.
 */
export const caseActionRequests: Readonly<Record<CaseAction, RequestClass>> = {
  register: common.RegisterCaseRequestDto,
  reject: common.ReasonRequestDto,
  dispatch: common.DispatchCaseRequestDto,
  accept: common.EmptyActionDto,
  return: common.ReasonRequestDto,
  start: common.EmptyActionDto,
  extend: common.ExtendDeadlineRequestDto,
  resolve: common.ResolveCaseRequestDto,
  verify: common.NoteRequestDto,
  rework: common.ReasonRequestDto,
  close: common.NoteRequestDto,
  'follow-up': common.RecordFollowUpRequestDto,
  reopen: common.ReasonRequestDto,
  escalate: common.EscalateCaseRequestDto,
  'flag-risk': common.FlagRiskRequestDto,
  supervise: common.SuperviseRequestDto,
  park: common.ParkCaseRequestDto,
  resume: common.EmptyActionDto,
  transfer: common.TransferCaseRequestDto,
  // Shared by disputes and enforcement leads: accepts both types' routes; the decider routes by case type.
  'refer-out': enforcement.ReferOutRequestDto,
  'record-session': dispute.RecordMediationSessionRequestDto,
  'record-agreement': dispute.RecordMediationAgreementRequestDto,
  'mediation-failed': dispute.RecordMediationFailureRequestDto,
  'request-judicial-confirmation': dispute.RequestJudicialConfirmationRequestDto,
  route: petition.RoutePetitionRequestDto,
  notify: petition.NotifyPetitionerRequestDto,
  object: petition.ObjectToRoutingRequestDto,
  divert: petition.DivertPetitionRequestDto,
  answer: petition.AnswerPetitionRequestDto,
  'request-review': petition.RequestReviewRequestDto,
  'answer-review': petition.ReviewOpinionRequestDto,
  'request-re-review': petition.RequestReReviewRequestDto,
  'record-hearing': petition.RecordReReviewHearingRequestDto,
  'answer-re-review': petition.ReviewOpinionRequestDto,
  'close-for-no-request': common.EmptyActionDto,
  screen: enforcement.ScreenLeadRequestDto,
  file: enforcement.FileEnforcementCaseRequestDto,
  'preserve-evidence': enforcement.PreserveEvidenceRequestDto,
  'decide-preserved-evidence': enforcement.DecidePreservedEvidenceRequestDto,
  'conclude-investigation': enforcement.ConcludeInvestigationRequestDto,
  review: enforcement.ReviewEnforcementCaseRequestDto,
  'notify-penalty': enforcement.NotifyProposedPenaltyRequestDto,
  'request-hearing': common.EmptyActionDto,
  'schedule-hearing': enforcement.ScheduleHearingRequestDto,
  'hold-hearing': enforcement.HoldHearingRequestDto,
  decide: enforcement.DecidePenaltyRequestDto,
  serve: enforcement.ServeDecisionRequestDto,
  'record-payment': enforcement.RecordPaymentRequestDto,
  'demand-payment': enforcement.DemandPaymentRequestDto,
  'apply-court-enforcement': enforcement.ApplyCourtEnforcementRequestDto,
  archive: enforcement.ArchiveEnforcementCaseRequestDto,
};

/** The request DTO of `action`, or undefined for anything that is not an own key (e.g. `__proto__`). */
export function requestClassOf(action: string): RequestClass | undefined {
  return Object.prototype.hasOwnProperty.call(caseActionRequests, action)
    ? caseActionRequests[action as CaseAction]
    : undefined;
}

export function commandTypeOf(action: string): CaseCommandType | undefined {
  return Object.prototype.hasOwnProperty.call(caseActions, action)
    ? (caseActions as Record<string, CaseCommandType>)[action]
    : undefined;
}
