import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
} from 'class-validator';
import { IsNotBlank, IsSingleLine } from '#platform';
import { ENFORCEMENT_DOMAINS } from '#registry-domain';
import { IsOneOf, IsRegistryId, NestedDto } from '../cases/shared-request.dto.js';

/** Same shape the registry decider accepts for codes (division codes, team codes, logins' codes). */
const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** The decider refuses untrimmed names; say so at the edge with a field-level message. */
const TRIMMED = /^\S(?:[\s\S]*\S)?$/;
const NAME_MAX = 100;

function IsCode(): PropertyDecorator {
  return (target, key) => {
    IsString()(target, key);
    Matches(CODE, { message: `$property must match ${CODE.source}` })(target, key);
  };
}
function IsName(max = NAME_MAX): PropertyDecorator {
  return (target, key) => {
    IsString()(target, key);
    Length(1, max)(target, key);
    Matches(TRIMMED, { message: '$property must not start or end with whitespace' })(target, key);
    IsSingleLine()(target, key);
    IsNotBlank()(target, key);
  };
}
/** A calendar date `YYYY-MM-DD` (China time); 2024-02-30 is refused. */
function IsCalendarDate(): PropertyDecorator {
  return (target, key) => {
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date YYYY-MM-DD' })(target, key);
    IsISO8601({ strict: true }, { message: '$property must be a real calendar date' })(target, key);
  };
}
function IsOptionalCalendarDate(): PropertyDecorator {
  return (target, key) => {
    IsOptional()(target, key);
    IsCalendarDate()(target, key);
  };
}

export class HandlingUnitRequestDto {
  @ApiProperty({ pattern: CODE.source })
  @IsCode()
  code!: string;

  @ApiProperty({ maxLength: NAME_MAX })
  @IsName()
  name!: string;
}

/** POST /api/v1/jurisdictions/district */
export class CreateDistrictRequestDto {
  @ApiProperty({ pattern: CODE.source, example: '519902' })
  @IsCode()
  code!: string;

  @ApiProperty({ maxLength: NAME_MAX })
  @IsName()
  name!: string;

  @ApiProperty({ type: HandlingUnitRequestDto, description: 'the comprehensive governance centre' })
  @NestedDto(() => HandlingUnitRequestDto)
  centre!: HandlingUnitRequestDto;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptionalCalendarDate()
  establishedOn?: string;
}

/** POST /api/v1/jurisdictions/streets */
export class CreateStreetOrTownshipRequestDto {
  @ApiProperty({ pattern: CODE.source })
  @IsCode()
  code!: string;

  @ApiProperty({ maxLength: NAME_MAX })
  @IsName()
  name!: string;

  @ApiProperty({ enum: ['street', 'township'] })
  @IsOneOf(['street', 'township'])
  kind!: 'street' | 'township';

  @ApiProperty({ type: HandlingUnitRequestDto, description: 'the street/township governance centre' })
  @NestedDto(() => HandlingUnitRequestDto)
  centre!: HandlingUnitRequestDto;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptionalCalendarDate()
  establishedOn?: string;
}

/** POST /api/v1/jurisdictions/communities */
export class CreateCommunityOrVillageRequestDto {
  @ApiProperty({ pattern: CODE.source })
  @IsCode()
  code!: string;

  @ApiProperty({ maxLength: NAME_MAX })
  @IsName()
  name!: string;

  @ApiProperty({ enum: ['community', 'village'] })
  @IsOneOf(['community', 'village'])
  kind!: 'community' | 'village';

  @ApiProperty({ format: 'uuid', description: 'the street or township' })
  @IsRegistryId()
  parentId!: string;

  @ApiProperty({
    type: HandlingUnitRequestDto,
    description: 'the two-committee (居委会/村委会) that handles cases',
  })
  @NestedDto(() => HandlingUnitRequestDto)
  committee!: HandlingUnitRequestDto;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptionalCalendarDate()
  establishedOn?: string;
}

/** POST /api/v1/jurisdictions/grids */
export class CreateGridRequestDto {
  @ApiProperty({ pattern: CODE.source })
  @IsCode()
  code!: string;

  @ApiProperty({ maxLength: NAME_MAX })
  @IsName()
  name!: string;

  @ApiProperty({ enum: ['urban', 'rural'] })
  @IsOneOf(['urban', 'rural'])
  setting!: 'urban' | 'rural';

  @ApiProperty({
    format: 'uuid',
    description: 'the community (urban) or village / township community (rural)',
  })
  @IsRegistryId()
  parentId!: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptionalCalendarDate()
  establishedOn?: string;
}

/** POST /api/v1/jurisdictions/buildings */
export class CreateBuildingRequestDto {
  @ApiProperty({ pattern: CODE.source })
  @IsCode()
  code!: string;

  @ApiProperty({ maxLength: NAME_MAX })
  @IsName()
  name!: string;

  @ApiProperty({ enum: ['building', 'courtyard'] })
  @IsOneOf(['building', 'courtyard'])
  buildingType!: 'building' | 'courtyard';

  @ApiProperty({ format: 'uuid' })
  @IsRegistryId()
  gridId!: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptionalCalendarDate()
  establishedOn?: string;
}

/** POST /api/v1/jurisdictions/buildings/{buildingId}/move */
export class MoveBuildingRequestDto {
  @ApiProperty({ format: 'uuid' })
  @IsRegistryId()
  toGridId!: string;

  @ApiProperty({ format: 'date', description: 'the first day the building belongs to the new grid' })
  @IsCalendarDate()
  effectiveDate!: string;
}

/** POST /api/v1/jurisdictions/grids/{gridId}/move */
export class MoveGridRequestDto {
  @ApiProperty({ format: 'uuid' })
  @IsRegistryId()
  toParentId!: string;

  @ApiProperty({ format: 'date', description: 'the first day the grid belongs to the new community/village' })
  @IsCalendarDate()
  effectiveDate!: string;
}

/** POST /api/v1/jurisdictions/grid-workers */
export class RegisterGridWorkerRequestDto {
  @ApiProperty({ pattern: CODE.source })
  @IsCode()
  code!: string;

  @ApiProperty({ maxLength: 50 })
  @IsName(50)
  name!: string;

  @ApiProperty({ enum: ['A', 'B'], description: 'A: full-time (专职), B: part-time (兼职)' })
  @IsOneOf(['A', 'B'])
  post!: 'A' | 'B';

  @ApiProperty({ pattern: CODE.source, description: 'login name, unique across the district' })
  @IsCode()
  accountName!: string;

  @ApiProperty({ format: 'uuid' })
  @IsRegistryId()
  gridId!: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptionalCalendarDate()
  registeredOn?: string;
}

/** POST /api/v1/jurisdictions/party-branches */
export class FoundPartyBranchRequestDto {
  @ApiProperty({ pattern: CODE.source })
  @IsCode()
  code!: string;

  @ApiProperty({ maxLength: NAME_MAX })
  @IsName()
  name!: string;

  @ApiProperty({ format: 'uuid' })
  @IsRegistryId()
  gridId!: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptionalCalendarDate()
  foundedOn?: string;
}

/** POST /api/v1/jurisdictions/resident-committees */
export class FormResidentCommitteeRequestDto {
  @ApiProperty({ pattern: CODE.source })
  @IsCode()
  code!: string;

  @ApiProperty({ maxLength: NAME_MAX })
  @IsName()
  name!: string;

  @ApiProperty({ format: 'uuid' })
  @IsRegistryId()
  communityId!: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptionalCalendarDate()
  formedOn?: string;
}

/** POST /api/v1/jurisdictions/enforcement-teams */
export class EstablishEnforcementTeamRequestDto {
  @ApiProperty({ pattern: CODE.source })
  @IsCode()
  code!: string;

  @ApiProperty({ maxLength: NAME_MAX })
  @IsName()
  name!: string;

  @ApiProperty({ enum: ENFORCEMENT_DOMAINS })
  @IsOneOf(ENFORCEMENT_DOMAINS)
  domain!: (typeof ENFORCEMENT_DOMAINS)[number];

  @ApiPropertyOptional({ format: 'date' })
  @IsOptionalCalendarDate()
  establishedOn?: string;
}

/** POST /api/v1/jurisdictions/squads */
export class DefineSquadRequestDto {
  @ApiProperty({ pattern: CODE.source })
  @IsCode()
  code!: string;

  @ApiProperty({ maxLength: NAME_MAX })
  @IsName()
  name!: string;

  @ApiProperty({ format: 'uuid' })
  @IsRegistryId()
  teamId!: string;

  @ApiProperty({ enum: ['specialised', 'area'] })
  @IsOneOf(['specialised', 'area'])
  kind!: 'specialised' | 'area';

  @ApiPropertyOptional({ maxLength: NAME_MAX })
  @IsOptional()
  @IsName()
  speciality?: string;

  @ApiPropertyOptional({
    type: [String],
    description: 'streets/townships; required for area squads, forbidden for specialised ones',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true, message: 'each of $property must be a UUID' })
  areaIds?: string[];

  @ApiPropertyOptional({ format: 'date' })
  @IsOptionalCalendarDate()
  establishedOn?: string;
}
