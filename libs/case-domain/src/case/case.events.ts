import type { ApprovalEvent } from './approvals/approval.events.js';
import type { DomainEvent } from '#domain-kernel';
import type { Deadline } from '../calendar/deadline.js';
import type { AttachmentEvent } from './attachments/attachment.events.js';
import type {
  CaseLocation,
  CaseReferralRoute,
  CaseSource,
  CaseType,
  EscalationTrigger,
  HandlingUnit,
  JurisdictionLevel,
  LocalDate,
  PersonRef,
  Satisfaction,
  Urgency,
} from './case.types.js';
import type { DisputeEvent, DisputeReportDetails } from './dispute/dispute.events.js';
import type { EnforcementEvent, EnforcementReportDetails } from './enforcement/enforcement.events.js';
import type { PetitionEvent, PetitionReportDetails } from './petition/petition.events.js';

/** Type-specific data captured at report time. */
export type CaseReportDetails = DisputeReportDetails | PetitionReportDetails | EnforcementReportDetails;

export type CaseReported = DomainEvent<
  'CaseReported',
  {
    caseId: string;
    caseType: CaseType;
    source: CaseSource;
    title: string;
    description: string;
    category: string;
    urgency: Urgency;
    location: CaseLocation;
    reporter: PersonRef | null;
    level: JurisdictionLevel;
    reportedAt: string;
    reportedBy: string;
    details: CaseReportDetails;
  }
>;
export type CaseRegistered = DomainEvent<
  'CaseRegistered',
  {
    caseId: string;
    registeredAt: string;
    registeredBy: string;
    urgency: Urgency;
    category: string;
    level: JurisdictionLevel;
    /** Whole-case deadlines that start at registration (dispute: whole mediation). */
    deadlines: { wholeMediation?: Deadline };
  }
>;
export type CaseRejected = DomainEvent<
  'CaseRejected',
  { caseId: string; rejectedAt: string; rejectedBy: string; reason: string }
>;
export type CaseDispatched = DomainEvent<
  'CaseDispatched',
  {
    caseId: string;
    dispatchedAt: string;
    dispatchedBy: string;
    unit: HandlingUnit;
    level: JurisdictionLevel;
    /** Designated by the centre after a return (or a transfer): this unit may not return it. */
    designated: boolean;
    /** `level` present when the level's clock starts with this dispatch. */
    deadlines: { sign: Deadline; firstFeedback: Deadline; level?: Deadline };
  }
>;
export type DispatchAccepted = DomainEvent<
  'DispatchAccepted',
  { caseId: string; acceptedAt: string; acceptedBy: string; unit: HandlingUnit; withinLimit: boolean }
>;
export type DispatchReturned = DomainEvent<
  'DispatchReturned',
  { caseId: string; returnedAt: string; returnedBy: string; unit: HandlingUnit; reason: string }
>;
export type WorkStarted = DomainEvent<
  'WorkStarted',
  { caseId: string; startedAt: string; startedBy: string; firstFeedbackWithinLimit: boolean }
>;
/** `handling`: petition (Art. 34); `decision`: enforcement (Art. 60). */
export type ExtendableDeadline = 'level' | 'wholeMediation' | 'handling' | 'decision';
export type DeadlineExtended = DomainEvent<
  'DeadlineExtended',
  {
    caseId: string;
    extendedAt: string;
    requestedBy: string;
    approvedBy: string;
    reason: string;
    deadline: ExtendableDeadline;
    previousDueAt: string;
    newDeadline: Deadline;
  }
>;
export type CaseResolved = DomainEvent<
  'CaseResolved',
  { caseId: string; resolvedAt: string; resolvedBy: string; result: string; summary?: string }
>;
export type ResolutionVerified = DomainEvent<
  'ResolutionVerified',
  { caseId: string; verifiedAt: string; verifiedBy: string; note?: string }
>;
export type ReworkRequested = DomainEvent<
  'ReworkRequested',
  { caseId: string; requestedAt: string; requestedBy: string; reason: string }
>;
export type CaseClosed = DomainEvent<
  'CaseClosed',
  { caseId: string; closedAt: string; closedBy: string; note?: string }
>;
export type FollowUpRecorded = DomainEvent<
  'FollowUpRecorded',
  {
    caseId: string;
    recordedAt: string;
    recordedBy: string;
    satisfaction: Satisfaction;
    reporterSaysResolved: boolean;
    note?: string;
  }
>;
export type CaseReopened = DomainEvent<
  'CaseReopened',
  {
    caseId: string;
    reopenedAt: string;
    reopenedBy: string;
    reason: string;
    /** The unit that takes it up again; null ⇒ back to awaiting dispatch. */
    unit: HandlingUnit | null;
    deadlines: { level: Deadline };
  }
>;
export type CaseEscalated = DomainEvent<
  'CaseEscalated',
  {
    caseId: string;
    escalatedAt: string;
    escalatedBy: string;
    fromLevel: JurisdictionLevel;
    toLevel: JurisdictionLevel;
    trigger: EscalationTrigger;
    reason: string;
    deadline: Deadline;
  }
>;
export type RiskFlagged = DomainEvent<
  'RiskFlagged',
  {
    caseId: string;
    flaggedAt: string;
    flaggedBy: string;
    risk: string;
    /** 人民调解法 Art. 25: reported to the police at once. */
    policeReport: { reportedTo: string; reference?: string };
  }
>;
/**
 * Limits a supervision (督办) may name: the administration's own duties. The parties' windows
 * (objection, review / re-review requests, hearing request, demand period) are not duties and are
 * not supervised; the unpaid fine (`payment`) is, because the squad must follow it up (催告).
 */
export const SUPERVISED_DEADLINES = [
  'sign',
  'firstFeedback',
  'level',
  'wholeMediation',
  'routing',
  'notice',
  'handling',
  'reviewAnswer',
  'reReviewAnswer',
  'screening',
  'decision',
  'evidenceDecision',
  'service',
  'payment',
  'courtApplication',
] as const;
export type SupervisedDeadline = (typeof SUPERVISED_DEADLINES)[number];
export type DispatchSupervised = DomainEvent<
  'DispatchSupervised',
  {
    caseId: string;
    supervisedAt: string;
    supervisedBy: string;
    /** The unit supervised; null when the case has none (a petition before routing, an enforcement case: its squad). */
    unit: HandlingUnit | null;
    reason: string;
    overdue: ReadonlyArray<string>;
    /** The limit this supervision is about, when it names one (added with the deadline supervisions; older events have none). */
    deadline?: SupervisedDeadline;
    /** Due instant of that limit, telling one instance of it from a later one (after an extension or a new step). */
    deadlineDueAt?: string;
  }
>;
export type CaseParked = DomainEvent<
  'CaseParked',
  {
    caseId: string;
    parkedAt: string;
    parkedBy: string;
    approvedBy: string;
    reason: string;
    reviewOn?: LocalDate;
  }
>;
export type CaseResumed = DomainEvent<
  'CaseResumed',
  { caseId: string; resumedAt: string; resumedBy: string; deadlines: { level: Deadline } }
>;
export type CaseTransferred = DomainEvent<
  'CaseTransferred',
  {
    caseId: string;
    transferredAt: string;
    transferredBy: string;
    approvedBy: string;
    fromUnit: HandlingUnit;
    toUnit: HandlingUnit;
    reason: string;
    deadlines: { sign: Deadline; firstFeedback: Deadline };
  }
>;
export type CaseReferredOut = DomainEvent<
  'CaseReferredOut',
  {
    caseId: string;
    referredAt: string;
    referredBy: string;
    route: CaseReferralRoute;
    body?: string;
    reason: string;
  }
>;

/**
 * A fact entered after it happened, with why: added to the events of a command whose `occurredAt` lies
 * before its recording and that gave a `backdatingReason` (required beyond the backdating window).
 */
export type LateEntryJustified = DomainEvent<
  'LateEntryJustified',
  {
    caseId: string;
    /** The command whose fact is entered late. */
    command: string;
    occurredAt: string;
    recordedAt: string;
    hoursLate: number;
    reason: string;
  }
>;

export type CommonCaseEvent =
  | CaseReported
  | LateEntryJustified
  | CaseRegistered
  | CaseRejected
  | CaseDispatched
  | DispatchAccepted
  | DispatchReturned
  | WorkStarted
  | DeadlineExtended
  | CaseResolved
  | ResolutionVerified
  | ReworkRequested
  | CaseClosed
  | FollowUpRecorded
  | CaseReopened
  | CaseEscalated
  | RiskFlagged
  | DispatchSupervised
  | CaseParked
  | CaseResumed
  | CaseTransferred
  | CaseReferredOut;

/** Every event of the case stream. Types are stored strings: never rename one. */
export type CaseEvent =
  CommonCaseEvent | DisputeEvent | PetitionEvent | EnforcementEvent | AttachmentEvent | ApprovalEvent;
export type CaseEventType = CaseEvent['type'];
