import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldProblemDto {
  @ApiProperty({
    description: 'The input at fault: a body field (dotted when nested), a query or path parameter, a header',
    example: 'unit.unitId',
  })
  field!: string;

  @ApiProperty({ example: 'unit.unitId must be a string' })
  message!: string;
}

/** Every error answer: RFC 9457 problem details with a stable `code` (apps/api; docs/api.md, "Errors"). */
export class ProblemDto {
  @ApiProperty({ example: 'https://gridcase.dev/problems/validation-failed' })
  type!: string;

  @ApiProperty({ example: 'Bad Request' })
  title!: string;

  @ApiProperty({ example: 400 })
  status!: number;

  @ApiProperty({ description: 'For people; may change. Never holds personal data.' })
  detail!: string;

  @ApiProperty({ description: 'Stable, for programs: what went wrong', example: 'VALIDATION.FAILED' })
  code!: string;

  @ApiProperty({ description: 'Also in the X-Correlation-Id header and the logs' })
  correlationId!: string;

  @ApiPropertyOptional({ type: [FieldProblemDto], description: 'The fields at fault (400 only)' })
  errors?: FieldProblemDto[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Facts of a domain refusal (status, stage, deadline names); never personal data',
  })
  context?: Record<string, unknown>;
}
