import type { DomainEvent } from '#domain-kernel';
import type { Deadline } from '../../calendar/deadline.js';
import type { LocalDate } from '../case.types.js';

/** The five comprehensive law-enforcement teams (docs/domain.md §1). */
export const ENFORCEMENT_TEAMS = [
  'market_supervision',
  'transport',
  'agriculture',
  'urban_management',
  'cultural_market',
] as const;
export type EnforcementTeam = (typeof ENFORCEMENT_TEAMS)[number];
export const PARTY_KINDS = ['person', 'organisation'] as const;
/** 公民 / 法人或者其他组织 (行政处罚法 Art. 51 limits differ). */
export type PartyKind = (typeof PARTY_KINDS)[number];
/** 行政处罚法 Art. 9, the kinds a comprehensive team imposes (administrative detention is for the police). */
export const PENALTY_KINDS = [
  'warning',
  'circulated_criticism',
  'fine',
  'confiscation',
  'licence_measure',
  'business_restriction',
] as const;
export type PenaltyKind = (typeof PENALTY_KINDS)[number];
/** Referral out at screening: to the competent administrative body, or to the judiciary (suspected crime). */
export const ENFORCEMENT_REFERRAL_ROUTES = ['competent_body', 'judiciary'] as const;
export type EnforcementReferralRoute = (typeof ENFORCEMENT_REFERRAL_ROUTES)[number];
/** What becomes of evidence registered for preservation (先行登记保存, Art. 56). */
export const PRESERVED_EVIDENCE_DECISIONS = ['release', 'seize', 'test', 'transfer'] as const;
export type PreservedEvidenceDecision = (typeof PRESERVED_EVIDENCE_DECISIONS)[number];
export const SERVICE_METHODS = ['in_person', 'on_the_spot', 'post', 'electronic', 'public_notice'] as const;
export type ServiceMethod = (typeof SERVICE_METHODS)[number];

export interface EnforcementParty {
  readonly kind: PartyKind;
  readonly name: string;
  readonly idNumber?: string;
}

/** A penalty (proposed or decided). Money in integer fen; `fineFen > 0` exactly when `kinds` has `fine`. */
export interface PenaltyTerms {
  readonly kinds: ReadonlyArray<PenaltyKind>;
  readonly fineFen: number;
  readonly note?: string;
}

/** Enforcement data of `ReportCase` (`data.enforcement`). */
export interface EnforcementReport {
  readonly team: EnforcementTeam;
  /** Area (or specialised) squad by jurisdiction. */
  readonly squadId: string;
  readonly brigadeId?: string;
  readonly party?: EnforcementParty;
  /** How the lead came in (patrol, complaint, transfer, ...). */
  readonly leadSource?: string;
}

export interface EnforcementReportDetails {
  readonly caseType: 'enforcement';
  readonly team: EnforcementTeam;
  readonly squadId: string;
  readonly brigadeId: string | null;
  readonly party: EnforcementParty | null;
  readonly leadSource: string | null;
  /** Lead screening: filing decided within 15 working days. */
  readonly screeningDeadline: Deadline;
}

export type LeadScreened = DomainEvent<
  'LeadScreened',
  {
    caseId: string;
    screenedAt: string;
    screenedBy: string;
    outcome: 'not_filed' | 'simple_procedure';
    reason: string;
    withinLimit: boolean;
  }
>;
export type EnforcementCaseFiled = DomainEvent<
  'EnforcementCaseFiled',
  {
    caseId: string;
    filedAt: string;
    filedBy: string;
    caseNo?: string;
    officers: string[];
    major: boolean;
    withinLimit: boolean;
    /** 90 days from filing (行政处罚法 Art. 60). */
    deadlines: { decision: Deadline };
  }
>;
export type EvidencePreserved = DomainEvent<
  'EvidencePreserved',
  {
    caseId: string;
    preservationNo: number;
    preservedAt: string;
    preservedBy: string;
    approvedBy: string;
    items: string[];
    deadlines: { evidenceDecision: Deadline };
  }
>;
export type PreservedEvidenceDecided = DomainEvent<
  'PreservedEvidenceDecided',
  {
    caseId: string;
    preservationNo: number;
    decidedAt: string;
    decidedBy: string;
    decision: PreservedEvidenceDecision;
    note?: string;
    withinLimit: boolean;
  }
>;
export type InvestigationConcluded = DomainEvent<
  'InvestigationConcluded',
  { caseId: string; concludedAt: string; concludedBy: string; summary: string }
>;
export type EnforcementCaseReviewed = DomainEvent<
  'EnforcementCaseReviewed',
  {
    caseId: string;
    reviewedAt: string;
    reviewedBy: string;
    outcome: 'no_penalty' | 'transfer_to_judiciary' | 'proposed_penalty';
    reason: string;
    major: boolean;
    legalReview: { reviewer: string; opinion: string; passed: boolean } | null;
    proposedPenalty?: PenaltyTerms;
    judiciaryBody?: string;
    /** For no_penalty / transfer_to_judiciary: whether the 90-day decision limit was kept. */
    withinLimit: boolean;
  }
>;
export type ProposedPenaltyNotified = DomainEvent<
  'ProposedPenaltyNotified',
  {
    caseId: string;
    notifiedAt: string;
    notifiedBy: string;
    hearingRight: boolean;
    content?: string;
    /** 5 working days to request a hearing (Art. 64 (1), Art. 85), when the party has the right (Art. 63). */
    deadlines: { hearingRequest?: Deadline };
  }
>;
export type HearingRequested = DomainEvent<
  'HearingRequested',
  { caseId: string; requestedAt: string; recordedBy: string }
>;
export type HearingScheduled = DomainEvent<
  'HearingScheduled',
  {
    caseId: string;
    scheduledAt: string;
    scheduledBy: string;
    hearingAt: string;
    place: string;
    presidedBy: string;
    /** The notice period: the hearing may not be held before its end (Art. 64 (2), Art. 85). */
    noticePeriod: Deadline;
  }
>;
export type HearingHeld = DomainEvent<
  'HearingHeld',
  {
    caseId: string;
    heldAt: string;
    recordedBy: string;
    presidedBy: string;
    partyAttended: boolean;
    record: string;
    /** The party stayed away: the hearing right is deemed waived (Art. 64 (6)). */
    waived: boolean;
  }
>;
export type PenaltyDecided = DomainEvent<
  'PenaltyDecided',
  {
    caseId: string;
    decidedAt: string;
    decidedBy: string;
    procedure: 'ordinary' | 'simple';
    outcome: 'penalty' | 'no_penalty';
    penalty: PenaltyTerms | null;
    decisionNo?: string;
    reason: string;
    party: EnforcementParty | null;
    withinLimit: boolean;
    /** 7 working days to serve the decision when it is not handed over at once (Art. 61, Art. 85). */
    deadlines: { service?: Deadline };
  }
>;
export type PenaltyDecisionServed = DomainEvent<
  'PenaltyDecisionServed',
  {
    caseId: string;
    servedAt: string;
    recordedBy: string;
    method: ServiceMethod;
    withinLimit: boolean;
    /** Payment 15 days from receipt (Art. 67) when there is a fine; the party's 6-month litigation period (行政诉讼法 Art. 46). */
    deadlines: { payment?: Deadline; appeal: Deadline };
  }
>;
export type FinePaid = DomainEvent<
  'FinePaid',
  {
    caseId: string;
    recordedAt: string;
    recordedBy: string;
    paidOn: LocalDate;
    /** Business time of the payment (absent in events recorded before business time). */
    paidAt?: string;
    fineFen: number;
    surchargeFen: number;
    totalFen: number;
    lateDays: number;
    receiptNo?: string;
  }
>;
export type PaymentDemanded = DomainEvent<
  'PaymentDemanded',
  {
    caseId: string;
    demandedAt: string;
    demandedBy: string;
    fineFen: number;
    surchargeFenSoFar: number;
    /** 10 working days after the demand (行政强制法 Arts. 54, 69); court application within 3 months after the appeal period (Art. 53). */
    deadlines: { demand: Deadline; courtApplication: Deadline };
  }
>;
export type CourtEnforcementApplied = DomainEvent<
  'CourtEnforcementApplied',
  {
    caseId: string;
    appliedAt: string;
    appliedBy: string;
    court: string;
    fineFen: number;
    surchargeFen: number;
  }
>;
export type EnforcementCaseArchived = DomainEvent<
  'EnforcementCaseArchived',
  { caseId: string; archivedAt: string; archivedBy: string; note?: string }
>;

export type EnforcementEvent =
  | LeadScreened
  | EnforcementCaseFiled
  | EvidencePreserved
  | PreservedEvidenceDecided
  | InvestigationConcluded
  | EnforcementCaseReviewed
  | ProposedPenaltyNotified
  | HearingRequested
  | HearingScheduled
  | HearingHeld
  | PenaltyDecided
  | PenaltyDecisionServed
  | FinePaid
  | PaymentDemanded
  | CourtEnforcementApplied
  | EnforcementCaseArchived;
