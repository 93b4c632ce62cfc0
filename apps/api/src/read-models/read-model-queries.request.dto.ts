import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, ValidateBy } from 'class-validator';
import { CASE_STATUSES, CASE_TYPES, JURISDICTION_LEVELS } from '#case-domain';
import { ASSESSMENT_MEASURES } from '#projections';
import { IsRegistryId } from '../cases/shared-request.dto.js';
import { AS_OF_DESCRIPTION, IsAsOf } from '../http/as-of.js';

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

const AS_OF_FIELD_DESCRIPTION = `${AS_OF_DESCRIPTION} Not in the future; today's date is now. The numbers as they were then (from the dated snapshots plus the events after their checkpoint; a replay of the log while they are rebuilt).`;

export class GridDashboardQueryDto {
  @ApiPropertyOptional({ description: AS_OF_FIELD_DESCRIPTION, example: '2026-03-31', maxLength: 40 })
  @IsOptional()
  @IsAsOf()
  asOf?: string;
}

export class SquadDashboardQueryDto {
  @ApiPropertyOptional({ description: AS_OF_FIELD_DESCRIPTION, example: '2026-03-31', maxLength: 40 })
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
  @ApiPropertyOptional({ description: AS_OF_FIELD_DESCRIPTION, example: '2026-03-31', maxLength: 40 })
  @IsOptional()
  @IsAsOf()
  asOf?: string;
}

export const UNIT_ASSESSMENT_LEVELS = ['grid', 'community', 'street', 'district'] as const;

export class AssessedCasesQueryDto {
  @ApiPropertyOptional({
    enum: UNIT_ASSESSMENT_LEVELS,
    description: 'only the part the unit held at this level (grid = building level)',
  })
  @IsOptional()
  @IsOneOf(UNIT_ASSESSMENT_LEVELS)
  level?: string;
  @ApiPropertyOptional({ enum: ASSESSMENT_MEASURES, description: 'only the cases behind this rate' })
  @IsOptional()
  @IsOneOf(ASSESSMENT_MEASURES)
  measure?: string;
  @ApiProperty({ example: '2026-01', description: 'first month, YYYY-MM, China Standard Time' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: '$property must be a month YYYY-MM' })
  from!: string;
  @ApiProperty({ example: '2026-03', description: 'last month (inclusive), YYYY-MM' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: '$property must be a month YYYY-MM' })
  to!: string;
  @ApiPropertyOptional({ description: AS_OF_FIELD_DESCRIPTION, example: '2026-03-31', maxLength: 40 })
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
