import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
  IsUUID,
  IsArray,
  ArrayMaxSize,
  ArrayMinSize,
} from 'class-validator';
import { Type } from 'class-transformer';

/** Caps shared by every request DTO, so no string is unbounded. */
export const TEXT = { short: 100, title: 200, reason: 1000, long: 5000 } as const;

/** A registry id: every node of the jurisdiction tree and every unit has a UUID. */
export const IsRegistryId = () => IsUUID('all', { message: '$property must be a UUID' });

export class HandlingUnitDto {
  @ApiProperty({ format: 'uuid' })
  @IsRegistryId()
  unitId!: string;

  @ApiPropertyOptional({ maxLength: TEXT.short })
  @IsOptional()
  @IsString()
  @Length(1, TEXT.short)
  name?: string;
}

export class PersonDto {
  @ApiProperty({ maxLength: 50 })
  @IsString()
  @Length(1, 50)
  name!: string;

  @ApiProperty({ example: '13800138000' })
  @IsString()
  @Matches(/^\+?[0-9][0-9 -]{5,19}$/, { message: 'phone must be 6 to 20 digits, spaces or dashes' })
  phone!: string;

  @ApiPropertyOptional({ description: '18-character resident ID number' })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9]{17}[0-9Xx]$/, { message: 'idNumber must be 17 digits followed by a digit or X' })
  idNumber?: string;
}

export class NamesDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 50, { each: true })
  names!: string[];
}

export function IsText(max: number, min = 1): PropertyDecorator {
  return (target, key) => {
    IsString()(target, key);
    Length(min, max)(target, key);
  };
}

export function IsOptionalText(max: number): PropertyDecorator {
  return (target, key) => {
    IsOptional()(target, key);
    IsString()(target, key);
    MaxLength(max)(target, key);
  };
}

export function IsOneOf(values: readonly string[]): PropertyDecorator {
  return IsIn(values as string[], { message: `$property must be one of: ${values.join(', ')}` });
}

export function NestedDto(type: () => new () => object): PropertyDecorator {
  return (target, key) => {
    ValidateNested()(target, key);
    Type(type)(target, key);
  };
}
