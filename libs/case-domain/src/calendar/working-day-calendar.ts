import { isWeekend, parseLocalDate, yearOf, type LocalDate } from '#domain-kernel';
import officialSchedule from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { LUNAR_ANCHORS, statutoryHolidaysOf } from './statutory-holidays.js';

/** Local adjustments on top of the official calendar (e.g. a provincial holiday, a late notice). */
export interface CalendarOverrides {
  /** Extra rest days, or rest days of a year whose schedule the package lacks. */
  readonly holidays?: ReadonlyArray<{ readonly date: LocalDate; readonly name: string }>;
  /** Extra working days (e.g. make-up days 调休 of a newly published schedule). */
  readonly workingDays?: ReadonlyArray<{ readonly date: LocalDate; readonly name: string }>;
  /**
   * Years whose official schedule is fully given by the overrides above (the State Council notice
   * is out but the package has not caught up): no fallback, not provisional.
   */
  readonly publishedYears?: ReadonlyArray<number>;
}

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup_workday';

export interface DayInfo {
  readonly date: LocalDate;
  readonly working: boolean;
  readonly kind: DayKind;
  /** Holiday or make-up day name (e.g. `春节`), absent for ordinary days. */
  readonly name?: string;
  /** Where the answer came from. */
  readonly source: 'official' | 'override' | 'fallback';
  /** True when the year has no published schedule: the answer may change when it is published. */
  readonly provisional: boolean;
}

/**
 * China's working-day calendar: official schedules (holidays and 调休 make-up working days) from
 * the `chinese-days` data, local overrides, and for unpublished years weekends plus the fixed
 * statutory holidays (see `statutoryHolidaysOf`), flagged provisional.
 */
export interface WorkingDayCalendar {
  dayInfo(date: LocalDate): DayInfo;
  isWorkingDay(date: LocalDate): boolean;
  /** Years covered by an official schedule (package data or `publishedYears` overrides). */
  readonly publishedYears: ReadonlyArray<number>;
  /** Years that can be answered at all (published, or with lunar anchors for the fallback). */
  covers(year: number): boolean;
}

type Schedule = { holidays: Record<string, string>; workdays: Record<string, string> };

/** `"Spring Festival,春节,4"` → `春节`. */
function chineseName(raw: string): string {
  const parts = raw.split(',');
  return parts[1] ?? raw;
}

const schedule = officialSchedule as unknown as Schedule;
const packageYears: ReadonlySet<number> = new Set(
  [...Object.keys(schedule.holidays), ...Object.keys(schedule.workdays)].map((date) =>
    Number(date.slice(0, 4)),
  ),
);

/** Builds a calendar; throws a RangeError on a malformed override. */
export function createWorkingDayCalendar(overrides: CalendarOverrides = {}): WorkingDayCalendar {
  const extraHolidays = new Map<LocalDate, string>();
  const extraWorkingDays = new Map<LocalDate, string>();
  for (const { date, name } of overrides.holidays ?? []) {
    parseLocalDate(date);
    extraHolidays.set(date, name);
  }
  for (const { date, name } of overrides.workingDays ?? []) {
    parseLocalDate(date);
    if (extraHolidays.has(date))
      throw new RangeError(`calendar override lists ${date} as both holiday and working day`);
    extraWorkingDays.set(date, name);
  }
  const overrideYears = new Set(overrides.publishedYears ?? []);
  const publishedYears = [...new Set([...packageYears, ...overrideYears])].sort((a, b) => a - b);
  const published = new Set(publishedYears);
  const fallbackCache = new Map<number, Map<LocalDate, string> | undefined>();

  const dayInfo = (date: LocalDate): DayInfo => {
    const year = yearOf(date);
    const provisional = !published.has(year);
    const weekend = isWeekend(date);
    const overrideWork = extraWorkingDays.get(date);
    if (overrideWork !== undefined) {
      return {
        date,
        working: true,
        kind: weekend ? 'makeup_workday' : 'workday',
        name: overrideWork,
        source: 'override',
        provisional,
      };
    }
    const overrideRest = extraHolidays.get(date);
    if (overrideRest !== undefined) {
      return { date, working: false, kind: 'holiday', name: overrideRest, source: 'override', provisional };
    }
    if (packageYears.has(year) && !overrideYears.has(year)) {
      const work = schedule.workdays[date];
      if (work !== undefined)
        return {
          date,
          working: true,
          kind: 'makeup_workday',
          name: chineseName(work),
          source: 'official',
          provisional,
        };
      const rest = schedule.holidays[date];
      if (rest !== undefined)
        return {
          date,
          working: false,
          kind: 'holiday',
          name: chineseName(rest),
          source: 'official',
          provisional,
        };
      return {
        date,
        working: !weekend,
        kind: weekend ? 'weekend' : 'workday',
        source: 'official',
        provisional,
      };
    }
    if (published.has(year)) {
      return {
        date,
        working: !weekend,
        kind: weekend ? 'weekend' : 'workday',
        source: 'override',
        provisional,
      };
    }
    if (!fallbackCache.has(year)) fallbackCache.set(year, statutoryHolidaysOf(year));
    const fallback = fallbackCache.get(year);
    if (!fallback) {
      throw new RangeError(
        `the working-day calendar does not cover ${year}: no published schedule and no lunar data`,
      );
    }
    const holiday = fallback.get(date);
    if (holiday !== undefined)
      return { date, working: false, kind: 'holiday', name: holiday, source: 'fallback', provisional };
    return {
      date,
      working: !weekend,
      kind: weekend ? 'weekend' : 'workday',
      source: 'fallback',
      provisional,
    };
  };

  return {
    dayInfo,
    isWorkingDay: (date) => dayInfo(date).working,
    publishedYears,
    covers: (year) => published.has(year) || LUNAR_ANCHORS[year] !== undefined,
  };
}

/** The official calendar without local overrides. */
export const officialCalendar: WorkingDayCalendar = createWorkingDayCalendar();
