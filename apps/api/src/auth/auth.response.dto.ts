import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, type Role } from '#auth';

const SCOPE_SCHEMA = {
  type: 'object',
  additionalProperties: true,
  nullable: true,
  description:
    "Where the account may act: {kind: 'all'}, {kind: 'district'|'street'|'community'|'grid', id}, {kind: 'squad', id, teamId, domain} or {kind: 'department', name}",
} as const;

export class LoginUserDto {
  @ApiProperty({ description: 'Account id' }) id!: string;
  @ApiProperty() username!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty(SCOPE_SCHEMA) scope!: Record<string, unknown> | null;
}

/** POST /auth/login and /auth/password: a Bearer access token. */
export class LoginResponseDto {
  @ApiProperty({ description: 'The Bearer token for every protected route' }) accessToken!: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType!: 'Bearer';
  @ApiProperty({ description: 'Seconds until the access token expires' }) expiresIn!: number;
  @ApiProperty({ type: LoginUserDto }) user!: LoginUserDto;
}

export class AccountViewDto {
  @ApiProperty() id!: string;
  @ApiProperty() username!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty(SCOPE_SCHEMA) scope!: Record<string, unknown> | null;
  @ApiProperty({ enum: ['registry', 'local'] }) source!: 'registry' | 'local';
  @ApiProperty() disabled!: boolean;
  @ApiProperty() mustChangePassword!: boolean;
  @ApiProperty() hasPassword!: boolean;
}

export class CreatedAccountDto {
  @ApiProperty() id!: string;
  @ApiProperty() username!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty(SCOPE_SCHEMA) scope!: Record<string, unknown> | null;
}

export class AccountNameConflictDto {
  @ApiProperty() accountId!: string;
  @ApiProperty() username!: string;
  @ApiProperty({ description: 'The account that has the name (case-insensitively)' })
  takenByAccountId!: string;
}

export class AccountSyncResultDto {
  @ApiProperty({ description: 'Accounts created or changed' }) changed!: number;
  @ApiProperty({ type: [AccountNameConflictDto] }) conflicts!: AccountNameConflictDto[];
}

export class ThrottleClearedDto {
  @ApiProperty({ description: 'How many failure counters were removed' }) cleared!: number;
}

export class AccountAuditEntryDto {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() actorAccountId!: string;
  @ApiProperty() action!: string;
  @ApiProperty({ type: String, nullable: true }) targetAccountId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Ids, a reason, an address' })
  detail!: Record<string, unknown>;
  @ApiPropertyOptional({ type: String, nullable: true }) correlationId!: string | null;
}

export class AccountAuditPageDto {
  @ApiProperty({ type: [AccountAuditEntryDto] }) items!: AccountAuditEntryDto[];
}
