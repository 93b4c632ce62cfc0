import { ApiProperty } from '@nestjs/swagger';

export class LoggedEventDto {
  @ApiProperty({ description: 'Global log position (a decimal string: 64-bit and sparse)' })
  position!: string;
  @ApiProperty() stream!: string;
  @ApiProperty({ description: 'Stream revision (decimal string)' }) revision!: string;
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() type!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Personal data masked for the caller',
  })
  data!: Record<string, unknown>;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'actor, correlationId, causationId, occurredAt',
  })
  metadata!: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

export class EventsPageDto {
  @ApiProperty({ type: [LoggedEventDto] }) items!: LoggedEventDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Ask again with cursor=<nextCursor>' })
  nextCursor!: string | null;
}
