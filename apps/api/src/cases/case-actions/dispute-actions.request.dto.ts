import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsObject, IsOptional } from 'class-validator';
import { REFERRAL_ROUTES } from '#case-domain';
import { HandlingUnitDto, IsOneOf, IsOptionalText, IsText, NestedDto, TEXT } from '../shared-request.dto.js';
import { IsNameList } from './request-formats.js';
import { BusinessTimeRequestDto } from './business-time.request.dto.js';

export class RecordMediationSessionRequestDto extends BusinessTimeRequestDto {
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsISO8601({ strict: true }) heldAt?: string;
  @ApiProperty({ type: [String] }) @IsNameList(1) mediators!: string[];
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsNameList(0) attendees?: string[];
  @ApiProperty() @IsText(TEXT.long) notes!: string;
}

export class RecordMediationAgreementRequestDto extends BusinessTimeRequestDto {
  @ApiProperty({ enum: ['written', 'oral'] }) @IsOneOf(['written', 'oral']) form!: 'written' | 'oral';
  @ApiProperty() @IsText(TEXT.long) terms!: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsNameList(1) signedBy?: string[];
}

export class RecordMediationFailureRequestDto extends BusinessTimeRequestDto {
  @ApiProperty() @IsText(TEXT.reason) reason!: string;
  @ApiPropertyOptional() @IsOptionalText(50) refusedByParty?: string;
  @ApiProperty({ enum: ['escalate', 'refer_out'] }) @IsOneOf(['escalate', 'refer_out']) next!:
    'escalate' | 'refer_out';
  @ApiPropertyOptional({ type: HandlingUnitDto })
  @IsOptional()
  @NestedDto(() => HandlingUnitDto)
  @IsObject()
  unit?: HandlingUnitDto;
  @ApiPropertyOptional({ enum: REFERRAL_ROUTES })
  @IsOptional()
  @IsOneOf(REFERRAL_ROUTES)
  route?: (typeof REFERRAL_ROUTES)[number];
  @ApiPropertyOptional() @IsOptionalText(TEXT.short) body?: string;
}

export class RequestJudicialConfirmationRequestDto extends BusinessTimeRequestDto {
  @ApiProperty() @IsText(TEXT.short) court!: string;
  @ApiProperty({ type: [String] }) @IsNameList(2) applicants!: string[];
}
