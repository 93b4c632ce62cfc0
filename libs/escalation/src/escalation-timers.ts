import { v5 as uuidv5 } from 'uuid';
import type { RecordedEvent } from '#event-store';
import type { JurisdictionLevel } from '#case-domain';

/**
 * What a timer does when it falls due:
 * - `sign`: the dispatch is still unsigned at its sign limit → supervise (督办);
 * - `sign_escalation`: still unsigned a grace period after the supervision → escalate;
 * - `level`: the current level's limit passed unresolved → escalate to the next level;
 * - `dispatch`: the case climbed a level without a unit → dispatch to the new level's handling unit
 *   (due at once: a durable outbox entry rather than a deadline).
 */
export type TimerKind = 'sign' | 'sign_escalation' | 'level' | 'dispatch';
export const TIMER_KINDS: readonly TimerKind[] = ['sign', 'sign_escalation', 'level', 'dispatch'];
export type TimerState = 'scheduled' | 'fired' | 'cancelled' | 'failed';

/** Namespaces of the deterministic ids. Never change them: ids are stored. */
const TIMER_ID_NAMESPACE = 'b3a1f0e4-5c2d-4e8f-9a61-7d0c2e9f4b17';
const COMMAND_ID_NAMESPACE = 'e7c9d2a8-1f34-4b6e-8d05-3a9b6c1f2e48';

export function timerIdFor(caseId: string, kind: TimerKind, caseRevision: bigint): string {
  return uuidv5(`${caseId}/${kind}/${caseRevision.toString()}`, TIMER_ID_NAMESPACE);
}

/** The id of the command a timer issues: the same on every attempt, on every worker. */
export function commandIdFor(timerId: string): string {
  return uuidv5(timerId, COMMAND_ID_NAMESPACE);
}

export interface TimerToSchedule {
  readonly op: 'schedule';
  readonly kind: TimerKind;
  readonly dueAt: string;
  /** The case deadline enforced (checked against the case when firing); absent for `dispatch`. */
  readonly deadlineDueAt?: string;
  /** Level the timer is set for; null when the event does not name it (the store takes the case's latest known level). */
  readonly level: JurisdictionLevel | null;
}
export interface TimersToCancel {
  readonly op: 'cancel';
  readonly kinds: readonly TimerKind[];
  readonly reason: string;
}
/** Put the last level deadline back (work resumes at the same level after a rework). */
export interface LevelTimerToRearm {
  readonly op: 'rearm_level';
}
export type TimerAction = TimerToSchedule | TimersToCancel | LevelTimerToRearm;

export interface TimerRules {
  readonly escalateOnLevelDeadline: boolean;
  readonly superviseUnsignedDispatch: boolean;
  readonly escalateUnsignedDispatch: boolean;
  readonly signEscalationGraceMinutes: number;
  readonly redispatchAfterEscalation: boolean;
}

interface DeadlineData {
  dueAt: string;
}
type Data = Record<string, unknown>;

const SIGN_KINDS: readonly TimerKind[] = ['sign', 'sign_escalation'];
const ALL_KINDS = TIMER_KINDS;

/**
 * The process manager's reaction to one case event: which timers to set, which to cancel. Pure.
 * Only the events listed act; every other event (including types added later) sets nothing.
 */
export function timerActionsFor(event: Pick<RecordedEvent, 'type' | 'data'>, rules: TimerRules): TimerAction[] {
  const data = event.data as Data;
  const cancel = (kinds: readonly TimerKind[], reason: string): TimersToCancel => ({ op: 'cancel', kinds, reason });
  const level = (deadline: DeadlineData | undefined, at: JurisdictionLevel | null): TimerAction[] =>
    rules.escalateOnLevelDeadline && deadline
      ? [{ op: 'schedule', kind: 'level', dueAt: deadline.dueAt, deadlineDueAt: deadline.dueAt, level: at }]
      : [];
  const sign = (deadline: DeadlineData | undefined, at: JurisdictionLevel | null): TimerAction[] =>
    rules.superviseUnsignedDispatch && deadline
      ? [{ op: 'schedule', kind: 'sign', dueAt: deadline.dueAt, deadlineDueAt: deadline.dueAt, level: at }]
      : [];
  const handlers: Record<string, () => TimerAction[]> = {
    CaseDispatched: () => {
      const deadlines = data.deadlines as { sign?: DeadlineData; level?: DeadlineData };
      const at = data.level as JurisdictionLevel;
      return [
        cancel(['sign', 'sign_escalation', 'dispatch'], 'dispatched'),
        ...sign(deadlines.sign, at),
        ...(deadlines.level ? [cancel(['level'], 'level clock restarted'), ...level(deadlines.level, at)] : []),
      ];
    },
    CaseTransferred: () => {
      const deadlines = data.deadlines as { sign?: DeadlineData };
      return [cancel(SIGN_KINDS, 'transferred'), ...signAtCurrentLevel(deadlines.sign)];
    },
    DispatchAccepted: () => [cancel(SIGN_KINDS, 'dispatch accepted')],
    DispatchReturned: () => [cancel(SIGN_KINDS, 'dispatch returned')],
    DispatchSupervised: () => {
      const overdue = (data.overdue as string[] | undefined) ?? [];
      if (!rules.escalateUnsignedDispatch || !overdue.includes('sign')) return [];
      const dueAt = new Date(Date.parse(data.supervisedAt as string) + rules.signEscalationGraceMinutes * 60_000).toISOString();
      return [{ op: 'schedule', kind: 'sign_escalation', dueAt, level: null }];
    },
    CaseEscalated: () => {
      const toLevel = data.toLevel as JurisdictionLevel;
      return [
        cancel(ALL_KINDS, `escalated to ${toLevel}`),
        ...level(data.deadline as DeadlineData, toLevel),
        ...(rules.redispatchAfterEscalation
          ? [{ op: 'schedule' as const, kind: 'dispatch' as const, dueAt: data.escalatedAt as string, level: toLevel }]
          : []),
      ];
    },
    DeadlineExtended: () =>
      data.deadline === 'level' ? [cancel(['level'], 'level deadline extended'), ...level(data.newDeadline as DeadlineData, null)] : [],
    CaseParked: () => [cancel(ALL_KINDS, 'parked')],
    CaseResumed: () => [cancel(['level'], 'resumed'), ...level((data.deadlines as { level: DeadlineData }).level, null)],
    CaseReopened: () => [cancel(ALL_KINDS, 'reopened'), ...level((data.deadlines as { level: DeadlineData }).level, null)],
    ReworkRequested: () => (rules.escalateOnLevelDeadline ? [{ op: 'rearm_level' }] : []),
    CaseResolved: () => [cancel(ALL_KINDS, 'resolved')],
    CaseClosed: () => [cancel(ALL_KINDS, 'closed')],
    CaseRejected: () => [cancel(ALL_KINDS, 'rejected')],
    CaseReferredOut: () => [cancel(ALL_KINDS, 'referred out')],
  };
  function signAtCurrentLevel(deadline: DeadlineData | undefined): TimerAction[] {
    return sign(deadline, null);
  }
  return handlers[event.type]?.() ?? [];
}

