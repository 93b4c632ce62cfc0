import type { Deadline } from '../calendar/deadline.js';
import type {
  CaseLocation, CaseSource, CaseType, HandlingUnit, JurisdictionLevel, LocalDate, PersonRef, ReferralRoute, Satisfaction, Urgency,
} from './case.types.js';
import type { DisputeDetails } from './dispute/dispute.state.js';

/** Type-specific part of a case. Petition and enforcement add their members here. */
export type CaseDetails = DisputeDetails;

/** The active time limits of a case, each with its basis and counting. */
export interface CaseDeadlines {
  /** Sign (签收) limit of the current dispatch; cleared on acceptance. */
  readonly sign?: Deadline;
  /** First-feedback limit of the current dispatch; cleared when work starts. */
  readonly firstFeedback?: Deadline;
  /** Limit for settling the case at the current level (dispute: the mediation ladder). */
  readonly level?: Deadline;
  /** Dispute: whole mediation (1 month from registration, extendable). */
  readonly wholeMediation?: Deadline;
}

/** Counters used by assessment (考核). */
export interface CaseCounters {
  readonly returns: number;
  readonly reworks: number;
  readonly extensions: number;
  readonly escalations: number;
  readonly supervisions: number;
  readonly transfers: number;
}

export interface DispatchInfo {
  readonly unit: HandlingUnit;
  readonly dispatchedAt: string;
  readonly designated: boolean;
  readonly acceptedAt?: string;
  readonly signedWithinLimit?: boolean;
}

/** Fields every reported case has, whatever its status. */
export interface CaseRecord {
  readonly caseId: string;
  readonly caseType: CaseType;
  readonly source: CaseSource;
  readonly title: string;
  readonly description: string;
  readonly category: string;
  readonly urgency: Urgency;
  readonly location: CaseLocation;
  readonly reporter: PersonRef | null;
  readonly level: JurisdictionLevel;
  /** Current handling unit (null when awaiting dispatch). */
  readonly unit: HandlingUnit | null;
  readonly dispatch: DispatchInfo | null;
  /** A return happened at the current level: the next dispatch is a designation. */
  readonly returnedAtLevel: boolean;
  /** Level for which `deadlines.level` runs. */
  readonly levelDeadlineFor: JurisdictionLevel | null;
  readonly deadlines: CaseDeadlines;
  readonly counters: CaseCounters;
  readonly reportedAt: string;
  readonly registeredAt: string | null;
  readonly lastChangedAt: string;
  readonly resolution: { readonly result: string; readonly summary?: string; readonly resolvedAt: string } | null;
  readonly riskFlag: { readonly risk: string; readonly flaggedAt: string; readonly policeReport: { readonly reportedTo: string; readonly reference?: string } } | null;
  readonly followUp: { readonly satisfaction: Satisfaction; readonly reporterSaysResolved: boolean; readonly recordedAt: string } | null;
  readonly details: CaseDetails;
}

export type CaseStatus =
  | 'reported' | 'registered' | 'rejected' | 'dispatched' | 'accepted' | 'in_progress' | 'resolved' | 'verified'
  | 'closed' | 'followed_up' | 'parked' | 'referred_out';
export const CASE_STATUSES: readonly CaseStatus[] = [
  'reported', 'registered', 'rejected', 'dispatched', 'accepted', 'in_progress', 'resolved', 'verified',
  'closed', 'followed_up', 'parked', 'referred_out',
];

/** Statuses that carry no status-specific data. */
export type PlainCaseStatus = 'reported' | 'registered' | 'dispatched' | 'accepted' | 'in_progress' | 'resolved' | 'verified' | 'closed' | 'followed_up';

export type ReportedCase =
  | (CaseRecord & { readonly status: PlainCaseStatus })
  | (CaseRecord & { readonly status: 'rejected'; readonly rejection: { readonly reason: string; readonly rejectedAt: string } })
  | (CaseRecord & { readonly status: 'parked'; readonly parking: { readonly reason: string; readonly parkedAt: string; readonly approvedBy: string; readonly reviewOn?: LocalDate } })
  | (CaseRecord & { readonly status: 'referred_out'; readonly referral: { readonly route: ReferralRoute; readonly body?: string; readonly reason: string; readonly referredAt: string } });

/** The state of one case stream: nothing yet, or a reported case in one status. */
export type CaseState = { readonly status: 'none' } | ReportedCase;
