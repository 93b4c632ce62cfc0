import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsObject, Max, Min, Matches } from 'class-validator';
import {
  ESCALATION_TRIGGERS,
  JURISDICTION_LEVELS,
  REFERRAL_ROUTES,
  SATISFACTIONS,
  SUPERVISED_DEADLINES,
  URGENCIES,
} from '#case-domain';
import { HandlingUnitDto, IsOneOf, IsOptionalText, IsText, NestedDto, TEXT } from '../shared-request.dto.js';
import { BusinessTimeRequestDto } from './business-time.request.dto.js';

/** Actions that take no data: an empty JSON object (unknown fields are refused). */
export class EmptyActionDto extends BusinessTimeRequestDto {}

export class RegisterCaseRequestDto extends BusinessTimeRequestDto {
  @ApiPropertyOptional({ enum: URGENCIES })
  @IsOptional()
  @IsOneOf(URGENCIES)
  urgency?: (typeof URGENCIES)[number];
  @ApiPropertyOptional() @IsOptionalText(TEXT.short) category?: string;
  @ApiPropertyOptional({ enum: JURISDICTION_LEVELS })
  @IsOptional()
  @IsOneOf(JURISDICTION_LEVELS)
  level?: (typeof JURISDICTION_LEVELS)[number];
}

export class ReasonRequestDto extends BusinessTimeRequestDto {
  @ApiProperty({ maxLength: TEXT.reason }) @IsText(TEXT.reason) reason!: string;
}

/**
 * 督办. Without `deadline`: the work order's supervision of an unsigned or slow dispatch. Naming a
 * `deadline`: a supervision of that limit once it has passed, on any case type (the decider refuses
 * a limit the case does not run, 409 `CASE.DEADLINE_NOT_RUNNING`, or one not yet passed, 409
 * `CASE.DEADLINE_NOT_OVERDUE`).
 */
export class SuperviseRequestDto extends ReasonRequestDto {
  @ApiPropertyOptional({ enum: SUPERVISED_DEADLINES, description: 'the passed limit this supervision names' })
  @IsOptional()
  @IsOneOf(SUPERVISED_DEADLINES)
  deadline?: (typeof SUPERVISED_DEADLINES)[number];
}

export class DispatchCaseRequestDto extends BusinessTimeRequestDto {
  @ApiProperty({ type: HandlingUnitDto })
  @NestedDto(() => HandlingUnitDto)
  @IsObject()
  unit!: HandlingUnitDto;
}

export class ExtendDeadlineRequestDto extends BusinessTimeRequestDto {
  @ApiProperty() @IsText(TEXT.reason) reason!: string;
  @ApiProperty({ minimum: 1, maximum: 90 }) @IsInt() @Min(1) @Max(90) amount!: number;
  @ApiPropertyOptional({ enum: ['hours', 'calendar_days', 'working_days', 'months'] })
  @IsOptional()
  @IsOneOf(['hours', 'calendar_days', 'working_days', 'months'])
  unit?: 'hours' | 'calendar_days' | 'working_days' | 'months';
  @ApiPropertyOptional({ enum: ['level', 'wholeMediation'] })
  @IsOptional()
  @IsOneOf(['level', 'wholeMediation'])
  deadline?: 'level' | 'wholeMediation';
}

export class ResolveCaseRequestDto extends BusinessTimeRequestDto {
  @ApiProperty() @IsText(TEXT.long) result!: string;
  @ApiPropertyOptional() @IsOptionalText(TEXT.reason) summary?: string;
}

export class NoteRequestDto extends BusinessTimeRequestDto {
  @ApiPropertyOptional() @IsOptionalText(TEXT.reason) note?: string;
}

export class RecordFollowUpRequestDto extends BusinessTimeRequestDto {
  @ApiProperty({ enum: SATISFACTIONS }) @IsOneOf(SATISFACTIONS) satisfaction!: (typeof SATISFACTIONS)[number];
  @ApiProperty() @IsBoolean() reporterSaysResolved!: boolean;
  @ApiPropertyOptional() @IsOptionalText(TEXT.reason) note?: string;
}

/** An action that may name the unit it sends the case to (checked against the registry's ladder). */
class UnitNamingRequestDto extends BusinessTimeRequestDto {
  @ApiPropertyOptional({ type: HandlingUnitDto })
  @IsOptional()
  @NestedDto(() => HandlingUnitDto)
  @IsObject()
  unit?: HandlingUnitDto;
}

export class EscalateCaseRequestDto extends UnitNamingRequestDto {
  @ApiProperty() @IsText(TEXT.reason) reason!: string;
  @ApiPropertyOptional({ enum: ESCALATION_TRIGGERS })
  @IsOptional()
  @IsOneOf(ESCALATION_TRIGGERS)
  trigger?: (typeof ESCALATION_TRIGGERS)[number];
}

export class PoliceReportDto {
  @ApiProperty() @IsText(TEXT.short) reportedTo!: string;
  @ApiPropertyOptional() @IsOptionalText(TEXT.short) reference?: string;
}

export class FlagRiskRequestDto extends UnitNamingRequestDto {
  @ApiProperty() @IsText(TEXT.reason) risk!: string;
  @ApiProperty({ type: PoliceReportDto })
  @NestedDto(() => PoliceReportDto)
  @IsObject()
  policeReport!: PoliceReportDto;
}

export class ParkCaseRequestDto extends BusinessTimeRequestDto {
  @ApiProperty() @IsText(TEXT.reason) reason!: string;
  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'reviewOn must be a date YYYY-MM-DD' })
  reviewOn?: string;
}

export class TransferCaseRequestDto extends BusinessTimeRequestDto {
  @ApiProperty({ type: HandlingUnitDto })
  @NestedDto(() => HandlingUnitDto)
  @IsObject()
  toUnit!: HandlingUnitDto;
  @ApiProperty() @IsText(TEXT.reason) reason!: string;
}

export class ReferOutRequestDto extends BusinessTimeRequestDto {
  @ApiProperty({ enum: REFERRAL_ROUTES }) @IsOneOf(REFERRAL_ROUTES) route!: (typeof REFERRAL_ROUTES)[number];
  @ApiPropertyOptional() @IsOptionalText(TEXT.short) body?: string;
  @ApiProperty() @IsText(TEXT.reason) reason!: string;
}

/** The pending request to approve (`requestId` of its ApprovalRequested, e.g. `approval-1`). */
export class ApproveRequestDto extends BusinessTimeRequestDto {
  @ApiProperty({ maxLength: TEXT.short, example: 'approval-1' }) @IsText(TEXT.short) requestId!: string;
  @ApiPropertyOptional({ maxLength: TEXT.reason }) @IsOptionalText(TEXT.reason) note?: string;
}

export class DeclineApprovalRequestDto extends BusinessTimeRequestDto {
  @ApiProperty({ maxLength: TEXT.short, example: 'approval-1' }) @IsText(TEXT.short) requestId!: string;
  @ApiProperty({ maxLength: TEXT.reason }) @IsText(TEXT.reason) reason!: string;
}
