import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject } from 'class-validator';
import { PETITION_ANSWERS, PETITION_LEGAL_ROUTES, PETITION_ROUTING_MODES } from '#case-domain';
import { HandlingUnitDto, IsOneOf, IsText, NestedDto, TEXT } from '../shared-request.dto.js';
import { IsAbsentOr, IsInstant, IsLocalDate, RequiredWhen } from './request-formats.js';
import { BusinessTimeRequestDto } from './business-time.request.dto.js';

/** Review and re-review opinions are support / explain / not_support; `reply` answers suggestions and accusations only. */
export const PETITION_REVIEW_ANSWERS = PETITION_ANSWERS.filter((answer) => answer !== 'reply');

/** route: forward / assign to `toBody`, or inform the petitioner of the `competentBody` (信访工作条例第二十二条). */
export class RoutePetitionRequestDto extends BusinessTimeRequestDto {
  @ApiProperty({ enum: PETITION_ROUTING_MODES })
  @IsOneOf(PETITION_ROUTING_MODES)
  mode!: (typeof PETITION_ROUTING_MODES)[number];
  @ApiPropertyOptional({ type: HandlingUnitDto, description: 'required for forward and assign' })
  @RequiredWhen((o) => o.mode === 'forward' || o.mode === 'assign')
  @NestedDto(() => HandlingUnitDto)
  @IsObject()
  toBody?: HandlingUnitDto;
  @ApiPropertyOptional({ maxLength: TEXT.title, description: 'required for inform' })
  @RequiredWhen((o) => o.mode === 'inform')
  @IsText(TEXT.title)
  competentBody?: string;
  @ApiPropertyOptional({ maxLength: TEXT.reason }) @IsAbsentOr() @IsText(TEXT.reason) note?: string;
}

export class NotifyPetitionerRequestDto extends BusinessTimeRequestDto {
  @ApiProperty({ maxLength: TEXT.long }) @IsText(TEXT.long) content!: string;
}

export class ObjectToRoutingRequestDto extends BusinessTimeRequestDto {
  @ApiProperty({ maxLength: TEXT.reason }) @IsText(TEXT.reason) reason!: string;
}

export class DivertPetitionRequestDto extends BusinessTimeRequestDto {
  @ApiProperty({ enum: PETITION_LEGAL_ROUTES })
  @IsOneOf(PETITION_LEGAL_ROUTES)
  route!: (typeof PETITION_LEGAL_ROUTES)[number];
  @ApiPropertyOptional({ maxLength: TEXT.title }) @IsAbsentOr() @IsText(TEXT.title) body?: string;
  @ApiProperty({ maxLength: TEXT.reason }) @IsText(TEXT.reason) reason!: string;
}

export class AnswerPetitionRequestDto extends BusinessTimeRequestDto {
  @ApiProperty({ enum: PETITION_ANSWERS })
  @IsOneOf(PETITION_ANSWERS)
  answer!: (typeof PETITION_ANSWERS)[number];
  @ApiProperty({ maxLength: TEXT.long }) @IsText(TEXT.long) opinion!: string;
  @ApiPropertyOptional({ maxLength: TEXT.reason }) @IsAbsentOr() @IsText(TEXT.reason) legalBasis?: string;
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'when the petitioner received the answer; default now, never later',
  })
  @IsAbsentOr()
  @IsInstant()
  servedAt?: string;
}

export class RequestReviewRequestDto extends BusinessTimeRequestDto {
  @ApiProperty({ type: HandlingUnitDto })
  @NestedDto(() => HandlingUnitDto)
  @IsObject()
  reviewBody!: HandlingUnitDto;
  @ApiProperty({ maxLength: TEXT.reason }) @IsText(TEXT.reason) reason!: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsAbsentOr() @IsInstant() receivedAt?: string;
}

/** answer-review and answer-re-review. */
export class ReviewOpinionRequestDto extends BusinessTimeRequestDto {
  @ApiProperty({ enum: PETITION_REVIEW_ANSWERS })
  @IsOneOf(PETITION_REVIEW_ANSWERS)
  answer!: (typeof PETITION_REVIEW_ANSWERS)[number];
  @ApiProperty({ maxLength: TEXT.long }) @IsText(TEXT.long) opinion!: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsAbsentOr() @IsInstant() servedAt?: string;
}

export class RequestReReviewRequestDto extends BusinessTimeRequestDto {
  @ApiProperty({ type: HandlingUnitDto })
  @NestedDto(() => HandlingUnitDto)
  @IsObject()
  reReviewBody!: HandlingUnitDto;
  @ApiProperty({ maxLength: TEXT.reason }) @IsText(TEXT.reason) reason!: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsAbsentOr() @IsInstant() receivedAt?: string;
}

export class RecordReReviewHearingRequestDto extends BusinessTimeRequestDto {
  @ApiProperty({ format: 'date' }) @IsLocalDate() startedOn!: string;
  @ApiProperty({ format: 'date' }) @IsLocalDate() endedOn!: string;
  @ApiPropertyOptional({ maxLength: TEXT.reason }) @IsAbsentOr() @IsText(TEXT.reason) note?: string;
}
