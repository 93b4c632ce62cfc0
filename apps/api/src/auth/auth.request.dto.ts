import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { LOCAL_ROLES, type Role } from '#auth';

export class LoginRequestDto {
  @ApiProperty({ example: 'staff0001', maxLength: 100 })
  @IsString()
  @Length(1, 100)
  username!: string;

  @ApiProperty({ example: 'gridcase-demo', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  password!: string;
}

export class CreateAccountRequestDto {
  @ApiProperty({ example: 'analyst02', description: 'letters, digits, dots, dashes, underscores' })
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { message: 'username must be 1 to 64 letters, digits, dots, dashes or underscores' })
  username!: string;

  @ApiProperty({ minLength: 12, maxLength: 200 })
  @IsString()
  @Length(12, 200)
  password!: string;

  @ApiProperty({ enum: LOCAL_ROLES, description: 'district-wide roles only; scoped logins come from the registry' })
  @IsIn(LOCAL_ROLES as Role[], { message: `role must be one of: ${LOCAL_ROLES.join(', ')}` })
  role!: Role;
}

export class SetPasswordRequestDto {
  @ApiProperty({ minLength: 12, maxLength: 200 })
  @IsString()
  @Length(12, 200)
  password!: string;
}
