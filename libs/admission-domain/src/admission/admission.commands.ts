import type { LocalDate } from '#domain-kernel';
import type { Command } from '../shared.types.js';
import type {
  ListsInForce,
  OwnerLevel,
  PositiveListKind,
  WorkNature,
} from '../list/responsibility-list.types.js';

/** What comes with a pushed-down work item (费随事转、权随责走). Money in integer fen. */
export interface AdmissionResources {
  /** Staff posts transferred or funded (人员编制 / 岗位). */
  readonly staff: number;
  /** Annual funding in fen (分). */
  readonly fundingFen: number;
  readonly equipment: ReadonlyArray<{ readonly name: string; readonly quantity: number }>;
}

/** The work item a district department wants to push down. */
export interface WorkItemProposal {
  readonly title: string;
  readonly description: string;
  readonly itemClass: string;
  readonly nature: WorkNature;
  readonly targetLevel: OwnerLevel;
  /** Law, regulation or document the item rests on; absent when the department names none. */
  readonly legalBasis?: string;
  /** The list code the department believes already covers the item, if any. */
  readonly listItemCode?: string;
}

/** Kinds of unit a request may name: a street/township, or a community/village. */
export const TARGET_UNIT_KINDS = ['street', 'community'] as const;
export type TargetUnitKind = (typeof TARGET_UNIT_KINDS)[number];

/**
 * A street/township or community/village the work would be pushed down to, as the registry named it
 * when the request was made. A request naming none targets every unit of its level.
 */
export interface AdmissionTargetUnit {
  readonly id: string;
  readonly kind: TargetUnitKind;
  readonly name: string;
}

/** At most this many units per request (beyond it, target the whole level). */
export const MAX_TARGET_UNITS = 100;

/** The kind of unit that sits at an owner level: street work goes to streets, community work to communities. */
export const unitKindOfLevel = (level: OwnerLevel): TargetUnitKind =>
  level === 'street' ? 'street' : 'community';

/**
 * A department applies to push a work item down. `lists` are the district's lists in force on
 * `startFrom` (default: the submission day), read by the application from the list streams
 * (`listsInForce`): the check spans streams, and a decider sees only its own.
 */
export type SubmitAdmissionRequest = Command<
  'SubmitAdmissionRequest',
  {
    requestId: string;
    districtCode: string;
    /** The applying district department, e.g. `区民政局`. */
    department: string;
    work: WorkItemProposal;
    reason: string;
    resources: AdmissionResources;
    /** When the work would start at the lower level. */
    startFrom?: LocalDate;
    /** Specific streets or communities of `work.targetLevel`; absent or empty: every unit of that level. */
    targetUnits?: readonly AdmissionTargetUnit[];
    lists: ListsInForce;
  }
>;

export const REVIEW_OPINIONS = ['recommend_approval', 'recommend_refusal'] as const;
export type ReviewOpinion = (typeof REVIEW_OPINIONS)[number];

/** The reviewing office records its opinion (审查意见). */
export type RecordReviewOpinion = Command<
  'RecordReviewOpinion',
  {
    opinion: ReviewOpinion;
    findings: string;
    reviewingOffice: string;
  }
>;

/** The authorised office approves (核准): the item joins `listKind` under `itemCode` from `effectiveFrom`. */
export type ApproveAdmission = Command<
  'ApproveAdmission',
  {
    authorisedOffice: string;
    listKind: PositiveListKind;
    itemCode: string;
    /** Default: the later of the requested start and the decision day. */
    effectiveFrom?: LocalDate;
    documentRef?: string;
    note?: string;
  }
>;

/** The authorised office refuses (不予准入). */
export type RefuseAdmission = Command<
  'RefuseAdmission',
  {
    authorisedOffice: string;
    reason: string;
    documentRef?: string;
  }
>;

/** The department withdraws its request before a decision. */
export type WithdrawAdmissionRequest = Command<'WithdrawAdmissionRequest', { reason: string }>;

export type AdmissionCommand =
  | SubmitAdmissionRequest
  | RecordReviewOpinion
  | ApproveAdmission
  | RefuseAdmission
  | WithdrawAdmissionRequest;
export type AdmissionCommandType = AdmissionCommand['type'];
export const ADMISSION_COMMAND_TYPES: readonly AdmissionCommandType[] = [
  'SubmitAdmissionRequest',
  'RecordReviewOpinion',
  'ApproveAdmission',
  'RefuseAdmission',
  'WithdrawAdmissionRequest',
];
