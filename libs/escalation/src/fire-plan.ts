import type { CaseCommand, CaseState, HandlingUnit, JurisdictionLevel, ReportedCase } from '#case-domain';
import { JURISDICTION_LEVELS } from '#case-domain';
import {
  isSupervisionKind,
  SUPERVISION_TIMERS,
  type EnforceableDeadline,
  type TimerKind,
} from './escalation-timers.js';

/** A claimed timer, as the planner needs it. */
export interface DueTimer {
  readonly timerId: string;
  readonly caseId: string;
  readonly kind: TimerKind;
  readonly dueAt: Date;
  readonly deadlineDueAt: Date | null;
  readonly level: JurisdictionLevel | null;
  /** Which of several limits of the same name (an evidence preservation's number), or null. */
  readonly subject: string | null;
}

export type FirePlan =
  | { readonly kind: 'moot'; readonly reason: string }
  | {
      readonly kind: 'command';
      /** Builds the command once the unit (if any) of `unitLevel` is known. */
      readonly build: (
        unit: HandlingUnit | undefined,
        metadata: { actor: string; now: string },
      ) => CaseCommand;
      /** The level whose handling unit the command names (re-dispatch), if any. */
      readonly unitLevel?: JurisdictionLevel;
      /** A unit is required (dispatch); without one the timer is retried later. */
      readonly unitRequired: boolean;
      readonly outcome: 'supervised' | 'escalated' | 'dispatched' | 'closed';
    };

const ESCALATABLE: ReadonlyArray<CaseState['status']> = [
  'registered',
  'dispatched',
  'accepted',
  'in_progress',
];
const SUPERVISABLE: ReadonlyArray<CaseState['status']> = ['dispatched', 'accepted', 'in_progress'];

function nextLevel(level: JurisdictionLevel): JurisdictionLevel | undefined {
  return JURISDICTION_LEVELS[JURISDICTION_LEVELS.indexOf(level) + 1];
}

const sameInstant = (iso: string | undefined, date: Date | null): boolean =>
  iso !== undefined && date !== null && Date.parse(iso) === date.getTime();

/**
 * Decides what a due timer does to the case as it is now, or why it no longer matters. Pure: the
 * case state is folded from its stream just before, and the command is sent with that revision as
 * the expected one, so a concurrent change makes the caller plan again on fresh state.
 */
export function planFire(timer: DueTimer, state: CaseState, now: Date): FirePlan {
  if (state.status === 'none') return { kind: 'moot', reason: 'case_not_found' };
  const c: ReportedCase = state;
  if (isSupervisionKind(timer.kind)) return planSupervision(timer, SUPERVISION_TIMERS[timer.kind], c);
  const atLevel = timer.level === null || c.level === timer.level;
  switch (timer.kind) {
    case 'sign': {
      if (c.status !== 'dispatched') return { kind: 'moot', reason: `status_${c.status}` };
      if (!sameInstant(c.deadlines.sign?.dueAt, timer.deadlineDueAt))
        return { kind: 'moot', reason: 'sign_deadline_changed' };
      return {
        kind: 'command',
        unitRequired: false,
        outcome: 'supervised',
        build: (_unit, metadata) => ({
          type: 'SuperviseDispatch',
          metadata,
          data: { reason: `派单超时未签收，督办（签收时限 ${c.deadlines.sign!.dueAt}）` },
        }),
      };
    }
    case 'sign_escalation': {
      if (c.status !== 'dispatched') return { kind: 'moot', reason: `status_${c.status}` };
      if (!atLevel) return { kind: 'moot', reason: 'level_changed' };
      const sign = c.deadlines.sign;
      if (!sign || now.getTime() < Date.parse(sign.dueAt))
        return { kind: 'moot', reason: 'sign_not_overdue' };
      const to = nextLevel(c.level);
      if (!to) return { kind: 'moot', reason: 'top_level_reached' };
      return {
        kind: 'command',
        unitLevel: to,
        unitRequired: false,
        outcome: 'escalated',
        build: (unit, metadata) => ({
          type: 'EscalateCase',
          metadata,
          data: {
            reason: `督办后仍未签收（签收时限 ${sign.dueAt}），升级至${LEVEL_NAMES[to]}`,
            trigger: 'sign_overdue',
            ...(unit ? { unit } : {}),
          },
        }),
      };
    }
    case 'level': {
      if (!ESCALATABLE.includes(c.status)) return { kind: 'moot', reason: `status_${c.status}` };
      if (!atLevel) return { kind: 'moot', reason: 'level_changed' };
      const deadline = c.deadlines.level;
      if (!sameInstant(deadline?.dueAt, timer.deadlineDueAt))
        return { kind: 'moot', reason: 'level_deadline_changed' };
      const to = nextLevel(c.level);
      if (!to) {
        // Nowhere left to climb: the district centre is reminded instead (督办).
        if (!SUPERVISABLE.includes(c.status)) return { kind: 'moot', reason: 'top_level_reached' };
        return {
          kind: 'command',
          unitRequired: false,
          outcome: 'supervised',
          build: (_unit, metadata) => ({
            type: 'SuperviseDispatch',
            metadata,
            data: { reason: `${LEVEL_NAMES[c.level]}处理时限已过（${deadline!.dueAt}），督办` },
          }),
        };
      }
      return {
        kind: 'command',
        unitLevel: to,
        unitRequired: false,
        outcome: 'escalated',
        build: (unit, metadata) => ({
          type: 'EscalateCase',
          metadata,
          data: {
            reason: `${LEVEL_NAMES[c.level]}处理时限已过（${deadline!.dueAt}）未化解，升级至${LEVEL_NAMES[to]}`,
            trigger: 'deadline_passed',
            ...(unit ? { unit } : {}),
          },
        }),
      };
    }
    case 'dispatch': {
      if (c.status !== 'registered') return { kind: 'moot', reason: `status_${c.status}` };
      if (!atLevel) return { kind: 'moot', reason: 'level_changed' };
      if (c.unit !== null) return { kind: 'moot', reason: 'already_dispatched' };
      return {
        kind: 'command',
        unitLevel: c.level,
        unitRequired: true,
        outcome: 'dispatched',
        build: (unit, metadata) => ({ type: 'DispatchCase', metadata, data: { unit: unit! } }),
      };
    }
    case 'petition_request_window': {
      if (c.details.caseType !== 'petition') return { kind: 'moot', reason: 'not_a_petition' };
      const stage = c.details.stage;
      const window =
        stage === 'answered'
          ? c.deadlines.reviewRequest
          : stage === 'reviewed'
            ? c.deadlines.reReviewRequest
            : undefined;
      if (!window) return { kind: 'moot', reason: `stage_${stage}` };
      if (!sameInstant(window.dueAt, timer.deadlineDueAt))
        return { kind: 'moot', reason: 'request_window_changed' };
      return {
        kind: 'command',
        unitRequired: false,
        outcome: 'closed',
        build: (_unit, metadata) => ({ type: 'ClosePetitionForNoRequest', metadata, data: {} }),
      };
    }
    default: {
      const unknown: string = timer.kind;
      return { kind: 'moot', reason: `unknown_kind_${String(unknown)}` };
    }
  }
}

/** Statuses in which a dispute's limits are pressed (the decider refuses the others too). */
const WORK_ORDER_SUPERVISABLE: ReadonlyArray<CaseState['status']> = [
  'registered',
  'dispatched',
  'accepted',
  'in_progress',
];

/**
 * A passed limit that is not the ladder's: a supervision (督办) naming it, once, if the case still runs
 * that very limit (same due instant: an extension or a new step set a new timer instead). Never an
 * escalation: a petition body or an enforcement squad does not climb building → street (domain §3.3–3.4).
 */
function planSupervision(timer: DueTimer, deadline: EnforceableDeadline, c: ReportedCase): FirePlan {
  if (c.caseType === 'dispute' && !WORK_ORDER_SUPERVISABLE.includes(c.status))
    return { kind: 'moot', reason: `status_${c.status}` };
  const running = c.deadlines[deadline];
  if (!running) return { kind: 'moot', reason: `${deadline}_not_running` };
  if (deadline === 'evidenceDecision' && c.details.caseType === 'enforcement') {
    // One timer per preservation; the case shows the earliest undecided one.
    const preservation = c.details.preservations.find((p) => String(p.preservationNo) === timer.subject);
    if (!preservation || preservation.decision !== null) return { kind: 'moot', reason: 'evidence_decided' };
  } else if (!sameInstant(running.dueAt, timer.deadlineDueAt)) {
    return { kind: 'moot', reason: `${deadline}_deadline_changed` };
  }
  const dueAt = timer.deadlineDueAt?.toISOString() ?? running.dueAt;
  return {
    kind: 'command',
    unitRequired: false,
    outcome: 'supervised',
    build: (_unit, metadata) => ({
      type: 'SuperviseDispatch',
      metadata,
      data: { reason: `${DEADLINE_NAMES[deadline]}已过（${dueAt}），督办`, deadline },
    }),
  };
}

const DEADLINE_NAMES: Record<EnforceableDeadline, string> = {
  firstFeedback: '首次反馈时限',
  wholeMediation: '调解总时限',
  routing: '信访事项转送、交办时限（信访工作条例第二十二条）',
  notice: '书面告知信访人时限（信访工作条例第二十三条）',
  handling: '信访事项办理时限（信访工作条例第三十四条）',
  reviewAnswer: '复查意见时限（信访工作条例第三十五条）',
  reReviewAnswer: '复核意见时限（信访工作条例第三十六条）',
  screening: '线索核查立案时限',
  decision: '行政处罚决定时限（行政处罚法第六十条）',
  evidenceDecision: '先行登记保存物品处理时限（行政处罚法第五十六条）',
  service: '处罚决定书送达时限（行政处罚法第六十一条）',
  payment: '罚款缴纳期限（行政处罚法第六十七条），请依法催告',
  courtApplication: '申请人民法院强制执行期限（行政强制法第五十三条）',
};

const LEVEL_NAMES: Record<JurisdictionLevel, string> = {
  building: '楼院',
  community: '社区',
  street: '街道',
  district: '区',
};
