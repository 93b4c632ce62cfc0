import { DomainError, parseInstant } from '#domain-kernel';
import { PERIOD_UNITS } from '../../calendar/deadline.js';
import { JURISDICTION_LEVELS, URGENCIES } from '../../policy/case-policy.js';
import type {
  AcceptDispatch,
  CloseCase,
  DispatchCase,
  EscalateCase,
  ExtendDeadline,
  FlagRisk,
  ParkCase,
  RecordFollowUp,
  ReferOut,
  RegisterCase,
  RejectCase,
  ReopenCase,
  RequestRework,
  ResolveCase,
  ResumeCase,
  ReturnDispatch,
  StartWork,
  SuperviseDispatch,
  TransferCase,
  VerifyResolution,
} from '../case.commands.js';
import { CaseErrorCode, illegalTransition, invalidCommand } from '../case.errors.js';
import type { CaseEvent } from '../case.events.js';
import { handler, inStatus, type DisputeCase } from '../case.handler.js';
import {
  checkExtensionTiming,
  dispatchEvent,
  escalationEvents,
  levelDeadline,
  levelRank,
  nextLevel,
  requireApproval,
  topLevelReached,
} from '../case.rules.js';
import type { ReportedCase } from '../case.state.js';
import {
  ESCALATION_TRIGGERS,
  REFERRAL_ROUTES,
  SATISFACTIONS,
  type CaseStatus,
  type HandlingUnit,
} from '../case.types.js';
import {
  checkSupervision,
  namesDeadline,
  overdueDeadlines,
  superviseDeadline,
} from '../deadline-supervision.js';

/** The unit a dispatched (accepted, in-progress) work order is with. */
function currentUnit(state: ReportedCase, command: string): HandlingUnit {
  if (state.unit === null) throw illegalTransition(state.status, command, `${command}: the case has no unit`);
  return state.unit;
}

const ACTIVE: readonly CaseStatus[] = ['registered', 'dispatched', 'accepted', 'in_progress'];

export const registerCase = handler(inStatus<DisputeCase>('reported'), {
  fields: (data: RegisterCase['data'], check) => {
    check.oneOf(data.urgency, URGENCIES, 'urgency', true);
    check.text(data.category, 'category', true);
    check.oneOf(data.level, JURISDICTION_LEVELS, 'level', true);
  },
  decide: (ctx, command: RegisterCase, state, moment): CaseEvent[] => [
    {
      type: 'CaseRegistered',
      data: {
        caseId: state.caseId,
        registeredAt: moment.at,
        registeredBy: moment.actor,
        urgency: command.data.urgency ?? state.urgency,
        category: command.data.category ?? state.category,
        level: command.data.level ?? state.level,
        deadlines: { wholeMediation: ctx.deadline(ctx.policy.dispute.wholeMediation, moment.at) },
      },
    },
  ],
});

export const rejectCase = handler(inStatus<DisputeCase>('reported'), {
  fields: (data: RejectCase['data'], check) => check.text(data.reason, 'reason'),
  decide: (_ctx, command: RejectCase, state, moment): CaseEvent[] => [
    {
      type: 'CaseRejected',
      data: {
        caseId: state.caseId,
        rejectedAt: moment.at,
        rejectedBy: moment.actor,
        reason: command.data.reason,
      },
    },
  ],
});

export const dispatchCase = handler(inStatus<DisputeCase>('registered'), {
  fields: (data: DispatchCase['data'], check) => check.unit(data.unit, 'unit'),
  decide: (ctx, command: DispatchCase, state, moment): CaseEvent[] => [
    dispatchEvent(ctx, state, command.data.unit, moment, {
      designated: state.returnedAtLevel,
      startLevelClock: state.levelDeadlineFor !== state.level,
    }),
  ],
});

export const acceptDispatch = handler(inStatus<DisputeCase>('dispatched'), {
  decide: (_ctx, command: AcceptDispatch, state, moment): CaseEvent[] => {
    const sign = state.deadlines.sign;
    return [
      {
        type: 'DispatchAccepted',
        data: {
          caseId: state.caseId,
          acceptedAt: moment.at,
          acceptedBy: moment.actor,
          unit: currentUnit(state, command.type),
          withinLimit: sign ? parseInstant(moment.at) < parseInstant(sign.dueAt) : true,
        },
      },
    ];
  },
});

export const returnDispatch = handler(inStatus<DisputeCase>('dispatched'), {
  fields: (data: ReturnDispatch['data'], check) => check.text(data.reason, 'reason'),
  decide: (_ctx, command: ReturnDispatch, state, moment): CaseEvent[] => {
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
          caseId: state.caseId,
          returnedAt: moment.at,
          returnedBy: moment.actor,
          unit: currentUnit(state, command.type),
          reason: command.data.reason,
        },
      },
    ];
  },
});

export const startWork = handler(inStatus<DisputeCase>('accepted'), {
  decide: (_ctx, _command: StartWork, state, moment): CaseEvent[] => {
    const feedback = state.deadlines.firstFeedback;
    return [
      {
        type: 'WorkStarted',
        data: {
          caseId: state.caseId,
          startedAt: moment.at,
          startedBy: moment.actor,
          firstFeedbackWithinLimit: feedback ? parseInstant(moment.at) < parseInstant(feedback.dueAt) : true,
        },
      },
    ];
  },
});

/** 延期 of a dispute's level limit or whole-mediation limit, with the centre's approval, `maxExtensions` times. */
export const extendDisputeDeadline = handler(inStatus<DisputeCase>('accepted', 'in_progress'), {
  fields: (data: ExtendDeadline['data'], check) => {
    check.text(data.reason, 'reason');
    if (!Number.isInteger(data.amount) || data.amount <= 0)
      check.problem('amount must be a positive whole number');
    check.oneOf(data.unit, PERIOD_UNITS, 'unit', true);
    check.oneOf(data.deadline, ['level', 'wholeMediation'], 'deadline', true);
  },
  decide: (ctx, command: ExtendDeadline, state, moment): CaseEvent[] => {
    const { data } = command;
    const approvedBy = requireApproval(moment, command.type, state.status);
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
    // One more period at most, counted like the limit itself (ADR 0019): a 2-working-day level limit
    // gains up to 2 working days, the month of mediation up to a month, never 90 months.
    if (unit !== current.counting.unit) {
      throw invalidCommand(command.type, [
        `unit must be ${current.counting.unit}, the unit the ${which} limit counts in`,
      ]);
    }
    if (data.amount > current.counting.amount) {
      throw new DomainError(
        CaseErrorCode.extensionTooLong,
        'unprocessable',
        `the ${which} limit (${current.counting.amount} ${unit}) may be extended by at most one more period`,
        { status: state.status, command: command.type, amount: data.amount, max: current.counting.amount },
      );
    }
    const basis = {
      ...current.basis,
      ruleId: `${current.basis.ruleId}.extension`,
      note: `extended with approval of ${approvedBy}: ${data.reason}`,
    };
    const newDeadline =
      unit === 'hours'
        ? ctx.deadline({ amount: data.amount, unit, basis }, current.dueAt)
        : ctx.deadline({ amount: data.amount, unit, basis }, moment.at, current.counting.lastDay);
    checkExtensionTiming(current, newDeadline, moment, {
      command: command.type,
      status: state.status,
      deadline: which,
    });
    return [
      {
        type: 'DeadlineExtended',
        data: {
          caseId: state.caseId,
          extendedAt: moment.at,
          requestedBy: moment.actor,
          approvedBy,
          reason: data.reason,
          deadline: which,
          previousDueAt: current.dueAt,
          newDeadline,
        },
      },
    ];
  },
});

export const resolveCase = handler(inStatus<DisputeCase>('in_progress'), {
  fields: (data: ResolveCase['data'], check) => {
    check.text(data.result, 'result');
    check.text(data.summary, 'summary', true);
  },
  decide: (_ctx, command: ResolveCase, state, moment): CaseEvent[] => [
    {
      type: 'CaseResolved',
      data: {
        caseId: state.caseId,
        resolvedAt: moment.at,
        resolvedBy: moment.actor,
        result: command.data.result,
        ...(command.data.summary ? { summary: command.data.summary } : {}),
      },
    },
  ],
});

export const verifyResolution = handler(inStatus<DisputeCase>('resolved'), {
  decide: (_ctx, command: VerifyResolution, state, moment): CaseEvent[] => [
    {
      type: 'ResolutionVerified',
      data: {
        caseId: state.caseId,
        verifiedAt: moment.at,
        verifiedBy: moment.actor,
        ...(command.data.note ? { note: command.data.note } : {}),
      },
    },
  ],
});

export const requestRework = handler(inStatus<DisputeCase>('resolved'), {
  fields: (data: RequestRework['data'], check) => check.text(data.reason, 'reason'),
  decide: (_ctx, command: RequestRework, state, moment): CaseEvent[] => [
    {
      type: 'ReworkRequested',
      data: {
        caseId: state.caseId,
        requestedAt: moment.at,
        requestedBy: moment.actor,
        reason: command.data.reason,
      },
    },
  ],
});

export const closeCase = handler(inStatus<DisputeCase>('verified', 'referred_out'), {
  decide: (_ctx, command: CloseCase, state, moment): CaseEvent[] => [
    {
      type: 'CaseClosed',
      data: {
        caseId: state.caseId,
        closedAt: moment.at,
        closedBy: moment.actor,
        ...(command.data.note ? { note: command.data.note } : {}),
      },
    },
  ],
});

export const recordFollowUp = handler(inStatus<DisputeCase>('closed'), {
  fields: (data: RecordFollowUp['data'], check) => {
    check.oneOf(data.satisfaction, SATISFACTIONS, 'satisfaction');
    if (typeof data.reporterSaysResolved !== 'boolean')
      check.problem('reporterSaysResolved must be a boolean');
  },
  decide: (_ctx, command: RecordFollowUp, state, moment): CaseEvent[] => [
    {
      type: 'FollowUpRecorded',
      data: {
        caseId: state.caseId,
        recordedAt: moment.at,
        recordedBy: moment.actor,
        satisfaction: command.data.satisfaction,
        reporterSaysResolved: command.data.reporterSaysResolved,
        ...(command.data.note ? { note: command.data.note } : {}),
      },
    },
  ],
});

export const reopenCase = handler(
  (state: DisputeCase, command: ReopenCase): DisputeCase => {
    inStatus<DisputeCase>('followed_up')(state, command);
    if (state.followUp?.satisfaction !== 'unsatisfied') {
      throw new DomainError(
        CaseErrorCode.illegalTransition,
        'illegal_transition',
        'only a case followed up as unsatisfied can be reopened',
        { status: state.status, command: command.type, satisfaction: state.followUp?.satisfaction },
      );
    }
    return state;
  },
  {
    fields: (data: ReopenCase['data'], check) => check.text(data.reason, 'reason'),
    decide: (ctx, command: ReopenCase, state, moment): CaseEvent[] => [
      {
        type: 'CaseReopened',
        data: {
          caseId: state.caseId,
          reopenedAt: moment.at,
          reopenedBy: moment.actor,
          reason: command.data.reason,
          unit: state.unit,
          deadlines: { level: levelDeadline(ctx, state, state.level, moment.at) },
        },
      },
    ],
  },
);

export const escalateCase = handler(inStatus<DisputeCase>(...ACTIVE), {
  fields: (data: EscalateCase['data'], check) => {
    check.text(data.reason, 'reason');
    check.oneOf(data.trigger, ESCALATION_TRIGGERS, 'trigger', true);
    check.unit(data.unit, 'unit', true);
  },
  decide: (ctx, command: EscalateCase, state, moment): CaseEvent[] => {
    const toLevel = nextLevel(state.level);
    if (!toLevel) throw topLevelReached(state, command.type);
    return escalationEvents(ctx, state, moment, {
      toLevel,
      trigger: command.data.trigger ?? 'manual',
      reason: command.data.reason,
      ...(command.data.unit ? { unit: command.data.unit } : {}),
    });
  },
});

/** A risk is reported to the police at once (人民调解法 Art. 25) and the case jumps to street level. */
export const flagRisk = handler(inStatus<DisputeCase>(...ACTIVE), {
  fields: (data: FlagRisk['data'], check) => {
    check.text(data.risk, 'risk');
    check.text(data.policeReport?.reportedTo, 'policeReport.reportedTo');
    check.unit(data.unit, 'unit', true);
  },
  decide: (ctx, command: FlagRisk, state, moment): CaseEvent[] => {
    const { data } = command;
    const flagged: CaseEvent = {
      type: 'RiskFlagged',
      data: {
        caseId: state.caseId,
        flaggedAt: moment.at,
        flaggedBy: moment.actor,
        risk: data.risk,
        policeReport: {
          reportedTo: data.policeReport.reportedTo,
          ...(data.policeReport.reference ? { reference: data.policeReport.reference } : {}),
        },
      },
    };
    if (levelRank(state.level) >= levelRank('street')) return [flagged];
    return [
      flagged,
      ...escalationEvents(ctx, state, moment, {
        toLevel: 'street',
        trigger: 'risk_flag',
        reason: data.risk,
        ...(data.unit ? { unit: data.unit } : {}),
      }),
    ];
  },
});

/**
 * 督办 of a dispute: naming a passed limit (`deadline`), or the work order's supervision of the unit
 * it is dispatched to.
 */
export const superviseDispute = handler(
  (state: DisputeCase, command: SuperviseDispatch): DisputeCase =>
    namesDeadline(command)
      ? state
      : inStatus<DisputeCase>('dispatched', 'accepted', 'in_progress')(state, command),
  {
    fields: checkSupervision,
    decide: (_ctx, command: SuperviseDispatch, state, moment): CaseEvent[] => {
      if (namesDeadline(command)) return superviseDeadline(command, state, moment);
      return [
        {
          type: 'DispatchSupervised',
          data: {
            caseId: state.caseId,
            supervisedAt: moment.at,
            supervisedBy: moment.actor,
            unit: currentUnit(state, command.type),
            reason: command.data.reason,
            overdue: overdueDeadlines(state, moment.at),
          },
        },
      ];
    },
  },
);

/** 挂账 with the centre's approval: the level clock stops until the case resumes. */
export const parkCase = handler(inStatus<DisputeCase>('accepted', 'in_progress'), {
  fields: (data: ParkCase['data'], check) => {
    check.text(data.reason, 'reason');
    check.localDate(data.reviewOn, 'reviewOn', true);
  },
  decide: (_ctx, command: ParkCase, state, moment): CaseEvent[] => {
    const approvedBy = requireApproval(moment, command.type, state.status);
    return [
      {
        type: 'CaseParked',
        data: {
          caseId: state.caseId,
          parkedAt: moment.at,
          parkedBy: moment.actor,
          approvedBy,
          reason: command.data.reason,
          ...(command.data.reviewOn ? { reviewOn: command.data.reviewOn } : {}),
        },
      },
    ];
  },
});

export const resumeCase = handler(inStatus<DisputeCase>('parked'), {
  decide: (ctx, _command: ResumeCase, state, moment): CaseEvent[] => [
    {
      type: 'CaseResumed',
      data: {
        caseId: state.caseId,
        resumedAt: moment.at,
        resumedBy: moment.actor,
        deadlines: { level: levelDeadline(ctx, state, state.level, moment.at) },
      },
    },
  ],
});

/** 转办 with the centre's approval: the new unit is designated (it may not return the case). */
export const transferCase = handler(inStatus<DisputeCase>('dispatched', 'accepted', 'in_progress'), {
  fields: (data: TransferCase['data'], check) => {
    check.text(data.reason, 'reason');
    check.unit(data.toUnit, 'toUnit');
  },
  decide: (ctx, command: TransferCase, state, moment): CaseEvent[] => {
    const approvedBy = requireApproval(moment, command.type, state.status);
    const fromUnit = currentUnit(state, command.type);
    if (command.data.toUnit.unitId === fromUnit.unitId) {
      throw new DomainError(
        CaseErrorCode.invalidCommand,
        'invalid',
        'TransferCase: the case is already with that unit',
        { command: command.type },
      );
    }
    const dispatched = dispatchEvent(ctx, state, command.data.toUnit, moment, {
      designated: true,
      startLevelClock: false,
    });
    return [
      {
        type: 'CaseTransferred',
        data: {
          caseId: state.caseId,
          transferredAt: moment.at,
          transferredBy: moment.actor,
          approvedBy,
          fromUnit,
          toUnit: command.data.toUnit,
          reason: command.data.reason,
          deadlines: {
            sign: dispatched.data.deadlines.sign,
            firstFeedback: dispatched.data.deadlines.firstFeedback,
          },
        },
      },
    ];
  },
});

/** A dispute leaves for litigation, arbitration or an administrative route. */
export const referDisputeOut = handler(inStatus<DisputeCase>(...ACTIVE), {
  fields: (data: ReferOut['data'], check) => {
    check.oneOf(data.route, REFERRAL_ROUTES, 'route');
    check.text(data.reason, 'reason');
    check.text(data.body, 'body', true);
  },
  decide: (_ctx, command: ReferOut, state, moment): CaseEvent[] => [
    {
      type: 'CaseReferredOut',
      data: {
        caseId: state.caseId,
        referredAt: moment.at,
        referredBy: moment.actor,
        route: command.data.route,
        reason: command.data.reason,
        ...(command.data.body ? { body: command.data.body } : {}),
      },
    },
  ],
});
