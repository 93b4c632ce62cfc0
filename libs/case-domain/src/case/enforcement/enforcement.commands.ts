import type { CommandMetadata, LocalDate } from '../case.types.js';
import type {
  PartyKind,
  PenaltyTerms,
  PreservedEvidenceDecision,
  ServiceMethod,
} from './enforcement.events.js';

type Command<Type extends string, Data> = {
  readonly type: Type;
  readonly data: Data;
  readonly metadata: CommandMetadata;
};

/** The on-the-spot (simple) procedure (行政处罚法 Arts. 51–52): decided and handed over at once. */
export interface OnTheSpotPenalty {
  readonly partyKind: PartyKind;
  readonly partyName?: string;
  readonly penalty: PenaltyTerms;
  readonly facts: string;
  readonly legalBasis: string;
  readonly officers: string[];
  readonly decisionNo?: string;
}

/**
 * Lead screening outcomes that open no file: `not_filed` (不予立案), or `simple_procedure` with
 * `onTheSpot` (warning, or a fine ≤ ¥200 person / ≤ ¥3,000 organisation). Filing is `FileEnforcementCase`,
 * referral `ReferOut`.
 */
export type ScreenLead = Command<
  'ScreenLead',
  { outcome: 'not_filed' | 'simple_procedure'; reason: string; onTheSpot?: OnTheSpotPenalty }
>;
/** 立案: starts the 90-day decision clock; at least two officers investigate (Art. 42). */
export type FileEnforcementCase = Command<
  'FileEnforcementCase',
  { officers: string[]; major?: boolean; caseNo?: string }
>;
/** 先行登记保存 with the agency head's approval; decided within 7 working days (Art. 56). */
export type PreserveEvidence = Command<'PreserveEvidence', { items: string[] }>;
export type DecidePreservedEvidence = Command<
  'DecidePreservedEvidence',
  { preservationNo: number; decision: PreservedEvidenceDecision; note?: string }
>;
export type ConcludeInvestigation = Command<'ConcludeInvestigation', { summary: string }>;
/**
 * 审查 (Art. 57): no penalty, transfer to the judiciary, or a proposed penalty. Major cases need a
 * passed legal review (法制审核, Art. 58); `major` here marks a case major at review.
 */
export type ReviewEnforcementCase = Command<
  'ReviewEnforcementCase',
  {
    outcome: 'no_penalty' | 'transfer_to_judiciary' | 'proposed_penalty';
    reason: string;
    major?: boolean;
    legalReview?: { reviewer: string; opinion: string; passed: boolean };
    proposedPenalty?: PenaltyTerms;
    judiciaryBody?: string;
  }
>;
/** Notice of the proposed penalty (Arts. 44–45); `hearingRight` when Art. 63 applies. */
export type NotifyProposedPenalty = Command<
  'NotifyProposedPenalty',
  { hearingRight: boolean; content?: string }
>;
export type RequestHearing = Command<'RequestHearing', Record<string, never>>;
export type ScheduleHearing = Command<
  'ScheduleHearing',
  { hearingAt: string; place: string; presidedBy: string }
>;
export type HoldHearing = Command<'HoldHearing', { partyAttended: boolean; record: string }>;
/** The decision (Arts. 57, 65). `hearingWaived` lets a party who waived in writing be decided before the request window ends. */
export type DecidePenalty = Command<
  'DecidePenalty',
  {
    outcome: 'penalty' | 'no_penalty';
    penalty?: PenaltyTerms;
    reason: string;
    decisionNo?: string;
    hearingWaived?: boolean;
  }
>;
/** Service of the decision (Art. 61): the business time (`occurredAt`) is when it was served; `servedAt` is the older name of it. */
export type ServeDecision = Command<
  'ServeDecision',
  { method: Exclude<ServiceMethod, 'on_the_spot'>; servedAt?: string }
>;
/**
 * Full payment of the fine and any late surcharge owed on the day paid (exact, in fen). The payment's
 * business time is `occurredAt`; `paidOn` may name its date instead (then the end of that day, or now).
 */
export type RecordPayment = Command<
  'RecordPayment',
  { amountFen: number; paidOn?: LocalDate; receiptNo?: string }
>;
/** 催告 (行政强制法 Arts. 35, 54) once the payment period has passed. */
export type DemandPayment = Command<'DemandPayment', { note?: string }>;
export type ApplyCourtEnforcement = Command<'ApplyCourtEnforcement', { court: string }>;
export type ArchiveEnforcementCase = Command<'ArchiveEnforcementCase', { note?: string }>;

export type EnforcementCommand =
  | ScreenLead
  | FileEnforcementCase
  | PreserveEvidence
  | DecidePreservedEvidence
  | ConcludeInvestigation
  | ReviewEnforcementCase
  | NotifyProposedPenalty
  | RequestHearing
  | ScheduleHearing
  | HoldHearing
  | DecidePenalty
  | ServeDecision
  | RecordPayment
  | DemandPayment
  | ApplyCourtEnforcement
  | ArchiveEnforcementCase;
export const ENFORCEMENT_COMMAND_TYPES: readonly EnforcementCommand['type'][] = [
  'ScreenLead',
  'FileEnforcementCase',
  'PreserveEvidence',
  'DecidePreservedEvidence',
  'ConcludeInvestigation',
  'ReviewEnforcementCase',
  'NotifyProposedPenalty',
  'RequestHearing',
  'ScheduleHearing',
  'HoldHearing',
  'DecidePenalty',
  'ServeDecision',
  'RecordPayment',
  'DemandPayment',
  'ApplyCourtEnforcement',
  'ArchiveEnforcementCase',
];
