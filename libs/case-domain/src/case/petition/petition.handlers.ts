import { daysBetween, localDateOf, parseInstant, toCst } from '#domain-kernel';
import { PETITION_MAX_EXTENSION_DAYS, PETITION_PERIODS } from '../../policy/statutory-periods.js';
import type { ExtendDeadline, ReportCase, SuperviseDispatch } from '../case.commands.js';
import { CaseErrorCode, commandNotApplicable, ruleRefusal } from '../case.errors.js';
import type { CaseEvent } from '../case.events.js';
import { handler, inPetitionStage, type PetitionCase } from '../case.handler.js';
import {
  checkStatutoryExtension,
  checker,
  isPast,
  statutoryExtension,
  withinLimit,
  type Checker,
  type DecisionContext,
} from '../case.rules.js';
import type { Moment } from '../case.types.js';
import { checkSupervision, namesDeadline, superviseDeadline } from '../deadline-supervision.js';
import type {
  AnswerPetition,
  AnswerReReview,
  AnswerReview,
  ClosePetitionForNoRequest,
  DivertPetition,
  NotifyPetitioner,
  ObjectToRouting,
  RecordReReviewHearing,
  RequestReReview,
  RequestReview,
  RoutePetition,
} from './petition.commands.js';
import {
  MAX_VISIT_REPRESENTATIVES,
  PETITION_ANSWERS,
  PETITION_CHANNELS,
  PETITION_CLASSES,
  PETITION_LEGAL_ROUTES,
  PETITION_ROUTING_MODES,
  type PetitionReport,
  type PetitionReportDetails,
} from './petition.events.js';
import { petitionFactsFingerprint } from './petition-facts.js';

/** Checks `ReportCase.data.petition` and computes the routing limit (Art. 22) and the facts fingerprint. */
export function reportPetition(
  ctx: DecisionContext,
  command: ReportCase,
  momentOf: () => Moment,
): PetitionReportDetails {
  const check = checker(command.type);
  const p = command.data.petition;
  if (typeof p !== 'object' || p === null) {
    check.problem('petition must be given for a petition case');
    check.done();
    throw new Error('unreachable: check.done() throws');
  }
  checkPetitionReport(p, check);
  check.done();
  const visitors = p.representatives && p.representatives.length > 0 ? p.representatives : p.petitioners;
  if (p.channel === 'visit' && visitors.length > MAX_VISIT_REPRESENTATIVES) {
    throw ruleRefusal(
      CaseErrorCode.petitionTooManyRepresentatives,
      `a group visit sends at most ${MAX_VISIT_REPRESENTATIVES} representatives, got ${visitors.length} (信访工作条例第二十条)`,
      { command: command.type, representatives: visitors.length, max: MAX_VISIT_REPRESENTATIVES },
    );
  }
  return {
    caseType: 'petition',
    channel: p.channel,
    class: p.class,
    petitioners: p.petitioners,
    representatives: p.representatives ?? [],
    matter: p.matter,
    request: p.request ?? null,
    respondent: p.respondent ?? null,
    factsFingerprint: p.factsFingerprint ?? petitionFactsFingerprint(p),
    routingDeadline: ctx.deadline(PETITION_PERIODS.routing, momentOf().at),
  };
}

function checkPetitionReport(p: PetitionReport, check: Checker): void {
  check.oneOf(p.channel, PETITION_CHANNELS, 'petition.channel');
  check.oneOf(p.class, PETITION_CLASSES, 'petition.class');
  if (!Array.isArray(p.petitioners) || p.petitioners.length === 0)
    check.problem('petition.petitioners must list at least one petitioner');
  else
    p.petitioners.forEach((person, i) => {
      check.text(person?.name, `petition.petitioners[${i}].name`);
      check.text(person?.phone, `petition.petitioners[${i}].phone`);
    });
  if (p.representatives !== undefined) {
    if (!Array.isArray(p.representatives)) check.problem('petition.representatives must be a list');
    else
      p.representatives.forEach((person, i) =>
        check.text(person?.name, `petition.representatives[${i}].name`),
      );
    if (p.channel !== 'visit')
      check.problem('petition.representatives apply to a visit only (信访工作条例第二十条)');
  }
  check.text(p.matter, 'petition.matter');
  check.text(p.request, 'petition.request', true);
  check.text(p.respondent, 'petition.respondent', true);
  check.text(p.factsFingerprint, 'petition.factsFingerprint', true);
}

/** Why a command of another type or of the common loop does not apply to a petition. */
export function petitionNotApplicable(type: string): string {
  return `${type} does not apply to petitions: the petition office routes (route), the handling body notifies, answers or diverts, and review/re-review replace verification and follow-up`;
}

/**
 * When the petitioner received a written opinion (`servedAt`): default when it was given (the command's
 * business time), never later than now and never before it was given, since the review and re-review
 * windows run from it (Arts. 35, 36).
 */
function servedAtOf(command: string, value: string | undefined, moment: Moment): string {
  if (value === undefined) return moment.at;
  const check = checker(command);
  if (parseInstant(value) > parseInstant(moment.now)) check.problem('servedAt may not be later than now');
  if (parseInstant(value) < parseInstant(moment.at))
    check.problem(`servedAt may not be before the opinion was given (${moment.at}, occurredAt)`);
  check.done();
  return toCst(value);
}

/**
 * A request is received (its business time) no earlier than the opinion it answers was served: a
 * request dated earlier would run its window from before the opinion existed.
 */
function requireReceivedAfter(command: string, moment: Moment, served: { at: string; what: string }): void {
  if (parseInstant(moment.at) < parseInstant(served.at)) {
    const check = checker(command);
    check.problem(`receivedAt (occurredAt) may not be before ${served.what} (${served.at})`);
    check.done();
  }
}

/** Art. 34: the handling limit, extended once by at most 30 days with the approval of the body's head. */
export const extendHandlingLimit = handler(inPetitionStage('accepted'), {
  fields: (data: ExtendDeadline['data'], check) => checkStatutoryExtension(data, check, 'handling'),
  decide: (ctx, command: ExtendDeadline, state, moment): CaseEvent[] =>
    statutoryExtension(
      ctx,
      state,
      command.data,
      moment,
      'handling',
      PETITION_MAX_EXTENSION_DAYS,
      '信访工作条例第三十四条: at most 30 days, approved by the head of the body',
    ),
});

/** A supervision of a petition names one of its passed limits; there is no work order to supervise. */
export const supervisePetition = handler(
  (state: PetitionCase, command: SuperviseDispatch): PetitionCase => {
    if (!namesDeadline(command))
      throw commandNotApplicable(command.type, 'petition', petitionNotApplicable(command.type));
    return state;
  },
  {
    fields: checkSupervision,
    decide: (_ctx, command: SuperviseDispatch, state, moment): CaseEvent[] => {
      if (!namesDeadline(command))
        throw commandNotApplicable(command.type, 'petition', petitionNotApplicable(command.type));
      return superviseDeadline(command, state, moment);
    },
  },
);

/** Routing by the petition office within 15 days (Art. 22): forward, assign, or inform. */
export const routePetition = handler(inPetitionStage('received'), {
  fields: (data: RoutePetition['data'], check) => {
    check.oneOf(data.mode, PETITION_ROUTING_MODES, 'mode');
    if (data.mode === 'inform') check.text(data.competentBody, 'competentBody');
    else check.unit(data.toBody, 'toBody');
    check.text(data.note, 'note', true);
  },
  decide: (ctx, command: RoutePetition, state, moment): CaseEvent[] => {
    const { data } = command;
    const toBody = data.mode === 'inform' ? null : (data.toBody ?? null);
    return [
      {
        type: 'PetitionRouted',
        data: {
          caseId: state.caseId,
          routedAt: moment.at,
          routedBy: moment.actor,
          mode: data.mode,
          toBody,
          ...(data.competentBody ? { competentBody: data.competentBody } : {}),
          ...(data.note ? { note: data.note } : {}),
          withinLimit: withinLimit(moment.at, state.deadlines.routing?.dueAt),
          deadlines: toBody
            ? {
                notice: ctx.deadline(PETITION_PERIODS.notice, moment.at),
                objection: ctx.deadline(PETITION_PERIODS.objection, moment.at),
              }
            : {},
        },
      },
    ];
  },
});

/** The receiving body's written notice (Art. 23): the petition is accepted and the handling clock starts. */
export const notifyPetitioner = handler(inPetitionStage('routed'), {
  fields: (data: NotifyPetitioner['data'], check) => check.text(data.content, 'content'),
  decide: (ctx, command: NotifyPetitioner, state, moment): CaseEvent[] => [
    {
      type: 'PetitionerNotified',
      data: {
        caseId: state.caseId,
        notifiedAt: moment.at,
        notifiedBy: moment.actor,
        body: state.details.routing.toBody,
        content: command.data.content,
        withinLimit: withinLimit(moment.at, state.deadlines.notice?.dueAt),
        deadlines: { handling: ctx.deadline(ctx.policy.levelLimits.petition[state.level], moment.at) },
      },
    },
  ],
});

/** A misrouted body objects within 5 working days of receipt (Art. 23 para. 3). */
export const objectToRouting = handler(inPetitionStage('routed'), {
  fields: (data: ObjectToRouting['data'], check) => check.text(data.reason, 'reason'),
  decide: (ctx, command: ObjectToRouting, state, moment): CaseEvent[] => {
    const window = state.deadlines.objection;
    if (window && isPast(moment.at, window.dueAt)) {
      throw ruleRefusal(
        CaseErrorCode.petitionObjectionWindowClosed,
        `the 5-working-day objection window closed at ${window.dueAt} (信访工作条例第二十三条)`,
        { status: state.status, command: command.type, dueAt: window.dueAt },
      );
    }
    return [
      {
        type: 'PetitionRoutingObjected',
        data: {
          caseId: state.caseId,
          objectedAt: moment.at,
          objectedBy: moment.actor,
          body: state.details.routing.toBody,
          reason: command.data.reason,
          deadlines: { routing: ctx.deadline(PETITION_PERIODS.routing, moment.at) },
        },
      },
    ];
  },
});

/** A request/appeal with a legal route goes to it (Art. 31). */
export const divertPetition = handler(inPetitionStage('accepted'), {
  fields: (data: DivertPetition['data'], check) => {
    check.oneOf(data.route, PETITION_LEGAL_ROUTES, 'route');
    check.text(data.reason, 'reason');
    check.text(data.body, 'body', true);
  },
  decide: (_ctx, command: DivertPetition, state, moment): CaseEvent[] => {
    if (state.details.class !== 'request') {
      throw ruleRefusal(
        CaseErrorCode.petitionNotARequest,
        'only a request/appeal (申诉求决) is diverted to a legal route (信访工作条例第三十一条)',
        { status: state.status, command: command.type, class: state.details.class },
      );
    }
    return [
      {
        type: 'PetitionDiverted',
        data: {
          caseId: state.caseId,
          divertedAt: moment.at,
          divertedBy: moment.actor,
          route: command.data.route,
          reason: command.data.reason,
          ...(command.data.body ? { body: command.data.body } : {}),
        },
      },
    ];
  },
});

/** The written answer (Art. 32) of a request, or the reply to a suggestion or accusation (Arts. 29, 30). */
export const answerPetition = handler(inPetitionStage('accepted'), {
  fields: (data: AnswerPetition['data'], check) => {
    check.oneOf(data.answer, PETITION_ANSWERS, 'answer');
    check.text(data.opinion, 'opinion');
    check.text(data.legalBasis, 'legalBasis', true);
    check.instant(data.servedAt, 'servedAt', true);
  },
  decide: (ctx, command: AnswerPetition, state, moment): CaseEvent[] => {
    const { data } = command;
    const { details } = state;
    const servedAt = servedAtOf(command.type, data.servedAt, moment);
    const isRequest = details.class === 'request';
    if (isRequest === (data.answer === 'reply')) {
      throw ruleRefusal(
        CaseErrorCode.petitionNotARequest,
        isRequest
          ? 'a request/appeal is answered support, explain or not_support (信访工作条例第三十二条)'
          : `a ${details.class} is answered with a reply (信访工作条例第二十九、三十条); support/explain/not_support answer requests`,
        { status: state.status, command: command.type, class: details.class, answer: data.answer },
      );
    }
    return [
      {
        type: 'PetitionAnswered',
        data: {
          caseId: state.caseId,
          answeredAt: moment.at,
          answeredBy: moment.actor,
          body: details.acceptance.body,
          answer: data.answer,
          opinion: data.opinion,
          ...(data.legalBasis ? { legalBasis: data.legalBasis } : {}),
          servedAt,
          withinLimit: withinLimit(moment.at, state.deadlines.handling?.dueAt),
          resultReportRequired: details.routing.mode === 'assign',
          deadlines: isRequest
            ? { reviewRequest: ctx.deadline(PETITION_PERIODS.reviewRequest, servedAt) }
            : {},
        },
      },
    ];
  },
});

function finalRefusal(state: PetitionCase, command: string) {
  return ruleRefusal(
    CaseErrorCode.petitionAlreadyFinal,
    'the re-review opinion is final: the same facts and reasons are not accepted again (信访工作条例第三十六条第三款)',
    { status: state.status, command },
  );
}

function windowClosed(state: PetitionCase, command: string, which: 'review' | 're_review', dueAt: string) {
  return which === 'review'
    ? ruleRefusal(
        CaseErrorCode.petitionReviewWindowClosed,
        `the 30-day review request window closed at ${dueAt} (信访工作条例第三十五条)`,
        { status: state.status, command, dueAt },
      )
    : ruleRefusal(
        CaseErrorCode.petitionReReviewWindowClosed,
        `the 30-day re-review request window closed at ${dueAt} (信访工作条例第三十六条)`,
        { status: state.status, command, dueAt },
      );
}

/** Review (复查) requested within 30 days of receiving the answer (Art. 35). */
export const requestReview = handler(
  (state: PetitionCase, command: RequestReview) => {
    if (state.details.final) throw finalRefusal(state, command.type);
    if (state.details.stage === 'closed_no_request')
      throw windowClosed(state, command.type, 'review', state.details.closedForNoRequest.closedAt);
    return inPetitionStage('answered')(state, command);
  },
  {
    fields: (data: RequestReview['data'], check) => {
      check.unit(data.reviewBody, 'reviewBody');
      check.text(data.reason, 'reason');
    },
    decide: (ctx, command: RequestReview, state, moment): CaseEvent[] => {
      requireReceivedAfter(command.type, moment, {
        at: state.details.answer.servedAt,
        what: 'the answer was served',
      });
      const receivedAt = moment.at;
      const window = state.deadlines.reviewRequest;
      if (window && isPast(receivedAt, window.dueAt))
        throw windowClosed(state, command.type, 'review', window.dueAt);
      return [
        {
          type: 'PetitionReviewRequested',
          data: {
            caseId: state.caseId,
            requestedAt: receivedAt,
            recordedBy: moment.actor,
            reviewBody: command.data.reviewBody,
            reason: command.data.reason,
            deadlines: { reviewAnswer: ctx.deadline(PETITION_PERIODS.reviewAnswer, receivedAt) },
          },
        },
      ];
    },
  },
);

function checkOpinion(data: { answer: string; opinion: string; servedAt?: string }, check: Checker): void {
  check.oneOf(data.answer, ['support', 'explain', 'not_support'], 'answer');
  check.text(data.opinion, 'opinion');
  check.instant(data.servedAt, 'servedAt', true);
}

/** The review opinion, within 30 days of the request (Art. 35). */
export const answerReview = handler(inPetitionStage('review_requested'), {
  fields: (data: AnswerReview['data'], check) => checkOpinion(data, check),
  decide: (ctx, command: AnswerReview, state, moment): CaseEvent[] => {
    const review = state.details.review;
    const servedAt = servedAtOf(command.type, command.data.servedAt, moment);
    return [
      {
        type: 'PetitionReviewAnswered',
        data: {
          caseId: state.caseId,
          answeredAt: moment.at,
          answeredBy: moment.actor,
          reviewBody: review.body,
          answer: command.data.answer,
          opinion: command.data.opinion,
          servedAt,
          withinLimit: withinLimit(moment.at, state.deadlines.reviewAnswer?.dueAt),
          deadlines: { reReviewRequest: ctx.deadline(PETITION_PERIODS.reReviewRequest, servedAt) },
        },
      },
    ];
  },
});

/** Re-review (复核) requested within 30 days of receiving the review opinion (Art. 36). */
export const requestReReview = handler(
  (state: PetitionCase, command: RequestReReview) => {
    if (state.details.final) throw finalRefusal(state, command.type);
    if (
      state.details.stage === 'closed_no_request' &&
      state.details.closedForNoRequest.window === 're_review'
    )
      throw windowClosed(state, command.type, 're_review', state.details.closedForNoRequest.closedAt);
    return inPetitionStage('reviewed')(state, command);
  },
  {
    fields: (data: RequestReReview['data'], check) => {
      check.unit(data.reReviewBody, 'reReviewBody');
      check.text(data.reason, 'reason');
    },
    decide: (ctx, command: RequestReReview, state, moment): CaseEvent[] => {
      requireReceivedAfter(command.type, moment, {
        at: state.details.review.opinion.servedAt,
        what: 'the review opinion was served',
      });
      const receivedAt = moment.at;
      const window = state.deadlines.reReviewRequest;
      if (window && isPast(receivedAt, window.dueAt))
        throw windowClosed(state, command.type, 're_review', window.dueAt);
      return [
        {
          type: 'PetitionReReviewRequested',
          data: {
            caseId: state.caseId,
            requestedAt: receivedAt,
            recordedBy: moment.actor,
            reReviewBody: command.data.reReviewBody,
            reason: command.data.reason,
            deadlines: { reReviewAnswer: ctx.deadline(PETITION_PERIODS.reReviewAnswer, receivedAt) },
          },
        },
      ];
    },
  },
);

/** A hearing during re-review: its days are not counted in the 30-day limit (Art. 36 para. 2). */
export const recordReReviewHearing = handler(inPetitionStage('re_review_requested'), {
  fields: (data: RecordReReviewHearing['data'], check) => {
    check.localDate(data.startedOn, 'startedOn');
    check.localDate(data.endedOn, 'endedOn');
    check.text(data.note, 'note', true);
  },
  decide: (ctx, command: RecordReReviewHearing, state, moment): CaseEvent[] => {
    const { data } = command;
    const reReview = state.details.reReview;
    const check = checker(command.type);
    if (daysBetween(data.startedOn, data.endedOn) < 0) check.problem('endedOn must not be before startedOn');
    if (daysBetween(localDateOf(reReview.requestedAt), data.startedOn) < 0)
      check.problem('the hearing cannot start before the re-review request');
    if (daysBetween(data.endedOn, localDateOf(moment.at)) < 0)
      check.problem('record a hearing once it has ended');
    const overlaps = reReview.hearings.some(
      (h) => daysBetween(data.startedOn, h.endedOn) >= 0 && daysBetween(h.startedOn, data.endedOn) >= 0,
    );
    if (overlaps) check.problem('the hearing overlaps one already recorded');
    check.done();
    const hearingDays = daysBetween(data.startedOn, data.endedOn) + 1;
    const excluded = reReview.hearings.reduce((sum, h) => sum + h.days, 0) + hearingDays;
    const rule = PETITION_PERIODS.reReviewAnswer;
    const deadline = ctx.deadline(
      {
        amount: rule.amount + excluded,
        unit: rule.unit,
        basis: {
          ...rule.basis,
          note: `${rule.basis.note}: ${excluded} hearing day(s) left out (第三十六条第二款)`,
        },
      },
      reReview.requestedAt,
    );
    return [
      {
        type: 'PetitionReReviewHearingRecorded',
        data: {
          caseId: state.caseId,
          recordedAt: moment.at,
          recordedBy: moment.actor,
          startedOn: data.startedOn,
          endedOn: data.endedOn,
          hearingDays,
          ...(data.note ? { note: data.note } : {}),
          deadlines: { reReviewAnswer: deadline },
        },
      },
    ];
  },
});

/** The re-review opinion: final (Art. 36 para. 3). */
export const answerReReview = handler(inPetitionStage('re_review_requested'), {
  fields: (data: AnswerReReview['data'], check) => checkOpinion(data, check),
  decide: (_ctx, command: AnswerReReview, state, moment): CaseEvent[] => {
    const reReview = state.details.reReview;
    const servedAt = servedAtOf(command.type, command.data.servedAt, moment);
    return [
      {
        type: 'PetitionReReviewAnswered',
        data: {
          caseId: state.caseId,
          answeredAt: moment.at,
          answeredBy: moment.actor,
          reReviewBody: reReview.body,
          answer: command.data.answer,
          opinion: command.data.opinion,
          servedAt,
          withinLimit: withinLimit(moment.at, state.deadlines.reReviewAnswer?.dueAt),
          factsFingerprint: state.details.factsFingerprint,
        },
      },
    ];
  },
});

/** A review / re-review request window passed unused: "逾期未请求的，不再受理" (Arts. 35, 36). */
export const closePetitionForNoRequest = handler(inPetitionStage('answered', 'reviewed'), {
  decide: (_ctx, command: ClosePetitionForNoRequest, state, moment): CaseEvent[] => {
    const which = state.details.stage === 'answered' ? 'review' : 're_review';
    const window = which === 'review' ? state.deadlines.reviewRequest : state.deadlines.reReviewRequest;
    if (!window || !isPast(moment.at, window.dueAt)) {
      throw ruleRefusal(
        CaseErrorCode.petitionRequestWindowOpen,
        `the ${which.replace('_', '-')} request window is open${window ? ` until ${window.dueAt}` : ''}`,
        { status: state.status, command: command.type, dueAt: window?.dueAt },
      );
    }
    return [
      {
        type: 'PetitionClosedForNoRequest',
        data: {
          caseId: state.caseId,
          closedAt: moment.at,
          closedBy: moment.actor,
          window: which,
          windowEndedAt: window.dueAt,
        },
      },
    ];
  },
});
