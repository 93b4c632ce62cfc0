import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CASE_ACTIONS } from '../case-actions/case-action-routes.js';

export class CaseClockDto {
  @ApiProperty({ example: 'handling' }) name!: string;
  @ApiProperty({ description: 'Exclusive: overdue once now ≥ dueAt', example: '2026-10-10T00:00:00+08:00' })
  dueAt!: string;
  @ApiProperty() daysLeft!: number;
  @ApiProperty() hoursLeft!: number;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The legal basis of the limit' })
  basis!: Record<string, unknown>;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'How the limit was counted (docs/domain.md)',
  })
  counting!: Record<string, unknown>;
}

export class CaseViewDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ description: 'Stream revision of the state shown (also the ETag)' }) revision!: number;
  @ApiProperty({ description: 'When the state shown became current: the occurredAt of its last event' })
  asOf!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'The folded case: status, caseType, level, unit, deadlines and the type-specific details (docs/domain.md). Personal data is masked for roles that may not see it.',
  })
  state!: Record<string, unknown>;
  @ApiProperty({
    description: 'Key of the case free text: POST /api/v1/people/{freeTextKeyId}/erase erases it',
  })
  freeTextKeyId!: string;
  @ApiProperty({ type: [CaseClockDto], description: 'Every active deadline, as of now (or of asOf)' })
  clocks!: CaseClockDto[];
  @ApiPropertyOptional({
    enum: CASE_ACTIONS,
    isArray: true,
    description:
      'Current state only (absent with asOf or revision): the actions the caller may take now, by role, jurisdiction level and the state machine. The body, approvals and time windows may still refuse one.',
  })
  allowedActions?: string[];
}

export class CaseHistoryEntryDto {
  @ApiProperty() revision!: number;
  @ApiProperty({ description: 'Position in the global log (a decimal string: it may exceed 2^53)' })
  globalPosition!: string;
  @ApiProperty({ example: 'CaseDispatched' }) type!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: Record<string, unknown>;
  @ApiProperty({ description: 'Business time of the event' }) occurredAt!: string;
  @ApiProperty({ description: 'When it was appended' }) recordedAt!: string;
  @ApiProperty({ description: 'Account id of who caused it (the system for timers)' }) actor!: string;
  @ApiProperty() correlationId!: string;
  @ApiPropertyOptional() causationId?: string;
}
