import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsLatitude, IsLongitude, IsNumber, IsOptional, IsObject, ValidateNested } from 'class-validator';
import { CASE_SOURCES, CASE_TYPES, JURISDICTION_LEVELS, URGENCIES } from '#case-domain';
import { IsOneOf, IsOptionalText, IsRegistryId, IsText, NestedDto, PersonDto, TEXT } from '../shared-request.dto.js';

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

/** POST /api/v1/cases */
export class ReportCaseRequestDto {
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
  @NestedDto(() => DisputeReportDto)
  @IsObject()
  dispute?: DisputeReportDto;
}
