import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, MaxLength, MinLength } from 'class-validator';

/** The values an erasure request named (names, phone and ID numbers, phrases): searched for verbatim. */
export class VerifyErasureRequestDto {
  @ApiProperty({
    type: [String],
    minItems: 1,
    maxItems: 50,
    description: 'Values the erased person had (2 to 200 characters each), searched for in clear everywhere',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MinLength(2, { each: true })
  @MaxLength(200, { each: true })
  knownValues!: string[];
}
