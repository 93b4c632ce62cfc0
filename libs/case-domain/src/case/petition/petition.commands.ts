import type { CommandMetadata, HandlingUnit, LocalDate } from '../case.types.js';
import type { PetitionAnswerKind, PetitionLegalRoute, PetitionRoutingMode } from './petition.events.js';

type Command<Type extends string, Data> = {
  readonly type: Type;
  readonly data: Data;
  readonly metadata: CommandMetadata;
};

/**
 * Routing by the petition office within 15 days (信访工作条例第二十二条): forward (转送) or assign
 * with a result report required (交办) to `toBody`; or inform (告知) the petitioner which body to go to.
 */
export type RoutePetition = Command<
  'RoutePetition',
  { mode: PetitionRoutingMode; toBody?: HandlingUnit; competentBody?: string; note?: string }
>;
/** The receiving body's written notice of receipt, route and procedure (Art. 23): the petition is accepted (受理). */
export type NotifyPetitioner = Command<'NotifyPetitioner', { content: string }>;
/** A misrouted body objects within 5 working days of receipt (Art. 23 para. 3); back to the office. */
export type ObjectToRouting = Command<'ObjectToRouting', { reason: string }>;
/** A request/appeal with a legal route is diverted to it (Art. 31 (1)–(4)). */
export type DivertPetition = Command<
  'DivertPetition',
  { route: PetitionLegalRoute; body?: string; reason: string }
>;
/**
 * The written answer (信访处理意见书, Art. 32): support / explain / not_support for a request;
 * `reply` for a suggestion (Art. 29) or an accusation (Art. 30). `servedAt` is when the petitioner
 * received it (default now): the 30-day review window runs from it (Art. 35).
 */
export type AnswerPetition = Command<
  'AnswerPetition',
  { answer: PetitionAnswerKind; opinion: string; legalBasis?: string; servedAt?: string }
>;
/** Review (复查) request to the body one level above the one that answered (Art. 35). `receivedAt` default now. */
export type RequestReview = Command<
  'RequestReview',
  { reviewBody: HandlingUnit; reason: string; receivedAt?: string }
>;
export type AnswerReview = Command<
  'AnswerReview',
  { answer: Exclude<PetitionAnswerKind, 'reply'>; opinion: string; servedAt?: string }
>;
/** Re-review (复核) request to the body one level above the reviewer (Art. 36). */
export type RequestReReview = Command<
  'RequestReReview',
  { reReviewBody: HandlingUnit; reason: string; receivedAt?: string }
>;
/** A hearing during re-review: its days are not counted in the 30-day limit (Art. 36 para. 2). */
export type RecordReReviewHearing = Command<
  'RecordReReviewHearing',
  { startedOn: LocalDate; endedOn: LocalDate; note?: string }
>;
/** The re-review opinion: final (Art. 36 para. 3). */
export type AnswerReReview = Command<
  'AnswerReReview',
  { answer: Exclude<PetitionAnswerKind, 'reply'>; opinion: string; servedAt?: string }
>;
/** Sent by the process manager once a review / re-review request window has passed unused. */
export type ClosePetitionForNoRequest = Command<'ClosePetitionForNoRequest', Record<string, never>>;

export type PetitionCommand =
  | RoutePetition
  | NotifyPetitioner
  | ObjectToRouting
  | DivertPetition
  | AnswerPetition
  | RequestReview
  | AnswerReview
  | RequestReReview
  | RecordReReviewHearing
  | AnswerReReview
  | ClosePetitionForNoRequest;
export const PETITION_COMMAND_TYPES: readonly PetitionCommand['type'][] = [
  'RoutePetition',
  'NotifyPetitioner',
  'ObjectToRouting',
  'DivertPetition',
  'AnswerPetition',
  'RequestReview',
  'AnswerReview',
  'RequestReReview',
  'RecordReReviewHearing',
  'AnswerReReview',
  'ClosePetitionForNoRequest',
];
