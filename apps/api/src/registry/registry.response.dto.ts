import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The answer of a registry command: the entity, the registry stream's revision (also the ETag) and the events appended. */
export class RegistryCommandResponseDto {
  @ApiProperty({ description: 'The entity created or changed' }) id!: string;
  @ApiProperty({ description: 'The registry stream revision after the command; send it in If-Match' })
  revision!: number;
  @ApiProperty({ type: [String] }) events!: string[];
}

const VIEW = (description: string) => ({ type: 'object', additionalProperties: true, description }) as const;

/** What every registry read answers besides its subject. */
class RegistryEnvelopeDto {
  @ApiProperty() districtCode!: string;
  @ApiProperty({ description: 'The registry stream revision (also the ETag)' }) revision!: number;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The CST date read, null: the latest recorded state',
  })
  asOf!: string | null;
}

export class RegistrySummaryDto extends RegistryEnvelopeDto {
  @ApiPropertyOptional() districtId?: string;
  @ApiProperty(VIEW('Headline counts: streets, communities, grids, buildings, workers, squads…'))
  counts!: Record<string, unknown>;
}

export class RegistryTreeDto extends RegistryEnvelopeDto {
  @ApiProperty(
    VIEW(
      'district → streets/townships → communities/villages → grids → buildings, each {id, code, name, kind, children}',
    ),
  )
  tree!: Record<string, unknown>;
}

export class RegistryNodeDto extends RegistryEnvelopeDto {
  @ApiProperty(VIEW('The node with its parent, units and children')) node!: Record<string, unknown>;
  @ApiProperty({
    type: 'array',
    items: VIEW('An ancestor, district first'),
    description: 'From the district down to the node',
  })
  path!: Record<string, unknown>[];
}

export class HandlingChainDto extends RegistryEnvelopeDto {
  @ApiProperty() id!: string;
  @ApiProperty({
    type: 'array',
    items: VIEW('{level, unitId, name, …}'),
    description: 'building (the grid) → community → street → district',
  })
  steps!: Record<string, unknown>[];
}

export class RegistryGridDto extends RegistryEnvelopeDto {
  @ApiProperty(
    VIEW('The grid with its workers, extra accounts, party branches, joint committee and buildings'),
  )
  grid!: Record<string, unknown>;
}

export class RegistryTeamsDto extends RegistryEnvelopeDto {
  @ApiProperty({ type: 'array', items: VIEW('{id, code, name, domain, squads}') }) teams!: Record<
    string,
    unknown
  >[];
}

export class RegistryTeamRefDto {
  @ApiProperty() id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty() domain!: string;
}

export class RegistrySquadDto extends RegistryEnvelopeDto {
  @ApiProperty(VIEW('The squad with its area')) squad!: Record<string, unknown>;
  @ApiProperty({ type: RegistryTeamRefDto }) team!: RegistryTeamRefDto;
}
