import type { CaseCommandType } from './case.commands.js';

/**
 * HTTP action (`POST /api/v1/cases/{caseId}/{action}`, shared/api.md) → command type.
 * `ReportCase` is `POST /api/v1/cases` and has no action. Added beyond api.md: supervise, park,
 * resume, transfer.
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
} as const satisfies Record<string, CaseCommandType>;

export type CaseAction = keyof typeof caseActions;
