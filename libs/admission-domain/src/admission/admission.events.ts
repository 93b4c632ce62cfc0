import type { LocalDate, DomainEvent } from '#domain-kernel';
import type { Deadline } from '#case-domain';
import type {
  ListItemInput,
  ListKind,
  OwnerLevel,
  PositiveListKind,
} from '../list/responsibility-list.types.js';
import type {
  AdmissionResources,
  AdmissionTargetUnit,
  ReviewOpinion,
  WorkItemProposal,
} from './admission.commands.js';

export type AdmissionRequestSubmitted = DomainEvent<
  'AdmissionRequestSubmitted',
  {
    readonly requestId: string;
    readonly districtCode: string;
    readonly department: string;
    readonly work: WorkItemProposal;
    readonly reason: string;
    readonly resources: AdmissionResources;
    readonly startFrom: LocalDate;
    /** The streets or communities named; absent: every unit of `work.targetLevel` (and every request recorded before units could be named). */
    readonly targetUnits?: readonly AdmissionTargetUnit[];
    /** The list versions the request was checked against (null: none in force). */
    readonly checkedAgainst: {
      readonly asOf: LocalDate;
      readonly versions: Readonly<Record<ListKind, number | null>>;
    };
    readonly submittedBy: string;
    readonly submittedAt: string;
  }
>;

/** Outcome `AdmissionNotRequired`: the item is already on a list in force; no approval is needed. */
export type AdmissionFoundNotRequired = DomainEvent<
  'AdmissionFoundNotRequired',
  {
    readonly requestId: string;
    readonly outcome: 'AdmissionNotRequired';
    readonly listId: string;
    readonly listKind: PositiveListKind;
    readonly listVersion: number;
    readonly item: {
      readonly itemId: string;
      readonly code: string;
      readonly title: string;
      readonly level: OwnerLevel;
    };
    readonly matchedBy: 'code' | 'title';
    readonly decidedAt: string;
  }
>;

export interface NegativeClassRef {
  readonly entryId: string;
  readonly code: string;
  readonly title: string;
}

/** Refused automatically: the item falls in a negative-list class. */
export type AdmissionRefusedByNegativeList = DomainEvent<
  'AdmissionRefusedByNegativeList',
  {
    readonly requestId: string;
    readonly listId: string;
    readonly listVersion: number;
    /** The first class that caught the request, in list order (`listAsOf` sorts by code). */
    readonly negativeClass: NegativeClassRef;
    /** Every class that caught it. */
    readonly matched: readonly NegativeClassRef[];
    readonly reason: string;
    readonly refusedAt: string;
  }
>;

export type AdmissionReviewStarted = DomainEvent<
  'AdmissionReviewStarted',
  {
    readonly requestId: string;
    readonly reviewDeadline: Deadline;
    readonly startedAt: string;
  }
>;

export type AdmissionRequestReviewed = DomainEvent<
  'AdmissionRequestReviewed',
  {
    readonly requestId: string;
    readonly opinion: ReviewOpinion;
    readonly findings: string;
    readonly reviewingOffice: string;
    readonly reviewedBy: string;
    readonly reviewedAt: string;
    /** The opinion came after the review deadline. */
    readonly overdue: boolean;
    readonly decisionDeadline: Deadline;
  }
>;

/**
 * Approved: the item joins `listKind` from `effectiveFrom`. The list is another stream; derive its
 * command with `listCommandFromApproval`.
 */
export type AdmissionApproved = DomainEvent<
  'AdmissionApproved',
  {
    readonly requestId: string;
    readonly districtCode: string;
    readonly department: string;
    readonly authorisedOffice: string;
    readonly listKind: PositiveListKind;
    readonly item: ListItemInput;
    readonly effectiveFrom: LocalDate;
    readonly resources: AdmissionResources;
    readonly documentRef?: string;
    readonly note?: string;
    readonly approvedBy: string;
    readonly approvedAt: string;
    /** The decision came after the decision deadline. */
    readonly overdue: boolean;
  }
>;

export type AdmissionRefused = DomainEvent<
  'AdmissionRefused',
  {
    readonly requestId: string;
    readonly authorisedOffice: string;
    readonly reason: string;
    readonly documentRef?: string;
    readonly refusedBy: string;
    readonly refusedAt: string;
    readonly overdue: boolean;
  }
>;

export type AdmissionRequestWithdrawn = DomainEvent<
  'AdmissionRequestWithdrawn',
  {
    readonly requestId: string;
    readonly reason: string;
    readonly withdrawnBy: string;
    readonly withdrawnAt: string;
  }
>;

export type AdmissionEvent =
  | AdmissionRequestSubmitted
  | AdmissionFoundNotRequired
  | AdmissionRefusedByNegativeList
  | AdmissionReviewStarted
  | AdmissionRequestReviewed
  | AdmissionApproved
  | AdmissionRefused
  | AdmissionRequestWithdrawn;
export type AdmissionEventType = AdmissionEvent['type'];
export const ADMISSION_EVENT_TYPES: readonly AdmissionEventType[] = [
  'AdmissionRequestSubmitted',
  'AdmissionFoundNotRequired',
  'AdmissionRefusedByNegativeList',
  'AdmissionReviewStarted',
  'AdmissionRequestReviewed',
  'AdmissionApproved',
  'AdmissionRefused',
  'AdmissionRequestWithdrawn',
];
