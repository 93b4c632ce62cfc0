import { isLocalDate } from '#domain-kernel';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsISO8601,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateBy,
  ValidateIf,
} from 'class-validator';
import { IsShortText } from '../shared-request.dto.js';

/**
 * Formats shared by the petition and enforcement request DTOs. They are stricter than the
 * decider's own checks on purpose: the decider takes `2026-02-30T10:00:00+08:00` as 2 March
 * (Date.parse rolls over), so a calendar-invalid instant must stop here.
 */

/** Upper bound of any amount of money: ¥10 billion in fen. Larger numbers are typing errors, not fines. */
export const MAX_FEN = 1_000_000_000_000;

/** Names of officers, presiders, mediators: as in the dispute DTOs. */
export const NAME_MAX = 50;

/** An ISO-8601 instant with an offset or Z, on a real calendar day (the decider's own format plus date validity). */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export function IsInstant(): PropertyDecorator {
  return (target, key) => {
    IsString()(target, key);
    Matches(INSTANT, {
      message: '$property must be an ISO-8601 instant with an offset, e.g. 2026-03-02T10:00:00+08:00',
    })(target, key);
    IsISO8601({ strict: true }, { message: '$property must be a real date and time' })(target, key);
  };
}

/** `YYYY-MM-DD`, a real date (2026-02-30 is refused). */
export function IsLocalDate(): PropertyDecorator {
  return ValidateBy({
    name: 'isLocalDate',
    validator: {
      validate: (value) => isLocalDate(value),
      defaultMessage: () => '$property must be a date YYYY-MM-DD',
    },
  });
}

/** An amount of money in integer fen: a whole number from `min` to 10^12. */
export function IsFen(min = 0): PropertyDecorator {
  return (target, key) => {
    IsInt({ message: '$property must be a whole number of fen' })(target, key);
    Min(min)(target, key);
    Max(MAX_FEN)(target, key);
  };
}

/**
 * Optional, but not nullable: unlike `@IsOptional()`, an explicit `null` is validated (and refused)
 * instead of reaching the decider as a value it does not expect.
 */
export function IsAbsentOr(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined);
}

/** A list of names (officers, …): `min`..`max` entries, each 1..50 characters. */
export function IsNameList(min: number, max = 20): PropertyDecorator {
  return (target, key) => {
    IsArray()(target, key);
    ArrayMinSize(min)(target, key);
    ArrayMaxSize(max)(target, key);
    IsString({ each: true })(target, key);
    Length(1, NAME_MAX, { each: true })(target, key);
    IsShortText({ each: true })(target, key);
  };
}

/** Required when `when(object)` holds; otherwise optional (still validated when present). */
export function RequiredWhen(when: (object: any) => boolean): PropertyDecorator {
  return ValidateIf((object, value) => value !== undefined || when(object));
}
