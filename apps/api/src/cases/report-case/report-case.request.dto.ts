import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsLatitude,
  IsLongitude,
  IsNumber,
  IsOptional,
  IsObject,
  Matches,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import {
  CASE_SOURCES,
  CASE_TYPES,
  ENFORCEMENT_TEAMS,
  JURISDICTION_LEVELS,
  PARTY_KINDS,
  PETITION_CHANNELS,
  PETITION_CLASSES,
  URGENCIES,
} from '#case-domain';
import { BusinessTimeRequestDto } from '../case-actions/business-time.request.dto.js';
import { IsAbsentOr } from '../case-actions/request-formats.js';
import {
  IsOneOf,
  IsOptionalText,
  IsRegistryId,
  IsText,
  NestedDto,
  PersonDto,
  TEXT,
} from '../shared-request.dto.js';

export class CaseLocationDto {
  @ApiProperty({ format: 'uuid' })
  @IsRegistryId()
  gridId!: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsRegistryId()
  buildingId?: string;

  @ApiPropertyOptional({ maxLength: TEXT.title })
  @IsOptionalText(TEXT.title)
  address?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsLatitude()
  lat?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsLongitude()
  lng?: number;
}

export class DisputePartyDto extends PersonDto {
  @ApiProperty({ enum: ['applicant', 'respondent', 'other'] })
  @IsOneOf(['applicant', 'respondent', 'other'])
  role!: 'applicant' | 'respondent' | 'other';
}

export class DisputeReportDto {
  @ApiProperty({ type: [DisputePartyDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => DisputePartyDto)
  parties!: DisputePartyDto[];
}

/**
 * Petition data. Representatives are capped at 20 here only as a size limit: a visit by more than 5
 * (信访工作条例第二十条) is the decider's rule and is refused with PETITION.TOO_MANY_REPRESENTATIVES.
 */
export class PetitionReportDto {
  @ApiProperty({ enum: PETITION_CHANNELS })
  @IsOneOf(PETITION_CHANNELS)
  channel!: (typeof PETITION_CHANNELS)[number];
  @ApiProperty({ enum: PETITION_CLASSES })
  @IsOneOf(PETITION_CLASSES)
  class!: (typeof PETITION_CLASSES)[number];

  @ApiProperty({
    type: [PersonDto],
    description: 'everyone raising the matter (a joint letter may have many)',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @IsObject({ each: true })
  @Type(() => PersonDto)
  petitioners!: PersonDto[];

  @ApiPropertyOptional({
    type: [PersonDto],
    description: 'visits only: the elected representatives (at most 5)',
  })
  @IsAbsentOr()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @IsObject({ each: true })
  @Type(() => PersonDto)
  representatives?: PersonDto[];

  @ApiProperty({ maxLength: TEXT.long, description: 'facts and reasons (事实和理由)' })
  @IsText(TEXT.long)
  matter!: string;
  @ApiPropertyOptional({ maxLength: TEXT.long }) @IsAbsentOr() @IsText(TEXT.long) request?: string;
  @ApiPropertyOptional({ maxLength: TEXT.title }) @IsAbsentOr() @IsText(TEXT.title) respondent?: string;

  @ApiPropertyOptional({
    maxLength: TEXT.short,
    description: "intake's own key of the same facts; computed when absent",
  })
  @IsAbsentOr()
  @IsText(TEXT.short)
  @Matches(/^[\x21-\x7e]+$/, { message: 'factsFingerprint must be visible ASCII characters' })
  factsFingerprint?: string;
}

export class EnforcementPartyDto {
  @ApiProperty({ enum: PARTY_KINDS }) @IsOneOf(PARTY_KINDS) kind!: (typeof PARTY_KINDS)[number];
  @ApiProperty({ maxLength: TEXT.title }) @IsText(TEXT.title) name!: string;

  @ApiPropertyOptional({ description: 'resident ID number or unified social credit code (18 characters)' })
  @IsAbsentOr()
  @Matches(/^[0-9A-Za-z]{18}$/, {
    message: 'idNumber must be an 18-character ID number or unified social credit code',
  })
  idNumber?: string;
}

export class EnforcementReportDto {
  @ApiProperty({ enum: ENFORCEMENT_TEAMS })
  @IsOneOf(ENFORCEMENT_TEAMS)
  team!: (typeof ENFORCEMENT_TEAMS)[number];
  @ApiProperty({ format: 'uuid' }) @IsRegistryId() squadId!: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsAbsentOr() @IsRegistryId() brigadeId?: string;
  @ApiPropertyOptional({ type: EnforcementPartyDto })
  @IsAbsentOr()
  @NestedDto(() => EnforcementPartyDto)
  @IsObject()
  party?: EnforcementPartyDto;
  @ApiPropertyOptional({ maxLength: TEXT.short }) @IsAbsentOr() @IsText(TEXT.short) leadSource?: string;
}

/** The type-specific object may only accompany its own case type (the decider would ignore it silently). */
function OnlyForType(type: (typeof CASE_TYPES)[number]): PropertyDecorator {
  return ValidateBy({
    name: 'onlyForType',
    validator: {
      validate: (_value, args) => (args?.object as { type?: unknown }).type === type,
      defaultMessage: () => `$property is only given when type is ${type}`,
    },
  });
}

/** POST /api/v1/cases */
export class ReportCaseRequestDto extends BusinessTimeRequestDto {
  @ApiProperty({ enum: CASE_TYPES })
  @IsOneOf(CASE_TYPES)
  type!: (typeof CASE_TYPES)[number];

  @ApiProperty({ enum: CASE_SOURCES })
  @IsOneOf(CASE_SOURCES)
  source!: (typeof CASE_SOURCES)[number];

  @ApiProperty({ maxLength: TEXT.title })
  @IsText(TEXT.title)
  title!: string;

  @ApiProperty({ maxLength: TEXT.long })
  @IsText(TEXT.long)
  description!: string;

  @ApiProperty({ maxLength: TEXT.short })
  @IsText(TEXT.short)
  category!: string;

  @ApiProperty({ enum: URGENCIES })
  @IsOneOf(URGENCIES)
  urgency!: (typeof URGENCIES)[number];

  @ApiProperty({ type: CaseLocationDto })
  @NestedDto(() => CaseLocationDto)
  @IsObject()
  location!: CaseLocationDto;

  @ApiPropertyOptional({ type: PersonDto })
  @IsOptional()
  @NestedDto(() => PersonDto)
  @IsObject()
  reporter?: PersonDto;

  @ApiPropertyOptional({ enum: JURISDICTION_LEVELS })
  @IsOptional()
  @IsOneOf(JURISDICTION_LEVELS)
  level?: (typeof JURISDICTION_LEVELS)[number];

  @ApiPropertyOptional({ type: DisputeReportDto })
  @IsOptional()
  @OnlyForType('dispute')
  @NestedDto(() => DisputeReportDto)
  @IsObject()
  dispute?: DisputeReportDto;

  @ApiPropertyOptional({ type: PetitionReportDto, description: 'required when type is petition' })
  @IsAbsentOr()
  @OnlyForType('petition')
  @NestedDto(() => PetitionReportDto)
  @IsObject()
  petition?: PetitionReportDto;

  @ApiPropertyOptional({ type: EnforcementReportDto, description: 'required when type is enforcement' })
  @IsAbsentOr()
  @OnlyForType('enforcement')
  @NestedDto(() => EnforcementReportDto)
  @IsObject()
  enforcement?: EnforcementReportDto;
}
