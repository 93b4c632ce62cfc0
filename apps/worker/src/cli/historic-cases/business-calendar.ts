import { addDays, localDateOf, type LocalDate } from '#domain-kernel';
import { officialCalendar } from '#case-domain';
import type { Rng } from './seeded-random.js';

// Business time: officers act on working days (the official calendar the decider counts with),
// 08:30–17:00 China time.

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const dateOf = (ms: number): LocalDate => localDateOf(new Date(ms).toISOString());
export const chinaMidnightOf = (date: LocalDate): number => Date.parse(`${date}T00:00:00+08:00`);

/** The n-th working day after `date`; n = 0: `date` itself when a working day, else the next one. */
export function workingDay(date: LocalDate, n: number): LocalDate {
  let day = date;
  let left = n;
  if (left === 0) {
    while (!officialCalendar.isWorkingDay(day)) day = addDays(day, 1);
    return day;
  }
  while (left > 0) {
    day = addDays(day, 1);
    if (officialCalendar.isWorkingDay(day)) left--;
  }
  return day;
}

/** The day a limit ends on (its `dueAt` is 00:00 of the next day). */
export const lastDayOf = (dueAt: string): LocalDate => dateOf(Date.parse(dueAt) - 1);

/** Instants in office hours, drawn from a case's random draws. */
export interface OfficeHours {
  /** A drawn instant within office hours (08:30–17:00) on `date`. */
  during(date: LocalDate): number;
  /** Office hours on `date`, never before `previous` (then a little after it, or the next working day). */
  onOrAfter(date: LocalDate, previous: number): number;
  /** `n` working days after the day of `previous` (n = 0: later the same working day, if there is time left). */
  afterWorkingDays(previous: number, n: number): number;
  /** Office hours on the first working day from `days` calendar days after `previous`. */
  afterDays(previous: number, days: number): number;
}

export function officeHours(rng: Rng): OfficeHours {
  const during = (date: LocalDate): number =>
    chinaMidnightOf(date) + (8 * 60 + 30 + rng.int(0, 510)) * MINUTE;
  const afterWorkingDays = (previous: number, n: number): number => {
    const day = dateOf(previous);
    if (n === 0 && officialCalendar.isWorkingDay(day) && previous - chinaMidnightOf(day) < 16.5 * HOUR)
      return previous + rng.int(10, 90) * MINUTE;
    return during(workingDay(day, Math.max(n, 1)));
  };
  const onOrAfter = (date: LocalDate, previous: number): number => {
    const t = during(date);
    if (t > previous) return t;
    return afterWorkingDays(previous, 0);
  };
  const afterDays = (previous: number, days: number): number =>
    onOrAfter(workingDay(addDays(dateOf(previous), days), 0), previous);
  return { during, onOrAfter, afterWorkingDays, afterDays };
}
