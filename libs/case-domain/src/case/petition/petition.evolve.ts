import { assertNever } from '#domain-kernel';
import type { CaseEvent } from '../case.events.js';
import { isPetitionIn, type PetitionCase } from '../case.handler.js';
import { toRecord } from '../case.rules.js';
import type { CaseRecord, ReportedCase } from '../case.state.js';
import type { PetitionEvent, PetitionReportDetails } from './petition.events.js';
import { PETITION_STAGE_STATUS, type PetitionDetails } from './petition.state.js';

const PETITION_EVENT_TYPES: ReadonlySet<string> = new Set<PetitionEvent['type']>([
  'PetitionRouted',
  'PetitionerNotified',
  'PetitionRoutingObjected',
  'PetitionDiverted',
  'PetitionAnswered',
  'PetitionReviewRequested',
  'PetitionReviewAnswered',
  'PetitionReReviewRequested',
  'PetitionReReviewHearingRecorded',
  'PetitionReReviewAnswered',
  'PetitionClosedForNoRequest',
]);

export function isPetitionEvent(event: CaseEvent): event is PetitionEvent {
  return PETITION_EVENT_TYPES.has(event.type);
}

export function initialPetitionDetails(report: PetitionReportDetails): PetitionDetails {
  const { routingDeadline: _routing, ...rest } = report;
  return {
    ...rest,
    stage: 'received',
    routing: null,
    objections: [],
    acceptance: null,
    diversion: null,
    answer: null,
    review: null,
    reReview: null,
    final: false,
    closedForNoRequest: null,
  };
}

/**
 * The case with new petition data: its common status is the one of the stage, and a petition that is
 * closed or diverted has no running limit left.
 */
function withDetails(
  state: PetitionCase,
  details: PetitionDetails,
  changedAt: string,
  changes: Partial<CaseRecord> = {},
): ReportedCase {
  const record: CaseRecord = { ...toRecord(state), ...changes, details, lastChangedAt: changedAt };
  const status = PETITION_STAGE_STATUS[details.stage];
  if (status === 'referred_out') {
    const { diversion } = details;
    if (!diversion) return state;
    return {
      ...record,
      deadlines: {},
      status: 'referred_out',
      referral: {
        route: diversion.route,
        reason: diversion.reason,
        referredAt: diversion.divertedAt,
        ...(diversion.body ? { body: diversion.body } : {}),
      },
    };
  }
  if (status === 'closed') return { ...record, deadlines: {}, status };
  return { ...record, status };
}

/**
 * Folds a petition event. A recorded event is a fact and is never refused; one that does not fit the
 * stage (which the decider never produces) leaves the case as it is.
 */
export function evolvePetition(state: PetitionCase, event: PetitionEvent): ReportedCase {
  const details = state.details;
  const deadlines = state.deadlines;
  switch (event.type) {
    case 'PetitionRouted': {
      if (!isPetitionIn(state, ['received'])) return state;
      const { routing: _routing, ...rest } = deadlines;
      const { data } = event;
      const base = state.details;
      const next: PetitionDetails =
        data.toBody === null || data.mode === 'inform'
          ? {
              ...base,
              stage: 'informed',
              routing: {
                mode: 'inform',
                toBody: null,
                routedAt: data.routedAt,
                withinLimit: data.withinLimit,
                ...(data.competentBody ? { competentBody: data.competentBody } : {}),
              },
            }
          : {
              ...base,
              stage: 'routed',
              routing: {
                mode: data.mode,
                toBody: data.toBody,
                routedAt: data.routedAt,
                withinLimit: data.withinLimit,
              },
            };
      return withDetails(state, next, data.routedAt, {
        deadlines: { ...rest, ...data.deadlines },
        unit: data.toBody,
      });
    }
    case 'PetitionerNotified': {
      if (!isPetitionIn(state, ['routed'])) return state;
      const { notice: _notice, objection: _objection, ...rest } = deadlines;
      return withDetails(
        state,
        {
          ...state.details,
          stage: 'accepted',
          acceptance: {
            body: event.data.body,
            acceptedAt: event.data.notifiedAt,
            withinLimit: event.data.withinLimit,
          },
        },
        event.data.notifiedAt,
        { deadlines: { ...rest, handling: event.data.deadlines.handling }, levelDeadlineFor: state.level },
      );
    }
    case 'PetitionRoutingObjected': {
      if (!isPetitionIn(state, ['routed'])) return state;
      const { notice: _notice, objection: _objection, ...rest } = deadlines;
      return withDetails(
        state,
        {
          ...state.details,
          stage: 'received',
          routing: null,
          acceptance: null,
          answer: null,
          review: null,
          reReview: null,
          objections: [
            ...details.objections,
            { body: event.data.body, reason: event.data.reason, objectedAt: event.data.objectedAt },
          ],
        },
        event.data.objectedAt,
        {
          deadlines: { ...rest, routing: event.data.deadlines.routing },
          unit: null,
          counters: { ...state.counters, returns: state.counters.returns + 1 },
        },
      );
    }
    case 'PetitionDiverted':
      if (!isPetitionIn(state, ['accepted'])) return state;
      return withDetails(
        state,
        {
          ...state.details,
          stage: 'diverted',
          diversion: {
            route: event.data.route,
            reason: event.data.reason,
            divertedAt: event.data.divertedAt,
            ...(event.data.body ? { body: event.data.body } : {}),
          },
        },
        event.data.divertedAt,
      );
    case 'PetitionAnswered': {
      if (!isPetitionIn(state, ['accepted'])) return state;
      const { handling: _handling, ...rest } = deadlines;
      const { data } = event;
      const answer = {
        answer: data.answer,
        opinion: data.opinion,
        answeredAt: data.answeredAt,
        servedAt: data.servedAt,
        withinLimit: data.withinLimit,
        ...(data.legalBasis ? { legalBasis: data.legalBasis } : {}),
      };
      return withDetails(
        state,
        data.answer === 'reply'
          ? { ...state.details, stage: 'replied', answer }
          : { ...state.details, stage: 'answered', answer, review: null, reReview: null },
        data.answeredAt,
        {
          deadlines: { ...rest, ...data.deadlines },
          resolution: { result: `${data.answer}: ${data.opinion}`, resolvedAt: data.answeredAt },
        },
      );
    }
    case 'PetitionReviewRequested': {
      if (!isPetitionIn(state, ['answered'])) return state;
      const { reviewRequest: _window, ...rest } = deadlines;
      return withDetails(
        state,
        {
          ...state.details,
          stage: 'review_requested',
          review: {
            body: event.data.reviewBody,
            requestedAt: event.data.requestedAt,
            reason: event.data.reason,
            opinion: null,
          },
        },
        event.data.requestedAt,
        { deadlines: { ...rest, ...event.data.deadlines }, unit: event.data.reviewBody },
      );
    }
    case 'PetitionReviewAnswered': {
      if (!isPetitionIn(state, ['review_requested'])) return state;
      const { reviewAnswer: _limit, ...rest } = deadlines;
      const { data } = event;
      return withDetails(
        state,
        {
          ...state.details,
          stage: 'reviewed',
          review: {
            ...state.details.review,
            opinion: {
              answer: data.answer,
              opinion: data.opinion,
              answeredAt: data.answeredAt,
              servedAt: data.servedAt,
              withinLimit: data.withinLimit,
            },
          },
        },
        data.answeredAt,
        {
          deadlines: { ...rest, ...data.deadlines },
          resolution: { result: `review ${data.answer}: ${data.opinion}`, resolvedAt: data.answeredAt },
        },
      );
    }
    case 'PetitionReReviewRequested': {
      if (!isPetitionIn(state, ['reviewed'])) return state;
      const { reReviewRequest: _window, ...rest } = deadlines;
      return withDetails(
        state,
        {
          ...state.details,
          stage: 're_review_requested',
          reReview: {
            body: event.data.reReviewBody,
            requestedAt: event.data.requestedAt,
            reason: event.data.reason,
            hearings: [],
            opinion: null,
          },
        },
        event.data.requestedAt,
        { deadlines: { ...rest, ...event.data.deadlines }, unit: event.data.reReviewBody },
      );
    }
    case 'PetitionReReviewHearingRecorded': {
      if (!isPetitionIn(state, ['re_review_requested'])) return state;
      const reReview = state.details.reReview;
      return withDetails(
        state,
        {
          ...state.details,
          reReview: {
            ...reReview,
            hearings: [
              ...reReview.hearings,
              { startedOn: event.data.startedOn, endedOn: event.data.endedOn, days: event.data.hearingDays },
            ],
          },
        },
        event.data.recordedAt,
        { deadlines: { ...deadlines, ...event.data.deadlines } },
      );
    }
    case 'PetitionReReviewAnswered': {
      if (!isPetitionIn(state, ['re_review_requested'])) return state;
      const { data } = event;
      return withDetails(
        state,
        {
          ...state.details,
          stage: 'final',
          final: true,
          reReview: {
            ...state.details.reReview,
            opinion: {
              answer: data.answer,
              opinion: data.opinion,
              answeredAt: data.answeredAt,
              servedAt: data.servedAt,
              withinLimit: data.withinLimit,
            },
          },
        },
        data.answeredAt,
        { resolution: { result: `re-review ${data.answer}: ${data.opinion}`, resolvedAt: data.answeredAt } },
      );
    }
    case 'PetitionClosedForNoRequest': {
      const closedAt = event.data.closedAt;
      if (isPetitionIn(state, ['answered']))
        return withDetails(
          state,
          {
            ...state.details,
            stage: 'closed_no_request',
            closedForNoRequest: { window: 'review', closedAt },
          },
          closedAt,
        );
      if (isPetitionIn(state, ['reviewed']))
        return withDetails(
          state,
          {
            ...state.details,
            stage: 'closed_no_request',
            closedForNoRequest: { window: 're_review', closedAt },
          },
          closedAt,
        );
      return state;
    }
    default:
      return assertNever(event, 'petition event');
  }
}
