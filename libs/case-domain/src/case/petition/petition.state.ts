import type { CaseStatus, HandlingUnit, LocalDate, PersonRef } from '../case.types.js';
import type {
  PetitionAnswerKind,
  PetitionChannel,
  PetitionClass,
  PetitionLegalRoute,
} from './petition.events.js';

/**
 * Where a petition stands (信访工作条例). The common `status` is derived from it by
 * `PETITION_STAGE_STATUS`, never kept in step by hand.
 */
export type PetitionStage =
  | 'received'
  | 'routed'
  | 'informed'
  | 'accepted'
  | 'diverted'
  | 'replied'
  | 'answered'
  | 'review_requested'
  | 'reviewed'
  | 're_review_requested'
  | 'final'
  | 'closed_no_request';
export const PETITION_STAGES: readonly PetitionStage[] = [
  'received',
  'routed',
  'informed',
  'accepted',
  'diverted',
  'replied',
  'answered',
  'review_requested',
  'reviewed',
  're_review_requested',
  'final',
  'closed_no_request',
];

/** The common status each petition stage shows as (lists and dashboards read it). */
export const PETITION_STAGE_STATUS = {
  received: 'reported',
  routed: 'dispatched',
  informed: 'closed',
  accepted: 'in_progress',
  diverted: 'referred_out',
  replied: 'closed',
  answered: 'resolved',
  review_requested: 'in_progress',
  reviewed: 'resolved',
  re_review_requested: 'in_progress',
  final: 'closed',
  closed_no_request: 'closed',
} as const satisfies Record<PetitionStage, CaseStatus>;

export interface PetitionOpinion {
  readonly answer: PetitionAnswerKind;
  readonly opinion: string;
  readonly legalBasis?: string;
  readonly answeredAt: string;
  readonly servedAt: string;
  readonly withinLimit: boolean;
}

/** Forwarded (转送) or assigned (交办) to a body that handles it. */
export interface PetitionRoutingToBody {
  readonly mode: 'forward' | 'assign';
  readonly toBody: HandlingUnit;
  readonly routedAt: string;
  readonly withinLimit: boolean;
}
/** The petitioner was told which body to go to (告知). */
export interface PetitionRoutingInform {
  readonly mode: 'inform';
  readonly toBody: null;
  readonly competentBody?: string;
  readonly routedAt: string;
  readonly withinLimit: boolean;
}
export type PetitionRouting = PetitionRoutingToBody | PetitionRoutingInform;

/** Acceptance (受理) by the handling body: the written notice of Art. 23. */
export interface PetitionAcceptance {
  readonly body: HandlingUnit;
  readonly acceptedAt: string;
  readonly withinLimit: boolean;
}
export interface PetitionDiversion {
  readonly route: PetitionLegalRoute;
  readonly body?: string;
  readonly reason: string;
  readonly divertedAt: string;
}
export interface PetitionReview<Opinion extends PetitionOpinion | null = PetitionOpinion | null> {
  readonly body: HandlingUnit;
  readonly requestedAt: string;
  readonly reason: string;
  readonly opinion: Opinion;
}
export interface PetitionReReview<
  Opinion extends PetitionOpinion | null = PetitionOpinion | null,
> extends PetitionReview<Opinion> {
  readonly hearings: ReadonlyArray<{
    readonly startedOn: LocalDate;
    readonly endedOn: LocalDate;
    readonly days: number;
  }>;
}

/** Every field of a petition, in every stage (null until its step); the stage variants narrow them. */
export interface PetitionRecord {
  readonly caseType: 'petition';
  readonly stage: PetitionStage;
  readonly channel: PetitionChannel;
  readonly class: PetitionClass;
  readonly petitioners: ReadonlyArray<PersonRef>;
  readonly representatives: ReadonlyArray<PersonRef>;
  readonly matter: string;
  readonly request: string | null;
  readonly respondent: string | null;
  readonly factsFingerprint: string;
  readonly routing: PetitionRouting | null;
  readonly objections: ReadonlyArray<{
    readonly body: HandlingUnit;
    readonly reason: string;
    readonly objectedAt: string;
  }>;
  readonly acceptance: PetitionAcceptance | null;
  readonly diversion: PetitionDiversion | null;
  readonly answer: PetitionOpinion | null;
  readonly review: PetitionReview | null;
  readonly reReview: PetitionReReview | null;
  /** Re-review answered: a new petition on the same facts and reasons is not accepted (Art. 36 para. 3). */
  readonly final: boolean;
  readonly closedForNoRequest: { readonly window: 'review' | 're_review'; readonly closedAt: string } | null;
}

type Stage<S extends PetitionStage, Fields> = Omit<PetitionRecord, 'stage' | keyof Fields> & {
  readonly stage: S;
} & Fields;
type Answered = { routing: PetitionRoutingToBody; acceptance: PetitionAcceptance; answer: PetitionOpinion };
type Reviewed = Answered & { review: PetitionReview<PetitionOpinion> };

/**
 * A petition's data as a union over its stages: what a stage has is not null in it, so the deciders
 * read it without assertions. The JSON shape is the same in every stage (absent steps are null).
 */
export type PetitionDetails =
  | Stage<'received', { routing: null; acceptance: null; answer: null; review: null; reReview: null }>
  | Stage<'routed', { routing: PetitionRoutingToBody; acceptance: null; answer: null }>
  | Stage<'informed', { routing: PetitionRoutingInform; acceptance: null; answer: null }>
  | Stage<'accepted', { routing: PetitionRoutingToBody; acceptance: PetitionAcceptance; answer: null }>
  | Stage<
      'diverted',
      { routing: PetitionRoutingToBody; acceptance: PetitionAcceptance; diversion: PetitionDiversion }
    >
  | Stage<'replied', Answered>
  | Stage<'answered', Answered & { review: null; reReview: null }>
  | Stage<'review_requested', Answered & { review: PetitionReview<null>; reReview: null }>
  | Stage<'reviewed', Reviewed & { reReview: null }>
  | Stage<'re_review_requested', Reviewed & { reReview: PetitionReReview<null> }>
  | Stage<'final', Reviewed & { reReview: PetitionReReview<PetitionOpinion>; final: true }>
  | Stage<
      'closed_no_request',
      | (Answered & { closedForNoRequest: { window: 'review'; closedAt: string } })
      | (Reviewed & { closedForNoRequest: { window: 're_review'; closedAt: string } })
    >;

/** The petition data of one stage (or of several). */
export type PetitionDetailsIn<S extends PetitionStage> = Extract<PetitionDetails, { stage: S }>;
