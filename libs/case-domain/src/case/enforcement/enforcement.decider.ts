import { assertNever, DomainError } from '#domain-kernel';
import { countWorkingDays } from '../../calendar/deadline.js';
import { daysBetween, isInstant, localDateOf, parseInstant } from '../../calendar/local-date.js';
import {
  ENFORCEMENT_MAX_EXTENSION_DAYS,
  ENFORCEMENT_PERIODS,
  MIN_ENFORCEMENT_OFFICERS,
  SIMPLE_PROCEDURE_MAX_FINE_FEN,
} from '../../policy/statutory-periods.js';
import type { CommonCaseCommand, ReportCase } from '../case.commands.js';
import {
  approvalRequired,
  CaseErrorCode,
  commandNotApplicable,
  illegalStageTransition,
  ruleRefusal,
} from '../case.errors.js';
import type { CaseEvent } from '../case.events.js';
import type { CaseState, ReportedCase } from '../case.state.js';
import type { CommandMetadata } from '../case.types.js';
import {
  at,
  checker,
  isPast,
  moveTo,
  statutoryExtension,
  toRecord,
  type DecisionContext,
} from '../case.rules.js';
import type { EnforcementCommand, OnTheSpotPenalty } from './enforcement.commands.js';
import {
  ENFORCEMENT_REFERRAL_ROUTES,
  ENFORCEMENT_TEAMS,
  PARTY_KINDS,
  PENALTY_KINDS,
  PRESERVED_EVIDENCE_DECISIONS,
  SERVICE_METHODS,
  type EnforcementEvent,
  type EnforcementReportDetails,
  type PenaltyDecided,
  type PenaltyDecisionServed,
  type PenaltyTerms,
} from './enforcement.events.js';
import type { EnforcementDetails, EnforcementStage } from './enforcement.state.js';
import { lateDays, lateSurchargeFen } from './late-surcharge.js';

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

type EnforcementCase = ReportedCase & { readonly details: EnforcementDetails };
type Check = ReturnType<typeof checker>;

/** Stages in which the 90-day decision clock runs (and may be extended). */
const DECISION_CLOCK_STAGES: readonly EnforcementStage[] = [
  'investigating',
  'under_review',
  'penalty_proposed',
  'notified',
  'hearing_requested',
  'hearing_scheduled',
  'heard',
];
const ARCHIVABLE_STAGES: readonly EnforcementStage[] = [
  'not_filed',
  'referred_out',
  'transferred',
  'no_penalty',
  'paid',
  'executed',
  'court_enforcement',
];

/** Checks `ReportCase.data.enforcement` and starts the 15-working-day screening clock. */
export function reportEnforcement(ctx: DecisionContext, command: ReportCase): EnforcementReportDetails {
  const report = command.data.enforcement;
  const check = checker(command.type);
  if (typeof report !== 'object' || report === null) {
    check.problem('enforcement must be given for an enforcement case');
    check.done();
  }
  const r = report!;
  check.oneOf(r.team, ENFORCEMENT_TEAMS, 'enforcement.team');
  check.text(r.squadId, 'enforcement.squadId');
  check.text(r.brigadeId, 'enforcement.brigadeId', true);
  check.text(r.leadSource, 'enforcement.leadSource', true);
  if (r.party !== undefined) {
    check.oneOf(r.party?.kind, PARTY_KINDS, 'enforcement.party.kind');
    check.text(r.party?.name, 'enforcement.party.name');
  }
  check.done();
  return {
    caseType: 'enforcement',
    team: r.team,
    squadId: r.squadId,
    brigadeId: r.brigadeId ?? null,
    party: r.party ?? null,
    leadSource: r.leadSource ?? null,
    screeningDeadline: ctx.deadline(ENFORCEMENT_PERIODS.screening, at(command.metadata)),
  };
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

function asEnforcement(state: ReportedCase, command: string): EnforcementCase {
  if (state.details.caseType !== 'enforcement')
    throw commandNotApplicable(command, state.caseType, `${command} applies to enforcement cases only`);
  return state as EnforcementCase;
}

function requireStage(state: EnforcementCase, command: string, allowed: readonly EnforcementStage[]): void {
  if (!allowed.includes(state.details.stage))
    throw illegalStageTransition(state.status, state.details.stage, command);
}

const withinLimit = (now: string, dueAt: string | undefined): boolean => (dueAt ? !isPast(now, dueAt) : true);

function checkOfficers(check: Check, officers: unknown, field: string): void {
  check.texts(officers, field, 1);
}

function requireTwoOfficers(officers: readonly string[], command: string, status: string): void {
  if (new Set(officers).size < MIN_ENFORCEMENT_OFFICERS) {
    throw ruleRefusal(
      CaseErrorCode.enforcementTooFewOfficers,
      `at least ${MIN_ENFORCEMENT_OFFICERS} officers act in an enforcement case (行政处罚法第四十二条)`,
      {
        status,
        command,
        officers: officers.length,
      },
    );
  }
}

/** Checks penalty terms: known kinds, integer fen, a fine exactly when `fine` is listed. */
function checkPenalty(check: Check, penalty: PenaltyTerms | undefined, field: string): void {
  if (typeof penalty !== 'object' || penalty === null) {
    check.problem(`${field} must be given`);
    return;
  }
  if (
    !Array.isArray(penalty.kinds) ||
    penalty.kinds.length === 0 ||
    !penalty.kinds.every((k) => (PENALTY_KINDS as readonly string[]).includes(k))
  ) {
    check.problem(`${field}.kinds must list one or more of ${PENALTY_KINDS.join(', ')}`);
  }
  if (!Number.isSafeInteger(penalty.fineFen) || penalty.fineFen < 0)
    check.problem(`${field}.fineFen must be a whole number of fen ≥ 0`);
  else if (Array.isArray(penalty.kinds) && penalty.kinds.includes('fine') !== penalty.fineFen > 0) {
    check.problem(`${field}: fineFen > 0 exactly when kinds includes fine`);
  }
  check.text(penalty.note, `${field}.note`, true);
}

const copyPenalty = (p: PenaltyTerms): PenaltyTerms => ({
  kinds: [...p.kinds],
  fineFen: p.fineFen,
  ...(p.note ? { note: p.note } : {}),
});

/** Service of a decision: payment period (if a fine) and the party's litigation period, from receipt. */
function served(
  ctx: DecisionContext,
  state: ReportedCase,
  metadata: CommandMetadata,
  method: PenaltyDecisionServed['data']['method'],
  servedAt: string,
  fineFen: number,
  serviceDueAt?: string,
): PenaltyDecisionServed {
  return {
    type: 'PenaltyDecisionServed',
    data: {
      caseId: state.caseId,
      servedAt: at({ actor: metadata.actor, now: servedAt }),
      recordedBy: metadata.actor,
      method,
      withinLimit: withinLimit(servedAt, serviceDueAt),
      deadlines: {
        ...(fineFen > 0 ? { payment: ctx.deadline(ENFORCEMENT_PERIODS.payment, servedAt) } : {}),
        appeal: ctx.deadline(ENFORCEMENT_PERIODS.appeal, servedAt),
      },
    },
  };
}

/** Common-loop commands on an enforcement case: the approved extension of the decision limit, and referral at screening. */
export function decideEnforcementCommon(
  ctx: DecisionContext,
  command: Exclude<CommonCaseCommand, ReportCase>,
  state: ReportedCase,
): CaseEvent[] {
  const enforcement = asEnforcement(state, command.type);
  switch (command.type) {
    case 'ExtendDeadline':
      requireStage(enforcement, command.type, DECISION_CLOCK_STAGES);
      return statutoryExtension(
        ctx,
        state,
        command,
        'decision',
        ENFORCEMENT_MAX_EXTENSION_DAYS,
        '行政处罚法第六十条 "另有规定的，从其规定": +30 days with the approval of the agency head (the teams\' procedural rules)',
      );
    case 'ReferOut': {
      requireStage(enforcement, command.type, ['lead']);
      const check = checker(command.type);
      check.oneOf(command.data.route, ENFORCEMENT_REFERRAL_ROUTES, 'route');
      check.text(command.data.body, 'body');
      check.text(command.data.reason, 'reason');
      check.done();
      const now = at(command.metadata);
      return [
        {
          type: 'CaseReferredOut',
          data: {
            caseId: state.caseId,
            referredAt: now,
            referredBy: command.metadata.actor,
            route: command.data.route,
            body: command.data.body!,
            reason: command.data.reason,
          },
        },
      ];
    }
    default:
      throw commandNotApplicable(
        command.type,
        'enforcement',
        `${command.type} does not apply to law-enforcement cases: they follow 行政处罚法 (screen, file, investigate, review, decide, serve, execute, archive)`,
      );
  }
}

/** Law-enforcement commands (行政处罚法 2021, 行政强制法). */
export function decideEnforcement(
  ctx: DecisionContext,
  command: EnforcementCommand,
  state: ReportedCase,
): CaseEvent[] {
  const enforcement = asEnforcement(state, command.type);
  const details = enforcement.details;
  const { metadata } = command;
  const now = at(metadata);
  const caseId = state.caseId;
  const actor = metadata.actor;
  const check = checker(command.type);
  const refuse = (code: CaseErrorCode, detail: string, context: Record<string, unknown> = {}): DomainError =>
    ruleRefusal(code, detail, {
      status: state.status,
      stage: details.stage,
      command: command.type,
      ...context,
    });
  switch (command.type) {
    case 'ScreenLead': {
      requireStage(enforcement, command.type, ['lead']);
      const { data } = command;
      check.oneOf(data.outcome, ['not_filed', 'simple_procedure'], 'outcome');
      check.text(data.reason, 'reason');
      if (data.outcome === 'simple_procedure') checkOnTheSpot(check, data.onTheSpot);
      check.done();
      const screened: CaseEvent = {
        type: 'LeadScreened',
        data: {
          caseId,
          screenedAt: now,
          screenedBy: actor,
          outcome: data.outcome,
          reason: data.reason,
          withinLimit: withinLimit(now, state.deadlines.screening?.dueAt),
        },
      };
      if (data.outcome === 'not_filed') return [screened];
      const spot = data.onTheSpot!;
      requireTwoOfficers(spot.officers, command.type, state.status);
      const limit = SIMPLE_PROCEDURE_MAX_FINE_FEN[spot.partyKind];
      if (spot.penalty.fineFen > limit) {
        throw refuse(
          CaseErrorCode.enforcementSimpleProcedureLimitExceeded,
          `the on-the-spot procedure allows a fine of at most ${limit} fen for a ${spot.partyKind} (行政处罚法第五十一条); file the case instead`,
          { fineFen: spot.penalty.fineFen, maxFen: limit },
        );
      }
      if (!spot.penalty.kinds.every((k) => k === 'warning' || k === 'fine')) {
        throw refuse(
          CaseErrorCode.enforcementSimpleProcedureLimitExceeded,
          'the on-the-spot procedure imposes only a warning or a small fine (行政处罚法第五十一条)',
          { kinds: spot.penalty.kinds },
        );
      }
      const party = { kind: spot.partyKind, name: spot.partyName ?? details.party?.name ?? '（当事人）' };
      const decided: PenaltyDecided = {
        type: 'PenaltyDecided',
        data: {
          caseId,
          decidedAt: now,
          decidedBy: actor,
          procedure: 'simple',
          outcome: 'penalty',
          penalty: copyPenalty(spot.penalty),
          ...(spot.decisionNo ? { decisionNo: spot.decisionNo } : {}),
          reason: `${spot.facts}（依据：${spot.legalBasis}）`,
          party,
          withinLimit: true,
          deadlines: {},
        },
      };
      // Art. 52: the decision is handed over on the spot.
      return [screened, decided, served(ctx, state, metadata, 'on_the_spot', now, spot.penalty.fineFen)];
    }
    case 'FileEnforcementCase': {
      requireStage(enforcement, command.type, ['lead']);
      checkOfficers(check, command.data.officers, 'officers');
      if (command.data.major !== undefined && typeof command.data.major !== 'boolean')
        check.problem('major must be a boolean');
      check.text(command.data.caseNo, 'caseNo', true);
      check.done();
      requireTwoOfficers(command.data.officers, command.type, state.status);
      return [
        {
          type: 'EnforcementCaseFiled',
          data: {
            caseId,
            filedAt: now,
            filedBy: actor,
            ...(command.data.caseNo ? { caseNo: command.data.caseNo } : {}),
            officers: [...command.data.officers],
            major: command.data.major ?? false,
            withinLimit: withinLimit(now, state.deadlines.screening?.dueAt),
            deadlines: { decision: ctx.deadline(ctx.policy.levelLimits.enforcement[state.level], now) },
          },
        },
      ];
    }
    case 'PreserveEvidence': {
      requireStage(enforcement, command.type, ['investigating']);
      check.texts(command.data.items, 'items', 1);
      check.done();
      const approvedBy = command.data.approvedBy;
      if (typeof approvedBy !== 'string' || approvedBy.trim() === '')
        throw approvalRequired(command.type, state.status);
      return [
        {
          type: 'EvidencePreserved',
          data: {
            caseId,
            preservationNo: details.preservations.length + 1,
            preservedAt: now,
            preservedBy: actor,
            approvedBy,
            items: [...command.data.items],
            deadlines: { evidenceDecision: ctx.deadline(ENFORCEMENT_PERIODS.evidenceDecision, now) },
          },
        },
      ];
    }
    case 'DecidePreservedEvidence': {
      requireStage(enforcement, command.type, ['investigating']);
      if (!Number.isInteger(command.data.preservationNo))
        check.problem('preservationNo must be a whole number');
      check.oneOf(command.data.decision, PRESERVED_EVIDENCE_DECISIONS, 'decision');
      check.text(command.data.note, 'note', true);
      check.done();
      const preservation = details.preservations.find(
        (p) => p.preservationNo === command.data.preservationNo && p.decision === null,
      );
      if (!preservation) {
        throw refuse(
          CaseErrorCode.enforcementUnknownPreservation,
          `no undecided evidence preservation no. ${command.data.preservationNo}`,
          { preservationNo: command.data.preservationNo },
        );
      }
      return [
        {
          type: 'PreservedEvidenceDecided',
          data: {
            caseId,
            preservationNo: preservation.preservationNo,
            decidedAt: now,
            decidedBy: actor,
            decision: command.data.decision,
            ...(command.data.note ? { note: command.data.note } : {}),
            withinLimit: withinLimit(now, preservation.deadline.dueAt),
          },
        },
      ];
    }
    case 'ConcludeInvestigation': {
      requireStage(enforcement, command.type, ['investigating']);
      check.text(command.data.summary, 'summary');
      check.done();
      const pending = details.preservations.filter((p) => p.decision === null).map((p) => p.preservationNo);
      if (pending.length > 0) {
        throw refuse(
          CaseErrorCode.enforcementEvidenceDecisionPending,
          `decide the preserved evidence first (no. ${pending.join(', ')}; 行政处罚法第五十六条)`,
          { pending },
        );
      }
      return [
        {
          type: 'InvestigationConcluded',
          data: { caseId, concludedAt: now, concludedBy: actor, summary: command.data.summary },
        },
      ];
    }
    case 'ReviewEnforcementCase': {
      requireStage(enforcement, command.type, ['under_review']);
      const { data } = command;
      check.oneOf(data.outcome, ['no_penalty', 'transfer_to_judiciary', 'proposed_penalty'], 'outcome');
      check.text(data.reason, 'reason');
      if (data.major !== undefined && typeof data.major !== 'boolean')
        check.problem('major must be a boolean');
      if (data.legalReview !== undefined) {
        check.text(data.legalReview?.reviewer, 'legalReview.reviewer');
        check.text(data.legalReview?.opinion, 'legalReview.opinion');
        if (typeof data.legalReview?.passed !== 'boolean')
          check.problem('legalReview.passed must be a boolean');
      }
      if (data.outcome === 'proposed_penalty') checkPenalty(check, data.proposedPenalty, 'proposedPenalty');
      if (data.outcome === 'transfer_to_judiciary') check.text(data.judiciaryBody, 'judiciaryBody');
      check.done();
      const major = details.major || data.major === true;
      if (major && data.outcome !== 'transfer_to_judiciary' && data.legalReview?.passed !== true) {
        throw refuse(
          CaseErrorCode.enforcementLegalReviewRequired,
          'a major case needs a passed legal review (法制审核) before it is decided (行政处罚法第五十八条)',
          { major },
        );
      }
      return [
        {
          type: 'EnforcementCaseReviewed',
          data: {
            caseId,
            reviewedAt: now,
            reviewedBy: actor,
            outcome: data.outcome,
            reason: data.reason,
            major,
            legalReview: data.legalReview
              ? {
                  reviewer: data.legalReview.reviewer,
                  opinion: data.legalReview.opinion,
                  passed: data.legalReview.passed,
                }
              : null,
            ...(data.outcome === 'proposed_penalty'
              ? { proposedPenalty: copyPenalty(data.proposedPenalty!) }
              : {}),
            ...(data.outcome === 'transfer_to_judiciary' ? { judiciaryBody: data.judiciaryBody! } : {}),
            withinLimit: withinLimit(now, state.deadlines.decision?.dueAt),
          },
        },
      ];
    }
    case 'NotifyProposedPenalty':
      requireStage(enforcement, command.type, ['penalty_proposed']);
      if (typeof command.data.hearingRight !== 'boolean') check.problem('hearingRight must be a boolean');
      check.text(command.data.content, 'content', true);
      check.done();
      return [
        {
          type: 'ProposedPenaltyNotified',
          data: {
            caseId,
            notifiedAt: now,
            notifiedBy: actor,
            hearingRight: command.data.hearingRight,
            ...(command.data.content ? { content: command.data.content } : {}),
            deadlines: command.data.hearingRight
              ? { hearingRequest: ctx.deadline(ENFORCEMENT_PERIODS.hearingRequest, now) }
              : {},
          },
        },
      ];
    case 'RequestHearing': {
      requireStage(enforcement, command.type, ['notified']);
      if (!details.notice?.hearingRight) {
        throw refuse(
          CaseErrorCode.enforcementNoHearingRight,
          'the proposed penalty carries no right to a hearing (行政处罚法第六十三条)',
        );
      }
      const window = state.deadlines.hearingRequest;
      if (window && isPast(now, window.dueAt)) {
        throw refuse(
          CaseErrorCode.enforcementHearingRequestLate,
          `a hearing had to be requested by ${window.dueAt} (5 working days, 行政处罚法第六十四条)`,
          { dueAt: window.dueAt },
        );
      }
      return [{ type: 'HearingRequested', data: { caseId, requestedAt: now, recordedBy: actor } }];
    }
    case 'ScheduleHearing': {
      requireStage(enforcement, command.type, ['hearing_requested']);
      check.instant(command.data.hearingAt, 'hearingAt');
      check.text(command.data.place, 'place');
      check.text(command.data.presidedBy, 'presidedBy');
      check.done();
      const noticePeriod = countWorkingDays(ctx.calendar, {
        trigger: now,
        amount: ENFORCEMENT_PERIODS.hearingNotice.amount,
        basis: ENFORCEMENT_PERIODS.hearingNotice.basis,
      });
      if (parseInstant(command.data.hearingAt) < parseInstant(noticePeriod.dueAt)) {
        throw refuse(
          CaseErrorCode.enforcementHearingNoticeTooShort,
          `notice must be given 7 working days before the hearing: the earliest hearing is ${noticePeriod.dueAt} (行政处罚法第六十四条、第八十五条)`,
          { earliest: noticePeriod.dueAt },
        );
      }
      if (details.filing?.officers.includes(command.data.presidedBy)) {
        throw refuse(
          CaseErrorCode.enforcementHearingPresiderNotIndependent,
          'the hearing is presided over by someone who did not investigate the case (行政处罚法第六十四条第四项)',
        );
      }
      return [
        {
          type: 'HearingScheduled',
          data: {
            caseId,
            scheduledAt: now,
            scheduledBy: actor,
            hearingAt: at({ actor, now: command.data.hearingAt }),
            place: command.data.place,
            presidedBy: command.data.presidedBy,
            noticePeriod,
          },
        },
      ];
    }
    case 'HoldHearing': {
      requireStage(enforcement, command.type, ['hearing_scheduled']);
      if (typeof command.data.partyAttended !== 'boolean') check.problem('partyAttended must be a boolean');
      check.text(command.data.record, 'record');
      const scheduled = details.hearing!.scheduled!;
      if (parseInstant(now) < parseInstant(scheduled.hearingAt))
        check.problem(`the hearing is scheduled for ${scheduled.hearingAt}`);
      check.done();
      return [
        {
          type: 'HearingHeld',
          data: {
            caseId,
            heldAt: now,
            recordedBy: actor,
            presidedBy: scheduled.presidedBy,
            partyAttended: command.data.partyAttended,
            record: command.data.record,
            waived: !command.data.partyAttended,
          },
        },
      ];
    }
    case 'DecidePenalty': {
      requireStage(enforcement, command.type, ['notified', 'heard']);
      const { data } = command;
      check.oneOf(data.outcome, ['penalty', 'no_penalty'], 'outcome');
      check.text(data.reason, 'reason');
      check.text(data.decisionNo, 'decisionNo', true);
      if (data.hearingWaived !== undefined && typeof data.hearingWaived !== 'boolean')
        check.problem('hearingWaived must be a boolean');
      if (data.outcome === 'penalty') checkPenalty(check, data.penalty, 'penalty');
      check.done();
      const window = state.deadlines.hearingRequest;
      if (
        details.stage === 'notified' &&
        window &&
        !isPast(now, window.dueAt) &&
        data.hearingWaived !== true
      ) {
        throw refuse(
          CaseErrorCode.enforcementHearingWindowOpen,
          `the party may request a hearing until ${window.dueAt} (行政处罚法第六十四条); decide after that or record a written waiver (hearingWaived)`,
          { dueAt: window.dueAt },
        );
      }
      const isPenalty = data.outcome === 'penalty';
      return [
        {
          type: 'PenaltyDecided',
          data: {
            caseId,
            decidedAt: now,
            decidedBy: actor,
            procedure: 'ordinary',
            outcome: data.outcome,
            penalty: isPenalty ? copyPenalty(data.penalty!) : null,
            ...(data.decisionNo ? { decisionNo: data.decisionNo } : {}),
            reason: data.reason,
            party: details.party,
            withinLimit: withinLimit(now, state.deadlines.decision?.dueAt),
            deadlines: isPenalty ? { service: ctx.deadline(ENFORCEMENT_PERIODS.service, now) } : {},
          },
        },
      ];
    }
    case 'ServeDecision': {
      requireStage(enforcement, command.type, ['decided']);
      check.oneOf(
        command.data.method,
        SERVICE_METHODS.filter((m) => m !== 'on_the_spot'),
        'method',
      );
      check.instant(command.data.servedAt, 'servedAt', true);
      const servedAt = command.data.servedAt ?? now;
      if (isInstant(servedAt)) {
        if (parseInstant(servedAt) > parseInstant(now)) check.problem('servedAt may not be later than now');
        if (parseInstant(servedAt) < parseInstant(details.decision!.decidedAt))
          check.problem('servedAt may not be before the decision');
      }
      check.done();
      return [
        served(
          ctx,
          state,
          metadata,
          command.data.method,
          servedAt,
          details.decision!.penalty?.fineFen ?? 0,
          state.deadlines.service?.dueAt,
        ),
      ];
    }
    case 'RecordPayment': {
      requireStage(enforcement, command.type, ['awaiting_payment', 'demanded']);
      const { data } = command;
      if (!Number.isSafeInteger(data.amountFen) || data.amountFen <= 0)
        check.problem('amountFen must be a positive whole number of fen');
      check.localDate(data.paidOn, 'paidOn');
      check.text(data.receiptNo, 'receiptNo', true);
      const execution = details.execution!;
      const servedOn = localDateOf(details.service!.servedAt);
      if (typeof data.paidOn === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(data.paidOn)) {
        if (daysBetween(data.paidOn, localDateOf(now)) < 0)
          check.problem('paidOn may not be later than today');
        if (daysBetween(servedOn, data.paidOn) < 0)
          check.problem('paidOn may not be before the decision was served');
      }
      check.done();
      const surchargeFen = lateSurchargeFen(execution.fineFen, execution.paymentDueDate!, data.paidOn);
      const totalFen = execution.fineFen + surchargeFen;
      if (data.amountFen !== totalFen) {
        throw refuse(
          CaseErrorCode.enforcementPaymentAmountMismatch,
          `on ${data.paidOn} the party owes ${totalFen} fen (fine ${execution.fineFen} + late surcharge ${surchargeFen}), not ${data.amountFen}`,
          {
            fineFen: execution.fineFen,
            surchargeFen,
            totalFen,
            amountFen: data.amountFen,
          },
        );
      }
      return [
        {
          type: 'FinePaid',
          data: {
            caseId,
            recordedAt: now,
            recordedBy: actor,
            paidOn: data.paidOn,
            fineFen: execution.fineFen,
            surchargeFen,
            totalFen,
            lateDays: lateDays(execution.paymentDueDate!, data.paidOn),
            ...(data.receiptNo ? { receiptNo: data.receiptNo } : {}),
          },
        },
      ];
    }
    case 'DemandPayment': {
      requireStage(enforcement, command.type, ['awaiting_payment']);
      check.text(command.data.note, 'note', true);
      check.done();
      const payment = state.deadlines.payment!;
      if (!isPast(now, payment.dueAt)) {
        throw refuse(
          CaseErrorCode.enforcementPaymentNotOverdue,
          `the party may pay until ${payment.dueAt} (行政处罚法第六十七条)`,
          { dueAt: payment.dueAt },
        );
      }
      const execution = details.execution!;
      const appealLastDay = execution.appealPeriod.counting.lastDay;
      return [
        {
          type: 'PaymentDemanded',
          data: {
            caseId,
            demandedAt: now,
            demandedBy: actor,
            fineFen: execution.fineFen,
            surchargeFenSoFar: lateSurchargeFen(
              execution.fineFen,
              execution.paymentDueDate!,
              localDateOf(now),
            ),
            deadlines: {
              demand: ctx.deadline(ENFORCEMENT_PERIODS.demand, now),
              courtApplication: ctx.deadline(ENFORCEMENT_PERIODS.courtApplication, now, appealLastDay),
            },
          },
        },
      ];
    }
    case 'ApplyCourtEnforcement': {
      requireStage(enforcement, command.type, ['demanded']);
      check.text(command.data.court, 'court');
      check.done();
      const demand = state.deadlines.demand!;
      const execution = details.execution!;
      if (!isPast(now, demand.dueAt)) {
        throw refuse(
          CaseErrorCode.enforcementDemandPeriodRunning,
          `the demand runs until ${demand.dueAt} (10 working days, 行政强制法第五十四条、第六十九条)`,
          { dueAt: demand.dueAt },
        );
      }
      if (!isPast(now, execution.appealPeriod.dueAt)) {
        throw refuse(
          CaseErrorCode.enforcementAppealPeriodRunning,
          `the party may still sue until ${execution.appealPeriod.dueAt}; apply to the court after that (行政强制法第五十三条)`,
          { dueAt: execution.appealPeriod.dueAt },
        );
      }
      const window = state.deadlines.courtApplication!;
      if (isPast(now, window.dueAt)) {
        throw refuse(
          CaseErrorCode.enforcementCourtApplicationWindowClosed,
          `the 3-month window to apply to the court closed at ${window.dueAt} (行政强制法第五十三条)`,
          { dueAt: window.dueAt },
        );
      }
      return [
        {
          type: 'CourtEnforcementApplied',
          data: {
            caseId,
            appliedAt: now,
            appliedBy: actor,
            court: command.data.court,
            fineFen: execution.fineFen,
            surchargeFen: lateSurchargeFen(execution.fineFen, execution.paymentDueDate!, localDateOf(now)),
          },
        },
      ];
    }
    case 'ArchiveEnforcementCase':
      requireStage(enforcement, command.type, ARCHIVABLE_STAGES);
      check.text(command.data.note, 'note', true);
      check.done();
      return [
        {
          type: 'EnforcementCaseArchived',
          data: {
            caseId,
            archivedAt: now,
            archivedBy: actor,
            ...(command.data.note ? { note: command.data.note } : {}),
          },
        },
      ];
    default:
      return assertNever(command, 'enforcement command');
  }
}

function checkOnTheSpot(check: Check, spot: OnTheSpotPenalty | undefined): void {
  if (typeof spot !== 'object' || spot === null) {
    check.problem('onTheSpot must be given for the simple procedure');
    return;
  }
  check.oneOf(spot.partyKind, PARTY_KINDS, 'onTheSpot.partyKind');
  check.text(spot.partyName, 'onTheSpot.partyName', true);
  checkPenalty(check, spot.penalty, 'onTheSpot.penalty');
  check.text(spot.facts, 'onTheSpot.facts');
  check.text(spot.legalBasis, 'onTheSpot.legalBasis');
  checkOfficers(check, spot.officers, 'onTheSpot.officers');
  check.text(spot.decisionNo, 'onTheSpot.decisionNo', true);
}

/** The common status an enforcement stage shows as. */
function place(
  state: ReportedCase,
  stage: EnforcementStage,
  changedAt: string,
  details: EnforcementDetails,
  changes: Partial<ReportedCase> = {},
): ReportedCase {
  const next = { ...changes, details: { ...details, stage } };
  switch (stage) {
    case 'lead':
      return moveTo(state, 'reported', changedAt, next);
    case 'investigating':
    case 'under_review':
    case 'penalty_proposed':
    case 'notified':
    case 'hearing_requested':
    case 'hearing_scheduled':
    case 'heard':
      return moveTo(state, 'in_progress', changedAt, next);
    case 'no_penalty':
    case 'decided':
    case 'awaiting_payment':
    case 'demanded':
    case 'paid':
    case 'executed':
    case 'court_enforcement':
      return moveTo(state, 'resolved', changedAt, next);
    case 'archived':
      return moveTo(state, 'closed', changedAt, { ...next, deadlines: {} });
    case 'not_filed':
      return {
        ...toRecord(state),
        ...next,
        deadlines: {},
        lastChangedAt: changedAt,
        status: 'rejected',
        rejection: { reason: details.screening?.reason ?? '', rejectedAt: changedAt },
      };
    case 'referred_out':
      // Reached through the common CaseReferredOut, which sets the referral itself.
      if (state.status === 'referred_out')
        return { ...state, details: { ...details, stage }, lastChangedAt: changedAt };
      return moveTo(state, 'resolved', changedAt, next);
    case 'transferred':
      return {
        ...toRecord(state),
        ...next,
        deadlines: {},
        lastChangedAt: changedAt,
        status: 'referred_out',
        referral: {
          route: 'judiciary',
          reason: details.review?.reason ?? '',
          referredAt: changedAt,
          ...(details.review?.judiciaryBody ? { body: details.review.judiciaryBody } : {}),
        },
      };
    default:
      return assertNever(stage, 'enforcement stage');
  }
}

function without<K extends string>(
  deadlines: ReportedCase['deadlines'],
  ...keys: K[]
): ReportedCase['deadlines'] {
  const copy: Record<string, unknown> = { ...deadlines };
  for (const key of keys) delete copy[key];
  return copy as ReportedCase['deadlines'];
}

function pendingEvidenceDeadline(details: EnforcementDetails): ReportedCase['deadlines'] {
  const pending = details.preservations.filter((p) => p.decision === null).map((p) => p.deadline);
  pending.sort((a, b) => parseInstant(a.dueAt) - parseInstant(b.dueAt));
  return pending[0] ? { evidenceDecision: pending[0] } : {};
}

export function evolveEnforcement(state: ReportedCase, event: EnforcementEvent): CaseState {
  if (state.details.caseType !== 'enforcement') return state;
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
      return place(
        state,
        event.data.outcome === 'not_filed' ? 'not_filed' : 'decided',
        event.data.screenedAt,
        { ...details, screening },
        {
          deadlines: without(deadlines, 'screening'),
        },
      );
    }
    case 'EnforcementCaseFiled': {
      const { data } = event;
      return place(
        state,
        'investigating',
        data.filedAt,
        {
          ...details,
          major: data.major,
          screening: { outcome: 'filed', at: data.filedAt, withinLimit: data.withinLimit },
          filing: {
            filedAt: data.filedAt,
            officers: data.officers,
            ...(data.caseNo ? { caseNo: data.caseNo } : {}),
          },
        },
        {
          deadlines: { ...without(deadlines, 'screening'), decision: data.deadlines.decision },
          registeredAt: data.filedAt,
          levelDeadlineFor: state.level,
        },
      );
    }
    case 'EvidencePreserved': {
      const { data } = event;
      const next = {
        ...details,
        preservations: [
          ...details.preservations,
          {
            preservationNo: data.preservationNo,
            items: data.items,
            preservedAt: data.preservedAt,
            approvedBy: data.approvedBy,
            deadline: data.deadlines.evidenceDecision,
            decision: null,
          },
        ],
      };
      return place(state, details.stage, data.preservedAt, next, {
        deadlines: { ...without(deadlines, 'evidenceDecision'), ...pendingEvidenceDeadline(next) },
      });
    }
    case 'PreservedEvidenceDecided': {
      const { data } = event;
      const next = {
        ...details,
        preservations: details.preservations.map((p) =>
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
        ),
      };
      return place(state, details.stage, data.decidedAt, next, {
        deadlines: { ...without(deadlines, 'evidenceDecision'), ...pendingEvidenceDeadline(next) },
      });
    }
    case 'InvestigationConcluded':
      return place(state, 'under_review', event.data.concludedAt, {
        ...details,
        investigation: { concludedAt: event.data.concludedAt, summary: event.data.summary },
      });
    case 'EnforcementCaseReviewed': {
      const { data } = event;
      const review = {
        reviewedAt: data.reviewedAt,
        outcome: data.outcome,
        reason: data.reason,
        legalReview: data.legalReview,
        ...(data.judiciaryBody ? { judiciaryBody: data.judiciaryBody } : {}),
      };
      const next = { ...details, major: data.major, review, proposedPenalty: data.proposedPenalty ?? null };
      if (data.outcome === 'proposed_penalty') return place(state, 'penalty_proposed', data.reviewedAt, next);
      const decision = {
        procedure: 'ordinary' as const,
        outcome: 'no_penalty' as const,
        penalty: null,
        decidedAt: data.reviewedAt,
        withinLimit: data.withinLimit,
      };
      return place(
        state,
        data.outcome === 'no_penalty' ? 'no_penalty' : 'transferred',
        data.reviewedAt,
        data.outcome === 'no_penalty' ? { ...next, decision } : next,
        {
          deadlines: without(deadlines, 'decision'),
          resolution: { result: `${data.outcome}: ${data.reason}`, resolvedAt: data.reviewedAt },
        },
      );
    }
    case 'ProposedPenaltyNotified':
      return place(
        state,
        'notified',
        event.data.notifiedAt,
        { ...details, notice: { notifiedAt: event.data.notifiedAt, hearingRight: event.data.hearingRight } },
        {
          deadlines: { ...deadlines, ...event.data.deadlines },
        },
      );
    case 'HearingRequested':
      return place(
        state,
        'hearing_requested',
        event.data.requestedAt,
        { ...details, hearing: { requestedAt: event.data.requestedAt, scheduled: null, held: null } },
        {
          deadlines: without(deadlines, 'hearingRequest'),
        },
      );
    case 'HearingScheduled': {
      const { data } = event;
      return place(state, 'hearing_scheduled', data.scheduledAt, {
        ...details,
        hearing: {
          ...details.hearing!,
          scheduled: {
            hearingAt: data.hearingAt,
            place: data.place,
            presidedBy: data.presidedBy,
            noticePeriod: data.noticePeriod,
          },
        },
      });
    }
    case 'HearingHeld': {
      const { data } = event;
      return place(state, 'heard', data.heldAt, {
        ...details,
        hearing: {
          ...details.hearing!,
          held: { heldAt: data.heldAt, partyAttended: data.partyAttended, waived: data.waived },
        },
      });
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
      return place(
        state,
        data.outcome === 'penalty' ? 'decided' : 'no_penalty',
        data.decidedAt,
        { ...details, decision, party: details.party ?? data.party },
        {
          deadlines: { ...without(deadlines, 'decision', 'hearingRequest'), ...data.deadlines },
          resolution: {
            result:
              data.outcome === 'penalty'
                ? `penalty: ${data.penalty!.kinds.join(', ')}; fine ${data.penalty!.fineFen} fen`
                : `no penalty: ${data.reason}`,
            resolvedAt: data.decidedAt,
          },
        },
      );
    }
    case 'PenaltyDecisionServed': {
      const { data } = event;
      const fineFen = details.decision?.penalty?.fineFen ?? 0;
      const execution = {
        fineFen,
        paymentDueDate: data.deadlines.payment?.counting.lastDay ?? null,
        appealPeriod: data.deadlines.appeal,
        demandedAt: null,
        payment: null,
        court: null,
      };
      return place(
        state,
        fineFen > 0 ? 'awaiting_payment' : 'executed',
        data.servedAt,
        {
          ...details,
          service: { servedAt: data.servedAt, method: data.method, withinLimit: data.withinLimit },
          execution,
        },
        {
          deadlines: {
            ...without(deadlines, 'service'),
            ...(data.deadlines.payment ? { payment: data.deadlines.payment } : {}),
          },
        },
      );
    }
    case 'FinePaid': {
      const { data } = event;
      return place(
        state,
        'paid',
        data.recordedAt,
        {
          ...details,
          execution: {
            ...details.execution!,
            payment: {
              paidOn: data.paidOn,
              fineFen: data.fineFen,
              surchargeFen: data.surchargeFen,
              totalFen: data.totalFen,
            },
          },
        },
        { deadlines: without(deadlines, 'payment', 'demand', 'courtApplication') },
      );
    }
    case 'PaymentDemanded':
      return place(
        state,
        'demanded',
        event.data.demandedAt,
        { ...details, execution: { ...details.execution!, demandedAt: event.data.demandedAt } },
        {
          deadlines: { ...without(deadlines, 'payment'), ...event.data.deadlines },
        },
      );
    case 'CourtEnforcementApplied': {
      const { data } = event;
      return place(
        state,
        'court_enforcement',
        data.appliedAt,
        {
          ...details,
          execution: {
            ...details.execution!,
            court: { court: data.court, appliedAt: data.appliedAt, surchargeFen: data.surchargeFen },
          },
        },
        { deadlines: without(deadlines, 'demand', 'courtApplication') },
      );
    }
    case 'EnforcementCaseArchived':
      return place(state, 'archived', event.data.archivedAt, {
        ...details,
        archivedAt: event.data.archivedAt,
      });
    default:
      return assertNever(event, 'enforcement event');
  }
}
