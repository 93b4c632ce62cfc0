import { assertNever } from '#domain-kernel';
import type { CommonCaseEvent } from '../case.events.js';
import { isEnforcementCase } from '../case.handler.js';
import { moveTo, toRecord } from '../case.rules.js';
import type { ReportedCase } from '../case.state.js';
import { referEnforcementOut } from '../enforcement/enforcement.evolve.js';

/**
 * Folds an event of the common work-order loop (and the common events every type shares: extension,
 * supervision, referral). Never refuses: a recorded event is a fact.
 */
export function evolveWorkOrder(state: ReportedCase, event: CommonCaseEvent): ReportedCase {
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
      if (isEnforcementCase(state)) return referEnforcementOut(state, event);
      const record = toRecord(state);
      return {
        ...record,
        details:
          record.details.caseType === 'dispute'
            ? { ...record.details, outcome: 'referred_out' }
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
    case 'CaseReported':
    case 'LateEntryJustified':
      return state;
    default:
      return assertNever(event, 'case event');
  }
}
