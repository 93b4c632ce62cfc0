import type { Deadline } from '../../calendar/deadline.js';
import type { LocalDate } from '../case.types.js';
import type {
  EnforcementParty,
  EnforcementTeam,
  PenaltyTerms,
  PreservedEvidenceDecision,
  ServiceMethod,
} from './enforcement.events.js';

/**
 * Where a law-enforcement case stands (行政处罚法). The common `status` is derived from it:
 * lead → reported; not_filed → rejected; referred_out / transferred → referred_out;
 * investigating … heard → in_progress; no_penalty, decided … court_enforcement → resolved; archived → closed.
 */
export type EnforcementStage =
  | 'lead'
  | 'not_filed'
  | 'referred_out'
  | 'investigating'
  | 'under_review'
  | 'no_penalty'
  | 'transferred'
  | 'penalty_proposed'
  | 'notified'
  | 'hearing_requested'
  | 'hearing_scheduled'
  | 'heard'
  | 'decided'
  | 'awaiting_payment'
  | 'demanded'
  | 'paid'
  | 'executed'
  | 'court_enforcement'
  | 'archived';
export const ENFORCEMENT_STAGES: readonly EnforcementStage[] = [
  'lead',
  'not_filed',
  'referred_out',
  'investigating',
  'under_review',
  'no_penalty',
  'transferred',
  'penalty_proposed',
  'notified',
  'hearing_requested',
  'hearing_scheduled',
  'heard',
  'decided',
  'awaiting_payment',
  'demanded',
  'paid',
  'executed',
  'court_enforcement',
  'archived',
];

export interface EvidencePreservation {
  readonly preservationNo: number;
  readonly items: ReadonlyArray<string>;
  readonly preservedAt: string;
  readonly approvedBy: string;
  readonly deadline: Deadline;
  readonly decision: {
    readonly decision: PreservedEvidenceDecision;
    readonly decidedAt: string;
    readonly withinLimit: boolean;
    readonly note?: string;
  } | null;
}

export interface EnforcementDetails {
  readonly caseType: 'enforcement';
  readonly stage: EnforcementStage;
  readonly team: EnforcementTeam;
  readonly squadId: string;
  readonly brigadeId: string | null;
  readonly party: EnforcementParty | null;
  readonly leadSource: string | null;
  readonly screening: {
    readonly outcome: 'not_filed' | 'simple_procedure' | 'filed' | 'referred_out';
    readonly at: string;
    readonly withinLimit: boolean;
    readonly reason?: string;
  } | null;
  readonly filing: {
    readonly filedAt: string;
    readonly caseNo?: string;
    readonly officers: ReadonlyArray<string>;
  } | null;
  readonly major: boolean;
  readonly preservations: ReadonlyArray<EvidencePreservation>;
  readonly investigation: { readonly concludedAt: string; readonly summary: string } | null;
  readonly review: {
    readonly reviewedAt: string;
    readonly outcome: 'no_penalty' | 'transfer_to_judiciary' | 'proposed_penalty';
    readonly reason: string;
    readonly legalReview: {
      readonly reviewer: string;
      readonly opinion: string;
      readonly passed: boolean;
    } | null;
    readonly judiciaryBody?: string;
  } | null;
  readonly proposedPenalty: PenaltyTerms | null;
  readonly notice: { readonly notifiedAt: string; readonly hearingRight: boolean } | null;
  readonly hearing: {
    readonly requestedAt: string;
    readonly scheduled: {
      readonly hearingAt: string;
      readonly place: string;
      readonly presidedBy: string;
      readonly noticePeriod: Deadline;
    } | null;
    readonly held: {
      readonly heldAt: string;
      readonly partyAttended: boolean;
      readonly waived: boolean;
    } | null;
  } | null;
  readonly decision: {
    readonly procedure: 'ordinary' | 'simple';
    readonly outcome: 'penalty' | 'no_penalty';
    readonly penalty: PenaltyTerms | null;
    readonly decidedAt: string;
    readonly decisionNo?: string;
    readonly withinLimit: boolean;
  } | null;
  readonly service: {
    readonly servedAt: string;
    readonly method: ServiceMethod;
    readonly withinLimit: boolean;
  } | null;
  readonly execution: {
    readonly fineFen: number;
    /** Last day to pay (after any move past a holiday): the late surcharge runs from the next day. */
    readonly paymentDueDate: LocalDate | null;
    /** The party's litigation period; the court application waits for its end (行政强制法 Art. 53). */
    readonly appealPeriod: Deadline;
    readonly demandedAt: string | null;
    readonly payment: {
      readonly paidOn: LocalDate;
      readonly fineFen: number;
      readonly surchargeFen: number;
      readonly totalFen: number;
    } | null;
    readonly court: {
      readonly court: string;
      readonly appliedAt: string;
      readonly surchargeFen: number;
    } | null;
  } | null;
  readonly archivedAt: string | null;
}
