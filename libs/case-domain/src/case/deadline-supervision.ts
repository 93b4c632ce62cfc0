import { DomainError, parseInstant } from '#domain-kernel';
import type { SuperviseDispatch } from './case.commands.js';
import { CaseErrorCode, illegalTransition } from './case.errors.js';
import { SUPERVISED_DEADLINES, type CaseEvent, type SupervisedDeadline } from './case.events.js';
import type { ReportedCase } from './case.state.js';
import type { Checker } from './case.rules.js';
import type { CaseStatus, Moment } from './case.types.js';

/**
 * Statuses in which a limit of the common work-order loop (dispute) is supervised: while someone is
 * expected to act. A resolved case awaits verification and a parked one is on hold (挂账): their
 * whole-mediation clock is not pressed. Petition and enforcement clocks are cleared by their deciders
 * as soon as they are met, so for them a running limit is enough.
 */
const WORK_ORDER_SUPERVISABLE: readonly CaseStatus[] = [
  'registered',
  'dispatched',
  'accepted',
  'in_progress',
];

/** Field checks of a supervision: its reason, and the limit when it names one (400). */
export function checkSupervision(data: SuperviseDispatch['data'], check: Checker): void {
  check.text(data.reason, 'reason');
  check.oneOf(data.deadline, SUPERVISED_DEADLINES, 'deadline', true);
}

/** A supervision that names a limit. */
export const namesDeadline = (
  command: SuperviseDispatch,
): command is SuperviseDispatch & { data: { deadline: SupervisedDeadline } } =>
  command.data.deadline !== undefined;

/** Limits due at `now` or earlier, by name. */
export function overdueDeadlines(state: ReportedCase, now: string): string[] {
  const nowMs = parseInstant(now);
  return Object.entries(state.deadlines)
    .filter(([, deadline]) => deadline && nowMs >= parseInstant(deadline.dueAt))
    .map(([name]) => name);
}

/**
 * `SuperviseDispatch {deadline}`: a supervision (督办) about one named limit that has passed, on any
 * case type. Refused when the limit is not one of the administration's duties (400), is not running
 * (`CASE.DEADLINE_NOT_RUNNING`, 409), or has not passed yet (`CASE.DEADLINE_NOT_OVERDUE`, 409).
 * The event is the same `DispatchSupervised` every read model already folds, naming the limit.
 */
export function superviseDeadline(
  command: SuperviseDispatch & { data: { deadline: SupervisedDeadline } },
  state: ReportedCase,
  moment: Moment,
): CaseEvent[] {
  const name = command.data.deadline;
  const now = moment.at;
  if (state.caseType === 'dispute' && !WORK_ORDER_SUPERVISABLE.includes(state.status))
    throw illegalTransition(state.status, command.type);
  const deadline = state.deadlines[name];
  if (!deadline) {
    throw new DomainError(
      CaseErrorCode.deadlineNotRunning,
      'illegal_transition',
      `the case has no running ${name} limit to supervise`,
      {
        status: state.status,
        command: command.type,
        deadline: name,
      },
    );
  }
  if (parseInstant(now) < parseInstant(deadline.dueAt)) {
    throw new DomainError(
      CaseErrorCode.deadlineNotOverdue,
      'illegal_transition',
      `the ${name} limit runs until ${deadline.dueAt}: nothing to supervise yet`,
      {
        status: state.status,
        command: command.type,
        deadline: name,
        dueAt: deadline.dueAt,
      },
    );
  }
  return [
    {
      type: 'DispatchSupervised',
      data: {
        caseId: state.caseId,
        supervisedAt: now,
        supervisedBy: moment.actor,
        unit: state.unit,
        reason: command.data.reason,
        overdue: overdueDeadlines(state, now),
        deadline: name,
        deadlineDueAt: deadline.dueAt,
      },
    },
  ];
}
