import {
  addDays,
  addMonths,
  daysBetween,
  endOfLocalDay,
  formatCst,
  localDateOf,
  parseInstant,
  type LocalDate,
} from '#domain-kernel';
import { officialCalendar, type WorkingDayCalendar } from './working-day-calendar.js';

export type PeriodUnit = 'hours' | 'calendar_days' | 'working_days' | 'months';
export const PERIOD_UNITS: readonly PeriodUnit[] = ['hours', 'calendar_days', 'working_days', 'months'];

/** Where a time limit comes from: a law and article, or a local rule. */
export interface DeadlineBasis {
  /** Stable id of the rule in the policy, e.g. `dispatch.sign.emergency`. */
  readonly ruleId: string;
  /** Law or local rule, e.g. `行政处罚法`, `人民调解法`, `本地派单规则`. */
  readonly law: string;
  /** Article, e.g. `第六十四条`; absent for local rules without articles. */
  readonly article?: string;
  readonly note?: string;
}

export interface SkippedDay {
  readonly date: LocalDate;
  readonly kind: 'weekend' | 'holiday';
  readonly name?: string;
}

/** How a deadline was counted, so that a person (or a court) can check it. */
export interface DeadlineCounting {
  /** The triggering instant (CST notation). */
  readonly trigger: string;
  /** First counted day (the day after the trigger day, 民法典 Art. 201); for hours the trigger's day. */
  readonly startDay: LocalDate;
  readonly unit: PeriodUnit;
  readonly amount: number;
  /** Last day of the period after any move past a rest day. */
  readonly lastDay: LocalDate;
  /** Rest days passed over (working days: inside the period; calendar days/months: the move at the end). */
  readonly skipped: ReadonlyArray<SkippedDay>;
  /** Make-up working days (调休) counted as working days. */
  readonly makeupWorkdaysCounted: ReadonlyArray<LocalDate>;
  /** True when the nominal last day was a rest day and the end moved to the next working day (Art. 203). */
  readonly endMovedPastHoliday: boolean;
  /** The nominal last day before the move, when moved. */
  readonly nominalLastDay?: LocalDate;
  /** True when a counted day lies in a year with no published holiday schedule. */
  readonly provisional: boolean;
  readonly explanation: string;
}

/**
 * A computed time limit. `dueAt` is exclusive: the end of the last day is 24:00 CST, written as
 * 00:00 of the next day (`2026-10-10T00:00:00+08:00`); the limit is overdue once now ≥ dueAt.
 */
export interface Deadline {
  readonly dueAt: string;
  readonly basis: DeadlineBasis;
  readonly counting: DeadlineCounting;
}

export interface PeriodRequest {
  /** The triggering instant (ISO-8601 with offset). */
  readonly trigger: string;
  readonly amount: number;
  readonly basis: DeadlineBasis;
  /**
   * Count from the day after this date instead of the day after the trigger's day; used when a
   * period follows another (an extension runs from the end of the original last day).
   */
  readonly afterDay?: LocalDate;
}

function assertAmount(amount: number, unit: PeriodUnit): void {
  if (!Number.isInteger(amount) || amount <= 0)
    throw new RangeError(`a period in ${unit} needs a positive whole amount, got ${amount}`);
}

/** Moves a nominal last day that is a rest day to the next working day (民法典 Art. 203). */
function moveOffRestDays(calendar: WorkingDayCalendar, nominal: LocalDate) {
  const skipped: SkippedDay[] = [];
  let lastDay = nominal;
  let provisional = calendar.dayInfo(nominal).provisional;
  for (;;) {
    const info = calendar.dayInfo(lastDay);
    provisional ||= info.provisional;
    if (info.working) break;
    skipped.push({
      date: lastDay,
      kind: info.kind === 'weekend' ? 'weekend' : 'holiday',
      ...(info.name ? { name: info.name } : {}),
    });
    lastDay = addDays(lastDay, 1);
  }
  return { lastDay, skipped, provisional, moved: skipped.length > 0 };
}

function anyProvisional(calendar: WorkingDayCalendar, from: LocalDate, to: LocalDate): boolean {
  for (let day = from; daysBetween(day, to) >= 0; day = addDays(day, 1)) {
    if (calendar.dayInfo(day).provisional) return true;
  }
  return false;
}

function describeSkipped(skipped: ReadonlyArray<SkippedDay>): string {
  if (skipped.length === 0) return '';
  return `${skipped[0]!.date}–${skipped[skipped.length - 1]!.date}`;
}

/**
 * A period in calendar days (民法典 Art. 201–203): the trigger day is not counted; the period ends
 * at 24:00 of the n-th day; if that day is a statutory rest day (holiday, or a weekend not turned
 * into a make-up working day) it ends at 24:00 of the first working day after the rest days.
 */
export function countCalendarDays(calendar: WorkingDayCalendar, request: PeriodRequest): Deadline {
  assertAmount(request.amount, 'calendar_days');
  const trigger = formatCst(parseInstant(request.trigger));
  const after = request.afterDay ?? localDateOf(trigger);
  const startDay = addDays(after, 1);
  const nominal = addDays(after, request.amount);
  const move = moveOffRestDays(calendar, nominal);
  const provisional = move.provisional || anyProvisional(calendar, startDay, move.lastDay);
  const explanation =
    `${request.amount} calendar days from ${startDay} (the day after ${after}) end on ${nominal}` +
    (move.moved
      ? `, a rest day (${describeSkipped(move.skipped)}), so the period ends on ${move.lastDay} (民法典第二百零三条)`
      : '') +
    ` at 24:00 CST${provisional ? '; provisional: the holiday schedule is not yet published' : ''}.`;
  return {
    dueAt: endOfLocalDay(move.lastDay),
    basis: request.basis,
    counting: {
      trigger,
      startDay,
      unit: 'calendar_days',
      amount: request.amount,
      lastDay: move.lastDay,
      skipped: move.skipped,
      makeupWorkdaysCounted: [],
      endMovedPastHoliday: move.moved,
      ...(move.moved ? { nominalLastDay: nominal } : {}),
      provisional,
      explanation,
    },
  };
}

/**
 * A period in working days (行政处罚法 Art. 85 style): counting starts the day after the trigger
 * day; weekends and statutory holidays are not counted, make-up working days (调休) are; the
 * period ends at 24:00 of the n-th working day.
 */
export function countWorkingDays(calendar: WorkingDayCalendar, request: PeriodRequest): Deadline {
  assertAmount(request.amount, 'working_days');
  const trigger = formatCst(parseInstant(request.trigger));
  const after = request.afterDay ?? localDateOf(trigger);
  const startDay = addDays(after, 1);
  const skipped: SkippedDay[] = [];
  const makeup: LocalDate[] = [];
  let provisional = false;
  let counted = 0;
  let day = after;
  while (counted < request.amount) {
    day = addDays(day, 1);
    const info = calendar.dayInfo(day);
    provisional ||= info.provisional;
    if (info.working) {
      counted += 1;
      if (info.kind === 'makeup_workday') makeup.push(day);
    } else {
      skipped.push({
        date: day,
        kind: info.kind === 'weekend' ? 'weekend' : 'holiday',
        ...(info.name ? { name: info.name } : {}),
      });
    }
  }
  const explanation =
    `${request.amount} working days from ${startDay} (the day after ${after}) end on ${day} at 24:00 CST` +
    (skipped.length > 0 ? `, not counting ${skipped.length} rest day(s)` : '') +
    (makeup.length > 0 ? `, counting make-up working day(s) ${makeup.join(', ')}` : '') +
    `${provisional ? '; provisional: the holiday schedule is not yet published' : ''}.`;
  return {
    dueAt: endOfLocalDay(day),
    basis: request.basis,
    counting: {
      trigger,
      startDay,
      unit: 'working_days',
      amount: request.amount,
      lastDay: day,
      skipped,
      makeupWorkdaysCounted: makeup,
      endMovedPastHoliday: false,
      provisional,
      explanation,
    },
  };
}

/**
 * A period in months (民法典 Art. 202–203): the last day is the same date of the final month, or
 * its last day when it has none (Jan 31 + 1 month → Feb 28/29); then moved off rest days like
 * calendar days.
 */
export function countMonths(calendar: WorkingDayCalendar, request: PeriodRequest): Deadline {
  assertAmount(request.amount, 'months');
  const trigger = formatCst(parseInstant(request.trigger));
  const after = request.afterDay ?? localDateOf(trigger);
  const startDay = addDays(after, 1);
  const nominal = addMonths(after, request.amount);
  const move = moveOffRestDays(calendar, nominal);
  const provisional = move.provisional || anyProvisional(calendar, startDay, move.lastDay);
  const explanation =
    `${request.amount} month(s) after ${after} end on ${nominal} (民法典第二百零二条)` +
    (move.moved
      ? `, a rest day (${describeSkipped(move.skipped)}), so the period ends on ${move.lastDay} (第二百零三条)`
      : '') +
    ` at 24:00 CST${provisional ? '; provisional: the holiday schedule is not yet published' : ''}.`;
  return {
    dueAt: endOfLocalDay(move.lastDay),
    basis: request.basis,
    counting: {
      trigger,
      startDay,
      unit: 'months',
      amount: request.amount,
      lastDay: move.lastDay,
      skipped: move.skipped,
      makeupWorkdaysCounted: [],
      endMovedPastHoliday: move.moved,
      ...(move.moved ? { nominalLastDay: nominal } : {}),
      provisional,
      explanation,
    },
  };
}

/**
 * A period in hours (民法典 Art. 201 para. 2: counted from the triggering moment), running round
 * the clock including holidays, as 12345-style sign and feedback limits do.
 */
export function countHours(_calendar: WorkingDayCalendar, request: PeriodRequest): Deadline {
  assertAmount(request.amount, 'hours');
  const triggerMs = parseInstant(request.trigger);
  const trigger = formatCst(triggerMs);
  const dueAt = formatCst(triggerMs + request.amount * 60 * 60 * 1000);
  return {
    dueAt,
    basis: request.basis,
    counting: {
      trigger,
      startDay: localDateOf(trigger),
      unit: 'hours',
      amount: request.amount,
      lastDay: localDateOf(dueAt),
      skipped: [],
      makeupWorkdaysCounted: [],
      endMovedPastHoliday: false,
      provisional: false,
      explanation: `${request.amount} hour(s) from ${trigger}, round the clock including rest days, end at ${dueAt}.`,
    },
  };
}

/** Counts a period in any unit. */
export function countPeriod(
  calendar: WorkingDayCalendar,
  unit: PeriodUnit,
  request: PeriodRequest,
): Deadline {
  switch (unit) {
    case 'hours':
      return countHours(calendar, request);
    case 'calendar_days':
      return countCalendarDays(calendar, request);
    case 'working_days':
      return countWorkingDays(calendar, request);
    case 'months':
      return countMonths(calendar, request);
    default: {
      const never: never = unit;
      throw new RangeError(`unknown period unit ${String(never)}`);
    }
  }
}

export interface DeadlineStatus {
  readonly dueAt: string;
  /**
   * Days left after today (CST) up to and including the last day, counted in working days for a
   * working-day period and calendar days otherwise: 0 = due at the end of today; negative = that
   * many such days overdue.
   */
  readonly daysLeft: number;
  /** Whole hours left until dueAt (negative when overdue). */
  readonly hoursLeft: number;
  readonly overdue: boolean;
}

/** Where `now` stands against a deadline. `calendar` is needed to count working days left. */
export function deadlineStatus(
  deadline: Deadline,
  now: string,
  calendar: WorkingDayCalendar = officialCalendar,
): DeadlineStatus {
  const nowMs = parseInstant(now);
  const dueMs = parseInstant(deadline.dueAt);
  const overdue = nowMs >= dueMs;
  const today = localDateOf(now);
  const lastDay = deadline.counting.lastDay;
  let daysLeft: number;
  if (deadline.counting.unit === 'working_days') {
    const forward = daysBetween(today, lastDay) >= 0;
    const [from, to] = forward ? [today, lastDay] : [lastDay, today];
    let count = 0;
    for (let day = addDays(from, 1); daysBetween(day, to) >= 0; day = addDays(day, 1)) {
      if (calendar.isWorkingDay(day)) count += 1;
    }
    daysLeft = forward ? count : -count;
  } else {
    daysLeft = daysBetween(today, lastDay);
  }
  const hoursLeft = Math.trunc((dueMs - nowMs) / (60 * 60 * 1000));
  return { dueAt: deadline.dueAt, daysLeft, hoursLeft, overdue };
}
