import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  Length,
  Max,
  Min,
} from 'class-validator';
import {
  ENFORCEMENT_REFERRAL_ROUTES,
  PARTY_KINDS,
  PENALTY_KINDS,
  PRESERVED_EVIDENCE_DECISIONS,
  REFERRAL_ROUTES,
  SERVICE_METHODS,
} from '#case-domain';
import { IsOneOf, IsText, NestedDto, TEXT } from '../shared-request.dto.js';
import {
  IsAbsentOr,
  IsFen,
  IsInstant,
  IsLocalDate,
  IsNameList,
  NAME_MAX,
  RequiredWhen,
} from './request-formats.js';
import { BusinessTimeRequestDto } from './business-time.request.dto.js';

/**
 * Officers in one action: at least one at the edge. The "at least two different officers" rule
 * (行政处罚法第四十二条) is the decider's, so it is refused with its own code
 * (ENFORCEMENT.TOO_FEW_OFFICERS), which also catches the same name twice.
 */
const MAX_OFFICERS = 20;

/** A penalty, money in integer fen; the decider checks that fineFen > 0 exactly when kinds lists fine. */
export class PenaltyTermsDto {
  @ApiProperty({ enum: PENALTY_KINDS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(PENALTY_KINDS.length)
  @ArrayUnique()
  @IsIn(PENALTY_KINDS as unknown as string[], {
    each: true,
    message: `each of $property must be one of: ${PENALTY_KINDS.join(', ')}`,
  })
  kinds!: Array<(typeof PENALTY_KINDS)[number]>;

  @ApiProperty({ minimum: 0, maximum: 1e12, description: 'integer fen' }) @IsFen() fineFen!: number;
  @ApiPropertyOptional({ maxLength: TEXT.reason }) @IsAbsentOr() @IsText(TEXT.reason) note?: string;
}

export class OnTheSpotPenaltyDto {
  @ApiProperty({ enum: PARTY_KINDS }) @IsOneOf(PARTY_KINDS) partyKind!: (typeof PARTY_KINDS)[number];
  @ApiPropertyOptional({ maxLength: TEXT.title }) @IsAbsentOr() @IsText(TEXT.title) partyName?: string;
  @ApiProperty({ type: PenaltyTermsDto })
  @NestedDto(() => PenaltyTermsDto)
  @IsObject()
  penalty!: PenaltyTermsDto;
  @ApiProperty({ maxLength: TEXT.long }) @IsText(TEXT.long) facts!: string;
  @ApiProperty({ maxLength: TEXT.reason }) @IsText(TEXT.reason) legalBasis!: string;
  @ApiProperty({ type: [String] }) @IsNameList(1, MAX_OFFICERS) officers!: string[];
  @ApiPropertyOptional({ maxLength: TEXT.short }) @IsAbsentOr() @IsText(TEXT.short) decisionNo?: string;
}

/** screen: not filed, or the simple on-the-spot procedure (fine ≤ ¥200 person / ¥3,000 organisation, Art. 51). */
export class ScreenLeadRequestDto extends BusinessTimeRequestDto {
  @ApiProperty({ enum: ['not_filed', 'simple_procedure'] })
  @IsOneOf(['not_filed', 'simple_procedure'])
  outcome!: 'not_filed' | 'simple_procedure';
  @ApiProperty({ maxLength: TEXT.reason }) @IsText(TEXT.reason) reason!: string;
  @ApiPropertyOptional({ type: OnTheSpotPenaltyDto, description: 'required for simple_procedure' })
  @RequiredWhen((o) => o.outcome === 'simple_procedure')
  @NestedDto(() => OnTheSpotPenaltyDto)
  @IsObject()
  onTheSpot?: OnTheSpotPenaltyDto;
}

export class FileEnforcementCaseRequestDto extends BusinessTimeRequestDto {
  @ApiProperty({ type: [String], description: 'at least two different officers (Art. 42)' })
  @IsNameList(1, MAX_OFFICERS)
  officers!: string[];
  @ApiPropertyOptional() @IsAbsentOr() @IsBoolean() major?: boolean;
  @ApiPropertyOptional({ maxLength: TEXT.short }) @IsAbsentOr() @IsText(TEXT.short) caseNo?: string;
}

export class PreserveEvidenceRequestDto extends BusinessTimeRequestDto {
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, TEXT.title, { each: true })
  items!: string[];
}

export class DecidePreservedEvidenceRequestDto extends BusinessTimeRequestDto {
  @ApiProperty({ minimum: 1, maximum: 1000 }) @IsInt() @Min(1) @Max(1000) preservationNo!: number;
  @ApiProperty({ enum: PRESERVED_EVIDENCE_DECISIONS })
  @IsOneOf(PRESERVED_EVIDENCE_DECISIONS)
  decision!: (typeof PRESERVED_EVIDENCE_DECISIONS)[number];
  @ApiPropertyOptional({ maxLength: TEXT.reason }) @IsAbsentOr() @IsText(TEXT.reason) note?: string;
}

export class ConcludeInvestigationRequestDto extends BusinessTimeRequestDto {
  @ApiProperty({ maxLength: TEXT.long }) @IsText(TEXT.long) summary!: string;
}

export class LegalReviewDto {
  @ApiProperty({ maxLength: NAME_MAX }) @IsText(NAME_MAX) reviewer!: string;
  @ApiProperty({ maxLength: TEXT.long }) @IsText(TEXT.long) opinion!: string;
  @ApiProperty() @IsBoolean() passed!: boolean;
}

const REVIEW_OUTCOMES = ['no_penalty', 'transfer_to_judiciary', 'proposed_penalty'] as const;

export class ReviewEnforcementCaseRequestDto extends BusinessTimeRequestDto {
  @ApiProperty({ enum: REVIEW_OUTCOMES })
  @IsOneOf(REVIEW_OUTCOMES)
  outcome!: (typeof REVIEW_OUTCOMES)[number];
  @ApiProperty({ maxLength: TEXT.reason }) @IsText(TEXT.reason) reason!: string;
  @ApiPropertyOptional() @IsAbsentOr() @IsBoolean() major?: boolean;
  @ApiPropertyOptional({ type: LegalReviewDto })
  @IsAbsentOr()
  @NestedDto(() => LegalReviewDto)
  @IsObject()
  legalReview?: LegalReviewDto;
  @ApiPropertyOptional({ type: PenaltyTermsDto, description: 'required for proposed_penalty' })
  @RequiredWhen((o) => o.outcome === 'proposed_penalty')
  @NestedDto(() => PenaltyTermsDto)
  @IsObject()
  proposedPenalty?: PenaltyTermsDto;
  @ApiPropertyOptional({ maxLength: TEXT.title, description: 'required for transfer_to_judiciary' })
  @RequiredWhen((o) => o.outcome === 'transfer_to_judiciary')
  @IsText(TEXT.title)
  judiciaryBody?: string;
}

export class NotifyProposedPenaltyRequestDto extends BusinessTimeRequestDto {
  @ApiProperty({ description: 'whether the party may request a hearing (Art. 63)' })
  @IsBoolean()
  hearingRight!: boolean;
  @ApiPropertyOptional({ maxLength: TEXT.long }) @IsAbsentOr() @IsText(TEXT.long) content?: string;
}

export class ScheduleHearingRequestDto extends BusinessTimeRequestDto {
  @ApiProperty({ format: 'date-time', description: 'at least 7 working days after now (Art. 64)' })
  @IsInstant()
  hearingAt!: string;
  @ApiProperty({ maxLength: TEXT.title }) @IsText(TEXT.title) place!: string;
  @ApiProperty({ maxLength: NAME_MAX }) @IsText(NAME_MAX) presidedBy!: string;
}

export class HoldHearingRequestDto extends BusinessTimeRequestDto {
  @ApiProperty() @IsBoolean() partyAttended!: boolean;
  @ApiProperty({ maxLength: TEXT.long }) @IsText(TEXT.long) record!: string;
}

export class DecidePenaltyRequestDto extends BusinessTimeRequestDto {
  @ApiProperty({ enum: ['penalty', 'no_penalty'] }) @IsOneOf(['penalty', 'no_penalty']) outcome!:
    'penalty' | 'no_penalty';
  @ApiPropertyOptional({ type: PenaltyTermsDto, description: 'required for penalty' })
  @RequiredWhen((o) => o.outcome === 'penalty')
  @NestedDto(() => PenaltyTermsDto)
  @IsObject()
  penalty?: PenaltyTermsDto;
  @ApiProperty({ maxLength: TEXT.reason }) @IsText(TEXT.reason) reason!: string;
  @ApiPropertyOptional({ maxLength: TEXT.short }) @IsAbsentOr() @IsText(TEXT.short) decisionNo?: string;
  @ApiPropertyOptional({ description: 'the party waived the hearing in writing' })
  @IsAbsentOr()
  @IsBoolean()
  hearingWaived?: boolean;
}

/** Service after an ordinary decision; `on_the_spot` belongs to the simple procedure only. */
export const SERVICE_METHODS_AFTER_DECISION = SERVICE_METHODS.filter((method) => method !== 'on_the_spot');

export class ServeDecisionRequestDto extends BusinessTimeRequestDto {
  @ApiProperty({ enum: SERVICE_METHODS_AFTER_DECISION })
  @IsOneOf(SERVICE_METHODS_AFTER_DECISION)
  method!: (typeof SERVICE_METHODS_AFTER_DECISION)[number];
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'default now; never later, never before the decision',
  })
  @IsAbsentOr()
  @IsInstant()
  servedAt?: string;
}

export class RecordPaymentRequestDto extends BusinessTimeRequestDto {
  @ApiProperty({
    minimum: 1,
    maximum: 1e12,
    description: 'fine + late surcharge owed on paidOn, integer fen',
  })
  @IsFen(1)
  amountFen!: number;
  @ApiProperty({ format: 'date' }) @IsLocalDate() paidOn!: string;
  @ApiPropertyOptional({ maxLength: TEXT.short }) @IsAbsentOr() @IsText(TEXT.short) receiptNo?: string;
}

export class DemandPaymentRequestDto extends BusinessTimeRequestDto {
  @ApiPropertyOptional({ maxLength: TEXT.reason }) @IsAbsentOr() @IsText(TEXT.reason) note?: string;
}

export class ApplyCourtEnforcementRequestDto extends BusinessTimeRequestDto {
  @ApiProperty({ maxLength: TEXT.short }) @IsText(TEXT.short) court!: string;
}

export class ArchiveEnforcementCaseRequestDto extends BusinessTimeRequestDto {
  @ApiPropertyOptional({ maxLength: TEXT.reason }) @IsAbsentOr() @IsText(TEXT.reason) note?: string;
}

/**
 * refer-out is shared: a dispute leaves by litigation / arbitration / administrative, an enforcement
 * lead to the competent body or the judiciary (where `body` is required by the decider). The decider
 * routes by case type and refuses the other type's routes.
 */
export const ANY_REFERRAL_ROUTES = [...REFERRAL_ROUTES, ...ENFORCEMENT_REFERRAL_ROUTES] as const;

export class ReferOutRequestDto extends BusinessTimeRequestDto {
  @ApiProperty({ enum: ANY_REFERRAL_ROUTES })
  @IsOneOf(ANY_REFERRAL_ROUTES)
  route!: (typeof ANY_REFERRAL_ROUTES)[number];
  @ApiPropertyOptional({ maxLength: TEXT.short }) @IsAbsentOr() @IsText(TEXT.short) body?: string;
  @ApiProperty({ maxLength: TEXT.reason }) @IsText(TEXT.reason) reason!: string;
}
