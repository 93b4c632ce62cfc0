import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsIP, IsOptional, IsString, Length, Matches, ValidateBy, ValidateIf } from 'class-validator';
import { isDepartmentName, LOCAL_ROLES, type Role } from '#auth';
import { IsNotBlank, IsSingleLine } from '#platform';

export class LoginRequestDto {
  @ApiProperty({ example: 'staff0001', maxLength: 100 })
  @IsString()
  @Length(1, 100)
  @IsSingleLine()
  username!: string;

  @ApiProperty({ example: 'gridcase-demo', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  password!: string;
}

export class CreateAccountRequestDto {
  @ApiProperty({ example: 'analyst02', description: 'letters, digits, dots, dashes, underscores' })
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, {
    message: 'username must be 1 to 64 letters, digits, dots, dashes or underscores',
  })
  username!: string;

  @ApiProperty({ minLength: 12, maxLength: 200 })
  @IsString()
  @Length(12, 200)
  password!: string;

  @ApiProperty({
    enum: LOCAL_ROLES,
    description:
      'district-wide roles, or a district department; scoped logins of the tree come from the registry',
  })
  @IsIn(LOCAL_ROLES as Role[], { message: `role must be one of: ${LOCAL_ROLES.join(', ')}` })
  role!: Role;

  @ApiPropertyOptional({
    maxLength: 100,
    example: '区民政局',
    description: 'required with role district_department (the department it acts for); not allowed otherwise',
  })
  @ValidateIf(
    (dto: CreateAccountRequestDto) => dto.role === 'district_department' || dto.department !== undefined,
  )
  @ValidateBy({
    name: 'isDepartmentFor',
    validator: {
      validate: (value, args) =>
        (args?.object as CreateAccountRequestDto).role === 'district_department' && isDepartmentName(value),
      defaultMessage: (args) =>
        (args?.object as CreateAccountRequestDto).role === 'district_department'
          ? 'department must name the district department (1 to 100 characters, no surrounding spaces)'
          : 'department is only for role district_department',
    },
  })
  department?: string;
}

export class SetPasswordRequestDto {
  @ApiProperty({ minLength: 12, maxLength: 200 })
  @IsString()
  @Length(12, 200)
  password!: string;
}

/** POST /api/v1/auth/password: the holder's own change (also the way out of a required change). */
export class ChangePasswordRequestDto extends LoginRequestDto {
  @ApiProperty({ minLength: 12, maxLength: 200 })
  @IsString()
  @Length(12, 200)
  newPassword!: string;
}

/** POST /api/v1/auth/accounts/{username}/disable */
export class DisableAccountRequestDto {
  @ApiProperty({ maxLength: 1000, description: 'why; kept in the account audit' })
  @IsString()
  @Length(1, 1000)
  @IsNotBlank()
  reason!: string;
}

/** POST /api/v1/auth/login-throttle/clear: a username (from every address), an address, or both (that pair). */
export class ClearThrottleRequestDto {
  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @IsSingleLine()
  username?: string;

  @ApiPropertyOptional({ description: 'the client address as the API sees it (see TRUST_PROXY)' })
  @IsOptional()
  @IsIP()
  ip?: string;
}

/** GET /api/v1/auth/audit */
export class AccountAuditQueryDto {
  @ApiPropertyOptional({ description: 'entries about this account only' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @IsSingleLine()
  username?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Matches(/^([1-9]\d?|[1-4]\d\d|500)$/, { message: 'limit must be a whole number from 1 to 500' })
  limit?: string;
}
