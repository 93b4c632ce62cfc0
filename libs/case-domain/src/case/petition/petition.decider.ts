import { assertNever } from '#domain-kernel';
import { daysBetween, isInstant, localDateOf, parseInstant } from '../../calendar/local-date.js';
import { PETITION_MAX_EXTENSION_DAYS, PETITION_PERIODS } from '../../policy/statutory-periods.js';
import type { CommonCaseCommand, ReportCase } from '../case.commands.js';
import { CaseErrorCode, commandNotApplicable, illegalStageTransition, ruleRefusal } from '../case.errors.js';
import type { CaseEvent } from '../case.events.js';
import type { CaseState, ReportedCase } from '../case.state.js';
import {
  at,
  checker,
  isPast,
  moveTo,
  statutoryExtension,
  toRecord,
  type DecisionContext,
} from '../case.rules.js';
import type { PetitionCommand } from './petition.commands.js';
import {
  MAX_VISIT_REPRESENTATIVES,
  PETITION_ANSWERS,
  PETITION_CHANNELS,
  PETITION_CLASSES,
  PETITION_LEGAL_ROUTES,
  PETITION_ROUTING_MODES,
  type PetitionEvent,
  type PetitionReportDetails,
} from './petition.events.js';
import { petitionFactsFingerprint } from './petition-facts.js';
import type { PetitionDetails, PetitionStage } from './petition.state.js';

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

type PetitionCase = ReportedCase & { readonly details: PetitionDetails };

/** Checks `ReportCase.data.petition` and computes the routing limit (Art. 22) and the facts fingerprint. */
export function reportPetition(ctx: DecisionContext, command: ReportCase): PetitionReportDetails {
  const petition = command.data.petition;
  const check = checker(command.type);
  if (typeof petition !== 'object' || petition === null) {
    check.problem('petition must be given for a petition case');
    check.done();
  }
  const p = petition!;
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
    routingDeadline: ctx.deadline(PETITION_PERIODS.routing, at(command.metadata)),
  };
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

function asPetition(state: ReportedCase, command: string): PetitionCase {
  if (state.details.caseType !== 'petition')
    throw commandNotApplicable(command, state.caseType, `${command} applies to petition cases only`);
  return state as PetitionCase;
}

function requireStage(state: PetitionCase, command: string, allowed: readonly PetitionStage[]): void {
  if (!allowed.includes(state.details.stage))
    throw illegalStageTransition(state.status, state.details.stage, command);
}

/**
 * A receipt instant given by the command (when the petitioner or body received a document); default now,
 * never later, and never before `notBefore` (the step it answers): a backdated receipt would start a
 * 30-day window before the document existed and could close a petitioner's review right at once.
 */
function receipt(
  check: ReturnType<typeof checker>,
  value: string | undefined,
  field: string,
  now: string,
  notBefore?: { at: string; what: string },
): string {
  check.instant(value, field, true);
  if (isInstant(value) && parseInstant(value) > parseInstant(now)) {
    check.problem(`${field} may not be later than now`);
  }
  if (isInstant(value) && notBefore && parseInstant(value) < parseInstant(notBefore.at)) {
    check.problem(`${field} may not be before ${notBefore.what} (${notBefore.at})`);
  }
  return value ?? now;
}

const withinLimit = (now: string, dueAt: string | undefined): boolean => (dueAt ? !isPast(now, dueAt) : true);

/** Common-loop commands on a petition: only the approved extension of the handling limit (Art. 34) applies. */
export function decidePetitionCommon(
  ctx: DecisionContext,
  command: Exclude<CommonCaseCommand, ReportCase>,
  state: ReportedCase,
): CaseEvent[] {
  const petition = asPetition(state, command.type);
  if (command.type === 'ExtendDeadline') {
    requireStage(petition, command.type, ['accepted']);
    return statutoryExtension(
      ctx,
      state,
      command,
      'handling',
      PETITION_MAX_EXTENSION_DAYS,
      '信访工作条例第三十四条: at most 30 days, approved by the head of the body',
    );
  }
  throw commandNotApplicable(
    command.type,
    'petition',
    `${command.type} does not apply to petitions: the petition office routes (route), the handling body notifies, answers or diverts, and review/re-review replace verification and follow-up`,
  );
}

/** Petition commands (信访工作条例 2022). */
export function decidePetition(
  ctx: DecisionContext,
  command: PetitionCommand,
  state: ReportedCase,
): CaseEvent[] {
  const petition = asPetition(state, command.type);
  const details = petition.details;
  const { metadata } = command;
  const now = at(metadata);
  const caseId = state.caseId;
  const actor = metadata.actor;
  const check = checker(command.type);
  switch (command.type) {
    case 'RoutePetition': {
      requireStage(petition, command.type, ['received']);
      const { data } = command;
      check.oneOf(data.mode, PETITION_ROUTING_MODES, 'mode');
      if (data.mode === 'inform') check.text(data.competentBody, 'competentBody');
      else check.unit(data.toBody, 'toBody');
      check.text(data.note, 'note', true);
      check.done();
      const routesToBody = data.mode !== 'inform';
      return [
        {
          type: 'PetitionRouted',
          data: {
            caseId,
            routedAt: now,
            routedBy: actor,
            mode: data.mode,
            toBody: routesToBody ? data.toBody! : null,
            ...(data.competentBody ? { competentBody: data.competentBody } : {}),
            ...(data.note ? { note: data.note } : {}),
            withinLimit: withinLimit(now, state.deadlines.routing?.dueAt),
            deadlines: routesToBody
              ? {
                  notice: ctx.deadline(PETITION_PERIODS.notice, now),
                  objection: ctx.deadline(PETITION_PERIODS.objection, now),
                }
              : {},
          },
        },
      ];
    }
    case 'NotifyPetitioner':
      requireStage(petition, command.type, ['routed']);
      check.text(command.data.content, 'content');
      check.done();
      return [
        {
          type: 'PetitionerNotified',
          data: {
            caseId,
            notifiedAt: now,
            notifiedBy: actor,
            body: details.routing!.toBody!,
            content: command.data.content,
            withinLimit: withinLimit(now, state.deadlines.notice?.dueAt),
            deadlines: { handling: ctx.deadline(ctx.policy.levelLimits.petition[state.level], now) },
          },
        },
      ];
    case 'ObjectToRouting': {
      requireStage(petition, command.type, ['routed']);
      check.text(command.data.reason, 'reason');
      check.done();
      const window = state.deadlines.objection;
      if (window && isPast(now, window.dueAt)) {
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
            caseId,
            objectedAt: now,
            objectedBy: actor,
            body: details.routing!.toBody!,
            reason: command.data.reason,
            deadlines: { routing: ctx.deadline(PETITION_PERIODS.routing, now) },
          },
        },
      ];
    }
    case 'DivertPetition':
      requireStage(petition, command.type, ['accepted']);
      check.oneOf(command.data.route, PETITION_LEGAL_ROUTES, 'route');
      check.text(command.data.reason, 'reason');
      check.text(command.data.body, 'body', true);
      check.done();
      if (details.class !== 'request') {
        throw ruleRefusal(
          CaseErrorCode.petitionNotARequest,
          'only a request/appeal (申诉求决) is diverted to a legal route (信访工作条例第三十一条)',
          {
            status: state.status,
            command: command.type,
            class: details.class,
          },
        );
      }
      return [
        {
          type: 'PetitionDiverted',
          data: {
            caseId,
            divertedAt: now,
            divertedBy: actor,
            route: command.data.route,
            reason: command.data.reason,
            ...(command.data.body ? { body: command.data.body } : {}),
          },
        },
      ];
    case 'AnswerPetition': {
      requireStage(petition, command.type, ['accepted']);
      const { data } = command;
      check.oneOf(data.answer, PETITION_ANSWERS, 'answer');
      check.text(data.opinion, 'opinion');
      check.text(data.legalBasis, 'legalBasis', true);
      const servedAt = receipt(
        check,
        data.servedAt,
        'servedAt',
        now,
        details.acceptance ? { at: details.acceptance.acceptedAt, what: 'the acceptance' } : undefined,
      );
      check.done();
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
            caseId,
            answeredAt: now,
            answeredBy: actor,
            body: details.acceptance?.body ?? null,
            answer: data.answer,
            opinion: data.opinion,
            ...(data.legalBasis ? { legalBasis: data.legalBasis } : {}),
            servedAt: at({ actor, now: servedAt }),
            withinLimit: withinLimit(now, state.deadlines.handling?.dueAt),
            resultReportRequired: details.routing?.mode === 'assign',
            deadlines: isRequest
              ? { reviewRequest: ctx.deadline(PETITION_PERIODS.reviewRequest, servedAt) }
              : {},
          },
        },
      ];
    }
    case 'RequestReview': {
      if (details.final) throw finalRefusal(state, command.type);
      if (details.stage === 'closed_no_request')
        throw windowClosed(state, command.type, 'review', details.closedForNoRequest!.closedAt);
      requireStage(petition, command.type, ['answered']);
      check.unit(command.data.reviewBody, 'reviewBody');
      check.text(command.data.reason, 'reason');
      const receivedAt = receipt(check, command.data.receivedAt, 'receivedAt', now, {
        at: details.answer!.servedAt,
        what: 'the answer was served',
      });
      check.done();
      const window = state.deadlines.reviewRequest!;
      if (isPast(receivedAt, window.dueAt)) throw windowClosed(state, command.type, 'review', window.dueAt);
      return [
        {
          type: 'PetitionReviewRequested',
          data: {
            caseId,
            requestedAt: at({ actor, now: receivedAt }),
            recordedBy: actor,
            reviewBody: command.data.reviewBody,
            reason: command.data.reason,
            deadlines: { reviewAnswer: ctx.deadline(PETITION_PERIODS.reviewAnswer, receivedAt) },
          },
        },
      ];
    }
    case 'AnswerReview': {
      requireStage(petition, command.type, ['review_requested']);
      const opinion = checkOpinion(check, command.data, now, {
        at: details.review!.requestedAt,
        what: 'the review request',
      });
      return [
        {
          type: 'PetitionReviewAnswered',
          data: {
            caseId,
            answeredAt: now,
            answeredBy: actor,
            reviewBody: details.review!.body,
            answer: command.data.answer,
            opinion: command.data.opinion,
            servedAt: at({ actor, now: opinion.servedAt }),
            withinLimit: withinLimit(now, state.deadlines.reviewAnswer?.dueAt),
            deadlines: { reReviewRequest: ctx.deadline(PETITION_PERIODS.reReviewRequest, opinion.servedAt) },
          },
        },
      ];
    }
    case 'RequestReReview': {
      if (details.final) throw finalRefusal(state, command.type);
      if (details.stage === 'closed_no_request' && details.closedForNoRequest?.window === 're_review') {
        throw windowClosed(state, command.type, 're_review', details.closedForNoRequest.closedAt);
      }
      requireStage(petition, command.type, ['reviewed']);
      check.unit(command.data.reReviewBody, 'reReviewBody');
      check.text(command.data.reason, 'reason');
      const receivedAt = receipt(check, command.data.receivedAt, 'receivedAt', now, {
        at: details.review!.opinion!.servedAt,
        what: 'the review opinion was served',
      });
      check.done();
      const window = state.deadlines.reReviewRequest!;
      if (isPast(receivedAt, window.dueAt))
        throw windowClosed(state, command.type, 're_review', window.dueAt);
      return [
        {
          type: 'PetitionReReviewRequested',
          data: {
            caseId,
            requestedAt: at({ actor, now: receivedAt }),
            recordedBy: actor,
            reReviewBody: command.data.reReviewBody,
            reason: command.data.reason,
            deadlines: { reReviewAnswer: ctx.deadline(PETITION_PERIODS.reReviewAnswer, receivedAt) },
          },
        },
      ];
    }
    case 'RecordReReviewHearing': {
      requireStage(petition, command.type, ['re_review_requested']);
      const { data } = command;
      check.localDate(data.startedOn, 'startedOn');
      check.localDate(data.endedOn, 'endedOn');
      check.text(data.note, 'note', true);
      check.done();
      const requestedOn = localDateOf(details.reReview!.requestedAt);
      const problems: string[] = [];
      if (daysBetween(data.startedOn, data.endedOn) < 0)
        problems.push('endedOn must not be before startedOn');
      if (daysBetween(requestedOn, data.startedOn) < 0)
        problems.push('the hearing cannot start before the re-review request');
      if (daysBetween(data.endedOn, localDateOf(now)) < 0)
        problems.push('record a hearing once it has ended');
      const overlaps = details.reReview!.hearings.some(
        (h) => daysBetween(data.startedOn, h.endedOn) >= 0 && daysBetween(h.startedOn, data.endedOn) >= 0,
      );
      if (overlaps) problems.push('the hearing overlaps one already recorded');
      problems.forEach((problem) => check.problem(problem));
      check.done();
      const hearingDays = daysBetween(data.startedOn, data.endedOn) + 1;
      const excluded = details.reReview!.hearings.reduce((sum, h) => sum + h.days, 0) + hearingDays;
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
        details.reReview!.requestedAt,
      );
      return [
        {
          type: 'PetitionReReviewHearingRecorded',
          data: {
            caseId,
            recordedAt: now,
            recordedBy: actor,
            startedOn: data.startedOn,
            endedOn: data.endedOn,
            hearingDays,
            ...(data.note ? { note: data.note } : {}),
            deadlines: { reReviewAnswer: deadline },
          },
        },
      ];
    }
    case 'AnswerReReview': {
      requireStage(petition, command.type, ['re_review_requested']);
      const opinion = checkOpinion(check, command.data, now, {
        at: details.reReview!.requestedAt,
        what: 'the re-review request',
      });
      return [
        {
          type: 'PetitionReReviewAnswered',
          data: {
            caseId,
            answeredAt: now,
            answeredBy: actor,
            reReviewBody: details.reReview!.body,
            answer: command.data.answer,
            opinion: command.data.opinion,
            servedAt: at({ actor, now: opinion.servedAt }),
            withinLimit: withinLimit(now, state.deadlines.reReviewAnswer?.dueAt),
            factsFingerprint: details.factsFingerprint,
          },
        },
      ];
    }
    case 'ClosePetitionForNoRequest': {
      requireStage(petition, command.type, ['answered', 'reviewed']);
      const which = details.stage === 'answered' ? 'review' : 're_review';
      const window = which === 'review' ? state.deadlines.reviewRequest! : state.deadlines.reReviewRequest!;
      if (!isPast(now, window.dueAt)) {
        throw ruleRefusal(
          CaseErrorCode.petitionRequestWindowOpen,
          `the ${which.replace('_', '-')} request window is open until ${window.dueAt}`,
          {
            status: state.status,
            command: command.type,
            dueAt: window.dueAt,
          },
        );
      }
      return [
        {
          type: 'PetitionClosedForNoRequest',
          data: { caseId, closedAt: now, closedBy: actor, window: which, windowEndedAt: window.dueAt },
        },
      ];
    }
    default:
      return assertNever(command, 'petition command');
  }
}

function checkOpinion(
  check: ReturnType<typeof checker>,
  data: { answer: string; opinion: string; servedAt?: string },
  now: string,
  notBefore: { at: string; what: string },
): { servedAt: string } {
  check.oneOf(data.answer, ['support', 'explain', 'not_support'], 'answer');
  check.text(data.opinion, 'opinion');
  const servedAt = receipt(check, data.servedAt, 'servedAt', now, notBefore);
  check.done();
  return { servedAt };
}

function finalRefusal(state: ReportedCase, command: string) {
  return ruleRefusal(
    CaseErrorCode.petitionAlreadyFinal,
    'the re-review opinion is final: the same facts and reasons are not accepted again (信访工作条例第三十六条第三款)',
    { status: state.status, command },
  );
}

function windowClosed(state: ReportedCase, command: string, which: 'review' | 're_review', dueAt: string) {
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

/** Status of the common loop that a petition stage shows as. */
function place(
  state: ReportedCase,
  stage: PetitionStage,
  changedAt: string,
  details: PetitionDetails,
  changes: Partial<ReportedCase> = {},
): ReportedCase {
  const next = { ...changes, details: { ...details, stage } };
  switch (stage) {
    case 'received':
      return moveTo(state, 'reported', changedAt, next);
    case 'routed':
      return moveTo(state, 'dispatched', changedAt, next);
    case 'accepted':
    case 'review_requested':
    case 're_review_requested':
      return moveTo(state, 'in_progress', changedAt, next);
    case 'answered':
    case 'reviewed':
      return moveTo(state, 'resolved', changedAt, next);
    case 'informed':
    case 'replied':
    case 'final':
    case 'closed_no_request':
      return moveTo(state, 'closed', changedAt, { ...next, deadlines: {} });
    case 'diverted': {
      const diversion = details.diversion!;
      return {
        ...toRecord(state),
        ...next,
        deadlines: {},
        lastChangedAt: changedAt,
        status: 'referred_out',
        referral: {
          route: diversion.route,
          reason: diversion.reason,
          referredAt: diversion.divertedAt,
          ...(diversion.body ? { body: diversion.body } : {}),
        },
      };
    }
    default:
      return assertNever(stage, 'petition stage');
  }
}

export function evolvePetition(state: ReportedCase, event: PetitionEvent): CaseState {
  if (state.details.caseType !== 'petition') return state;
  const details = state.details;
  const deadlines = state.deadlines;
  switch (event.type) {
    case 'PetitionRouted': {
      const { routing: _routing, ...rest } = deadlines;
      const { data } = event;
      const routing = {
        mode: data.mode,
        toBody: data.toBody,
        routedAt: data.routedAt,
        withinLimit: data.withinLimit,
        ...(data.competentBody ? { competentBody: data.competentBody } : {}),
      };
      return place(
        state,
        data.mode === 'inform' ? 'informed' : 'routed',
        data.routedAt,
        { ...details, routing },
        {
          deadlines: { ...rest, ...data.deadlines },
          unit: data.toBody,
        },
      );
    }
    case 'PetitionerNotified': {
      const { notice: _notice, objection: _objection, ...rest } = deadlines;
      return place(
        state,
        'accepted',
        event.data.notifiedAt,
        {
          ...details,
          acceptance: {
            body: event.data.body,
            acceptedAt: event.data.notifiedAt,
            withinLimit: event.data.withinLimit,
          },
        },
        { deadlines: { ...rest, handling: event.data.deadlines.handling }, levelDeadlineFor: state.level },
      );
    }
    case 'PetitionRoutingObjected': {
      const { notice: _notice, objection: _objection, ...rest } = deadlines;
      return place(
        state,
        'received',
        event.data.objectedAt,
        {
          ...details,
          routing: null,
          objections: [
            ...details.objections,
            { body: event.data.body, reason: event.data.reason, objectedAt: event.data.objectedAt },
          ],
        },
        {
          deadlines: { ...rest, routing: event.data.deadlines.routing },
          unit: null,
          counters: { ...state.counters, returns: state.counters.returns + 1 },
        },
      );
    }
    case 'PetitionDiverted':
      return place(state, 'diverted', event.data.divertedAt, {
        ...details,
        diversion: {
          route: event.data.route,
          reason: event.data.reason,
          divertedAt: event.data.divertedAt,
          ...(event.data.body ? { body: event.data.body } : {}),
        },
      });
    case 'PetitionAnswered': {
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
      return place(
        state,
        data.answer === 'reply' ? 'replied' : 'answered',
        data.answeredAt,
        { ...details, answer },
        {
          deadlines: { ...rest, ...data.deadlines },
          resolution: { result: `${data.answer}: ${data.opinion}`, resolvedAt: data.answeredAt },
        },
      );
    }
    case 'PetitionReviewRequested': {
      const { reviewRequest: _window, ...rest } = deadlines;
      return place(
        state,
        'review_requested',
        event.data.requestedAt,
        {
          ...details,
          review: {
            body: event.data.reviewBody,
            requestedAt: event.data.requestedAt,
            reason: event.data.reason,
            opinion: null,
          },
        },
        { deadlines: { ...rest, ...event.data.deadlines }, unit: event.data.reviewBody },
      );
    }
    case 'PetitionReviewAnswered': {
      const { reviewAnswer: _limit, ...rest } = deadlines;
      const { data } = event;
      return place(
        state,
        'reviewed',
        data.answeredAt,
        {
          ...details,
          review: {
            ...details.review!,
            opinion: {
              answer: data.answer,
              opinion: data.opinion,
              answeredAt: data.answeredAt,
              servedAt: data.servedAt,
              withinLimit: data.withinLimit,
            },
          },
        },
        {
          deadlines: { ...rest, ...data.deadlines },
          resolution: { result: `review ${data.answer}: ${data.opinion}`, resolvedAt: data.answeredAt },
        },
      );
    }
    case 'PetitionReReviewRequested': {
      const { reReviewRequest: _window, ...rest } = deadlines;
      return place(
        state,
        're_review_requested',
        event.data.requestedAt,
        {
          ...details,
          reReview: {
            body: event.data.reReviewBody,
            requestedAt: event.data.requestedAt,
            reason: event.data.reason,
            hearings: [],
            opinion: null,
          },
        },
        { deadlines: { ...rest, ...event.data.deadlines }, unit: event.data.reReviewBody },
      );
    }
    case 'PetitionReReviewHearingRecorded':
      return place(
        state,
        're_review_requested',
        event.data.recordedAt,
        {
          ...details,
          reReview: {
            ...details.reReview!,
            hearings: [
              ...details.reReview!.hearings,
              { startedOn: event.data.startedOn, endedOn: event.data.endedOn, days: event.data.hearingDays },
            ],
          },
        },
        { deadlines: { ...deadlines, ...event.data.deadlines } },
      );
    case 'PetitionReReviewAnswered': {
      const { data } = event;
      return place(
        state,
        'final',
        data.answeredAt,
        {
          ...details,
          final: true,
          reReview: {
            ...details.reReview!,
            opinion: {
              answer: data.answer,
              opinion: data.opinion,
              answeredAt: data.answeredAt,
              servedAt: data.servedAt,
              withinLimit: data.withinLimit,
            },
          },
        },
        { resolution: { result: `re-review ${data.answer}: ${data.opinion}`, resolvedAt: data.answeredAt } },
      );
    }
    case 'PetitionClosedForNoRequest':
      return place(state, 'closed_no_request', event.data.closedAt, {
        ...details,
        closedForNoRequest: { window: event.data.window, closedAt: event.data.closedAt },
      });
    default:
      return assertNever(event, 'petition event');
  }
}
