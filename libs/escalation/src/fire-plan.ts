import type { CaseCommand, CaseState, HandlingUnit, JurisdictionLevel, ReportedCase } from '#case-domain';
import { JURISDICTION_LEVELS } from '#case-domain';
import type { TimerKind } from './escalation-timers.js';

/** A claimed timer, as the planner needs it. */
export interface DueTimer {
  readonly timerId: string;
  readonly caseId: string;
  readonly kind: TimerKind;
  readonly dueAt: Date;
  readonly deadlineDueAt: Date | null;
  readonly level: JurisdictionLevel | null;
}

export type FirePlan =
  | { readonly kind: 'moot'; readonly reason: string }
  | {
      readonly kind: 'command';
      /** Builds the command once the unit (if any) of `unitLevel` is known. */
      readonly build: (unit: HandlingUnit | undefined, metadata: { actor: string; now: string }) => CaseCommand;
      /** The level whose handling unit the command names (re-dispatch), if any. */
      readonly unitLevel?: JurisdictionLevel;
      /** A unit is required (dispatch); without one the timer is retried later. */
      readonly unitRequired: boolean;
      readonly outcome: 'supervised' | 'escalated' | 'dispatched';
    };

const ESCALATABLE: ReadonlyArray<CaseState['status']> = ['registered', 'dispatched', 'accepted', 'in_progress'];
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
  const atLevel = timer.level === null || c.level === timer.level;
  switch (timer.kind) {
    case 'sign': {
      if (c.status !== 'dispatched') return { kind: 'moot', reason: `status_${c.status}` };
      if (!sameInstant(c.deadlines.sign?.dueAt, timer.deadlineDueAt)) return { kind: 'moot', reason: 'sign_deadline_changed' };
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
      if (!sign || now.getTime() < Date.parse(sign.dueAt)) return { kind: 'moot', reason: 'sign_not_overdue' };
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
          data: { reason: `督办后仍未签收（签收时限 ${sign.dueAt}），升级至${LEVEL_NAMES[to]}`, trigger: 'sign_overdue', ...(unit ? { unit } : {}) },
        }),
      };
    }
    case 'level': {
      if (!ESCALATABLE.includes(c.status)) return { kind: 'moot', reason: `status_${c.status}` };
      if (!atLevel) return { kind: 'moot', reason: 'level_changed' };
      const deadline = c.deadlines.level;
      if (!sameInstant(deadline?.dueAt, timer.deadlineDueAt)) return { kind: 'moot', reason: 'level_deadline_changed' };
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
    default: {
      const unknown: never = timer.kind;
      return { kind: 'moot', reason: `unknown_kind_${String(unknown)}` };
    }
  }
}

const LEVEL_NAMES: Record<JurisdictionLevel, string> = { building: '楼院', community: '社区', street: '街道', district: '区' };
