import { caseActions, type CaseAction, type CaseCommandType, type CaseErrorCode } from '#case-domain';
import * as common from './common-actions.request.dto.js';
import * as dispute from './dispute-actions.request.dto.js';
import * as enforcement from './enforcement-actions.request.dto.js';
import * as petition from './petition-actions.request.dto.js';

type RequestClass = new () => object;

/** Which case types an action serves: picks the rule refusals (PETITION.*, ENFORCEMENT.*) it may answer. */
export type ActionFamily = 'work-order' | 'mediation' | 'petition' | 'enforcement' | 'any';

export interface CaseActionRoute {
  /** The request body, validated strictly (unknown fields refused) and published in OpenAPI. */
  readonly request: RequestClass;
  /** One line for the OpenAPI operation. */
  readonly summary: string;
  readonly family: ActionFamily;
  /** Refusals of this action beyond the ones every action or its family may answer (case-refusals.ts). */
  readonly refusals?: readonly CaseErrorCode[];
}

/**
 * THE table of case actions: `POST /api/v1/cases/{caseId}/{action}` is one typed route per entry
 * (case-action-routes.controller.ts builds them). Adding an action: the command and its decider
 * rule in libs/case-domain (with its slug in `caseActions`), who may run it in libs/auth
 * (`CASE_ACTION_ROLES`), and one entry here; the compiler names each place that is missing, and
 * `npm run api:client` publishes it. The command type is the domain's `caseActions[action]`.
 */
export const caseActionRoutes: Readonly<Record<CaseAction, CaseActionRoute>> = {
  register: {
    request: common.RegisterCaseRequestDto,
    family: 'work-order',
    summary: 'Register a reported case (受理), optionally setting urgency, category and level',
  },
  reject: {
    request: common.ReasonRequestDto,
    family: 'work-order',
    summary: 'Reject a reported case, with the reason',
  },
  dispatch: {
    request: common.DispatchCaseRequestDto,
    family: 'work-order',
    summary: 'Dispatch a registered case to a handling unit (派遣)',
  },
  accept: {
    request: common.EmptyActionDto,
    family: 'work-order',
    summary: 'The dispatched unit signs for the case (签收)',
  },
  return: {
    request: common.ReasonRequestDto,
    family: 'work-order',
    summary: 'The dispatched unit returns the case as not its own (退回)',
    refusals: ['CASE.RETURN_NOT_ALLOWED'],
  },
  start: { request: common.EmptyActionDto, family: 'work-order', summary: 'Start handling an accepted case' },
  extend: {
    request: common.ExtendDeadlineRequestDto,
    family: 'any',
    summary:
      "Ask to extend the running deadline of the case's type once (延期); it takes effect when an entitled account approves it",
    refusals: [
      'CASE.APPROVAL_ALREADY_PENDING',
      'CASE.EXTENSION_ALREADY_USED',
      'CASE.EXTENSION_TOO_LONG',
      'CASE.EXTENSION_AFTER_LAPSE',
      'CASE.EXTENSION_ENDS_IN_PAST',
    ],
  },
  resolve: {
    request: common.ResolveCaseRequestDto,
    family: 'work-order',
    summary: 'Report the case resolved (办结)',
  },
  verify: {
    request: common.NoteRequestDto,
    family: 'work-order',
    summary: 'Verify the resolution on site (核查)',
  },
  rework: {
    request: common.ReasonRequestDto,
    family: 'work-order',
    summary: 'Send a resolution back for rework',
  },
  close: {
    request: common.NoteRequestDto,
    family: 'work-order',
    summary: 'Close a verified or referred-out case (结案)',
  },
  'follow-up': {
    request: common.RecordFollowUpRequestDto,
    family: 'work-order',
    summary: "Record the follow-up call and the reporter's satisfaction (回访)",
  },
  reopen: {
    request: common.ReasonRequestDto,
    family: 'work-order',
    summary: 'Reopen a case after an unsatisfied follow-up',
  },
  escalate: {
    request: common.EscalateCaseRequestDto,
    family: 'work-order',
    summary:
      'Escalate the case one level (building → community → street → district), optionally dispatching it there',
    refusals: ['CASE.TOP_LEVEL_REACHED'],
  },
  'flag-risk': {
    request: common.FlagRiskRequestDto,
    family: 'work-order',
    summary:
      'Flag a risk of escalation to violence (with the police report), raising the case to street level',
  },
  supervise: {
    request: common.SuperviseRequestDto,
    family: 'any',
    summary: 'Supervise (督办) a slow dispatch, or a named statutory limit once it has passed',
    refusals: ['CASE.DEADLINE_NOT_RUNNING', 'CASE.DEADLINE_NOT_OVERDUE'],
  },
  park: {
    request: common.ParkCaseRequestDto,
    family: 'work-order',
    summary: 'Ask to park (suspend) a case; it takes effect when an entitled account approves it',
    refusals: ['CASE.APPROVAL_ALREADY_PENDING'],
  },
  resume: { request: common.EmptyActionDto, family: 'work-order', summary: 'Resume a parked case' },
  transfer: {
    request: common.TransferCaseRequestDto,
    family: 'work-order',
    summary: 'Ask to transfer the case to another unit; it takes effect when an entitled account approves it',
    refusals: ['CASE.APPROVAL_ALREADY_PENDING'],
  },
  'refer-out': {
    request: enforcement.ReferOutRequestDto,
    family: 'any',
    summary:
      'Refer the case out: a dispute to litigation, arbitration or an administrative route; a lead to the competent body',
  },
  'record-session': {
    request: dispute.RecordMediationSessionRequestDto,
    family: 'mediation',
    summary: 'Record a mediation session (人民调解)',
  },
  'record-agreement': {
    request: dispute.RecordMediationAgreementRequestDto,
    family: 'mediation',
    summary: 'Record the mediation agreement, which resolves the case',
  },
  'mediation-failed': {
    request: dispute.RecordMediationFailureRequestDto,
    family: 'mediation',
    summary: 'Record that mediation failed: escalate or refer out',
  },
  'request-judicial-confirmation': {
    request: dispute.RequestJudicialConfirmationRequestDto,
    family: 'mediation',
    summary: 'Record the application for judicial confirmation of a written agreement (司法确认)',
    refusals: ['CASE.JUDICIAL_CONFIRMATION_NOT_AVAILABLE', 'CASE.JUDICIAL_CONFIRMATION_WINDOW_CLOSED'],
  },
  route: {
    request: petition.RoutePetitionRequestDto,
    family: 'petition',
    summary: 'Route a petition to the body that handles it (转送/交办)',
  },
  notify: {
    request: petition.NotifyPetitionerRequestDto,
    family: 'petition',
    summary: 'Record the written notice to the petitioner',
  },
  object: {
    request: petition.ObjectToRoutingRequestDto,
    family: 'petition',
    summary: 'The body routed to objects that the petition is not its own',
  },
  divert: {
    request: petition.DivertPetitionRequestDto,
    family: 'petition',
    summary: 'Divert a request to its legal route (诉访分离)',
  },
  answer: {
    request: petition.AnswerPetitionRequestDto,
    family: 'petition',
    summary: 'Answer the petition (处理意见)',
  },
  'request-review': {
    request: petition.RequestReviewRequestDto,
    family: 'petition',
    summary: 'Record the request for review (复查)',
  },
  'answer-review': {
    request: petition.ReviewOpinionRequestDto,
    family: 'petition',
    summary: 'Answer the review',
  },
  'request-re-review': {
    request: petition.RequestReReviewRequestDto,
    family: 'petition',
    summary: 'Record the request for re-review (复核)',
  },
  'record-hearing': {
    request: petition.RecordReReviewHearingRequestDto,
    family: 'petition',
    summary: 'Record the re-review hearing (听证)',
  },
  'answer-re-review': {
    request: petition.ReviewOpinionRequestDto,
    family: 'petition',
    summary: 'Answer the re-review (final)',
  },
  'close-for-no-request': {
    request: common.EmptyActionDto,
    family: 'petition',
    summary: 'Close a petition whose review window passed without a request',
  },
  screen: {
    request: enforcement.ScreenLeadRequestDto,
    family: 'enforcement',
    summary: 'Screen an enforcement lead: file it, refer it, drop it, or settle it on the spot (简易程序)',
  },
  file: {
    request: enforcement.FileEnforcementCaseRequestDto,
    family: 'enforcement',
    summary: 'File the enforcement case (立案)',
  },
  'preserve-evidence': {
    request: enforcement.PreserveEvidenceRequestDto,
    family: 'enforcement',
    summary:
      'Ask to preserve evidence by registration (先行登记保存); it takes effect when the agency head approves it',
    refusals: ['CASE.APPROVAL_ALREADY_PENDING'],
  },
  'decide-preserved-evidence': {
    request: enforcement.DecidePreservedEvidenceRequestDto,
    family: 'enforcement',
    summary: 'Decide what happens to preserved evidence (within 7 days)',
  },
  'conclude-investigation': {
    request: enforcement.ConcludeInvestigationRequestDto,
    family: 'enforcement',
    summary: 'Conclude the investigation with its findings',
  },
  review: {
    request: enforcement.ReviewEnforcementCaseRequestDto,
    family: 'enforcement',
    summary: 'Record the review and, for a major case, the legal review (法制审核)',
  },
  'notify-penalty': {
    request: enforcement.NotifyProposedPenaltyRequestDto,
    family: 'enforcement',
    summary: 'Notify the party of the proposed penalty and its rights (告知)',
  },
  'request-hearing': {
    request: common.EmptyActionDto,
    family: 'enforcement',
    summary: 'Record the party’s request for a hearing',
  },
  'schedule-hearing': {
    request: enforcement.ScheduleHearingRequestDto,
    family: 'enforcement',
    summary: 'Schedule the hearing (notice 7 working days ahead)',
  },
  'hold-hearing': {
    request: enforcement.HoldHearingRequestDto,
    family: 'enforcement',
    summary: 'Record the hearing held',
  },
  decide: {
    request: enforcement.DecidePenaltyRequestDto,
    family: 'enforcement',
    summary: 'Decide the penalty (or none)',
  },
  serve: {
    request: enforcement.ServeDecisionRequestDto,
    family: 'enforcement',
    summary: 'Record service of the decision (送达)',
  },
  'record-payment': {
    request: enforcement.RecordPaymentRequestDto,
    family: 'enforcement',
    summary: 'Record the payment of the fine',
  },
  'demand-payment': {
    request: enforcement.DemandPaymentRequestDto,
    family: 'enforcement',
    summary: 'Demand an overdue payment (催告)',
  },
  'apply-court-enforcement': {
    request: enforcement.ApplyCourtEnforcementRequestDto,
    family: 'enforcement',
    summary: 'Apply to the court for compulsory enforcement',
  },
  archive: {
    request: enforcement.ArchiveEnforcementCaseRequestDto,
    family: 'enforcement',
    summary: 'Archive the closed enforcement case (归档)',
  },
  approve: {
    request: common.ApproveRequestDto,
    family: 'any',
    summary:
      'Approve a pending request (extension, parking, transfer, evidence preservation) as the holder of the approving post for the case',
    refusals: [
      'CASE.SELF_APPROVAL',
      'CASE.APPROVER_NOT_ENTITLED',
      'CASE.NO_PENDING_REQUEST',
      'CASE.EXTENSION_ALREADY_USED',
      'CASE.EXTENSION_TOO_LONG',
      'CASE.EXTENSION_AFTER_LAPSE',
      'CASE.EXTENSION_ENDS_IN_PAST',
    ],
  },
  'decline-approval': {
    request: common.DeclineApprovalRequestDto,
    family: 'any',
    summary: 'Decline a pending request, with the reason, as the holder of the approving post for the case',
    refusals: ['CASE.SELF_APPROVAL', 'CASE.APPROVER_NOT_ENTITLED', 'CASE.NO_PENDING_REQUEST'],
  },
};

/** Every action, in the table's order (the list an unknown action's answer names). */
export const CASE_ACTIONS = Object.keys(caseActionRoutes) as CaseAction[];

/** The route of `action`, or undefined for anything that is not an own key (e.g. `__proto__`). */
export function caseActionRouteOf(action: string): CaseActionRoute | undefined {
  return Object.prototype.hasOwnProperty.call(caseActionRoutes, action)
    ? caseActionRoutes[action as CaseAction]
    : undefined;
}

export function commandTypeOf(action: CaseAction): CaseCommandType {
  return caseActions[action];
}
