export * from './calendar/index.js';
export * from './policy/case-policy.js';
export * from './policy/statutory-periods.js';
export * from './case/case.types.js';
export * from './case/case.commands.js';
export * from './case/case.events.js';
export * from './case/case.state.js';
export * from './case/case.errors.js';
export * from './case/case-actions.js';
export { occurredAtOf } from './case/business-time.js';
export {
  caseDecider,
  caseStreamName,
  createCaseDecider,
  evolveCase,
  type CaseDeciderOptions,
} from './case/case.decider.js';
export type {
  DisputeCommand,
  RecordMediationAgreement,
  RecordMediationFailure,
  RecordMediationSession,
  RequestJudicialConfirmation,
} from './case/dispute/dispute.commands.js';
export { DISPUTE_COMMAND_TYPES } from './case/dispute/dispute.commands.js';
export type * from './case/dispute/dispute.events.js';
export type * from './case/dispute/dispute.state.js';
export type * from './case/petition/petition.commands.js';
export { PETITION_COMMAND_TYPES } from './case/petition/petition.commands.js';
export * from './case/petition/petition.events.js';
export * from './case/petition/petition.state.js';
export { isRepeatPetition, petitionFactsFingerprint } from './case/petition/petition-facts.js';
export type * from './case/enforcement/enforcement.commands.js';
export { ENFORCEMENT_COMMAND_TYPES } from './case/enforcement/enforcement.commands.js';
export * from './case/enforcement/enforcement.events.js';
export * from './case/enforcement/enforcement.state.js';
export {
  LATE_SURCHARGE_PERCENT_PER_DAY,
  lateDays,
  lateSurchargeFen,
} from './case/enforcement/late-surcharge.js';
export type * from './case/attachments/attachment.commands.js';
export * from './case/attachments/attachment.events.js';
export { AttachmentErrorCode, attachmentsOf } from './case/attachments/attachment.handlers.js';
export * from './case/case.fields.js';
export type * from './case/approvals/approval.commands.js';
export * from './case/approvals/approval.events.js';
export { approvalsOf, type CaseApprovals, type PendingApproval } from './case/approvals/approval.handlers.js';
export {
  approvingBodyOf,
  type ApprovalRegistry,
  type ApprovingBody,
} from './case/approvals/approving-body.js';
