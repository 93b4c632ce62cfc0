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
import { IsNotBlank, IsSingleLine } from '#platform';

/**
 * Caps shared by every request DTO, so no string is unbounded. The cap also says what kind of text
 * a field is: up to `title` (names, titles, categories, references) a field is one line; `reason`
 * and `long` texts (reasons, notes, descriptions) may span lines (libs/platform text-rules.ts).
 */
export const TEXT = { short: 100, title: 200, reason: 1000, long: 5000 } as const;

/** One line (no control characters) and not blank: the rules of every name-like field. */
export function IsShortText(options?: { each: true }): PropertyDecorator {
  return (target, key) => {
    IsSingleLine(options)(target, key);
    IsNotBlank(options)(target, key);
  };
}

/** Single-line up to TEXT.title, multi-line above; required or optional, text that is given must not be blank. */
function TextRules(max: number): PropertyDecorator {
  return (target, key) => {
    if (max <= TEXT.title) IsSingleLine()(target, key);
    IsNotBlank()(target, key);
  };
}

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
  @IsShortText()
  name?: string;
}

export class PersonDto {
  @ApiProperty({ maxLength: 50 })
  @IsString()
  @Length(1, 50)
  @IsShortText()
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
  @IsShortText({ each: true })
  names!: string[];
}

/** A required text of at most `max` characters (see TEXT for which are one line). */
export function IsText(max: number, min = 1): PropertyDecorator {
  return (target, key) => {
    IsString()(target, key);
    Length(min, max)(target, key);
    TextRules(max)(target, key);
  };
}

/** An optional text; when given, the same rules as IsText. */
export function IsOptionalText(max: number): PropertyDecorator {
  return (target, key) => {
    IsOptional()(target, key);
    IsString()(target, key);
    MaxLength(max)(target, key);
    TextRules(max)(target, key);
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
