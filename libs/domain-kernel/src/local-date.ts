/**
 * Dates and instants in China Standard Time (UTC+08:00, no daylight saving since 1991).
 *
 * A `LocalDate` is a calendar date in CST written `YYYY-MM-DD`. All arithmetic runs on UTC
 * epoch values shifted by the fixed offset, so results never depend on the host's time zone.
 */
export type LocalDate = string;

const OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Throws unless `value` is a real `YYYY-MM-DD` date (rejects 2026-02-30). */
export function parseLocalDate(value: string): { year: number; month: number; day: number } {
  const match = LOCAL_DATE.exec(value);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(value)}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new RangeError(`no such date: ${value}`);
  }
  return { year, month, day };
}

export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  try {
    parseLocalDate(value);
    return true;
  } catch {
    return false;
  }
}

function fromUtcMidnight(ms: number): LocalDate {
  return new Date(ms).toISOString().slice(0, 10);
}

function utcMidnight(date: LocalDate): number {
  const { year, month, day } = parseLocalDate(date);
  return Date.UTC(year, month - 1, day);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromUtcMidnight(utcMidnight(date) + days * DAY_MS);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((utcMidnight(to) - utcMidnight(from)) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: LocalDate): number {
  return new Date(utcMidnight(date)).getUTCDay();
}

export function isWeekend(date: LocalDate): boolean {
  const dow = dayOfWeek(date);
  return dow === 0 || dow === 6;
}

export function yearOf(date: LocalDate): number {
  return parseLocalDate(date).year;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Same date `months` later, clamped to the last day of the target month (民法典 Art. 202). */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const { year, month, day } = parseLocalDate(date);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  const targetDay = Math.min(day, daysInMonth(targetYear, targetMonth));
  return `${String(targetYear).padStart(4, '0')}-${String(targetMonth).padStart(2, '0')}-${String(targetDay).padStart(2, '0')}`;
}

/** Parses an ISO-8601 instant that carries an offset or `Z`; throws otherwise. */
export function parseInstant(value: string): number {
  if (
    typeof value !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value)
  ) {
    throw new RangeError(`not an ISO-8601 instant with an offset: ${JSON.stringify(value)}`);
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`not a valid instant: ${value}`);
  return ms;
}

export function isInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    parseInstant(value);
    return true;
  } catch {
    return false;
  }
}

/** The CST calendar date on which `instant` falls. */
export function localDateOf(instant: string): LocalDate {
  return fromUtcMidnight(Math.floor((parseInstant(instant) + OFFSET_MS) / DAY_MS) * DAY_MS);
}

/** Formats epoch milliseconds as `YYYY-MM-DDTHH:mm:ss[.SSS]+08:00`. */
export function formatCst(ms: number): string {
  const shifted = new Date(ms + OFFSET_MS).toISOString(); // YYYY-MM-DDTHH:mm:ss.SSSZ
  const millis = shifted.slice(19, 23);
  return `${shifted.slice(0, 19)}${millis === '.000' ? '' : millis}+08:00`;
}

/**
 * The instant a day ends: 24:00 CST of `date`, written as 00:00 of the next day
 * (`2026-10-09` → `2026-10-10T00:00:00+08:00`). Deadlines are exclusive: overdue once now ≥ dueAt.
 */
export function endOfLocalDay(date: LocalDate): string {
  return `${addDays(date, 1)}T00:00:00+08:00`;
}

/** Normalises any ISO instant to CST notation (same instant). */
export function toCst(instant: string): string {
  return formatCst(parseInstant(instant));
}
