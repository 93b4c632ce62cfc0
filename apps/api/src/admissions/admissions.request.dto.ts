import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import {
  MAX_TARGET_UNITS,
  NEGATIVE_CONDITIONS,
  OWNER_LEVELS,
  POSITIVE_LIST_KINDS,
  REVIEW_OPINIONS,
  WORK_NATURES,
  type NegativeCondition,
  type OwnerLevel,
  type PositiveListKind,
  type ReviewOpinion,
  type WorkNature,
} from '#admission-domain';
import { IsOneOf, IsOptionalText, IsText, NestedDto, TEXT } from '../cases/shared-request.dto.js';
import { IsIntegerText } from '../read-models/read-model-queries.request.dto.js';

/** A registry id (street/township or community/village) named as a target unit. */
export const UNIT_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

/** A list item or negative-entry code, e.g. `ZHBZ-01`. */
export const LIST_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
/** Staff posts and funding bounds: large enough for any district, small enough to stay exact integers. */
const MAX_STAFF = 100_000;
const MAX_FEN = 1_000_000_000_000; // 100 亿元
const MAX_QUANTITY = 1_000_000;

function IsListCode(): PropertyDecorator {
  return Matches(LIST_CODE, { message: `$property must match ${LIST_CODE.source}` });
}
function IsOptionalListCode(): PropertyDecorator {
  return (target, key) => {
    IsOptional()(target, key);
    IsListCode()(target, key);
  };
}
/** A calendar date `YYYY-MM-DD` (China time); 2024-02-30 is refused. */
export function IsCalendarDate(): PropertyDecorator {
  return (target, key) => {
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date YYYY-MM-DD' })(target, key);
    IsISO8601({ strict: true }, { message: '$property must be a real calendar date' })(target, key);
  };
}
export function IsOptionalCalendarDate(): PropertyDecorator {
  return (target, key) => {
    IsOptional()(target, key);
    IsCalendarDate()(target, key);
  };
}
function IsWhole(min: number, max: number): PropertyDecorator {
  return (target, key) => {
    IsInt({ message: '$property must be a whole number' })(target, key);
    Min(min)(target, key);
    Max(max)(target, key);
  };
}

// ---- responsibility lists ----

export class ListItemDto {
  @ApiProperty({ pattern: LIST_CODE.source, example: 'ZHBZ-17' }) @IsListCode() code!: string;
  @ApiProperty({ maxLength: TEXT.title }) @IsText(TEXT.title) title!: string;
  @ApiProperty({ maxLength: TEXT.short, example: '安全稳定' }) @IsText(TEXT.short) itemClass!: string;
  @ApiProperty({ enum: OWNER_LEVELS }) @IsOneOf(OWNER_LEVELS) level!: OwnerLevel;
  @ApiPropertyOptional({ maxLength: TEXT.reason }) @IsOptionalText(TEXT.reason) legalBasis?: string;
}

export class NegativeRuleDto {
  @ApiProperty({ enum: WORK_NATURES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WORK_NATURES.length)
  @IsIn([...WORK_NATURES], {
    each: true,
    message: `$property must each be one of: ${WORK_NATURES.join(', ')}`,
  })
  natures!: WorkNature[];

  @ApiProperty({ enum: OWNER_LEVELS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(OWNER_LEVELS.length)
  @IsIn([...OWNER_LEVELS], {
    each: true,
    message: `$property must each be one of: ${OWNER_LEVELS.join(', ')}`,
  })
  levels!: OwnerLevel[];

  @ApiProperty({ enum: NEGATIVE_CONDITIONS }) @IsOneOf(NEGATIVE_CONDITIONS) condition!: NegativeCondition;
}

export class NegativeEntryDto {
  @ApiProperty({ pattern: LIST_CODE.source, example: 'FMQD-05' }) @IsListCode() code!: string;
  @ApiProperty({ maxLength: TEXT.title }) @IsText(TEXT.title) title!: string;
  @ApiProperty({ type: NegativeRuleDto }) @NestedDto(() => NegativeRuleDto) rule!: NegativeRuleDto;
  @ApiPropertyOptional({ maxLength: TEXT.reason }) @IsOptionalText(TEXT.reason) legalBasis?: string;
}

/** POST /api/v1/responsibilities/{kind}/versions — the whole list, replacing the previous version from `effectiveFrom`. */
export class PublishListVersionRequestDto {
  @ApiProperty({ format: 'date' }) @IsCalendarDate() effectiveFrom!: string;
  @ApiProperty({ maxLength: TEXT.title, example: '市中委办〔2021〕12号' })
  @IsText(TEXT.title)
  documentRef!: string;

  @ApiPropertyOptional({ type: [ListItemDto], description: 'positive lists' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @NestedDto(() => ListItemDto)
  items?: ListItemDto[];

  @ApiPropertyOptional({ type: [NegativeEntryDto], description: 'the negative list' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @NestedDto(() => NegativeEntryDto)
  negativeEntries?: NegativeEntryDto[];
}

/** POST /api/v1/responsibilities/{kind}/items */
export class AddListItemRequestDto {
  @ApiProperty({ type: ListItemDto }) @NestedDto(() => ListItemDto) item!: ListItemDto;
  @ApiProperty({ format: 'date' }) @IsCalendarDate() effectiveFrom!: string;
  @ApiProperty({ maxLength: TEXT.reason }) @IsText(TEXT.reason) reason!: string;
  @ApiPropertyOptional({ maxLength: TEXT.title }) @IsOptionalText(TEXT.title) documentRef?: string;
}

/** POST /api/v1/responsibilities/{kind}/items/{code}/withdraw */
export class WithdrawListItemRequestDto {
  @ApiProperty({ format: 'date' }) @IsCalendarDate() effectiveFrom!: string;
  @ApiProperty({ maxLength: TEXT.reason }) @IsText(TEXT.reason) reason!: string;
  @ApiPropertyOptional({ maxLength: TEXT.title }) @IsOptionalText(TEXT.title) documentRef?: string;
}

/** POST /api/v1/responsibilities/negative/entries */
export class AddNegativeListEntryRequestDto {
  @ApiProperty({ type: NegativeEntryDto }) @NestedDto(() => NegativeEntryDto) entry!: NegativeEntryDto;
  @ApiProperty({ format: 'date' }) @IsCalendarDate() effectiveFrom!: string;
  @ApiProperty({ maxLength: TEXT.reason }) @IsText(TEXT.reason) reason!: string;
  @ApiPropertyOptional({ maxLength: TEXT.title }) @IsOptionalText(TEXT.title) documentRef?: string;
}

// ---- admission requests ----

export class WorkItemDto {
  @ApiProperty({ maxLength: TEXT.title }) @IsText(TEXT.title) title!: string;
  @ApiProperty({ maxLength: TEXT.long }) @IsText(TEXT.long) description!: string;
  @ApiProperty({ maxLength: TEXT.short }) @IsText(TEXT.short) itemClass!: string;
  @ApiProperty({ enum: WORK_NATURES }) @IsOneOf(WORK_NATURES) nature!: WorkNature;
  @ApiProperty({ enum: OWNER_LEVELS }) @IsOneOf(OWNER_LEVELS) targetLevel!: OwnerLevel;
  @ApiPropertyOptional({ maxLength: TEXT.reason }) @IsOptionalText(TEXT.reason) legalBasis?: string;
  @ApiPropertyOptional({
    pattern: LIST_CODE.source,
    description: 'the list code the department believes covers the item',
  })
  @IsOptionalListCode()
  listItemCode?: string;
}

export class EquipmentDto {
  @ApiProperty({ maxLength: TEXT.short }) @IsText(TEXT.short) name!: string;
  @ApiProperty({ minimum: 1, maximum: MAX_QUANTITY }) @IsWhole(1, MAX_QUANTITY) quantity!: number;
}

export class ResourcesDto {
  @ApiProperty({ minimum: 0, maximum: MAX_STAFF }) @IsWhole(0, MAX_STAFF) staff!: number;
  @ApiProperty({ minimum: 0, maximum: MAX_FEN, description: 'annual funding in integer fen (分)' })
  @IsWhole(0, MAX_FEN)
  fundingFen!: number;
  @ApiProperty({ type: [EquipmentDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @NestedDto(() => EquipmentDto)
  equipment!: EquipmentDto[];
}

/** POST /api/v1/admissions */
export class SubmitAdmissionRequestDto {
  @ApiPropertyOptional({
    maxLength: TEXT.short,
    example: '区民政局',
    description:
      "the applying department: required from the centre operator; a department's own login may omit it (and may not name another)",
  })
  @IsOptionalText(TEXT.short)
  department?: string;
  @ApiProperty({ type: WorkItemDto }) @NestedDto(() => WorkItemDto) work!: WorkItemDto;
  @ApiProperty({ maxLength: TEXT.reason }) @IsText(TEXT.reason) reason!: string;
  @ApiProperty({ type: ResourcesDto }) @NestedDto(() => ResourcesDto) resources!: ResourcesDto;
  @ApiPropertyOptional({ format: 'date', description: 'when the work would start; default today (CST)' })
  @IsOptionalCalendarDate()
  startFrom?: string;

  @ApiPropertyOptional({
    type: [String],
    maxItems: MAX_TARGET_UNITS,
    description:
      'registry ids of the streets/townships (street work) or communities/villages (community work) it is meant for; absent or empty: every unit of the level',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_TARGET_UNITS)
  @ArrayUnique({ message: '$property must not name a unit twice' })
  @IsString({ each: true })
  @Matches(UNIT_ID, { each: true, message: `$property must each match ${UNIT_ID.source}` })
  targetUnits?: string[];
}

/** POST /api/v1/admissions/{id}/review */
export class RecordReviewOpinionRequestDto {
  @ApiProperty({ enum: REVIEW_OPINIONS }) @IsOneOf(REVIEW_OPINIONS) opinion!: ReviewOpinion;
  @ApiProperty({ maxLength: TEXT.long }) @IsText(TEXT.long) findings!: string;
  @ApiProperty({ maxLength: TEXT.short }) @IsText(TEXT.short) reviewingOffice!: string;
}

/** POST /api/v1/admissions/{id}/approve */
export class ApproveAdmissionRequestDto {
  @ApiProperty({ maxLength: TEXT.short }) @IsText(TEXT.short) authorisedOffice!: string;
  @ApiProperty({ enum: POSITIVE_LIST_KINDS }) @IsOneOf(POSITIVE_LIST_KINDS) listKind!: PositiveListKind;
  @ApiProperty({ pattern: LIST_CODE.source }) @IsListCode() itemCode!: string;
  @ApiPropertyOptional({ format: 'date', description: 'default: the later of the requested start and today' })
  @IsOptionalCalendarDate()
  effectiveFrom?: string;
  @ApiPropertyOptional({ maxLength: TEXT.title }) @IsOptionalText(TEXT.title) documentRef?: string;
  @ApiPropertyOptional({ maxLength: TEXT.reason }) @IsOptionalText(TEXT.reason) note?: string;
}

/** POST /api/v1/admissions/{id}/refuse */
export class RefuseAdmissionRequestDto {
  @ApiProperty({ maxLength: TEXT.short }) @IsText(TEXT.short) authorisedOffice!: string;
  @ApiProperty({ maxLength: TEXT.reason }) @IsText(TEXT.reason) reason!: string;
  @ApiPropertyOptional({ maxLength: TEXT.title }) @IsOptionalText(TEXT.title) documentRef?: string;
}

/** POST /api/v1/admissions/{id}/withdraw */
export class WithdrawAdmissionRequestDto {
  @ApiProperty({ maxLength: TEXT.reason }) @IsText(TEXT.reason) reason!: string;
}

/** Statuses `GET /api/v1/admissions?status=` accepts: `pending` (under review or reviewed, the default), `all`, or one status. */
export const ADMISSION_LIST_STATUSES = [
  'pending',
  'all',
  'not_required',
  'under_review',
  'reviewed',
  'approved',
  'refused',
  'withdrawn',
] as const;

/** GET /api/v1/admissions */
export class ListAdmissionsQueryDto {
  @ApiPropertyOptional({
    enum: ADMISSION_LIST_STATUSES,
    default: 'pending',
    description: 'pending: the most urgent clock first; otherwise newest first',
  })
  @IsOptional()
  @IsOneOf(ADMISSION_LIST_STATUSES)
  status?: (typeof ADMISSION_LIST_STATUSES)[number];

  @ApiPropertyOptional({ maxLength: TEXT.short, example: '区民政局' })
  @IsOptionalText(TEXT.short)
  department?: string;

  @ApiPropertyOptional({ enum: OWNER_LEVELS, description: 'the level the work would go to' })
  @IsOptional()
  @IsOneOf(OWNER_LEVELS)
  level?: OwnerLevel;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page (same status filter)' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @IsIntegerText(1, 200)
  limit?: string;
}
