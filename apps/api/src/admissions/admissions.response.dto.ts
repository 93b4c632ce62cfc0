import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const VIEW = (description: string) => ({ type: 'object', additionalProperties: true, description }) as const;

/** The answer of an admission command (the request's stream revision is the ETag). */
export class AdmissionCommandResponseDto {
  @ApiProperty({ format: 'uuid' }) requestId!: string;
  @ApiProperty() revision!: number;
  @ApiProperty({ description: "The request's status after the command" }) status!: string;
  @ApiProperty({ type: [String] }) events!: string[];
  @ApiPropertyOptional(VIEW('After an approval: the list amendment it caused (applied, or why not yet)'))
  list?: Record<string, unknown>;
}

export class AdmissionRequestDto {
  @ApiProperty({ format: 'uuid' }) requestId!: string;
  @ApiProperty() revision!: number;
  @ApiProperty() status!: string;
  @ApiProperty({ type: 'array', items: VIEW('{name, dueAt, daysLeft, overdue, basis, counting}') })
  deadlines!: Record<string, unknown>[];
}

export class AdmissionListDto {
  @ApiProperty() status!: string;
  @ApiProperty({ type: 'array', items: VIEW('A request with its running clock') }) items!: Record<
    string,
    unknown
  >[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

/** The answer of a responsibility-list command. */
export class ListCommandResponseDto {
  @ApiProperty() kind!: string;
  @ApiProperty() revision!: number;
  @ApiProperty({ type: [String] }) events!: string[];
}

export class ListSummaryDto {
  @ApiProperty() kind!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) listId!: string | null;
  @ApiProperty() revision!: number;
  @ApiProperty({ type: Number, nullable: true }) version!: number | null;
  @ApiProperty() amendments!: number;
  @ApiProperty() size!: number;
}

export class ListsInForceDto {
  @ApiProperty() districtCode!: string;
  @ApiProperty({ description: 'The CST date read' }) asOf!: string;
  @ApiProperty({ type: [ListSummaryDto] }) lists!: ListSummaryDto[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'array', items: VIEW('An item in force, with its list kind') },
    description: 'Items by owning level',
  })
  levels!: Record<string, Record<string, unknown>[]>;
  @ApiProperty({ type: 'array', items: VIEW('A negative-list entry') }) negative!: Record<string, unknown>[];
}

export class ListViewDto {
  @ApiProperty() districtCode!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() name!: string;
  @ApiProperty() revision!: number;
  @ApiProperty() status!: string;
  @ApiProperty({ ...VIEW('What is in force on asOf'), nullable: true }) inForce!: Record<
    string,
    unknown
  > | null;
  @ApiProperty({ type: 'array', items: VIEW('A version with its amendments, in recorded order') })
  versions!: Record<string, unknown>[];
}
