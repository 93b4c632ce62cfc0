import type { HandlingUnit, LocalDate, PersonRef } from '../case.types.js';
import type {
  PetitionAnswerKind,
  PetitionChannel,
  PetitionClass,
  PetitionLegalRoute,
  PetitionRoutingMode,
} from './petition.events.js';

/**
 * Where a petition stands (信访工作条例). The common `status` is derived from it:
 * received → reported; routed → dispatched; accepted / review_requested / re_review_requested → in_progress;
 * answered / reviewed → resolved; diverted → referred_out; informed / replied / final / closed_no_request → closed.
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

export interface PetitionOpinion {
  readonly answer: PetitionAnswerKind;
  readonly opinion: string;
  readonly legalBasis?: string;
  readonly answeredAt: string;
  readonly servedAt: string;
  readonly withinLimit: boolean;
}

export interface PetitionDetails {
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
  readonly routing: {
    readonly mode: PetitionRoutingMode;
    readonly toBody: HandlingUnit | null;
    readonly competentBody?: string;
    readonly routedAt: string;
    readonly withinLimit: boolean;
  } | null;
  readonly objections: ReadonlyArray<{
    readonly body: HandlingUnit;
    readonly reason: string;
    readonly objectedAt: string;
  }>;
  /** Acceptance (受理) by the handling body: the written notice of Art. 23. */
  readonly acceptance: {
    readonly body: HandlingUnit;
    readonly acceptedAt: string;
    readonly withinLimit: boolean;
  } | null;
  readonly diversion: {
    readonly route: PetitionLegalRoute;
    readonly body?: string;
    readonly reason: string;
    readonly divertedAt: string;
  } | null;
  readonly answer: PetitionOpinion | null;
  readonly review: {
    readonly body: HandlingUnit;
    readonly requestedAt: string;
    readonly reason: string;
    readonly opinion: PetitionOpinion | null;
  } | null;
  readonly reReview: {
    readonly body: HandlingUnit;
    readonly requestedAt: string;
    readonly reason: string;
    readonly hearings: ReadonlyArray<{
      readonly startedOn: LocalDate;
      readonly endedOn: LocalDate;
      readonly days: number;
    }>;
    readonly opinion: PetitionOpinion | null;
  } | null;
  /** Re-review answered: a new petition on the same facts and reasons is not accepted (Art. 36 para. 3). */
  readonly final: boolean;
  readonly closedForNoRequest: { readonly window: 'review' | 're_review'; readonly closedAt: string } | null;
}
