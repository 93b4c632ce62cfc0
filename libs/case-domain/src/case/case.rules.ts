import { DomainError, isInstant, isLocalDate, parseInstant, type LocalDate } from '#domain-kernel';
import { countPeriod, type Deadline } from '../calendar/deadline.js';
import type { WorkingDayCalendar } from '../calendar/working-day-calendar.js';
import { JURISDICTION_LEVELS, type CasePolicy, type PeriodRule } from '../policy/case-policy.js';
import { approvalRequired, CaseErrorCode, invalidCommand } from './case.errors.js';
import type { CaseDispatched, CaseEscalated, CaseEvent } from './case.events.js';
import type { CaseRecord, PlainCaseStatus, ReportedCase } from './case.state.js';
import type {
  CommandMetadata,
  EscalationTrigger,
  HandlingUnit,
  JurisdictionLevel,
  Moment,
} from './case.types.js';

/** What decisions need besides the command and state. */
export interface DecisionContext {
  readonly policy: CasePolicy;
  readonly calendar: WorkingDayCalendar;
  deadline(rule: PeriodRule, trigger: string, afterDay?: LocalDate): Deadline;
}

export function createDecisionContext(policy: CasePolicy, calendar: WorkingDayCalendar): DecisionContext {
  return {
    policy,
    calendar,
    deadline: (rule, trigger, afterDay) =>
      countPeriod(calendar, rule.unit, {
        trigger,
        amount: rule.amount,
        basis: rule.basis,
        ...(afterDay ? { afterDay } : {}),
      }),
  };
}

/** Collects data problems so a refusal lists all of them at once. */
export type Checker = ReturnType<typeof checker>;

export function checker(command: string) {
  const problems: string[] = [];
  const api = {
    text(value: unknown, field: string, optional = false): void {
      if (value === undefined && optional) return;
      if (typeof value !== 'string' || value.trim() === '')
        problems.push(`${field} must be a non-empty string`);
    },
    oneOf(value: unknown, allowed: readonly string[], field: string, optional = false): void {
      if (value === undefined && optional) return;
      if (typeof value !== 'string' || !allowed.includes(value))
        problems.push(`${field} must be one of ${allowed.join(', ')}`);
    },
    instant(value: unknown, field: string, optional = false): void {
      if (value === undefined && optional) return;
      if (!isInstant(value)) problems.push(`${field} must be an ISO-8601 instant with an offset`);
    },
    localDate(value: unknown, field: string, optional = false): void {
      if (value === undefined && optional) return;
      if (!isLocalDate(value)) problems.push(`${field} must be a YYYY-MM-DD date`);
    },
    unit(value: unknown, field: string, optional = false): void {
      if (value === undefined && optional) return;
      if (
        typeof value !== 'object' ||
        value === null ||
        typeof (value as HandlingUnit).unitId !== 'string' ||
        (value as HandlingUnit).unitId.trim() === ''
      ) {
        problems.push(`${field}.unitId must be a non-empty string`);
      }
    },
    texts(value: unknown, field: string, min: number, optional = false): void {
      if (value === undefined && optional) return;
      if (
        !Array.isArray(value) ||
        value.length < min ||
        !value.every((v) => typeof v === 'string' && v.trim() !== '')
      ) {
        problems.push(`${field} must be a list of at least ${min} non-empty string(s)`);
      }
    },
    problem(message: string): void {
      problems.push(message);
    },
    done(): void {
      if (problems.length > 0) throw invalidCommand(command, problems);
    },
  };
  return api;
}

export function checkMetadata(command: { type: string; metadata?: CommandMetadata }): void {
  const check = checker(command.type);
  check.text(command.metadata?.actor, 'metadata.actor');
  check.instant(command.metadata?.now, 'metadata.now');
  check.done();
}

/** The approving account of a command that needs approval (set by ApproveRequest, ADR 0019). */
export function requireApproval(moment: Moment, command: string, status: string): string {
  if (moment.approvedBy === undefined) throw approvalRequired(command, status);
  return moment.approvedBy;
}

export function nextLevel(level: JurisdictionLevel): JurisdictionLevel | null {
  return JURISDICTION_LEVELS[JURISDICTION_LEVELS.indexOf(level) + 1] ?? null;
}

export function levelRank(level: JurisdictionLevel): number {
  return JURISDICTION_LEVELS.indexOf(level);
}

export function levelDeadline(
  ctx: DecisionContext,
  state: ReportedCase,
  level: JurisdictionLevel,
  now: string,
): Deadline {
  return ctx.deadline(ctx.policy.levelLimits[state.caseType][level], now);
}

/** A dispatch to `unit` at the case's current (or given) level, with its sign/feedback limits. */
export function dispatchEvent(
  ctx: DecisionContext,
  state: ReportedCase,
  unit: HandlingUnit,
  moment: Moment,
  options: { level?: JurisdictionLevel; designated: boolean; startLevelClock: boolean },
): CaseDispatched {
  const now = moment.at;
  const level = options.level ?? state.level;
  return {
    type: 'CaseDispatched',
    data: {
      caseId: state.caseId,
      dispatchedAt: now,
      dispatchedBy: moment.actor,
      unit,
      level,
      designated: options.designated,
      deadlines: {
        sign: ctx.deadline(ctx.policy.sign[state.urgency], now),
        firstFeedback: ctx.deadline(ctx.policy.firstFeedback[state.urgency], now),
        ...(options.startLevelClock ? { level: levelDeadline(ctx, state, level, now) } : {}),
      },
    },
  };
}

/**
 * Climbs to `toLevel`: a CaseEscalated event with the new level's deadline, then, when the
 * command names the new level's unit, a CaseDispatched to it; otherwise the case awaits dispatch.
 */
export function escalationEvents(
  ctx: DecisionContext,
  state: ReportedCase,
  moment: Moment,
  escalation: { toLevel: JurisdictionLevel; trigger: EscalationTrigger; reason: string; unit?: HandlingUnit },
): CaseEvent[] {
  const now = moment.at;
  const escalated: CaseEscalated = {
    type: 'CaseEscalated',
    data: {
      caseId: state.caseId,
      escalatedAt: now,
      escalatedBy: moment.actor,
      fromLevel: state.level,
      toLevel: escalation.toLevel,
      trigger: escalation.trigger,
      reason: escalation.reason,
      deadline: levelDeadline(ctx, state, escalation.toLevel, now),
    },
  };
  if (!escalation.unit) return [escalated];
  return [
    escalated,
    dispatchEvent(ctx, state, escalation.unit, moment, {
      level: escalation.toLevel,
      designated: false,
      startLevelClock: false,
    }),
  ];
}

export function topLevelReached(state: ReportedCase, command: string): DomainError {
  return new DomainError(
    CaseErrorCode.topLevelReached,
    'unprocessable',
    `${command}: the case is already at ${state.level} level, the top of the ladder`,
    {
      status: state.status,
      command,
      level: state.level,
    },
  );
}

/** The status-independent part of a case. */
export function toRecord(state: ReportedCase): CaseRecord {
  const copy: Record<string, unknown> = { ...state };
  delete copy.status;
  delete copy.rejection;
  delete copy.parking;
  delete copy.referral;
  return copy as unknown as CaseRecord;
}

export function moveTo(
  state: ReportedCase,
  status: PlainCaseStatus,
  changedAt: string,
  changes: Partial<CaseRecord> = {},
): ReportedCase {
  return { ...toRecord(state), ...changes, lastChangedAt: changedAt, status };
}

/** Is `now` at or past a deadline's end? (`dueAt` is exclusive.) */
export function isPast(now: string, dueAt: string): boolean {
  return parseInstant(now) >= parseInstant(dueAt);
}

/** The command data of an extension, as the statutory extension reads it. */
export interface ExtensionRequest {
  readonly reason: string;
  readonly amount: number;
  readonly unit?: string;
  readonly deadline?: string;
}

/** Field checks of a statutory extension: calendar days only, of the one limit it may extend. */
export function checkStatutoryExtension(data: ExtensionRequest, check: Checker, which: string): void {
  check.text(data.reason, 'reason');
  if (!Number.isInteger(data.amount) || data.amount <= 0)
    check.problem('amount must be a positive whole number');
  check.oneOf(data.unit, ['calendar_days'], 'unit', true);
  check.oneOf(data.deadline, [which], 'deadline', true);
}

/**
 * A centre-approved extension of a petition's handling limit or an enforcement case's decision
 * limit: at most `maxDays` calendar days, `policy.maxExtensions` times, counted on from the end of
 * the current last day.
 */
export function statutoryExtension(
  ctx: DecisionContext,
  state: ReportedCase,
  data: ExtensionRequest,
  moment: Moment,
  which: 'handling' | 'decision',
  maxDays: number,
  basisNote: string,
): CaseEvent[] {
  const command = 'ExtendDeadline';
  const approvedBy = requireApproval(moment, command, state.status);
  if (state.counters.extensions >= ctx.policy.maxExtensions) {
    throw new DomainError(
      CaseErrorCode.extensionAlreadyUsed,
      'illegal_transition',
      `the case has used its ${ctx.policy.maxExtensions} extension(s)`,
      { status: state.status, command, extensions: state.counters.extensions },
    );
  }
  if (data.amount > maxDays) {
    throw new DomainError(
      CaseErrorCode.extensionTooLong,
      'unprocessable',
      `the ${which} limit may be extended by at most ${maxDays} days (${basisNote})`,
      { status: state.status, command, amount: data.amount, max: maxDays },
    );
  }
  const current = state.deadlines[which];
  if (!current)
    throw new DomainError(
      CaseErrorCode.invalidCommand,
      'invalid',
      `the case has no ${which} deadline to extend`,
      {
        command,
      },
    );
  const basis = {
    ...current.basis,
    ruleId: `${current.basis.ruleId}.extension`,
    note: `${basisNote}; extended with approval of ${approvedBy}: ${data.reason}`,
  };
  const newDeadline = ctx.deadline(
    { amount: data.amount, unit: 'calendar_days', basis },
    moment.at,
    current.counting.lastDay,
  );
  checkExtensionTiming(current, newDeadline, moment, { command, status: state.status, deadline: which });
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
}

/**
 * An extension moves a running limit on; it cannot revive one that has lapsed (its end is before the
 * business time of the request or approval: 422 `CASE.EXTENSION_AFTER_LAPSE`), and the new end must lie
 * after now, or the "extension" would only write an overdue date (422 `CASE.EXTENSION_ENDS_IN_PAST`).
 * ADR 0019: late approval is refused, not flagged.
 */
export function checkExtensionTiming(
  current: Deadline,
  next: Deadline,
  moment: Moment,
  context: { command: string; status: string; deadline: string },
): void {
  if (isPast(moment.at, current.dueAt)) {
    throw new DomainError(
      CaseErrorCode.extensionAfterLapse,
      'unprocessable',
      `the ${context.deadline} limit ended at ${current.dueAt}, before ${moment.at}: a lapsed limit cannot be extended`,
      { ...context, dueAt: current.dueAt, at: moment.at },
    );
  }
  if (isPast(moment.now, next.dueAt)) {
    throw new DomainError(
      CaseErrorCode.extensionEndsInPast,
      'unprocessable',
      `the extended ${context.deadline} limit would end at ${next.dueAt}, which has already passed (now ${moment.now})`,
      { ...context, newDueAt: next.dueAt, now: moment.now },
    );
  }
}

/** Was a limit kept by an act at `at`? (No limit running: kept.) */
export const withinLimit = (at: string, dueAt: string | undefined): boolean =>
  dueAt ? !isPast(at, dueAt) : true;
