import { ApiProperty } from '@nestjs/swagger';

export class RewrapOutcomeDto {
  @ApiProperty({ description: 'The master key every person key is now wrapped under' })
  currentMasterKeyId!: string;
  @ApiProperty({ description: 'Person keys rewrapped by this call' }) rewrapped!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'Person keys per master key id',
  })
  keysByMasterKey!: Record<string, number>;
}

export class PersonErasedDto {
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty({ enum: [true] }) erased!: true;
  @ApiProperty({ format: 'date-time', description: 'When the key was deleted (the first erasure)' })
  erasedAt!: string;
}

export class ErasureReportDto {
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "The person's case, whose text keys were checked",
  })
  caseId!: string | null;
  @ApiProperty() tablesScanned!: number;
  @ApiProperty() filesScanned!: number;
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description:
      'Where the person can still be read (a live key, a value in clear in a table or file); empty after a complete erasure',
  })
  findings!: Record<string, unknown>[];
}
