import { assertNever, parseInstant } from '#domain-kernel';
import type { CaseEvent } from '../case.events.js';
import { isEnforcementIn, type EnforcementCase } from '../case.handler.js';
import { isPast, toRecord } from '../case.rules.js';
import type { CaseDeadlines, CaseRecord, ReportedCase } from '../case.state.js';
import type { CaseReferredOut } from '../case.events.js';
import type { EnforcementEvent, EnforcementReportDetails } from './enforcement.events.js';
import {
  ENFORCEMENT_STAGE_STATUS,
  type EnforcementDetails,
  type EnforcementExecution,
} from './enforcement.state.js';

const ENFORCEMENT_EVENT_TYPES: ReadonlySet<string> = new Set<EnforcementEvent['type']>([
  'LeadScreened',
  'EnforcementCaseFiled',
  'EvidencePreserved',
  'PreservedEvidenceDecided',
  'InvestigationConcluded',
  'EnforcementCaseReviewed',
  'ProposedPenaltyNotified',
  'HearingRequested',
  'HearingScheduled',
  'HearingHeld',
  'PenaltyDecided',
  'PenaltyDecisionServed',
  'FinePaid',
  'PaymentDemanded',
  'CourtEnforcementApplied',
  'EnforcementCaseArchived',
]);

export function isEnforcementEvent(event: CaseEvent): event is EnforcementEvent {
  return ENFORCEMENT_EVENT_TYPES.has(event.type);
}

export function initialEnforcementDetails(report: EnforcementReportDetails): EnforcementDetails {
  const { screeningDeadline: _screening, ...rest } = report;
  return {
    ...rest,
    stage: 'lead',
    screening: null,
    filing: null,
    major: false,
    preservations: [],
    investigation: null,
    review: null,
    proposedPenalty: null,
    notice: null,
    hearing: null,
    decision: null,
    service: null,
    execution: null,
    archivedAt: null,
  };
}

function without(deadlines: CaseDeadlines, ...keys: Array<keyof CaseDeadlines>): CaseDeadlines {
  const copy: Record<string, unknown> = { ...deadlines };
  for (const key of keys) delete copy[key];
  return copy as CaseDeadlines;
}

function pendingEvidenceDeadline(details: EnforcementDetails): CaseDeadlines {
  const pending = details.preservations.filter((p) => p.decision === null).map((p) => p.deadline);
  pending.sort((a, b) => parseInstant(a.dueAt) - parseInstant(b.dueAt));
  return pending[0] ? { evidenceDecision: pending[0] } : {};
}

/**
 * The case with new enforcement data: its common status is the one of the stage, with the rejection
 * or referral the stage implies, and a case that leaves the procedure has no running limit left.
 */
function withDetails(
  state: EnforcementCase,
  details: EnforcementDetails,
  changedAt: string,
  changes: Partial<CaseRecord> = {},
): ReportedCase {
  const record: CaseRecord = { ...toRecord(state), ...changes, details, lastChangedAt: changedAt };
  const status = ENFORCEMENT_STAGE_STATUS[details.stage];
  switch (status) {
    case 'rejected':
      return {
        ...record,
        deadlines: {},
        status,
        rejection: { reason: details.screening?.reason ?? '', rejectedAt: changedAt },
      };
    case 'referred_out':
      // A lead referred out at screening carries the referral of its CaseReferredOut (below).
      if (state.status === 'referred_out') return { ...state, details, lastChangedAt: changedAt };
      return {
        ...record,
        deadlines: {},
        status,
        referral: {
          route: 'judiciary',
          reason: details.review?.reason ?? '',
          referredAt: changedAt,
          ...(details.review?.judiciaryBody ? { body: details.review.judiciaryBody } : {}),
        },
      };
    case 'closed':
      return { ...record, deadlines: {}, status };
    default:
      return { ...record, status };
  }
}

/** A lead referred out at screening (the common CaseReferredOut on an enforcement case). */
export function referEnforcementOut(state: EnforcementCase, event: CaseReferredOut): ReportedCase {
  const screening = {
    outcome: 'referred_out' as const,
    at: event.data.referredAt,
    withinLimit:
      !state.deadlines.screening || !isPast(event.data.referredAt, state.deadlines.screening.dueAt),
  };
  return {
    ...toRecord(state),
    details: { ...state.details, stage: 'referred_out', screening },
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

/**
 * Folds an enforcement event. A recorded event is a fact and is never refused; one that does not fit
 * the stage (which the decider never produces) leaves the case as it is.
 */
export function evolveEnforcement(state: EnforcementCase, event: EnforcementEvent): ReportedCase {
  const details = state.details;
  const deadlines = state.deadlines;
  switch (event.type) {
    case 'LeadScreened': {
      const screening = {
        outcome: event.data.outcome,
        at: event.data.screenedAt,
        withinLimit: event.data.withinLimit,
        reason: event.data.reason,
      };
      // simple_procedure: PenaltyDecided and PenaltyDecisionServed follow in the same decision.
      if (event.data.outcome === 'not_filed')
        return withDetails(state, { ...details, stage: 'not_filed', screening }, event.data.screenedAt, {
          deadlines: without(deadlines, 'screening'),
        });
      return {
        ...state,
        details: { ...details, screening },
        deadlines: without(deadlines, 'screening'),
        lastChangedAt: event.data.screenedAt,
      };
    }
    case 'EnforcementCaseFiled': {
      const { data } = event;
      const filing = {
        filedAt: data.filedAt,
        officers: data.officers,
        ...(data.caseNo ? { caseNo: data.caseNo } : {}),
      };
      return withDetails(
        state,
        {
          ...details,
          stage: 'investigating',
          major: data.major,
          screening: { outcome: 'filed', at: data.filedAt, withinLimit: data.withinLimit },
          filing,
        },
        data.filedAt,
        {
          deadlines: { ...without(deadlines, 'screening'), decision: data.deadlines.decision },
          registeredAt: data.filedAt,
          levelDeadlineFor: state.level,
        },
      );
    }
    case 'EvidencePreserved': {
      const { data } = event;
      const preservations = [
        ...details.preservations,
        {
          preservationNo: data.preservationNo,
          items: data.items,
          preservedAt: data.preservedAt,
          approvedBy: data.approvedBy,
          deadline: data.deadlines.evidenceDecision,
          decision: null,
        },
      ];
      const next = { ...details, preservations };
      return withDetails(state, next, data.preservedAt, {
        deadlines: { ...without(deadlines, 'evidenceDecision'), ...pendingEvidenceDeadline(next) },
      });
    }
    case 'PreservedEvidenceDecided': {
      const { data } = event;
      const preservations = details.preservations.map((p) =>
        p.preservationNo === data.preservationNo
          ? {
              ...p,
              decision: {
                decision: data.decision,
                decidedAt: data.decidedAt,
                withinLimit: data.withinLimit,
                ...(data.note ? { note: data.note } : {}),
              },
            }
          : p,
      );
      const next = { ...details, preservations };
      return withDetails(state, next, data.decidedAt, {
        deadlines: { ...without(deadlines, 'evidenceDecision'), ...pendingEvidenceDeadline(next) },
      });
    }
    case 'InvestigationConcluded':
      if (!isEnforcementIn(state, ['investigating'])) return state;
      return withDetails(
        state,
        {
          ...state.details,
          stage: 'under_review',
          investigation: { concludedAt: event.data.concludedAt, summary: event.data.summary },
        },
        event.data.concludedAt,
      );
    case 'EnforcementCaseReviewed': {
      if (!isEnforcementIn(state, ['under_review'])) return state;
      const { data } = event;
      const review = {
        reviewedAt: data.reviewedAt,
        outcome: data.outcome,
        reason: data.reason,
        legalReview: data.legalReview,
        ...(data.judiciaryBody ? { judiciaryBody: data.judiciaryBody } : {}),
      };
      const reviewed = { ...state.details, major: data.major, review };
      if (data.outcome === 'proposed_penalty' && data.proposedPenalty)
        return withDetails(
          state,
          { ...reviewed, stage: 'penalty_proposed', proposedPenalty: data.proposedPenalty },
          data.reviewedAt,
        );
      const closing = {
        deadlines: without(deadlines, 'decision'),
        resolution: { result: `${data.outcome}: ${data.reason}`, resolvedAt: data.reviewedAt },
      };
      if (data.outcome === 'transfer_to_judiciary')
        return withDetails(
          state,
          { ...reviewed, stage: 'transferred', proposedPenalty: null },
          data.reviewedAt,
          closing,
        );
      return withDetails(
        state,
        {
          ...reviewed,
          stage: 'no_penalty',
          proposedPenalty: null,
          decision: {
            procedure: 'ordinary',
            outcome: 'no_penalty',
            penalty: null,
            decidedAt: data.reviewedAt,
            withinLimit: data.withinLimit,
          },
        },
        data.reviewedAt,
        closing,
      );
    }
    case 'ProposedPenaltyNotified':
      if (!isEnforcementIn(state, ['penalty_proposed'])) return state;
      return withDetails(
        state,
        {
          ...state.details,
          stage: 'notified',
          notice: { notifiedAt: event.data.notifiedAt, hearingRight: event.data.hearingRight },
        },
        event.data.notifiedAt,
        { deadlines: { ...deadlines, ...event.data.deadlines } },
      );
    case 'HearingRequested':
      if (!isEnforcementIn(state, ['notified'])) return state;
      return withDetails(
        state,
        {
          ...state.details,
          stage: 'hearing_requested',
          hearing: { requestedAt: event.data.requestedAt, scheduled: null, held: null },
        },
        event.data.requestedAt,
        { deadlines: without(deadlines, 'hearingRequest') },
      );
    case 'HearingScheduled': {
      if (!isEnforcementIn(state, ['hearing_requested'])) return state;
      const { data } = event;
      return withDetails(
        state,
        {
          ...state.details,
          stage: 'hearing_scheduled',
          hearing: {
            ...state.details.hearing,
            scheduled: {
              hearingAt: data.hearingAt,
              place: data.place,
              presidedBy: data.presidedBy,
              noticePeriod: data.noticePeriod,
            },
          },
        },
        data.scheduledAt,
      );
    }
    case 'HearingHeld': {
      if (!isEnforcementIn(state, ['hearing_scheduled'])) return state;
      const { data } = event;
      return withDetails(
        state,
        {
          ...state.details,
          stage: 'heard',
          hearing: {
            ...state.details.hearing,
            held: { heldAt: data.heldAt, partyAttended: data.partyAttended, waived: data.waived },
          },
        },
        data.heldAt,
      );
    }
    case 'PenaltyDecided': {
      const { data } = event;
      const decision = {
        procedure: data.procedure,
        outcome: data.outcome,
        penalty: data.penalty,
        decidedAt: data.decidedAt,
        withinLimit: data.withinLimit,
        ...(data.decisionNo ? { decisionNo: data.decisionNo } : {}),
      };
      return withDetails(
        state,
        {
          ...details,
          stage: data.outcome === 'penalty' ? 'decided' : 'no_penalty',
          decision,
          party: details.party ?? data.party,
        },
        data.decidedAt,
        {
          deadlines: { ...without(deadlines, 'decision', 'hearingRequest'), ...data.deadlines },
          resolution: {
            result: data.penalty
              ? `penalty: ${data.penalty.kinds.join(', ')}; fine ${data.penalty.fineFen} fen`
              : `no penalty: ${data.reason}`,
            resolvedAt: data.decidedAt,
          },
        },
      );
    }
    case 'PenaltyDecisionServed': {
      if (!isEnforcementIn(state, ['decided'])) return state;
      const { data } = event;
      const decision = state.details.decision;
      const fineFen = decision.penalty?.fineFen ?? 0;
      const service = { servedAt: data.servedAt, method: data.method, withinLimit: data.withinLimit };
      const execution: EnforcementExecution = {
        fineFen,
        paymentDueDate: data.deadlines.payment?.counting.lastDay ?? null,
        appealPeriod: data.deadlines.appeal,
        demandedAt: null,
        payment: null,
        court: null,
      };
      const changes = {
        deadlines: {
          ...without(deadlines, 'service'),
          ...(data.deadlines.payment ? { payment: data.deadlines.payment } : {}),
        },
      };
      const paymentDueDate = execution.paymentDueDate;
      if (fineFen > 0 && paymentDueDate !== null)
        return withDetails(
          state,
          {
            ...state.details,
            stage: 'awaiting_payment',
            decision,
            service,
            execution: { ...execution, paymentDueDate },
          },
          data.servedAt,
          changes,
        );
      return withDetails(
        state,
        { ...state.details, stage: 'executed', decision, service, execution },
        data.servedAt,
        changes,
      );
    }
    case 'FinePaid': {
      if (!isEnforcementIn(state, ['awaiting_payment', 'demanded'])) return state;
      const { data } = event;
      return withDetails(
        state,
        {
          ...state.details,
          stage: 'paid',
          execution: {
            ...state.details.execution,
            payment: {
              paidOn: data.paidOn,
              fineFen: data.fineFen,
              surchargeFen: data.surchargeFen,
              totalFen: data.totalFen,
            },
          },
        },
        data.paidAt ?? data.recordedAt,
        { deadlines: without(deadlines, 'payment', 'demand', 'courtApplication') },
      );
    }
    case 'PaymentDemanded':
      if (!isEnforcementIn(state, ['awaiting_payment'])) return state;
      return withDetails(
        state,
        {
          ...state.details,
          stage: 'demanded',
          execution: { ...state.details.execution, demandedAt: event.data.demandedAt },
        },
        event.data.demandedAt,
        { deadlines: { ...without(deadlines, 'payment'), ...event.data.deadlines } },
      );
    case 'CourtEnforcementApplied': {
      if (!isEnforcementIn(state, ['demanded'])) return state;
      const { data } = event;
      return withDetails(
        state,
        {
          ...state.details,
          stage: 'court_enforcement',
          execution: {
            ...state.details.execution,
            court: { court: data.court, appliedAt: data.appliedAt, surchargeFen: data.surchargeFen },
          },
        },
        data.appliedAt,
        { deadlines: without(deadlines, 'demand', 'courtApplication') },
      );
    }
    case 'EnforcementCaseArchived':
      return withDetails(
        state,
        { ...details, stage: 'archived', archivedAt: event.data.archivedAt },
        event.data.archivedAt,
      );
    default:
      return assertNever(event, 'enforcement event');
  }
}
