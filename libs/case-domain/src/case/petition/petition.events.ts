import type { DomainEvent } from '#domain-kernel';
import type { Deadline } from '../../calendar/deadline.js';
import type { HandlingUnit, LocalDate, PersonRef } from '../case.types.js';

export const PETITION_CHANNELS = ['visit', 'letter', 'phone', 'online', 'fax'] as const;
export type PetitionChannel = (typeof PETITION_CHANNELS)[number];
/** 建议意见 / 检举控告 / 申诉求决 (信访工作条例第二十九–三十一条). */
export const PETITION_CLASSES = ['suggestion', 'accusation', 'request'] as const;
export type PetitionClass = (typeof PETITION_CLASSES)[number];
export const PETITION_ROUTING_MODES = ['forward', 'assign', 'inform'] as const;
/** 转送 / 交办 (result report required) / 告知. */
export type PetitionRoutingMode = (typeof PETITION_ROUTING_MODES)[number];
/** Legal routes of Art. 31 (1)–(4). */
export const PETITION_LEGAL_ROUTES = [
  'litigation',
  'arbitration',
  'administrative_review',
  'administrative_procedure',
  'party_appeal',
] as const;
export type PetitionLegalRoute = (typeof PETITION_LEGAL_ROUTES)[number];
/** Art. 32: 予以支持 / 解释说明 / 不予支持; `reply` answers a suggestion or accusation. */
export const PETITION_ANSWERS = ['support', 'explain', 'not_support', 'reply'] as const;
export type PetitionAnswerKind = (typeof PETITION_ANSWERS)[number];
/** A group visit elects at most 5 representatives (Art. 20 para. 3). */
export const MAX_VISIT_REPRESENTATIVES = 5;

/** Petition data of `ReportCase` (`data.petition`). */
export interface PetitionReport {
  readonly channel: PetitionChannel;
  readonly class: PetitionClass;
  /** Everyone raising the matter (≥ 1). */
  readonly petitioners: ReadonlyArray<PersonRef>;
  /** For a visit by several people: the elected representatives (≤ 5). */
  readonly representatives?: ReadonlyArray<PersonRef>;
  /** Facts and reasons (事实和理由). */
  readonly matter: string;
  /** What the petitioner asks for (投诉请求). */
  readonly request?: string;
  /** The body or person the petition is about. */
  readonly respondent?: string;
  /** Key of "the same facts and reasons" (Art. 36 para. 3); computed from the report when absent. */
  readonly factsFingerprint?: string;
}

export interface PetitionReportDetails {
  readonly caseType: 'petition';
  readonly channel: PetitionChannel;
  readonly class: PetitionClass;
  readonly petitioners: ReadonlyArray<PersonRef>;
  readonly representatives: ReadonlyArray<PersonRef>;
  readonly matter: string;
  readonly request: string | null;
  readonly respondent: string | null;
  readonly factsFingerprint: string;
  /** Routing limit of the petition office: 15 days from receipt (Art. 22). */
  readonly routingDeadline: Deadline;
}

export type PetitionRouted = DomainEvent<
  'PetitionRouted',
  {
    caseId: string;
    routedAt: string;
    routedBy: string;
    mode: PetitionRoutingMode;
    toBody: HandlingUnit | null;
    competentBody?: string;
    note?: string;
    withinLimit: boolean;
    /** forward/assign: the body's written notice (15 days, Art. 23) and objection limit (5 working days, Art. 23). */
    deadlines: { notice?: Deadline; objection?: Deadline };
  }
>;
export type PetitionerNotified = DomainEvent<
  'PetitionerNotified',
  {
    caseId: string;
    notifiedAt: string;
    notifiedBy: string;
    body: HandlingUnit;
    content: string;
    withinLimit: boolean;
    /** Handling limit from acceptance (Art. 34). */
    deadlines: { handling: Deadline };
  }
>;
export type PetitionRoutingObjected = DomainEvent<
  'PetitionRoutingObjected',
  {
    caseId: string;
    objectedAt: string;
    objectedBy: string;
    body: HandlingUnit;
    reason: string;
    /** The office routes again; a fresh 15-day routing limit from the objection. */
    deadlines: { routing: Deadline };
  }
>;
export type PetitionDiverted = DomainEvent<
  'PetitionDiverted',
  {
    caseId: string;
    divertedAt: string;
    divertedBy: string;
    route: PetitionLegalRoute;
    body?: string;
    reason: string;
  }
>;
export type PetitionAnswered = DomainEvent<
  'PetitionAnswered',
  {
    caseId: string;
    answeredAt: string;
    answeredBy: string;
    body: HandlingUnit | null;
    answer: PetitionAnswerKind;
    opinion: string;
    legalBasis?: string;
    servedAt: string;
    withinLimit: boolean;
    /** Assigned (交办) petitions report the result to the office (Art. 22 (3)). */
    resultReportRequired: boolean;
    /** Request class: review request window, 30 days from receipt of the answer (Art. 35). */
    deadlines: { reviewRequest?: Deadline };
  }
>;
export type PetitionReviewRequested = DomainEvent<
  'PetitionReviewRequested',
  {
    caseId: string;
    requestedAt: string;
    recordedBy: string;
    reviewBody: HandlingUnit;
    reason: string;
    deadlines: { reviewAnswer: Deadline };
  }
>;
export type PetitionReviewAnswered = DomainEvent<
  'PetitionReviewAnswered',
  {
    caseId: string;
    answeredAt: string;
    answeredBy: string;
    reviewBody: HandlingUnit;
    answer: Exclude<PetitionAnswerKind, 'reply'>;
    opinion: string;
    servedAt: string;
    withinLimit: boolean;
    deadlines: { reReviewRequest: Deadline };
  }
>;
export type PetitionReReviewRequested = DomainEvent<
  'PetitionReReviewRequested',
  {
    caseId: string;
    requestedAt: string;
    recordedBy: string;
    reReviewBody: HandlingUnit;
    reason: string;
    deadlines: { reReviewAnswer: Deadline };
  }
>;
export type PetitionReReviewHearingRecorded = DomainEvent<
  'PetitionReReviewHearingRecorded',
  {
    caseId: string;
    recordedAt: string;
    recordedBy: string;
    startedOn: LocalDate;
    endedOn: LocalDate;
    hearingDays: number;
    note?: string;
    /** The re-review limit with all hearing days so far left out. */
    deadlines: { reReviewAnswer: Deadline };
  }
>;
export type PetitionReReviewAnswered = DomainEvent<
  'PetitionReReviewAnswered',
  {
    caseId: string;
    answeredAt: string;
    answeredBy: string;
    reReviewBody: HandlingUnit;
    answer: Exclude<PetitionAnswerKind, 'reply'>;
    opinion: string;
    servedAt: string;
    withinLimit: boolean;
    factsFingerprint: string;
  }
>;
export type PetitionClosedForNoRequest = DomainEvent<
  'PetitionClosedForNoRequest',
  {
    caseId: string;
    closedAt: string;
    closedBy: string;
    window: 'review' | 're_review';
    windowEndedAt: string;
  }
>;

export type PetitionEvent =
  | PetitionRouted
  | PetitionerNotified
  | PetitionRoutingObjected
  | PetitionDiverted
  | PetitionAnswered
  | PetitionReviewRequested
  | PetitionReviewAnswered
  | PetitionReReviewRequested
  | PetitionReReviewHearingRecorded
  | PetitionReReviewAnswered
  | PetitionClosedForNoRequest;
