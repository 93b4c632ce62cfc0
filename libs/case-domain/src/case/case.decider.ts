import { assertNever, DomainError, type Decider } from '#domain-kernel';
import { parseInstant } from '../calendar/local-date.js';
import { createWorkingDayCalendar, type WorkingDayCalendar } from '../calendar/working-day-calendar.js';
import {
  CASE_TYPES,
  defaultCasePolicy,
  JURISDICTION_LEVELS,
  URGENCIES,
  type CasePolicy,
} from '../policy/case-policy.js';
import {
  CASE_SOURCES,
  ESCALATION_TRIGGERS,
  REFERRAL_ROUTES,
  SATISFACTIONS,
  type HandlingUnit,
} from './case.types.js';
import type { CaseCommand, CommonCaseCommand, ReportCase } from './case.commands.js';
import { CaseErrorCode, caseNotFound } from './case.errors.js';
import type { CaseEvent, CaseReportDetails, CaseReported } from './case.events.js';
import type { CaseDetails, CaseState, ReportedCase } from './case.state.js';
import {
  at,
  checker,
  checkMetadata,
  createDecisionContext,
  dispatchEvent,
  escalationEvents,
  isPast,
  levelRank,
  moveTo,
  nextLevel,
  requireApproval,
  requireStatus,
  toRecord,
  topLevelReached,
  type DecisionContext,
} from './case.rules.js';
import {
  decideDispute,
  evolveDispute,
  initialDisputeDetails,
  isDisputeEvent,
} from './dispute/dispute.decider.js';
import {
  decideEnforcement,
  decideEnforcementCommon,
  evolveEnforcement,
  initialEnforcementDetails,
  isEnforcementEvent,
  reportEnforcement,
} from './enforcement/enforcement.decider.js';
import {
  decidePetition,
  decidePetitionCommon,
  evolvePetition,
  initialPetitionDetails,
  isPetitionEvent,
  reportPetition,
} from './petition/petition.decider.js';
import { PERIOD_UNITS } from '../calendar/deadline.js';
import { overdueDeadlines, superviseDeadline } from './deadline-supervision.js';

/** Stream name of a case: `case-<caseId>`. */
export function caseStreamName(caseId: string): string {
  return `case-${caseId}`;
}

/** Commands of the common work-order loop (everything but ReportCase and the type-specific ones). */
const COMMON_COMMAND_TYPES: ReadonlySet<string> = new Set<Exclude<CommonCaseCommand, ReportCase>['type']>([
  'RegisterCase',
  'RejectCase',
  'DispatchCase',
  'AcceptDispatch',
  'ReturnDispatch',
  'StartWork',
  'ExtendDeadline',
  'ResolveCase',
  'VerifyResolution',
  'RequestRework',
  'CloseCase',
  'RecordFollowUp',
  'ReopenCase',
  'EscalateCase',
  'FlagRisk',
  'SuperviseDispatch',
  'ParkCase',
  'ResumeCase',
  'TransferCase',
  'ReferOut',
]);
const isCommonCommand = (command: CaseCommand): command is Exclude<CommonCaseCommand, ReportCase> =>
  COMMON_COMMAND_TYPES.has(command.type);

function reportDispute(command: ReportCase): CaseReportDetails {
  const parties = command.data.dispute?.parties;
  const disputeCheck = checker(command.type);
  if (!Array.isArray(parties) || parties.length === 0)
    disputeCheck.problem('dispute.parties must list at least one party');
  else
    parties.forEach((p, i) => {
      disputeCheck.text(p?.name, `dispute.parties[${i}].name`);
      disputeCheck.oneOf(p?.role, ['applicant', 'respondent', 'other'], `dispute.parties[${i}].role`);
    });
  disputeCheck.done();
  return { caseType: 'dispute', parties: parties! };
}

function report(ctx: DecisionContext, command: ReportCase): CaseEvent[] {
  const { data, metadata } = command;
  const check = checker(command.type);
  check.text(data.caseId, 'caseId');
  check.oneOf(data.caseType, CASE_TYPES, 'caseType');
  check.oneOf(data.source, CASE_SOURCES, 'source');
  check.text(data.title, 'title');
  check.text(data.description, 'description');
  check.text(data.category, 'category');
  check.oneOf(data.urgency, URGENCIES, 'urgency');
  check.text(data.location?.gridId, 'location.gridId');
  check.oneOf(data.level, JURISDICTION_LEVELS, 'level', true);
  if (data.reporter !== undefined) {
    check.text(data.reporter?.name, 'reporter.name');
    check.text(data.reporter?.phone, 'reporter.phone');
  }
  check.done();
  const details: CaseReportDetails =
    data.caseType === 'petition'
      ? reportPetition(ctx, command)
      : data.caseType === 'enforcement'
        ? reportEnforcement(ctx, command)
        : reportDispute(command);
  return [
    {
      type: 'CaseReported',
      data: {
        caseId: data.caseId,
        caseType: data.caseType,
        source: data.source,
        title: data.title,
        description: data.description,
        category: data.category,
        urgency: data.urgency,
        location: data.location,
        reporter: data.reporter ?? null,
        level: data.level ?? 'building',
        reportedAt: at(metadata),
        reportedBy: metadata.actor,
        details,
      },
    },
  ];
}

function decideCommon(
  ctx: DecisionContext,
  command: Exclude<CaseCommand, ReportCase>,
  state: ReportedCase,
): CaseEvent[] {
  // A supervision naming a limit applies to every case type whose clock it is.
  if (command.type === 'SuperviseDispatch' && command.data.deadline !== undefined)
    return superviseDeadline(command, state);
  // Petitions and enforcement cases take only a few common commands; their deciders say which.
  if (isCommonCommand(command) && state.details.caseType === 'petition')
    return decidePetitionCommon(ctx, command, state);
  if (isCommonCommand(command) && state.details.caseType === 'enforcement')
    return decideEnforcementCommon(ctx, command, state);
  const { metadata } = command;
  const now = at(metadata);
  const caseId = state.caseId;
  const actor = metadata.actor;
  const check = checker(command.type);
  switch (command.type) {
    case 'RegisterCase': {
      requireStatus(state, command.type, ['reported']);
      check.oneOf(command.data.urgency, URGENCIES, 'urgency', true);
      check.text(command.data.category, 'category', true);
      check.oneOf(command.data.level, JURISDICTION_LEVELS, 'level', true);
      check.done();
      return [
        {
          type: 'CaseRegistered',
          data: {
            caseId,
            registeredAt: now,
            registeredBy: actor,
            urgency: command.data.urgency ?? state.urgency,
            category: command.data.category ?? state.category,
            level: command.data.level ?? state.level,
            deadlines:
              state.caseType === 'dispute'
                ? { wholeMediation: ctx.deadline(ctx.policy.dispute.wholeMediation, now) }
                : {},
          },
        },
      ];
    }
    case 'RejectCase':
      requireStatus(state, command.type, ['reported']);
      check.text(command.data.reason, 'reason');
      check.done();
      return [
        {
          type: 'CaseRejected',
          data: { caseId, rejectedAt: now, rejectedBy: actor, reason: command.data.reason },
        },
      ];
    case 'DispatchCase':
      requireStatus(state, command.type, ['registered']);
      check.unit(command.data.unit, 'unit');
      check.done();
      return [
        dispatchEvent(ctx, state, command.data.unit, metadata, {
          designated: state.returnedAtLevel,
          startLevelClock: state.levelDeadlineFor !== state.level,
        }),
      ];
    case 'AcceptDispatch': {
      requireStatus(state, command.type, ['dispatched']);
      const withinLimit = state.deadlines.sign
        ? parseInstant(now) < parseInstant(state.deadlines.sign.dueAt)
        : true;
      return [
        {
          type: 'DispatchAccepted',
          data: { caseId, acceptedAt: now, acceptedBy: actor, unit: state.unit!, withinLimit },
        },
      ];
    }
    case 'ReturnDispatch':
      requireStatus(state, command.type, ['dispatched']);
      check.text(command.data.reason, 'reason');
      check.done();
      if (state.dispatch?.designated) {
        throw new DomainError(
          CaseErrorCode.returnNotAllowed,
          'illegal_transition',
          'a unit the centre designated after a return (or a transfer) may not return the case again',
          { status: state.status, command: command.type, unit: state.unit },
        );
      }
      return [
        {
          type: 'DispatchReturned',
          data: {
            caseId,
            returnedAt: now,
            returnedBy: actor,
            unit: state.unit!,
            reason: command.data.reason,
          },
        },
      ];
    case 'StartWork': {
      requireStatus(state, command.type, ['accepted']);
      const feedback = state.deadlines.firstFeedback;
      const firstFeedbackWithinLimit = feedback ? parseInstant(now) < parseInstant(feedback.dueAt) : true;
      return [
        { type: 'WorkStarted', data: { caseId, startedAt: now, startedBy: actor, firstFeedbackWithinLimit } },
      ];
    }
    case 'ExtendDeadline': {
      requireStatus(state, command.type, ['accepted', 'in_progress']);
      const { data } = command;
      check.text(data.reason, 'reason');
      if (!Number.isInteger(data.amount) || data.amount <= 0)
        check.problem('amount must be a positive whole number');
      check.oneOf(data.unit, PERIOD_UNITS, 'unit', true);
      check.oneOf(data.deadline, ['level', 'wholeMediation'], 'deadline', true);
      check.done();
      const approvedBy = requireApproval(data.approvedBy, command.type, state.status);
      if (state.counters.extensions >= ctx.policy.maxExtensions) {
        throw new DomainError(
          CaseErrorCode.extensionAlreadyUsed,
          'illegal_transition',
          `the case has used its ${ctx.policy.maxExtensions} extension(s)`,
          { status: state.status, command: command.type, extensions: state.counters.extensions },
        );
      }
      const which = data.deadline ?? 'level';
      const current = state.deadlines[which];
      if (!current)
        throw new DomainError(
          CaseErrorCode.invalidCommand,
          'invalid',
          `the case has no ${which} deadline to extend`,
          { command: command.type },
        );
      const unit = data.unit ?? current.counting.unit;
      const basis = {
        ...current.basis,
        ruleId: `${current.basis.ruleId}.extension`,
        note: `extended with approval of ${approvedBy}: ${data.reason}`,
      };
      const newDeadline =
        unit === 'hours'
          ? ctx.deadline({ amount: data.amount, unit, basis }, current.dueAt)
          : ctx.deadline({ amount: data.amount, unit, basis }, now, current.counting.lastDay);
      return [
        {
          type: 'DeadlineExtended',
          data: {
            caseId,
            extendedAt: now,
            requestedBy: actor,
            approvedBy,
            reason: data.reason,
            deadline: which,
            previousDueAt: current.dueAt,
            newDeadline,
          },
        },
      ];
    }
    case 'ResolveCase':
      requireStatus(state, command.type, ['in_progress']);
      check.text(command.data.result, 'result');
      check.text(command.data.summary, 'summary', true);
      check.done();
      return [
        {
          type: 'CaseResolved',
          data: {
            caseId,
            resolvedAt: now,
            resolvedBy: actor,
            result: command.data.result,
            ...(command.data.summary ? { summary: command.data.summary } : {}),
          },
        },
      ];
    case 'VerifyResolution':
      requireStatus(state, command.type, ['resolved']);
      return [
        {
          type: 'ResolutionVerified',
          data: {
            caseId,
            verifiedAt: now,
            verifiedBy: actor,
            ...(command.data.note ? { note: command.data.note } : {}),
          },
        },
      ];
    case 'RequestRework':
      requireStatus(state, command.type, ['resolved']);
      check.text(command.data.reason, 'reason');
      check.done();
      return [
        {
          type: 'ReworkRequested',
          data: { caseId, requestedAt: now, requestedBy: actor, reason: command.data.reason },
        },
      ];
    case 'CloseCase':
      requireStatus(state, command.type, ['verified', 'referred_out']);
      return [
        {
          type: 'CaseClosed',
          data: {
            caseId,
            closedAt: now,
            closedBy: actor,
            ...(command.data.note ? { note: command.data.note } : {}),
          },
        },
      ];
    case 'RecordFollowUp':
      requireStatus(state, command.type, ['closed']);
      check.oneOf(command.data.satisfaction, SATISFACTIONS, 'satisfaction');
      if (typeof command.data.reporterSaysResolved !== 'boolean')
        check.problem('reporterSaysResolved must be a boolean');
      check.done();
      return [
        {
          type: 'FollowUpRecorded',
          data: {
            caseId,
            recordedAt: now,
            recordedBy: actor,
            satisfaction: command.data.satisfaction,
            reporterSaysResolved: command.data.reporterSaysResolved,
            ...(command.data.note ? { note: command.data.note } : {}),
          },
        },
      ];
    case 'ReopenCase':
      requireStatus(state, command.type, ['followed_up']);
      if (state.followUp?.satisfaction !== 'unsatisfied') {
        throw new DomainError(
          CaseErrorCode.illegalTransition,
          'illegal_transition',
          'only a case followed up as unsatisfied can be reopened',
          {
            status: state.status,
            command: command.type,
            satisfaction: state.followUp?.satisfaction,
          },
        );
      }
      check.text(command.data.reason, 'reason');
      check.done();
      return [
        {
          type: 'CaseReopened',
          data: {
            caseId,
            reopenedAt: now,
            reopenedBy: actor,
            reason: command.data.reason,
            unit: state.unit,
            deadlines: { level: ctx.deadline(ctx.policy.levelLimits[state.caseType][state.level], now) },
          },
        },
      ];
    case 'EscalateCase': {
      requireStatus(state, command.type, ['registered', 'dispatched', 'accepted', 'in_progress']);
      check.text(command.data.reason, 'reason');
      check.oneOf(command.data.trigger, ESCALATION_TRIGGERS, 'trigger', true);
      check.unit(command.data.unit, 'unit', true);
      check.done();
      const toLevel = nextLevel(state.level);
      if (!toLevel) throw topLevelReached(state, command.type);
      return escalationEvents(ctx, state, metadata, {
        toLevel,
        trigger: command.data.trigger ?? 'manual',
        reason: command.data.reason,
        ...(command.data.unit ? { unit: command.data.unit } : {}),
      });
    }
    case 'FlagRisk': {
      requireStatus(state, command.type, ['registered', 'dispatched', 'accepted', 'in_progress']);
      check.text(command.data.risk, 'risk');
      check.text(command.data.policeReport?.reportedTo, 'policeReport.reportedTo');
      check.unit(command.data.unit, 'unit', true);
      check.done();
      const flagged: CaseEvent = {
        type: 'RiskFlagged',
        data: {
          caseId,
          flaggedAt: now,
          flaggedBy: actor,
          risk: command.data.risk,
          policeReport: {
            reportedTo: command.data.policeReport.reportedTo,
            ...(command.data.policeReport.reference
              ? { reference: command.data.policeReport.reference }
              : {}),
          },
        },
      };
      if (levelRank(state.level) >= levelRank('street')) return [flagged];
      return [
        flagged,
        ...escalationEvents(ctx, state, metadata, {
          toLevel: 'street',
          trigger: 'risk_flag',
          reason: command.data.risk,
          ...(command.data.unit ? { unit: command.data.unit } : {}),
        }),
      ];
    }
    case 'SuperviseDispatch': {
      requireStatus(state, command.type, ['dispatched', 'accepted', 'in_progress']);
      check.text(command.data.reason, 'reason');
      check.done();
      const overdue = overdueDeadlines(state, now);
      return [
        {
          type: 'DispatchSupervised',
          data: {
            caseId,
            supervisedAt: now,
            supervisedBy: actor,
            unit: state.unit!,
            reason: command.data.reason,
            overdue,
          },
        },
      ];
    }
    case 'ParkCase': {
      requireStatus(state, command.type, ['accepted', 'in_progress']);
      check.text(command.data.reason, 'reason');
      check.localDate(command.data.reviewOn, 'reviewOn', true);
      check.done();
      const approvedBy = requireApproval(command.data.approvedBy, command.type, state.status);
      return [
        {
          type: 'CaseParked',
          data: {
            caseId,
            parkedAt: now,
            parkedBy: actor,
            approvedBy,
            reason: command.data.reason,
            ...(command.data.reviewOn ? { reviewOn: command.data.reviewOn } : {}),
          },
        },
      ];
    }
    case 'ResumeCase':
      requireStatus(state, command.type, ['parked']);
      return [
        {
          type: 'CaseResumed',
          data: {
            caseId,
            resumedAt: now,
            resumedBy: actor,
            deadlines: { level: ctx.deadline(ctx.policy.levelLimits[state.caseType][state.level], now) },
          },
        },
      ];
    case 'TransferCase': {
      requireStatus(state, command.type, ['dispatched', 'accepted', 'in_progress']);
      check.text(command.data.reason, 'reason');
      check.unit(command.data.toUnit, 'toUnit');
      check.done();
      const approvedBy = requireApproval(command.data.approvedBy, command.type, state.status);
      if (command.data.toUnit.unitId === state.unit?.unitId) {
        throw new DomainError(
          CaseErrorCode.invalidCommand,
          'invalid',
          'TransferCase: the case is already with that unit',
          { command: command.type },
        );
      }
      const dispatched = dispatchEvent(ctx, state, command.data.toUnit, metadata, {
        designated: true,
        startLevelClock: false,
      });
      return [
        {
          type: 'CaseTransferred',
          data: {
            caseId,
            transferredAt: now,
            transferredBy: actor,
            approvedBy,
            fromUnit: state.unit as HandlingUnit,
            toUnit: command.data.toUnit,
            reason: command.data.reason,
            deadlines: {
              sign: dispatched.data.deadlines.sign,
              firstFeedback: dispatched.data.deadlines.firstFeedback,
            },
          },
        },
      ];
    }
    case 'ReferOut':
      requireStatus(state, command.type, ['registered', 'dispatched', 'accepted', 'in_progress']);
      check.oneOf(command.data.route, REFERRAL_ROUTES, 'route');
      check.text(command.data.reason, 'reason');
      check.text(command.data.body, 'body', true);
      check.done();
      return [
        {
          type: 'CaseReferredOut',
          data: {
            caseId,
            referredAt: now,
            referredBy: actor,
            route: command.data.route,
            reason: command.data.reason,
            ...(command.data.body ? { body: command.data.body } : {}),
          },
        },
      ];
    case 'RecordMediationSession':
    case 'RecordMediationAgreement':
    case 'RecordMediationFailure':
    case 'RequestJudicialConfirmation':
      return decideDispute(ctx, command, state);
    case 'RoutePetition':
    case 'NotifyPetitioner':
    case 'ObjectToRouting':
    case 'DivertPetition':
    case 'AnswerPetition':
    case 'RequestReview':
    case 'AnswerReview':
    case 'RequestReReview':
    case 'RecordReReviewHearing':
    case 'AnswerReReview':
    case 'ClosePetitionForNoRequest':
      return decidePetition(ctx, command, state);
    case 'ScreenLead':
    case 'FileEnforcementCase':
    case 'PreserveEvidence':
    case 'DecidePreservedEvidence':
    case 'ConcludeInvestigation':
    case 'ReviewEnforcementCase':
    case 'NotifyProposedPenalty':
    case 'RequestHearing':
    case 'ScheduleHearing':
    case 'HoldHearing':
    case 'DecidePenalty':
    case 'ServeDecision':
    case 'RecordPayment':
    case 'DemandPayment':
    case 'ApplyCourtEnforcement':
    case 'ArchiveEnforcementCase':
      return decideEnforcement(ctx, command, state);
    default:
      return assertNever(command, 'case command');
  }
}

function reported(event: CaseReported): ReportedCase {
  const { data } = event;
  return {
    status: 'reported',
    caseId: data.caseId,
    caseType: data.caseType,
    source: data.source,
    title: data.title,
    description: data.description,
    category: data.category,
    urgency: data.urgency,
    location: data.location,
    reporter: data.reporter,
    level: data.level,
    unit: null,
    dispatch: null,
    returnedAtLevel: false,
    levelDeadlineFor: null,
    deadlines: initialDeadlines(data.details),
    counters: { returns: 0, reworks: 0, extensions: 0, escalations: 0, supervisions: 0, transfers: 0 },
    reportedAt: data.reportedAt,
    registeredAt: null,
    lastChangedAt: data.reportedAt,
    resolution: null,
    riskFlag: null,
    followUp: null,
    details: initialDetails(data.details),
  };
}

function initialDetails(report: CaseReportDetails): CaseDetails {
  switch (report.caseType) {
    case 'dispute':
      return initialDisputeDetails(report);
    case 'petition':
      return initialPetitionDetails(report);
    case 'enforcement':
      return initialEnforcementDetails(report);
    default:
      return assertNever(report, 'case report details');
  }
}

/** Where each type starts its clocks at report. */
function initialDeadlines(report: CaseReportDetails): ReportedCase['deadlines'] {
  if (report.caseType === 'petition') return { routing: report.routingDeadline };
  if (report.caseType === 'enforcement') return { screening: report.screeningDeadline };
  return {};
}

/** Folds one recorded event into the state. Never refuses: a recorded event is a fact. */
export function evolveCase(state: CaseState, event: CaseEvent): CaseState {
  if (event.type === 'CaseReported') return reported(event);
  if (state.status === 'none') return state;
  if (isDisputeEvent(event)) return evolveDispute(state, event);
  if (isPetitionEvent(event)) return evolvePetition(state, event);
  if (isEnforcementEvent(event)) return evolveEnforcement(state, event);
  const counters = state.counters;
  switch (event.type) {
    case 'CaseRegistered':
      return moveTo(state, 'registered', event.data.registeredAt, {
        urgency: event.data.urgency,
        category: event.data.category,
        level: event.data.level,
        registeredAt: event.data.registeredAt,
        deadlines: { ...state.deadlines, ...event.data.deadlines },
      });
    case 'CaseRejected':
      return {
        ...toRecord(state),
        lastChangedAt: event.data.rejectedAt,
        status: 'rejected',
        rejection: { reason: event.data.reason, rejectedAt: event.data.rejectedAt },
      };
    case 'CaseDispatched': {
      const { sign, firstFeedback, level } = event.data.deadlines;
      return moveTo(state, 'dispatched', event.data.dispatchedAt, {
        unit: event.data.unit,
        level: event.data.level,
        dispatch: {
          unit: event.data.unit,
          dispatchedAt: event.data.dispatchedAt,
          designated: event.data.designated,
        },
        deadlines: { ...state.deadlines, sign, firstFeedback, ...(level ? { level } : {}) },
        levelDeadlineFor: level ? event.data.level : state.levelDeadlineFor,
      });
    }
    case 'DispatchAccepted': {
      const { sign: _sign, ...deadlines } = state.deadlines;
      return moveTo(state, 'accepted', event.data.acceptedAt, {
        dispatch: state.dispatch && {
          ...state.dispatch,
          acceptedAt: event.data.acceptedAt,
          signedWithinLimit: event.data.withinLimit,
        },
        deadlines,
      });
    }
    case 'DispatchReturned': {
      const { sign: _sign, firstFeedback: _feedback, ...deadlines } = state.deadlines;
      return moveTo(state, 'registered', event.data.returnedAt, {
        unit: null,
        dispatch: null,
        returnedAtLevel: true,
        deadlines,
        counters: { ...counters, returns: counters.returns + 1 },
      });
    }
    case 'WorkStarted': {
      const { firstFeedback: _feedback, ...deadlines } = state.deadlines;
      return moveTo(state, 'in_progress', event.data.startedAt, { deadlines });
    }
    case 'DeadlineExtended':
      return {
        ...state,
        lastChangedAt: event.data.extendedAt,
        deadlines: { ...state.deadlines, [event.data.deadline]: event.data.newDeadline },
        counters: { ...counters, extensions: counters.extensions + 1 },
      };
    case 'CaseResolved':
      return moveTo(state, 'resolved', event.data.resolvedAt, {
        resolution: {
          result: event.data.result,
          resolvedAt: event.data.resolvedAt,
          ...(event.data.summary ? { summary: event.data.summary } : {}),
        },
      });
    case 'ResolutionVerified':
      return moveTo(state, 'verified', event.data.verifiedAt);
    case 'ReworkRequested':
      return moveTo(state, 'in_progress', event.data.requestedAt, {
        counters: { ...counters, reworks: counters.reworks + 1 },
      });
    case 'CaseClosed':
      return moveTo(state, 'closed', event.data.closedAt, { deadlines: {} });
    case 'FollowUpRecorded':
      return moveTo(state, 'followed_up', event.data.recordedAt, {
        followUp: {
          satisfaction: event.data.satisfaction,
          reporterSaysResolved: event.data.reporterSaysResolved,
          recordedAt: event.data.recordedAt,
        },
      });
    case 'CaseReopened':
      return moveTo(state, event.data.unit ? 'in_progress' : 'registered', event.data.reopenedAt, {
        unit: event.data.unit,
        dispatch: event.data.unit ? state.dispatch : null,
        resolution: null,
        followUp: null,
        deadlines: { level: event.data.deadlines.level },
        levelDeadlineFor: state.level,
        counters: { ...counters, reworks: counters.reworks + 1 },
      });
    case 'CaseEscalated': {
      const { sign: _sign, firstFeedback: _feedback, ...deadlines } = state.deadlines;
      return moveTo(state, 'registered', event.data.escalatedAt, {
        level: event.data.toLevel,
        unit: null,
        dispatch: null,
        returnedAtLevel: false,
        deadlines: { ...deadlines, level: event.data.deadline },
        levelDeadlineFor: event.data.toLevel,
        counters: { ...counters, escalations: counters.escalations + 1 },
      });
    }
    case 'RiskFlagged':
      return {
        ...state,
        lastChangedAt: event.data.flaggedAt,
        riskFlag: {
          risk: event.data.risk,
          flaggedAt: event.data.flaggedAt,
          policeReport: event.data.policeReport,
        },
      };
    case 'DispatchSupervised':
      return {
        ...state,
        lastChangedAt: event.data.supervisedAt,
        counters: { ...counters, supervisions: counters.supervisions + 1 },
      };
    case 'CaseParked': {
      const { level: _level, ...deadlines } = state.deadlines;
      return {
        ...toRecord(state),
        deadlines,
        lastChangedAt: event.data.parkedAt,
        status: 'parked',
        parking: {
          reason: event.data.reason,
          parkedAt: event.data.parkedAt,
          approvedBy: event.data.approvedBy,
          ...(event.data.reviewOn ? { reviewOn: event.data.reviewOn } : {}),
        },
      };
    }
    case 'CaseResumed':
      return moveTo(state, 'in_progress', event.data.resumedAt, {
        deadlines: { ...state.deadlines, level: event.data.deadlines.level },
        levelDeadlineFor: state.level,
      });
    case 'CaseTransferred':
      return moveTo(state, 'dispatched', event.data.transferredAt, {
        unit: event.data.toUnit,
        dispatch: { unit: event.data.toUnit, dispatchedAt: event.data.transferredAt, designated: true },
        deadlines: { ...state.deadlines, ...event.data.deadlines },
        counters: { ...counters, transfers: counters.transfers + 1 },
      });
    case 'CaseReferredOut': {
      const record = toRecord(state);
      return {
        ...record,
        details:
          record.details.caseType === 'dispute'
            ? { ...record.details, outcome: 'referred_out' }
            : record.details.caseType === 'enforcement'
              ? {
                  ...record.details,
                  stage: 'referred_out',
                  screening: {
                    outcome: 'referred_out',
                    at: event.data.referredAt,
                    withinLimit:
                      !state.deadlines.screening ||
                      !isPast(event.data.referredAt, state.deadlines.screening.dueAt),
                  },
                }
              : record.details,
        deadlines: {},
        lastChangedAt: event.data.referredAt,
        status: 'referred_out',
        referral: {
          route: event.data.route,
          reason: event.data.reason,
          referredAt: event.data.referredAt,
          ...(event.data.body ? { body: event.data.body } : {}),
        },
      };
    }
    default:
      return assertNever(event, 'case event');
  }
}

export interface CaseDeciderOptions {
  /** Deadline policy; `defaultCasePolicy` when absent. Validate it with `validateCasePolicy` first. */
  readonly policy?: CasePolicy;
  /** Working-day calendar; built from `policy.calendar` overrides when absent. */
  readonly calendar?: WorkingDayCalendar;
}

/**
 * The case aggregate as a decider. Deadlines are computed in `decide` from the policy and
 * calendar and stored in the events; `evolve` never recomputes them.
 */
export function createCaseDecider(
  options: CaseDeciderOptions = {},
): Decider<CaseCommand, CaseEvent, CaseState> {
  const policy = options.policy ?? defaultCasePolicy;
  const ctx = createDecisionContext(policy, options.calendar ?? createWorkingDayCalendar(policy.calendar));
  return {
    initialState: (): CaseState => ({ status: 'none' }),
    evolve: evolveCase,
    decide(command, state) {
      checkMetadata(command);
      if (command.type === 'ReportCase') {
        if (state.status !== 'none') {
          throw new DomainError(
            CaseErrorCode.alreadyExists,
            'illegal_transition',
            `case ${state.caseId} already exists`,
            { status: state.status, command: command.type },
          );
        }
        return report(ctx, command);
      }
      if (state.status === 'none') throw caseNotFound(command.type);
      return decideCommon(ctx, command, state);
    },
  };
}

/** The case decider with the default policy and the official calendar. */
export const caseDecider: Decider<CaseCommand, CaseEvent, CaseState> = createCaseDecider();
