import { localDateOf, parseInstant, toCst } from '#domain-kernel';
import type { DomainError } from '#domain-kernel';
import { countWorkingDays } from '../../calendar/deadline.js';
import {
  ENFORCEMENT_MAX_EXTENSION_DAYS,
  ENFORCEMENT_PERIODS,
  MIN_ENFORCEMENT_OFFICERS,
  SIMPLE_PROCEDURE_MAX_FINE_FEN,
} from '../../policy/statutory-periods.js';
import type { ExtendDeadline, ReferOut, ReportCase, SuperviseDispatch } from '../case.commands.js';
import { CaseErrorCode, commandNotApplicable, ruleRefusal } from '../case.errors.js';
import type { CaseEvent } from '../case.events.js';
import { handler, inEnforcementStage, type EnforcementCase } from '../case.handler.js';
import {
  checkStatutoryExtension,
  checker,
  isPast,
  requireApproval,
  statutoryExtension,
  withinLimit,
  type Checker,
  type DecisionContext,
} from '../case.rules.js';
import type { Moment } from '../case.types.js';
import { checkSupervision, namesDeadline, superviseDeadline } from '../deadline-supervision.js';
import type {
  ApplyCourtEnforcement,
  ArchiveEnforcementCase,
  ConcludeInvestigation,
  DecidePenalty,
  DecidePreservedEvidence,
  DemandPayment,
  FileEnforcementCase,
  HoldHearing,
  NotifyProposedPenalty,
  OnTheSpotPenalty,
  PreserveEvidence,
  RecordPayment,
  RequestHearing,
  ReviewEnforcementCase,
  ScheduleHearing,
  ScreenLead,
  ServeDecision,
} from './enforcement.commands.js';
import {
  ENFORCEMENT_REFERRAL_ROUTES,
  ENFORCEMENT_TEAMS,
  PARTY_KINDS,
  PENALTY_KINDS,
  PRESERVED_EVIDENCE_DECISIONS,
  SERVICE_METHODS,
  type EnforcementReportDetails,
  type PenaltyDecided,
  type PenaltyDecisionServed,
  type PenaltyTerms,
} from './enforcement.events.js';
import type { EnforcementStage } from './enforcement.state.js';
import { lateDays, lateSurchargeFen } from './late-surcharge.js';

/** Stages in which the 90-day decision clock runs (and may be extended). */
const DECISION_CLOCK_STAGES = [
  'investigating',
  'under_review',
  'penalty_proposed',
  'notified',
  'hearing_requested',
  'hearing_scheduled',
  'heard',
] as const satisfies readonly EnforcementStage[];
const ARCHIVABLE_STAGES = [
  'not_filed',
  'referred_out',
  'transferred',
  'no_penalty',
  'paid',
  'executed',
  'court_enforcement',
] as const satisfies readonly EnforcementStage[];

/** Checks `ReportCase.data.enforcement` and starts the 15-working-day screening clock. */
export function reportEnforcement(
  ctx: DecisionContext,
  command: ReportCase,
  momentOf: () => Moment,
): EnforcementReportDetails {
  const check = checker(command.type);
  const r = command.data.enforcement;
  if (typeof r !== 'object' || r === null) {
    check.problem('enforcement must be given for an enforcement case');
    check.done();
    throw new Error('unreachable: check.done() throws');
  }
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
    screeningDeadline: ctx.deadline(ENFORCEMENT_PERIODS.screening, momentOf().at),
  };
}

/** Why a command of another type or of the common loop does not apply to an enforcement case. */
export function enforcementNotApplicable(type: string): string {
  return `${type} does not apply to law-enforcement cases: they follow 行政处罚法 (screen, file, investigate, review, decide, serve, execute, archive)`;
}

/** A refusal by a rule of 行政处罚法 / 行政强制法, with the case's status and stage. */
function refuse(
  state: EnforcementCase,
  command: string,
  code: CaseErrorCode,
  detail: string,
  context: Record<string, unknown> = {},
): DomainError {
  return ruleRefusal(code, detail, { status: state.status, stage: state.details.stage, command, ...context });
}

function requireTwoOfficers(officers: readonly string[], command: string, status: string): void {
  if (new Set(officers).size < MIN_ENFORCEMENT_OFFICERS) {
    throw ruleRefusal(
      CaseErrorCode.enforcementTooFewOfficers,
      `at least ${MIN_ENFORCEMENT_OFFICERS} officers act in an enforcement case (行政处罚法第四十二条)`,
      { status, command, officers: officers.length },
    );
  }
}

/** Checks penalty terms: known kinds, integer fen, a fine exactly when `fine` is listed. */
function checkPenalty(check: Checker, penalty: PenaltyTerms | undefined, field: string): void {
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

function checkOnTheSpot(check: Checker, spot: OnTheSpotPenalty | undefined): void {
  if (typeof spot !== 'object' || spot === null) {
    check.problem('onTheSpot must be given for the simple procedure');
    return;
  }
  check.oneOf(spot.partyKind, PARTY_KINDS, 'onTheSpot.partyKind');
  check.text(spot.partyName, 'onTheSpot.partyName', true);
  checkPenalty(check, spot.penalty, 'onTheSpot.penalty');
  check.text(spot.facts, 'onTheSpot.facts');
  check.text(spot.legalBasis, 'onTheSpot.legalBasis');
  check.texts(spot.officers, 'onTheSpot.officers', 1);
  check.text(spot.decisionNo, 'onTheSpot.decisionNo', true);
}

const copyPenalty = (p: PenaltyTerms): PenaltyTerms => ({
  kinds: [...p.kinds],
  fineFen: p.fineFen,
  ...(p.note ? { note: p.note } : {}),
});

/** Service of a decision: payment period (if a fine) and the party's litigation period, from receipt. */
function served(
  ctx: DecisionContext,
  state: EnforcementCase,
  moment: Moment,
  method: PenaltyDecisionServed['data']['method'],
  servedAt: string,
  fineFen: number,
  serviceDueAt?: string,
): PenaltyDecisionServed {
  return {
    type: 'PenaltyDecisionServed',
    data: {
      caseId: state.caseId,
      servedAt: toCst(servedAt),
      recordedBy: moment.actor,
      method,
      withinLimit: withinLimit(servedAt, serviceDueAt),
      deadlines: {
        ...(fineFen > 0 ? { payment: ctx.deadline(ENFORCEMENT_PERIODS.payment, servedAt) } : {}),
        appeal: ctx.deadline(ENFORCEMENT_PERIODS.appeal, servedAt),
      },
    },
  };
}

/** The approved extension of the 90-day decision limit (Art. 60). */
export const extendDecisionLimit = handler(inEnforcementStage(...DECISION_CLOCK_STAGES), {
  fields: (data: ExtendDeadline['data'], check) => checkStatutoryExtension(data, check, 'decision'),
  decide: (ctx, command: ExtendDeadline, state, moment): CaseEvent[] =>
    statutoryExtension(
      ctx,
      state,
      command.data,
      moment,
      'decision',
      ENFORCEMENT_MAX_EXTENSION_DAYS,
      '行政处罚法第六十条 "另有规定的，从其规定": +30 days with the approval of the agency head (the teams\' procedural rules)',
    ),
});

/** A lead referred at screening to the competent body or to the judiciary. */
export const referLeadOut = handler(inEnforcementStage('lead'), {
  fields: (data: ReferOut['data'], check) => {
    check.oneOf(data.route, ENFORCEMENT_REFERRAL_ROUTES, 'route');
    check.text(data.body, 'body');
    check.text(data.reason, 'reason');
  },
  decide: (_ctx, command: ReferOut, state, moment): CaseEvent[] => [
    {
      type: 'CaseReferredOut',
      data: {
        caseId: state.caseId,
        referredAt: moment.at,
        referredBy: moment.actor,
        route: command.data.route,
        body: command.data.body ?? '',
        reason: command.data.reason,
      },
    },
  ],
});

/** A supervision of an enforcement case names one of its passed limits. */
export const superviseEnforcement = handler(
  (state: EnforcementCase, command: SuperviseDispatch): EnforcementCase => {
    if (!namesDeadline(command))
      throw commandNotApplicable(command.type, 'enforcement', enforcementNotApplicable(command.type));
    return state;
  },
  {
    fields: checkSupervision,
    decide: (_ctx, command: SuperviseDispatch, state, moment): CaseEvent[] => {
      if (!namesDeadline(command))
        throw commandNotApplicable(command.type, 'enforcement', enforcementNotApplicable(command.type));
      return superviseDeadline(command, state, moment);
    },
  },
);

/** Not filed (不予立案), or the simple on-the-spot procedure (Arts. 51–52). */
export const screenLead = handler(inEnforcementStage('lead'), {
  fields: (data: ScreenLead['data'], check) => {
    check.oneOf(data.outcome, ['not_filed', 'simple_procedure'], 'outcome');
    check.text(data.reason, 'reason');
    if (data.outcome === 'simple_procedure') checkOnTheSpot(check, data.onTheSpot);
  },
  decide: (ctx, command: ScreenLead, state, moment): CaseEvent[] => {
    const { data } = command;
    const screened: CaseEvent = {
      type: 'LeadScreened',
      data: {
        caseId: state.caseId,
        screenedAt: moment.at,
        screenedBy: moment.actor,
        outcome: data.outcome,
        reason: data.reason,
        withinLimit: withinLimit(moment.at, state.deadlines.screening?.dueAt),
      },
    };
    const spot = data.onTheSpot;
    if (data.outcome === 'not_filed' || !spot) return [screened];
    requireTwoOfficers(spot.officers, command.type, state.status);
    const limit = SIMPLE_PROCEDURE_MAX_FINE_FEN[spot.partyKind];
    if (spot.penalty.fineFen > limit) {
      throw refuse(
        state,
        command.type,
        CaseErrorCode.enforcementSimpleProcedureLimitExceeded,
        `the on-the-spot procedure allows a fine of at most ${limit} fen for a ${spot.partyKind} (行政处罚法第五十一条); file the case instead`,
        { fineFen: spot.penalty.fineFen, maxFen: limit },
      );
    }
    if (!spot.penalty.kinds.every((k) => k === 'warning' || k === 'fine')) {
      throw refuse(
        state,
        command.type,
        CaseErrorCode.enforcementSimpleProcedureLimitExceeded,
        'the on-the-spot procedure imposes only a warning or a small fine (行政处罚法第五十一条)',
        { kinds: spot.penalty.kinds },
      );
    }
    const party = { kind: spot.partyKind, name: spot.partyName ?? state.details.party?.name ?? '（当事人）' };
    const decided: PenaltyDecided = {
      type: 'PenaltyDecided',
      data: {
        caseId: state.caseId,
        decidedAt: moment.at,
        decidedBy: moment.actor,
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
    return [screened, decided, served(ctx, state, moment, 'on_the_spot', moment.at, spot.penalty.fineFen)];
  },
});

/** 立案: starts the 90-day decision clock; at least two officers investigate (Art. 42). */
export const fileEnforcementCase = handler(inEnforcementStage('lead'), {
  fields: (data: FileEnforcementCase['data'], check) => {
    check.texts(data.officers, 'officers', 1);
    if (data.major !== undefined && typeof data.major !== 'boolean') check.problem('major must be a boolean');
    check.text(data.caseNo, 'caseNo', true);
  },
  decide: (ctx, command: FileEnforcementCase, state, moment): CaseEvent[] => {
    requireTwoOfficers(command.data.officers, command.type, state.status);
    return [
      {
        type: 'EnforcementCaseFiled',
        data: {
          caseId: state.caseId,
          filedAt: moment.at,
          filedBy: moment.actor,
          ...(command.data.caseNo ? { caseNo: command.data.caseNo } : {}),
          officers: [...command.data.officers],
          major: command.data.major ?? false,
          withinLimit: withinLimit(moment.at, state.deadlines.screening?.dueAt),
          deadlines: { decision: ctx.deadline(ctx.policy.levelLimits.enforcement[state.level], moment.at) },
        },
      },
    ];
  },
});

/** 先行登记保存 with the agency head's approval; decided within 7 working days (Art. 56). */
export const preserveEvidence = handler(inEnforcementStage('investigating'), {
  fields: (data: PreserveEvidence['data'], check) => check.texts(data.items, 'items', 1),
  decide: (ctx, command: PreserveEvidence, state, moment): CaseEvent[] => {
    const approvedBy = requireApproval(moment, command.type, state.status);
    return [
      {
        type: 'EvidencePreserved',
        data: {
          caseId: state.caseId,
          preservationNo: state.details.preservations.length + 1,
          preservedAt: moment.at,
          preservedBy: moment.actor,
          approvedBy,
          items: [...command.data.items],
          deadlines: { evidenceDecision: ctx.deadline(ENFORCEMENT_PERIODS.evidenceDecision, moment.at) },
        },
      },
    ];
  },
});

export const decidePreservedEvidence = handler(inEnforcementStage('investigating'), {
  fields: (data: DecidePreservedEvidence['data'], check) => {
    if (!Number.isInteger(data.preservationNo)) check.problem('preservationNo must be a whole number');
    check.oneOf(data.decision, PRESERVED_EVIDENCE_DECISIONS, 'decision');
    check.text(data.note, 'note', true);
  },
  decide: (_ctx, command: DecidePreservedEvidence, state, moment): CaseEvent[] => {
    const preservation = state.details.preservations.find(
      (p) => p.preservationNo === command.data.preservationNo && p.decision === null,
    );
    if (!preservation) {
      throw refuse(
        state,
        command.type,
        CaseErrorCode.enforcementUnknownPreservation,
        `no undecided evidence preservation no. ${command.data.preservationNo}`,
        { preservationNo: command.data.preservationNo },
      );
    }
    return [
      {
        type: 'PreservedEvidenceDecided',
        data: {
          caseId: state.caseId,
          preservationNo: preservation.preservationNo,
          decidedAt: moment.at,
          decidedBy: moment.actor,
          decision: command.data.decision,
          ...(command.data.note ? { note: command.data.note } : {}),
          withinLimit: withinLimit(moment.at, preservation.deadline.dueAt),
        },
      },
    ];
  },
});

export const concludeInvestigation = handler(inEnforcementStage('investigating'), {
  fields: (data: ConcludeInvestigation['data'], check) => check.text(data.summary, 'summary'),
  decide: (_ctx, command: ConcludeInvestigation, state, moment): CaseEvent[] => {
    const pending = state.details.preservations
      .filter((p) => p.decision === null)
      .map((p) => p.preservationNo);
    if (pending.length > 0) {
      throw refuse(
        state,
        command.type,
        CaseErrorCode.enforcementEvidenceDecisionPending,
        `decide the preserved evidence first (no. ${pending.join(', ')}; 行政处罚法第五十六条)`,
        { pending },
      );
    }
    return [
      {
        type: 'InvestigationConcluded',
        data: {
          caseId: state.caseId,
          concludedAt: moment.at,
          concludedBy: moment.actor,
          summary: command.data.summary,
        },
      },
    ];
  },
});

/** 审查 (Art. 57): no penalty, transfer to the judiciary, or a proposed penalty; major cases need a passed legal review (Art. 58). */
export const reviewEnforcementCase = handler(inEnforcementStage('under_review'), {
  fields: (data: ReviewEnforcementCase['data'], check) => {
    check.oneOf(data.outcome, ['no_penalty', 'transfer_to_judiciary', 'proposed_penalty'], 'outcome');
    check.text(data.reason, 'reason');
    if (data.major !== undefined && typeof data.major !== 'boolean') check.problem('major must be a boolean');
    if (data.legalReview !== undefined) {
      check.text(data.legalReview?.reviewer, 'legalReview.reviewer');
      check.text(data.legalReview?.opinion, 'legalReview.opinion');
      if (typeof data.legalReview?.passed !== 'boolean')
        check.problem('legalReview.passed must be a boolean');
    }
    if (data.outcome === 'proposed_penalty') checkPenalty(check, data.proposedPenalty, 'proposedPenalty');
    if (data.outcome === 'transfer_to_judiciary') check.text(data.judiciaryBody, 'judiciaryBody');
  },
  decide: (_ctx, command: ReviewEnforcementCase, state, moment): CaseEvent[] => {
    const { data } = command;
    const major = state.details.major || data.major === true;
    if (major && data.outcome !== 'transfer_to_judiciary' && data.legalReview?.passed !== true) {
      throw refuse(
        state,
        command.type,
        CaseErrorCode.enforcementLegalReviewRequired,
        'a major case needs a passed legal review (法制审核) before it is decided (行政处罚法第五十八条)',
        { major },
      );
    }
    return [
      {
        type: 'EnforcementCaseReviewed',
        data: {
          caseId: state.caseId,
          reviewedAt: moment.at,
          reviewedBy: moment.actor,
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
          ...(data.outcome === 'proposed_penalty' && data.proposedPenalty
            ? { proposedPenalty: copyPenalty(data.proposedPenalty) }
            : {}),
          ...(data.outcome === 'transfer_to_judiciary' && data.judiciaryBody
            ? { judiciaryBody: data.judiciaryBody }
            : {}),
          withinLimit: withinLimit(moment.at, state.deadlines.decision?.dueAt),
        },
      },
    ];
  },
});

/** Notice of the proposed penalty (Arts. 44–45); `hearingRight` when Art. 63 applies. */
export const notifyProposedPenalty = handler(inEnforcementStage('penalty_proposed'), {
  fields: (data: NotifyProposedPenalty['data'], check) => {
    if (typeof data.hearingRight !== 'boolean') check.problem('hearingRight must be a boolean');
    check.text(data.content, 'content', true);
  },
  decide: (ctx, command: NotifyProposedPenalty, state, moment): CaseEvent[] => [
    {
      type: 'ProposedPenaltyNotified',
      data: {
        caseId: state.caseId,
        notifiedAt: moment.at,
        notifiedBy: moment.actor,
        hearingRight: command.data.hearingRight,
        ...(command.data.content ? { content: command.data.content } : {}),
        deadlines: command.data.hearingRight
          ? { hearingRequest: ctx.deadline(ENFORCEMENT_PERIODS.hearingRequest, moment.at) }
          : {},
      },
    },
  ],
});

/** The party requests a hearing within 5 working days of the notice (Art. 64 (1)). */
export const requestHearing = handler(inEnforcementStage('notified'), {
  decide: (_ctx, command: RequestHearing, state, moment): CaseEvent[] => {
    if (!state.details.notice.hearingRight) {
      throw refuse(
        state,
        command.type,
        CaseErrorCode.enforcementNoHearingRight,
        'the proposed penalty carries no right to a hearing (行政处罚法第六十三条)',
      );
    }
    const window = state.deadlines.hearingRequest;
    if (window && isPast(moment.at, window.dueAt)) {
      throw refuse(
        state,
        command.type,
        CaseErrorCode.enforcementHearingRequestLate,
        `a hearing had to be requested by ${window.dueAt} (5 working days, 行政处罚法第六十四条)`,
        { dueAt: window.dueAt },
      );
    }
    return [
      {
        type: 'HearingRequested',
        data: { caseId: state.caseId, requestedAt: moment.at, recordedBy: moment.actor },
      },
    ];
  },
});

/** The hearing is notified at least 7 working days ahead (Art. 64 (2)) and presided by a non-investigator (Art. 64 (4)). */
export const scheduleHearing = handler(inEnforcementStage('hearing_requested'), {
  fields: (data: ScheduleHearing['data'], check) => {
    check.instant(data.hearingAt, 'hearingAt');
    check.text(data.place, 'place');
    check.text(data.presidedBy, 'presidedBy');
  },
  decide: (ctx, command: ScheduleHearing, state, moment): CaseEvent[] => {
    const noticePeriod = countWorkingDays(ctx.calendar, {
      trigger: moment.at,
      amount: ENFORCEMENT_PERIODS.hearingNotice.amount,
      basis: ENFORCEMENT_PERIODS.hearingNotice.basis,
    });
    if (parseInstant(command.data.hearingAt) < parseInstant(noticePeriod.dueAt)) {
      throw refuse(
        state,
        command.type,
        CaseErrorCode.enforcementHearingNoticeTooShort,
        `notice must be given 7 working days before the hearing: the earliest hearing is ${noticePeriod.dueAt} (行政处罚法第六十四条、第八十五条)`,
        { earliest: noticePeriod.dueAt },
      );
    }
    if (state.details.filing.officers.includes(command.data.presidedBy)) {
      throw refuse(
        state,
        command.type,
        CaseErrorCode.enforcementHearingPresiderNotIndependent,
        'the hearing is presided over by someone who did not investigate the case (行政处罚法第六十四条第四项)',
      );
    }
    return [
      {
        type: 'HearingScheduled',
        data: {
          caseId: state.caseId,
          scheduledAt: moment.at,
          scheduledBy: moment.actor,
          hearingAt: toCst(command.data.hearingAt),
          place: command.data.place,
          presidedBy: command.data.presidedBy,
          noticePeriod,
        },
      },
    ];
  },
});

export const holdHearing = handler(inEnforcementStage('hearing_scheduled'), {
  fields: (data: HoldHearing['data'], check) => {
    if (typeof data.partyAttended !== 'boolean') check.problem('partyAttended must be a boolean');
    check.text(data.record, 'record');
  },
  decide: (_ctx, command: HoldHearing, state, moment): CaseEvent[] => {
    const scheduled = state.details.hearing.scheduled;
    if (parseInstant(moment.at) < parseInstant(scheduled.hearingAt)) {
      const check = checker(command.type);
      check.problem(`the hearing is scheduled for ${scheduled.hearingAt}`);
      check.done();
    }
    return [
      {
        type: 'HearingHeld',
        data: {
          caseId: state.caseId,
          heldAt: moment.at,
          recordedBy: moment.actor,
          presidedBy: scheduled.presidedBy,
          partyAttended: command.data.partyAttended,
          record: command.data.record,
          // The party stayed away: the hearing right is deemed waived (Art. 64 (6)).
          waived: !command.data.partyAttended,
        },
      },
    ];
  },
});

/** The decision (Arts. 57, 65), once the hearing request window has passed or the party waived it. */
export const decidePenalty = handler(inEnforcementStage('notified', 'heard'), {
  fields: (data: DecidePenalty['data'], check) => {
    check.oneOf(data.outcome, ['penalty', 'no_penalty'], 'outcome');
    check.text(data.reason, 'reason');
    check.text(data.decisionNo, 'decisionNo', true);
    if (data.hearingWaived !== undefined && typeof data.hearingWaived !== 'boolean')
      check.problem('hearingWaived must be a boolean');
    if (data.outcome === 'penalty') checkPenalty(check, data.penalty, 'penalty');
  },
  decide: (ctx, command: DecidePenalty, state, moment): CaseEvent[] => {
    const { data } = command;
    const window = state.deadlines.hearingRequest;
    if (
      state.details.stage === 'notified' &&
      window &&
      !isPast(moment.at, window.dueAt) &&
      data.hearingWaived !== true
    ) {
      throw refuse(
        state,
        command.type,
        CaseErrorCode.enforcementHearingWindowOpen,
        `the party may request a hearing until ${window.dueAt} (行政处罚法第六十四条); decide after that or record a written waiver (hearingWaived)`,
        { dueAt: window.dueAt },
      );
    }
    const penalty = data.outcome === 'penalty' && data.penalty ? copyPenalty(data.penalty) : null;
    return [
      {
        type: 'PenaltyDecided',
        data: {
          caseId: state.caseId,
          decidedAt: moment.at,
          decidedBy: moment.actor,
          procedure: 'ordinary',
          outcome: data.outcome,
          penalty,
          ...(data.decisionNo ? { decisionNo: data.decisionNo } : {}),
          reason: data.reason,
          party: state.details.party,
          withinLimit: withinLimit(moment.at, state.deadlines.decision?.dueAt),
          deadlines: penalty ? { service: ctx.deadline(ENFORCEMENT_PERIODS.service, moment.at) } : {},
        },
      },
    ];
  },
});

/**
 * Service of the decision (Art. 61). The service is the fact: its business time (`occurredAt`, or the
 * older `servedAt`) is when the party received the decision, and the payment and appeal periods run from it.
 */
export const serveDecision = handler(inEnforcementStage('decided'), {
  fields: (data: ServeDecision['data'], check) => {
    check.oneOf(
      data.method,
      SERVICE_METHODS.filter((m) => m !== 'on_the_spot'),
      'method',
    );
  },
  decide: (ctx, command: ServeDecision, state, moment): CaseEvent[] => {
    const decision = state.details.decision;
    return [
      served(
        ctx,
        state,
        moment,
        command.data.method,
        moment.at,
        decision.penalty?.fineFen ?? 0,
        state.deadlines.service?.dueAt,
      ),
    ];
  },
});

/**
 * Full payment of the fine and of any late surcharge owed on the day paid (Arts. 67, 72): the date of the
 * payment's business time (`occurredAt`; `paidOn` may name the date alone).
 */
export const recordPayment = handler(inEnforcementStage('awaiting_payment', 'demanded'), {
  fields: (data: RecordPayment['data'], check) => {
    if (!Number.isSafeInteger(data.amountFen) || data.amountFen <= 0)
      check.problem('amountFen must be a positive whole number of fen');
    check.localDate(data.paidOn, 'paidOn', true);
    check.text(data.receiptNo, 'receiptNo', true);
  },
  decide: (_ctx, command: RecordPayment, state, moment): CaseEvent[] => {
    const { data } = command;
    const { execution } = state.details;
    const paidOn = localDateOf(moment.at);
    const surchargeFen = lateSurchargeFen(execution.fineFen, execution.paymentDueDate, paidOn);
    const totalFen = execution.fineFen + surchargeFen;
    if (data.amountFen !== totalFen) {
      throw refuse(
        state,
        command.type,
        CaseErrorCode.enforcementPaymentAmountMismatch,
        `on ${paidOn} the party owes ${totalFen} fen (fine ${execution.fineFen} + late surcharge ${surchargeFen}), not ${data.amountFen}`,
        { fineFen: execution.fineFen, surchargeFen, totalFen, amountFen: data.amountFen },
      );
    }
    return [
      {
        type: 'FinePaid',
        data: {
          caseId: state.caseId,
          recordedAt: moment.now,
          recordedBy: moment.actor,
          paidOn,
          paidAt: moment.at,
          fineFen: execution.fineFen,
          surchargeFen,
          totalFen,
          lateDays: lateDays(execution.paymentDueDate, paidOn),
          ...(data.receiptNo ? { receiptNo: data.receiptNo } : {}),
        },
      },
    ];
  },
});

/** 催告 once the payment period has passed (行政强制法 Arts. 35, 54). */
export const demandPayment = handler(inEnforcementStage('awaiting_payment'), {
  fields: (data: DemandPayment['data'], check) => check.text(data.note, 'note', true),
  decide: (ctx, command: DemandPayment, state, moment): CaseEvent[] => {
    const payment = state.deadlines.payment;
    if (payment && !isPast(moment.at, payment.dueAt)) {
      throw refuse(
        state,
        command.type,
        CaseErrorCode.enforcementPaymentNotOverdue,
        `the party may pay until ${payment.dueAt} (行政处罚法第六十七条)`,
        { dueAt: payment.dueAt },
      );
    }
    const execution = state.details.execution;
    return [
      {
        type: 'PaymentDemanded',
        data: {
          caseId: state.caseId,
          demandedAt: moment.at,
          demandedBy: moment.actor,
          fineFen: execution.fineFen,
          surchargeFenSoFar: lateSurchargeFen(
            execution.fineFen,
            execution.paymentDueDate,
            localDateOf(moment.at),
          ),
          deadlines: {
            demand: ctx.deadline(ENFORCEMENT_PERIODS.demand, moment.at),
            courtApplication: ctx.deadline(
              ENFORCEMENT_PERIODS.courtApplication,
              moment.at,
              execution.appealPeriod.counting.lastDay,
            ),
          },
        },
      },
    ];
  },
});

/** Application to the court after the demand period and the party's litigation period (行政强制法 Art. 53). */
export const applyCourtEnforcement = handler(inEnforcementStage('demanded'), {
  fields: (data: ApplyCourtEnforcement['data'], check) => check.text(data.court, 'court'),
  decide: (_ctx, command: ApplyCourtEnforcement, state, moment): CaseEvent[] => {
    const execution = state.details.execution;
    const demand = state.deadlines.demand;
    if (demand && !isPast(moment.at, demand.dueAt)) {
      throw refuse(
        state,
        command.type,
        CaseErrorCode.enforcementDemandPeriodRunning,
        `the demand runs until ${demand.dueAt} (10 working days, 行政强制法第五十四条、第六十九条)`,
        { dueAt: demand.dueAt },
      );
    }
    if (!isPast(moment.at, execution.appealPeriod.dueAt)) {
      throw refuse(
        state,
        command.type,
        CaseErrorCode.enforcementAppealPeriodRunning,
        `the party may still sue until ${execution.appealPeriod.dueAt}; apply to the court after that (行政强制法第五十三条)`,
        { dueAt: execution.appealPeriod.dueAt },
      );
    }
    const window = state.deadlines.courtApplication;
    if (window && isPast(moment.at, window.dueAt)) {
      throw refuse(
        state,
        command.type,
        CaseErrorCode.enforcementCourtApplicationWindowClosed,
        `the 3-month window to apply to the court closed at ${window.dueAt} (行政强制法第五十三条)`,
        { dueAt: window.dueAt },
      );
    }
    return [
      {
        type: 'CourtEnforcementApplied',
        data: {
          caseId: state.caseId,
          appliedAt: moment.at,
          appliedBy: moment.actor,
          court: command.data.court,
          fineFen: execution.fineFen,
          surchargeFen: lateSurchargeFen(execution.fineFen, execution.paymentDueDate, localDateOf(moment.at)),
        },
      },
    ];
  },
});

export const archiveEnforcementCase = handler(inEnforcementStage(...ARCHIVABLE_STAGES), {
  fields: (data: ArchiveEnforcementCase['data'], check) => check.text(data.note, 'note', true),
  decide: (_ctx, command: ArchiveEnforcementCase, state, moment): CaseEvent[] => [
    {
      type: 'EnforcementCaseArchived',
      data: {
        caseId: state.caseId,
        archivedAt: moment.at,
        archivedBy: moment.actor,
        ...(command.data.note ? { note: command.data.note } : {}),
      },
    },
  ],
});
