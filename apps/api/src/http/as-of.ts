import { isLocalDate, localDateOf, type LocalDate } from '#domain-kernel';
import { Injectable, type PipeTransform } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { ValidateBy } from 'class-validator';
import { invalidInput } from './field-problems.js';

/**
 * The one meaning of `?asOf=` on every route (docs/api.md, "asOf"; ADR 0031):
 * - a date `YYYY-MM-DD` is the END of that day in China Standard Time: its last millisecond
 *   (23:59:59.999+08:00), so a fact at the next day's 00:00 belongs to the next day (issue #25);
 * - a date-time must carry its offset (`Z` or `±HH:MM`): one without is refused, never read in the
 *   server's zone;
 * - anything else, and a date that does not exist (2026-02-30), is 400 `VALIDATION.FAILED`.
 * Routes whose numbers come from what was recorded (dashboards, assessments) refuse the future and
 * take "the end of today" as now; the case page may look ahead (its clocks run on past now).
 */
const AS_OF_DATE = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const AS_OF_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const DAY_MS = 24 * 3_600_000;
/** A clock slightly ahead of the server's must not turn "now" into a refusal. */
const AS_OF_CLOCK_SKEW_MS = 60_000;

export type AsOfFuture = 'refuse' | 'allow';

export const AS_OF_MESSAGE =
  'asOf must be a date YYYY-MM-DD (the end of that day, China Standard Time) or an ISO-8601 date-time with an offset';
const NOT_FUTURE_MESSAGE = 'asOf must not be in the future';

/** `asOf` → the instant it names, or the reason it names none. */
export function readAsOf(
  value: string,
  options: { future: AsOfFuture; now?: number },
): { instant: Date } | { problem: string } {
  const now = options.now ?? Date.now();
  let instant: number;
  let clampToNow = false;
  if (AS_OF_DATE.test(value)) {
    if (!isLocalDate(value)) return { problem: AS_OF_MESSAGE };
    const start = Date.parse(`${value}T00:00:00+08:00`);
    instant = start + DAY_MS - 1;
    // Today's date is "the end of today": as far as anything was recorded, that is now.
    clampToNow = start <= now;
  } else if (value.length <= 40 && AS_OF_INSTANT.test(value)) {
    instant = Date.parse(value);
    if (Number.isNaN(instant) || !writtenDateExists(value)) return { problem: AS_OF_MESSAGE };
    clampToNow = instant <= now + AS_OF_CLOCK_SKEW_MS;
  } else {
    return { problem: AS_OF_MESSAGE };
  }
  if (options.future === 'refuse') {
    if (instant > now && !clampToNow) return { problem: NOT_FUTURE_MESSAGE };
    return { instant: new Date(Math.min(instant, now)) };
  }
  return { instant: new Date(instant) };
}

/** Date.parse rolls 2026-02-30T00:00Z over to March; the written date must exist. */
function writtenDateExists(value: string): boolean {
  return isLocalDate(value.slice(0, 10));
}

/** The instant of a valid `asOf` (undefined when absent or invalid: the DTO refused those already). */
export function asOfInstant(value: string | undefined, future: AsOfFuture = 'refuse'): Date | undefined {
  if (value === undefined) return undefined;
  const read = readAsOf(value, { future });
  return 'instant' in read ? read.instant : undefined;
}

/** The CST calendar date an `asOf` falls on, for reads kept by date (the registry). */
export function asOfLocalDate(instant: Date): LocalDate {
  // The end of a day (24:00) belongs to that day, not to the next one.
  return localDateOf(new Date(instant.getTime() - 1).toISOString());
}

/** class-validator rule for a DTO's `asOf` (same reading as the pipe). */
export const IsAsOf = (future: AsOfFuture = 'refuse'): PropertyDecorator =>
  ValidateBy({
    name: 'isAsOf',
    validator: {
      validate: (value) => typeof value === 'string' && 'instant' in readAsOf(value, { future }),
      defaultMessage: (args) => {
        const read = typeof args?.value === 'string' ? readAsOf(args.value, { future }) : undefined;
        return read && 'problem' in read ? `$property: ${read.problem}` : AS_OF_MESSAGE;
      },
    },
  });

/** `@Query('asOf', new AsOfPipe(...))`: the instant, undefined when absent, 400 naming `asOf` otherwise. */
@Injectable()
export class AsOfPipe implements PipeTransform<unknown, Date | undefined> {
  constructor(private readonly future: AsOfFuture = 'refuse') {}

  transform(value: unknown): Date | undefined {
    if (value === undefined) return undefined;
    const read =
      typeof value === 'string' ? readAsOf(value, { future: this.future }) : { problem: AS_OF_MESSAGE };
    if ('problem' in read) throw invalidInput([{ field: 'asOf', message: read.problem }]);
    return read.instant;
  }
}

export const AS_OF_DESCRIPTION =
  'A date YYYY-MM-DD = the end of that day in China Standard Time (its last millisecond, 23:59:59.999+08:00: a fact at the next day 00:00 belongs to the next day), or an ISO-8601 date-time with an offset (Z or ±HH:MM). One meaning on every route (docs/api.md, "asOf").';

/** Documents `?asOf=` the same way everywhere. */
export const ApiAsOfQuery = (future: AsOfFuture = 'refuse') =>
  ApiQuery({
    name: 'asOf',
    required: false,
    description: `${AS_OF_DESCRIPTION}${future === 'refuse' ? ' Not in the future.' : ' May lie ahead (clocks are projected to it).'}`,
    schema: { type: 'string', maxLength: 40 },
    example: '2026-03-31',
  });
