import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Numbers of a free-form map (rates, counters, stages): each key a name, each value a number or null. */
const NUMBER_MAP = (description: string) =>
  ({ type: 'object', additionalProperties: { type: 'number', nullable: true }, description }) as const;
const AS_OF_FACTS = {
  type: 'object',
  additionalProperties: true,
  description:
    'With asOf only: how the answer was made (snapshot: {source, checkpoint, eventsAfterCheckpoint, eventsFolded, ms}; replay while snapshots are rebuilt: events read/folded, cases, ms)',
} as const;

/** What an answer adds when it was asked with asOf. */
class AsOfAnswerDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'With asOf: the instant used' }) asOf?: string;
  @ApiPropertyOptional(AS_OF_FACTS) snapshot?: Record<string, unknown>;
  @ApiPropertyOptional(AS_OF_FACTS) replay?: Record<string, unknown>;
}

export class HandlingUnitRefDto {
  @ApiProperty() unitId!: string;
  @ApiProperty({ type: String, nullable: true, description: "The unit's registry name" }) name!:
    string | null;
}

export class NextDeadlineDto {
  @ApiProperty() kind!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
}

export class CaseListItemDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() type!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ description: 'Free text: clear, [masked] or [erased] for the caller' }) title!: string;
  @ApiProperty() category!: string;
  @ApiProperty() urgency!: string;
  @ApiProperty() source!: string;
  @ApiProperty() gridId!: string;
  @ApiProperty({ type: String, nullable: true }) buildingId!: string | null;
  @ApiProperty({ type: String, nullable: true }) communityId!: string | null;
  @ApiProperty({ type: String, nullable: true }) streetId!: string | null;
  @ApiProperty({ type: String, nullable: true }) squadId!: string | null;
  @ApiProperty({ description: 'The level the case is handled at now' }) level!: string;
  @ApiProperty({ type: HandlingUnitRefDto, nullable: true }) handlingUnit!: HandlingUnitRefDto | null;
  @ApiProperty() open!: boolean;
  @ApiProperty() escalations!: number;
  @ApiProperty() riskFlagged!: boolean;
  @ApiProperty({ type: NextDeadlineDto, nullable: true }) nextDeadline!: NextDeadlineDto | null;
  @ApiProperty() overdue!: boolean;
  @ApiProperty() revision!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class CaseListPageDto {
  @ApiProperty({ type: [CaseListItemDto] }) items!: CaseListItemDto[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass back as cursor for the next page; null: no more',
  })
  nextCursor!: string | null;
}

export class TypeStatusCountDto {
  @ApiProperty() type!: string;
  @ApiProperty() status!: string;
  @ApiProperty() count!: number;
}

export class GridDashboardDto extends AsOfAnswerDto {
  @ApiProperty() gridId!: string;
  @ApiProperty() total!: number;
  @ApiProperty({ type: [TypeStatusCountDto] }) byTypeAndStatus!: TypeStatusCountDto[];
  @ApiProperty() open!: number;
  @ApiProperty() overdue!: number;
  @ApiProperty() escalated!: number;
  @ApiProperty(NUMBER_MAP('The assessment rates (docs/domain.md §5), null where nothing was due'))
  rates!: Record<string, number | null>;
  @ApiProperty({ type: Number, nullable: true }) score!: number | null;
}

export class SquadFinesDto {
  @ApiProperty() imposedFen!: number;
  @ApiProperty() collectedFen!: number;
  @ApiProperty() surchargesCollectedFen!: number;
  @ApiProperty() outstandingFen!: number;
}

export class SquadDashboardDto extends AsOfAnswerDto {
  @ApiProperty() squadId!: string;
  @ApiProperty() total!: number;
  @ApiProperty(NUMBER_MAP('Every enforcement stage, 0 included')) byStage!: Record<string, number>;
  @ApiProperty() decisionClockRunning!: number;
  @ApiProperty() overdue!: number;
  @ApiProperty() decided!: number;
  @ApiProperty() decidedLate!: number;
  @ApiProperty({ type: SquadFinesDto }) fines!: SquadFinesDto;
}

export class UnitAssessmentDto {
  @ApiProperty() unitId!: string;
  @ApiProperty({ type: String, nullable: true }) unitName!: string | null;
  @ApiProperty({ description: 'grid, community, street or district' }) level!: string;
  @ApiProperty({ description: 'The case level the unit handles at' }) caseLevel!: string;
  @ApiProperty(NUMBER_MAP('Counters over the months')) counters!: Record<string, number>;
  @ApiProperty() due!: number;
  @ApiProperty(NUMBER_MAP('Rates, null where nothing was due')) rates!: Record<string, number | null>;
  @ApiProperty({ type: Number, nullable: true }) score!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '1 = best; null: unranked' }) rank!:
    number | null;
}

export class SquadAssessmentDto {
  @ApiProperty() squadId!: string;
  @ApiProperty({ type: String, nullable: true }) team!: string | null;
  @ApiProperty(NUMBER_MAP('Counters over the months')) counters!: Record<string, number>;
  @ApiProperty() screeningOverdue!: number;
  @ApiProperty() decisionOverdue!: number;
  @ApiProperty(NUMBER_MAP('Squad rates, null where nothing was due')) rates!: Record<string, number | null>;
  @ApiProperty({ type: Number, nullable: true }) score!: number | null;
  @ApiProperty({ type: Number, nullable: true }) rank!: number | null;
}

export class AssessmentsDto extends AsOfAnswerDto {
  @ApiProperty({ type: String, nullable: true }) level!: string | null;
  @ApiProperty({ example: '2026-01' }) from!: string;
  @ApiProperty({ example: '2026-03' }) to!: string;
  @ApiPropertyOptional({ type: [UnitAssessmentDto], description: 'Every level but squad' })
  units?: UnitAssessmentDto[];
  @ApiPropertyOptional({ type: [SquadAssessmentDto], description: 'level=squad' })
  squads?: SquadAssessmentDto[];
}

export class OpenEscalationDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() type!: string;
  @ApiProperty({ description: 'Free text, rendered for the caller' }) title!: string;
  @ApiProperty() gridId!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ type: String, nullable: true }) handlingUnitId!: string | null;
  @ApiProperty() fromLevel!: string;
  @ApiProperty() toLevel!: string;
  @ApiProperty() trigger!: string;
  @ApiProperty({ description: 'Free text, rendered for the caller' }) reason!: string;
  @ApiProperty({ format: 'date-time' }) escalatedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) newDeadlineAt!: string | null;
  @ApiProperty() escalations!: number;
}

export class EscalationBoardDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'array', items: { $ref: '#/components/schemas/OpenEscalationDto' } },
    description: 'Open escalations by the level escalated to, newest first in each',
  })
  byLevel!: Record<string, OpenEscalationDto[]>;
}

export class OverdueCaseDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() type!: string;
  @ApiProperty({ description: 'Free text, rendered for the caller' }) title!: string;
  @ApiProperty() gridId!: string;
  @ApiProperty() level!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ type: String, nullable: true }) handlingUnitId!: string | null;
  @ApiProperty() deadlineKind!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty() overdueSeconds!: number;
}

export class OverdueListDto {
  @ApiProperty({ type: [OverdueCaseDto] }) items!: OverdueCaseDto[];
}

export class ParkedEventViewDto {
  @ApiProperty() position!: string;
  @ApiProperty() eventId!: string;
  @ApiProperty() eventType!: string;
  @ApiProperty() stream!: string;
  @ApiProperty() error!: string;
  @ApiProperty() parkedAt!: string;
}

export class ProjectionViewDto {
  @ApiProperty() name!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ type: Number, nullable: true }) storedVersion!: number | null;
  @ApiProperty() state!: string;
  @ApiProperty({ description: 'Log position (decimal string)' }) checkpoint!: string;
  @ApiProperty() lagEvents!: number;
  @ApiProperty() lagEventsCapped!: boolean;
  @ApiProperty() lagSeconds!: number;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastErrorAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) failingSince!: string | null;
  @ApiProperty() eventsProcessed!: number;
  @ApiProperty({ type: String, nullable: true }) updatedAt!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'A rebuild under way',
  })
  rebuild!: Record<string, unknown> | null;
  @ApiProperty({ type: [ParkedEventViewDto] }) parkedEvents!: ParkedEventViewDto[];
}

export class ProjectionListDto {
  @ApiProperty({ type: [ProjectionViewDto] }) items!: ProjectionViewDto[];
}

export class ParkedEventSkippedDto {
  @ApiProperty() projection!: string;
  @ApiProperty() position!: string;
  @ApiProperty({ enum: [true] }) skipped!: true;
  @ApiProperty() skippedBy!: string;
}

export class AssessedCaseDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ description: 'The rate the case counts in' }) measure!: string;
  @ApiProperty({ description: 'grid, community, street or district' }) level!: string;
  @ApiProperty({ description: 'The case level the unit held it at' }) caseLevel!: string;
  @ApiProperty({ format: 'date-time', description: 'The instant that puts it in the period' })
  periodAt!: string;
  @ApiProperty({ format: 'date-time', description: 'In the denominator from this instant' })
  countsFrom!: string;
  @ApiProperty({ description: 'In the numerator' }) hit!: boolean;
}

export class AssessedCasesDto extends AsOfAnswerDto {
  @ApiProperty() unitId!: string;
  @ApiProperty({ example: '2026-01' }) from!: string;
  @ApiProperty({ example: '2026-03' }) to!: string;
  @ApiProperty({ type: String, nullable: true }) level!: string | null;
  @ApiProperty({ type: String, nullable: true }) measure!: string | null;
  @ApiProperty({ type: [AssessedCaseDto] }) cases!: AssessedCaseDto[];
}
