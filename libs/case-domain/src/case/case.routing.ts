import type { CaseCommand, CaseCommandType } from './case.commands.js';
import type { CaseEvent } from './case.events.js';
import {
  isDisputeCase,
  isEnforcementCase,
  isPetitionCase,
  route,
  runApproved,
  type DisputeCase,
  type EnforcementCase,
  type Moment,
  type PetitionCase,
  type RouteTable,
} from './case.handler.js';
import type { DecisionContext } from './case.rules.js';
import type { ReportedCase } from './case.state.js';
import { decideApproval } from './approvals/approval.handlers.js';
import { addAttachment } from './attachments/attachment.handlers.js';
import * as workOrder from './common/work-order.handlers.js';
import { DISPUTE_COMMAND_TYPES } from './dispute/dispute.commands.js';
import * as dispute from './dispute/dispute.handlers.js';
import { ENFORCEMENT_COMMAND_TYPES } from './enforcement/enforcement.commands.js';
import * as enforcement from './enforcement/enforcement.handlers.js';
import { PETITION_COMMAND_TYPES } from './petition/petition.commands.js';
import * as petition from './petition/petition.handlers.js';

/**
 * The routing tables: which command each type of case takes, and the one function that decides it.
 * A command missing from a table does not apply to that type (422 `CASE.COMMAND_NOT_APPLICABLE`);
 * the README's state tables list the same pairs.
 */
const DISPUTE_ROUTES: RouteTable<DisputeCase> = {
  RegisterCase: workOrder.registerCase,
  RejectCase: workOrder.rejectCase,
  DispatchCase: workOrder.dispatchCase,
  AcceptDispatch: workOrder.acceptDispatch,
  ReturnDispatch: workOrder.returnDispatch,
  StartWork: workOrder.startWork,
  ExtendDeadline: workOrder.extendDisputeDeadline,
  ResolveCase: workOrder.resolveCase,
  VerifyResolution: workOrder.verifyResolution,
  RequestRework: workOrder.requestRework,
  CloseCase: workOrder.closeCase,
  RecordFollowUp: workOrder.recordFollowUp,
  ReopenCase: workOrder.reopenCase,
  EscalateCase: workOrder.escalateCase,
  FlagRisk: workOrder.flagRisk,
  SuperviseDispatch: workOrder.superviseDispute,
  ParkCase: workOrder.parkCase,
  ResumeCase: workOrder.resumeCase,
  TransferCase: workOrder.transferCase,
  ReferOut: workOrder.referDisputeOut,
  RecordMediationSession: dispute.recordMediationSession,
  RecordMediationAgreement: dispute.recordMediationAgreement,
  RecordMediationFailure: dispute.recordMediationFailure,
  RequestJudicialConfirmation: dispute.requestJudicialConfirmation,
  AddAttachment: addAttachment,
};

const PETITION_ROUTES: RouteTable<PetitionCase> = {
  ExtendDeadline: petition.extendHandlingLimit,
  SuperviseDispatch: petition.supervisePetition,
  RoutePetition: petition.routePetition,
  NotifyPetitioner: petition.notifyPetitioner,
  ObjectToRouting: petition.objectToRouting,
  DivertPetition: petition.divertPetition,
  AnswerPetition: petition.answerPetition,
  RequestReview: petition.requestReview,
  AnswerReview: petition.answerReview,
  RequestReReview: petition.requestReReview,
  RecordReReviewHearing: petition.recordReReviewHearing,
  AnswerReReview: petition.answerReReview,
  ClosePetitionForNoRequest: petition.closePetitionForNoRequest,
  AddAttachment: addAttachment,
};

const ENFORCEMENT_ROUTES: RouteTable<EnforcementCase> = {
  ExtendDeadline: enforcement.extendDecisionLimit,
  ReferOut: enforcement.referLeadOut,
  SuperviseDispatch: enforcement.superviseEnforcement,
  ScreenLead: enforcement.screenLead,
  FileEnforcementCase: enforcement.fileEnforcementCase,
  PreserveEvidence: enforcement.preserveEvidence,
  DecidePreservedEvidence: enforcement.decidePreservedEvidence,
  ConcludeInvestigation: enforcement.concludeInvestigation,
  ReviewEnforcementCase: enforcement.reviewEnforcementCase,
  NotifyProposedPenalty: enforcement.notifyProposedPenalty,
  RequestHearing: enforcement.requestHearing,
  ScheduleHearing: enforcement.scheduleHearing,
  HoldHearing: enforcement.holdHearing,
  DecidePenalty: enforcement.decidePenalty,
  ServeDecision: enforcement.serveDecision,
  RecordPayment: enforcement.recordPayment,
  DemandPayment: enforcement.demandPayment,
  ApplyCourtEnforcement: enforcement.applyCourtEnforcement,
  ArchiveEnforcementCase: enforcement.archiveEnforcementCase,
  AddAttachment: addAttachment,
};

/** Why `type` does not apply: it belongs to another case type, or the type's own procedure replaces it. */
function notApplicableTo(own: (type: string) => string) {
  return (type: CaseCommandType): string => {
    if ((DISPUTE_COMMAND_TYPES as readonly string[]).includes(type))
      return `${type} applies to dispute cases only`;
    if ((PETITION_COMMAND_TYPES as readonly string[]).includes(type))
      return `${type} applies to petition cases only`;
    if ((ENFORCEMENT_COMMAND_TYPES as readonly string[]).includes(type))
      return `${type} applies to enforcement cases only`;
    return own(type);
  };
}
const disputeNotApplicable = notApplicableTo((type) => `${type} does not apply to dispute cases`);
const petitionNotApplicable = notApplicableTo(petition.petitionNotApplicable);
const enforcementNotApplicable = notApplicableTo(enforcement.enforcementNotApplicable);

/**
 * Decides a command on a reported case through its type's routing table. An approval (ADR 0019) runs
 * the approved command through the same table.
 */
export function decideOnCase(
  ctx: DecisionContext,
  command: Exclude<CaseCommand, { type: 'ReportCase' }>,
  state: ReportedCase,
  momentOf: () => Moment,
): CaseEvent[] {
  if (command.type === 'ApproveRequest' || command.type === 'DeclineRequest') {
    return decideApproval(command, state, momentOf, (approved, moment) =>
      byType(state, {
        petition: (s) =>
          runApproved(PETITION_ROUTES, petitionNotApplicable, ctx, approvedOf(approved), s, moment),
        enforcement: (s) =>
          runApproved(ENFORCEMENT_ROUTES, enforcementNotApplicable, ctx, approvedOf(approved), s, moment),
        dispute: (s) =>
          runApproved(DISPUTE_ROUTES, disputeNotApplicable, ctx, approvedOf(approved), s, moment),
      }),
    );
  }
  return byType(state, {
    petition: (s) => route(PETITION_ROUTES, petitionNotApplicable, ctx, command, s, momentOf),
    enforcement: (s) => route(ENFORCEMENT_ROUTES, enforcementNotApplicable, ctx, command, s, momentOf),
    dispute: (s) => route(DISPUTE_ROUTES, disputeNotApplicable, ctx, command, s, momentOf),
  });
}

const approvedOf = (command: CaseCommand): Exclude<CaseCommand, { type: 'ReportCase' }> => {
  if (command.type === 'ReportCase') throw new Error('a report is never approved');
  return command;
};

function byType<T>(
  state: ReportedCase,
  on: {
    petition: (state: PetitionCase) => T;
    enforcement: (state: EnforcementCase) => T;
    dispute: (state: DisputeCase) => T;
  },
): T {
  if (isPetitionCase(state)) return on.petition(state);
  if (isEnforcementCase(state)) return on.enforcement(state);
  if (isDisputeCase(state)) return on.dispute(state);
  throw new Error(`unknown case type ${String(state.caseType)}`);
}
