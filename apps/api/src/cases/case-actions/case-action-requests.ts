import type { CaseCommandType } from '#case-domain';
import { caseActions } from '#case-domain';
import * as common from './common-actions.request.dto.js';
import * as dispute from './dispute-actions.request.dto.js';

type RequestClass = new () => object;

/**
 * The request DTO of each action of POST /api/v1/cases/{id}/{action}. Every action the domain
 * exposes (caseActions) must have one; a test keeps the two lists equal.
 */
export const caseActionRequests: Partial<Record<keyof typeof caseActions, RequestClass>> = {
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
  supervise: common.ReasonRequestDto,
  park: common.ParkCaseRequestDto,
  resume: common.EmptyActionDto,
  transfer: common.TransferCaseRequestDto,
  'refer-out': common.ReferOutRequestDto,
  'record-session': dispute.RecordMediationSessionRequestDto,
  'record-agreement': dispute.RecordMediationAgreementRequestDto,
  'mediation-failed': dispute.RecordMediationFailureRequestDto,
  'request-judicial-confirmation': dispute.RequestJudicialConfirmationRequestDto,
};

export function commandTypeOf(action: string): CaseCommandType | undefined {
  return Object.prototype.hasOwnProperty.call(caseActions, action)
    ? (caseActions as Record<string, CaseCommandType>)[action]
    : undefined;
}
