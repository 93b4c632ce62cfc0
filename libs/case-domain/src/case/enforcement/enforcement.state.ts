import type { Deadline } from '../../calendar/deadline.js';
import type { CaseStatus, LocalDate } from '../case.types.js';
import type {
  EnforcementParty,
  EnforcementTeam,
  PenaltyTerms,
  PreservedEvidenceDecision,
  ServiceMethod,
} from './enforcement.events.js';

/**
 * Where a law-enforcement case stands (行政处罚法). The common `status` is derived from it by
 * `ENFORCEMENT_STAGE_STATUS`, never kept in step by hand.
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

/** The common status each enforcement stage shows as (lists and dashboards read it). */
export const ENFORCEMENT_STAGE_STATUS = {
  lead: 'reported',
  not_filed: 'rejected',
  referred_out: 'referred_out',
  investigating: 'in_progress',
  under_review: 'in_progress',
  no_penalty: 'resolved',
  transferred: 'referred_out',
  penalty_proposed: 'in_progress',
  notified: 'in_progress',
  hearing_requested: 'in_progress',
  hearing_scheduled: 'in_progress',
  heard: 'in_progress',
  decided: 'resolved',
  awaiting_payment: 'resolved',
  demanded: 'resolved',
  paid: 'resolved',
  executed: 'resolved',
  court_enforcement: 'resolved',
  archived: 'closed',
} as const satisfies Record<EnforcementStage, CaseStatus>;

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

export interface EnforcementFiling {
  readonly filedAt: string;
  readonly caseNo?: string;
  readonly officers: ReadonlyArray<string>;
}
export interface EnforcementNotice {
  readonly notifiedAt: string;
  readonly hearingRight: boolean;
}
export interface ScheduledHearing {
  readonly hearingAt: string;
  readonly place: string;
  readonly presidedBy: string;
  readonly noticePeriod: Deadline;
}
export interface EnforcementHearing<
  Scheduled extends ScheduledHearing | null = ScheduledHearing | null,
  Held extends HeldHearing | null = HeldHearing | null,
> {
  readonly requestedAt: string;
  readonly scheduled: Scheduled;
  readonly held: Held;
}
export interface HeldHearing {
  readonly heldAt: string;
  readonly partyAttended: boolean;
  readonly waived: boolean;
}
export interface EnforcementDecision {
  readonly procedure: 'ordinary' | 'simple';
  readonly outcome: 'penalty' | 'no_penalty';
  readonly penalty: PenaltyTerms | null;
  readonly decidedAt: string;
  readonly decisionNo?: string;
  readonly withinLimit: boolean;
}
export interface EnforcementService {
  readonly servedAt: string;
  readonly method: ServiceMethod;
  readonly withinLimit: boolean;
}
export interface EnforcementExecution {
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
}
/** A fine the party owes: the payment period's last day is known. */
export type OwedExecution = EnforcementExecution & { readonly paymentDueDate: LocalDate };

/** Every field of an enforcement case, in every stage (null until its step); the stage variants narrow them. */
export interface EnforcementRecord {
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
  readonly filing: EnforcementFiling | null;
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
  readonly notice: EnforcementNotice | null;
  readonly hearing: EnforcementHearing | null;
  readonly decision: EnforcementDecision | null;
  readonly service: EnforcementService | null;
  readonly execution: EnforcementExecution | null;
  readonly archivedAt: string | null;
}

/** One variant per stage (distributes over a union of stages), so `Extract` by stage finds it. */
type Stage<S extends EnforcementStage, Fields = unknown> = S extends EnforcementStage
  ? Omit<EnforcementRecord, 'stage' | keyof Fields> & { readonly stage: S } & Fields
  : never;
type Filed = { filing: EnforcementFiling };
type Notified = Filed & { proposedPenalty: PenaltyTerms; notice: EnforcementNotice };
type Served = { decision: EnforcementDecision; service: EnforcementService };

/**
 * An enforcement case's data as a union over its stages: what a stage has is not null in it, so the
 * deciders read it without assertions. The JSON shape is the same in every stage (absent steps are null).
 */
export type EnforcementDetails =
  | Stage<'lead' | 'not_filed' | 'referred_out' | 'transferred' | 'archived'>
  | Stage<'investigating' | 'under_review', Filed>
  | Stage<'no_penalty', { decision: EnforcementDecision }>
  | Stage<'penalty_proposed', Filed & { proposedPenalty: PenaltyTerms }>
  | Stage<'notified', Notified>
  | Stage<'hearing_requested', Notified & { hearing: EnforcementHearing<null, null> }>
  | Stage<'hearing_scheduled', Notified & { hearing: EnforcementHearing<ScheduledHearing, null> }>
  | Stage<'heard', Notified & { hearing: EnforcementHearing<ScheduledHearing, HeldHearing> }>
  | Stage<'decided', { decision: EnforcementDecision }>
  | Stage<'awaiting_payment' | 'demanded', Served & { execution: OwedExecution }>
  | Stage<'paid' | 'executed' | 'court_enforcement', Served & { execution: EnforcementExecution }>;

/** The enforcement data of one stage (or of several). */
export type EnforcementDetailsIn<S extends EnforcementStage> = Extract<EnforcementDetails, { stage: S }>;
