import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, ValidateBy } from 'class-validator';
import { CASE_STATUSES, CASE_TYPES, JURISDICTION_LEVELS } from '#case-domain';
import { IsRegistryId } from '../cases/shared-request.dto.js';

/** Query strings arrive as strings: an integer written in decimal, within [min, max] (a repeated parameter fails too). */
export function IsIntegerText(min: number, max: number): PropertyDecorator {
  return ValidateBy({
    name: 'isIntegerText',
    validator: {
      validate: (value) =>
        typeof value === 'string' && /^\d{1,9}$/.test(value) && Number(value) >= min && Number(value) <= max,
      defaultMessage: () => `$property must be an integer from ${min} to ${max}`,
    },
  });
}

const IsOneOf = (values: readonly string[]) =>
  IsIn(values as string[], { message: `$property must be one of: ${values.join(', ')}` });

export class ListCasesQueryDto {
  @ApiPropertyOptional({ enum: CASE_TYPES }) @IsOptional() @IsOneOf(CASE_TYPES) type?: string;
  @ApiPropertyOptional({ enum: CASE_STATUSES }) @IsOptional() @IsOneOf(CASE_STATUSES) status?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsRegistryId() gridId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsRegistryId() communityId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsRegistryId() streetId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsRegistryId() squadId?: string;
  @ApiPropertyOptional({ enum: JURISDICTION_LEVELS, description: 'the level the case is handled at now' })
  @IsOptional()
  @IsOneOf(JURISDICTION_LEVELS)
  level?: string;
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'open cases whose nearest running limit has passed (true) or all others (false)',
  })
  @IsOptional()
  @IsOneOf(['true', 'false'])
  overdue?: string;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @IsIntegerText(1, 200)
  limit?: string;
}

const AS_OF_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const AS_OF_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
/** A clock slightly ahead of the server's must not turn "now" into a refusal. */
const AS_OF_CLOCK_SKEW_MS = 60_000;

/**
 * `asOf` of the read-side queries → the instant the numbers are taken at. A date (`2026-03-31`) means
 * the end of that day in China Standard Time (24:00, i.e. the next day 00:00+08:00), or now while the
 * day is still running; a date-time needs an offset. Undefined for an invalid or future value.
 */
export function asOfInstant(value: string, now = Date.now()): Date | undefined {
  if (AS_OF_DATE.test(value)) {
    const start = Date.parse(`${value}T00:00:00+08:00`);
    if (
      Number.isNaN(start) ||
      new Date(start + 8 * 3_600_000).toISOString().slice(0, 10) !== value ||
      start > now
    )
      return undefined;
    return new Date(Math.min(start + 24 * 3_600_000, now));
  }
  if (!AS_OF_INSTANT.test(value)) return undefined;
  const instant = Date.parse(value);
  if (Number.isNaN(instant) || instant > now + AS_OF_CLOCK_SKEW_MS) return undefined;
  return new Date(Math.min(instant, now));
}

/** The validated `asOf` as an instant (the DTO already refused anything `asOfInstant` cannot read). */
export function parseAsOf(value: string | undefined): Date | undefined {
  return value === undefined ? undefined : asOfInstant(value);
}

const IsAsOf = (): PropertyDecorator =>
  ValidateBy({
    name: 'isAsOf',
    validator: {
      validate: (value) =>
        typeof value === 'string' && value.length <= 40 && asOfInstant(value) !== undefined,
      defaultMessage: () =>
        '$property must be a date YYYY-MM-DD or an ISO-8601 date-time with offset, not in the future',
    },
  });

const AS_OF_DESCRIPTION =
  'the numbers as they were then (from the dated snapshots plus the events after their checkpoint; a replay of the log while they are rebuilt): a date = the end of that day (CST), or a date-time with offset; not in the future';

export class GridDashboardQueryDto {
  @ApiPropertyOptional({ description: AS_OF_DESCRIPTION, example: '2026-03-31' })
  @IsOptional()
  @IsAsOf()
  asOf?: string;
}

export class SquadDashboardQueryDto {
  @ApiPropertyOptional({ description: AS_OF_DESCRIPTION, example: '2026-03-31' })
  @IsOptional()
  @IsAsOf()
  asOf?: string;
}

/** docs/api.md's assessment levels; each but squad maps to the case level a unit was dispatched at (see ASSESSMENT_LEVELS). */
export const API_ASSESSMENT_LEVELS = ['grid', 'community', 'street', 'district', 'squad'] as const;

export class AssessmentsQueryDto {
  @ApiPropertyOptional({
    enum: API_ASSESSMENT_LEVELS,
    description:
      'grid = units handling at building level; squad = enforcement squads with rates of their own (screening, on-time decision, extension, collection)',
  })
  @IsOptional()
  @IsOneOf(API_ASSESSMENT_LEVELS)
  level?: string;
  @ApiProperty({ example: '2026-01', description: 'first month, YYYY-MM, China Standard Time' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: '$property must be a month YYYY-MM' })
  from!: string;
  @ApiProperty({ example: '2026-03', description: 'last month (inclusive), YYYY-MM' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: '$property must be a month YYYY-MM' })
  to!: string;
  @ApiPropertyOptional({ description: AS_OF_DESCRIPTION, example: '2026-03-31' })
  @IsOptional()
  @IsAsOf()
  asOf?: string;
}

export class EscalationsQueryDto {
  @ApiPropertyOptional({ enum: JURISDICTION_LEVELS, description: 'only escalations to this level' })
  @IsOptional()
  @IsOneOf(JURISDICTION_LEVELS)
  level?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 100 })
  @IsOptional()
  @IsIntegerText(1, 200)
  limitPerLevel?: string;
}

export class OverdueQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsRegistryId() gridId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'handling unit' })
  @IsOptional()
  @IsRegistryId()
  unitId?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @IsIntegerText(1, 500)
  limit?: string;
}
