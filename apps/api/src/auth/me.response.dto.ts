import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '#auth';

/** `GET /api/v1/auth/me`: who the caller is, for a console's header and its choice of screens. */
export class MeResponseDto {
  @ApiProperty({ description: 'Account id: also the actor of the events this caller causes' })
  id!: string;

  @ApiProperty({ example: 'wg0001' })
  username!: string;

  @ApiProperty({
    description: "The holder's name for a registry login (grid worker, staff), else the username",
  })
  displayName!: string;

  @ApiProperty({ enum: ROLES, description: 'The first of `roles` (every login has one role today)' })
  role!: Role;

  @ApiProperty({ enum: ROLES, isArray: true })
  roles!: Role[];

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description:
      "Where the caller may act: {kind: 'all'}, {kind: 'district'|'street'|'community'|'grid', id}, {kind: 'squad', id, teamId, domain} or {kind: 'department', name}; null for a grid worker without a grid",
  })
  scope!: Record<string, unknown> | null;

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The handling unit, office or squad a staff login works in',
  })
  unitId!: string | null;
}
