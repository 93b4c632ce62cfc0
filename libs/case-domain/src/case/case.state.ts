import type { Deadline } from '../calendar/deadline.js';
import type { CaseApprovals } from './approvals/approval.events.js';
import type { AttachmentAdded } from './attachments/attachment.events.js';
import type {
  CaseLocation,
  CaseReferralRoute,
  CaseSource,
  CaseType,
  HandlingUnit,
  JurisdictionLevel,
  LocalDate,
  PersonRef,
  Satisfaction,
  Urgency,
} from './case.types.js';
import type { DisputeDetails } from './dispute/dispute.state.js';
import type { EnforcementDetails } from './enforcement/enforcement.state.js';
import type { PetitionDetails } from './petition/petition.state.js';

/** Type-specific part of a case, discriminated by `caseType`. */
export type CaseDetails = DisputeDetails | PetitionDetails | EnforcementDetails;

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

  // Petition (信访工作条例), each set while it runs and cleared when met.
  /** Petition office routes within 15 days (Art. 22). */
  readonly routing?: Deadline;
  /** Receiving body's written notice within 15 days (Art. 23). */
  readonly notice?: Deadline;
  /** Receiving body's objection to misrouting within 5 working days (Art. 23). */
  readonly objection?: Deadline;
  /** Handling within 60 days of acceptance, +30 with approval (Art. 34). */
  readonly handling?: Deadline;
  /** Petitioner's review request within 30 days of the answer (Art. 35). */
  readonly reviewRequest?: Deadline;
  /** Review opinion within 30 days of the request (Art. 35). */
  readonly reviewAnswer?: Deadline;
  /** Petitioner's re-review request within 30 days of the review opinion (Art. 36). */
  readonly reReviewRequest?: Deadline;
  /** Re-review opinion within 30 days of the request, hearing days excluded (Art. 36). */
  readonly reReviewAnswer?: Deadline;

  // Law enforcement (行政处罚法, 行政强制法).
  /** Lead screening: filing decided within 15 working days. */
  readonly screening?: Deadline;
  /** Decision within 90 days of filing, +30 with approval (行政处罚法 Art. 60). */
  readonly decision?: Deadline;
  /** Earliest undecided evidence preservation: decided within 7 working days (Art. 56). */
  readonly evidenceDecision?: Deadline;
  /** Party's hearing request within 5 working days of the notice (Art. 64). */
  readonly hearingRequest?: Deadline;
  /** Service of the decision within 7 working days (Art. 61). */
  readonly service?: Deadline;
  /** Party's payment within 15 days of receipt (Art. 67); late surcharge afterwards (Art. 72). */
  readonly payment?: Deadline;
  /** Demand (催告): 10 working days before a court application (行政强制法 Arts. 54, 69). */
  readonly demand?: Deadline;
  /** Court application within 3 months after the appeal period (行政强制法 Art. 53). */
  readonly courtApplication?: Deadline;
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
  /** Business time of the latest change. */
  readonly lastChangedAt: string;
  /**
   * Business time of the latest fact of the procedure (supervisions are none): a new fact may not be
   * earlier. Absent in states folded before business time was recorded.
   */
  readonly lastFactAt?: string;
  readonly resolution: {
    readonly result: string;
    readonly summary?: string;
    readonly resolvedAt: string;
  } | null;
  readonly riskFlag: {
    readonly risk: string;
    readonly flaggedAt: string;
    readonly policeReport: { readonly reportedTo: string; readonly reference?: string };
  } | null;
  readonly followUp: {
    readonly satisfaction: Satisfaction;
    readonly reporterSaysResolved: boolean;
    readonly recordedAt: string;
  } | null;
  readonly details: CaseDetails;
  /** Files attached as evidence, in order; absent in states folded before attachments existed. */
  readonly attachments?: readonly CaseAttachment[];
  /** Requests that need approval (ADR 0019); absent in states folded before approvals existed. */
  readonly approvals?: CaseApprovals;
}

/** One attached file as the case holds it (the AttachmentAdded event without the case id). */
export type CaseAttachment = Omit<AttachmentAdded['data'], 'caseId'>;

/** Statuses that carry no status-specific data. */
export type PlainCaseStatus =
  | 'reported'
  | 'registered'
  | 'dispatched'
  | 'accepted'
  | 'in_progress'
  | 'resolved'
  | 'verified'
  | 'closed'
  | 'followed_up';

export type ReportedCase =
  | (CaseRecord & { readonly status: PlainCaseStatus })
  | (CaseRecord & {
      readonly status: 'rejected';
      readonly rejection: { readonly reason: string; readonly rejectedAt: string };
    })
  | (CaseRecord & {
      readonly status: 'parked';
      readonly parking: {
        readonly reason: string;
        readonly parkedAt: string;
        readonly approvedBy: string;
        readonly reviewOn?: LocalDate;
      };
    })
  | (CaseRecord & {
      readonly status: 'referred_out';
      readonly referral: {
        readonly route: CaseReferralRoute;
        readonly body?: string;
        readonly reason: string;
        readonly referredAt: string;
      };
    });

/** The state of one case stream: nothing yet, or a reported case in one status. */
export type CaseState = { readonly status: 'none' } | ReportedCase;
