import {
  BadRequestException,
  Body,
  Controller,
  HttpCode,
  Inject,
  Param,
  Post,
  Req,
  Res,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { isUUID } from 'class-validator';
import { IdempotencyStore, type PipelineResult } from '#command-pipeline';
import { correlationIdOf } from '#platform';
import type {
  RegistryCommand,
  RegistryCommandMetadata,
  RegistryEvent,
  RegistryState,
} from '#registry-domain';
import { Access, principalOf } from '../auth/access.decorator.js';
import { parseIfMatch, runIdempotent, type CommandResponse } from '../cases/idempotent-request.js';
import { IDEMPOTENCY_STORE } from '../infrastructure/infrastructure.tokens.js';
import { ExecuteRegistryCommand } from './execute-registry-command.js';
import {
  CreateBuildingRequestDto,
  CreateCommunityOrVillageRequestDto,
  CreateDistrictRequestDto,
  CreateGridRequestDto,
  CreateStreetOrTownshipRequestDto,
  DefineSquadRequestDto,
  EstablishEnforcementTeamRequestDto,
  FormResidentCommitteeRequestDto,
  FoundPartyBranchRequestDto,
  MoveBuildingRequestDto,
  MoveGridRequestDto,
  RegisterGridWorkerRequestDto,
} from './registry-commands.request.dto.js';
import { ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import { RegistryErrorCodes } from '#registry-domain';
import { ApiIfMatch } from '../http/if-match.decorator.js';
import { ApiIdempotencyKey } from '../http/idempotency.interceptor.js';
import { ApiBodyProblems, ApiProblems, domainProblems } from '../openapi/api-problems.decorator.js';
import { RegistryCommandResponseDto } from './registry.response.dto.js';

const REVISION_HEADER = {
  ETag: { description: 'The registry stream revision after the command', schema: { type: 'string' } },
};
const RegistryCreated = () =>
  ApiCreatedResponse({ type: RegistryCommandResponseDto, headers: REVISION_HEADER });
const RegistryChanged = () => ApiOkResponse({ type: RegistryCommandResponseDto, headers: REVISION_HEADER });

type Result = PipelineResult<RegistryEvent, RegistryState>;
const BASE = '/api/v1/jurisdictions';

/**
 * Administrator commands on the district registry (one stream, `registry-<districtCode>`).
 * Creations answer 201 `{id, revision, events}`; changes to an existing entity answer 200.
 * `ETag` is the registry stream's revision, `If-Match` pins it, `Idempotency-Key` makes a retry safe.
 */
@ApiTags('jurisdictions')
@Access('registry.command')
@ApiBodyProblems()
@ApiIfMatch()
@ApiIdempotencyKey()
@ApiProblems(domainProblems('REGISTRY.', RegistryErrorCodes))
@Controller('api/v1/jurisdictions')
export class RegistryCommandsController {
  constructor(
    private readonly commandBus: CommandBus,
    @Inject(IDEMPOTENCY_STORE) private readonly idempotency: IdempotencyStore,
  ) {}

  @Post('district')
  @RegistryCreated()
  @ApiOperation({ summary: 'Create the district (once per deployment) with its governance centre' })
  createDistrict(
    @Body() body: CreateDistrictRequestDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.create(
      req,
      res,
      (metadata) => ({ type: 'CreateDistrict', data: { ...body }, metadata }),
      (id) => `${BASE}/nodes/${id}`,
    );
  }

  @Post('streets')
  @RegistryCreated()
  @ApiOperation({ summary: 'Create a street (街道) or township (乡镇) with its governance centre' })
  createStreet(
    @Body() body: CreateStreetOrTownshipRequestDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.create(
      req,
      res,
      (metadata) => ({ type: 'CreateStreetOrTownship', data: { ...body }, metadata }),
      (id) => `${BASE}/nodes/${id}`,
    );
  }

  @Post('communities')
  @RegistryCreated()
  @ApiOperation({ summary: 'Create a community (社区) or village (村) with its committee' })
  createCommunity(
    @Body() body: CreateCommunityOrVillageRequestDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.create(
      req,
      res,
      (metadata) => ({ type: 'CreateCommunityOrVillage', data: { ...body }, metadata }),
      (id) => `${BASE}/nodes/${id}`,
    );
  }

  @Post('grids')
  @RegistryCreated()
  @ApiOperation({
    summary: 'Create a grid: urban (one per resident group) or rural (one per village / township community)',
  })
  createGrid(
    @Body() body: CreateGridRequestDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.create(
      req,
      res,
      (metadata) => ({ type: 'CreateGrid', data: { ...body }, metadata }),
      (id) => `${BASE}/grids/${id}`,
    );
  }

  @Post('buildings')
  @RegistryCreated()
  @ApiOperation({ summary: 'Create a building (楼栋) or courtyard (楼院) in a grid' })
  createBuilding(
    @Body() body: CreateBuildingRequestDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.create(
      req,
      res,
      (metadata) => ({ type: 'CreateBuilding', data: { ...body }, metadata }),
      (id) => `${BASE}/nodes/${id}`,
    );
  }

  @Post('buildings/:buildingId/move')
  @RegistryChanged()
  @HttpCode(200)
  @ApiOperation({ summary: 'Move a building to another grid from an effective date on (history is kept)' })
  moveBuilding(
    @Param('buildingId') buildingId: string,
    @Body() body: MoveBuildingRequestDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    assertId('buildingId', buildingId);
    return this.change(req, res, buildingId, (metadata) => ({
      type: 'MoveBuilding',
      data: { buildingId, ...body },
      metadata,
    }));
  }

  @Post('grids/:gridId/move')
  @RegistryChanged()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Move a grid to another community/village from an effective date on (history is kept)',
  })
  moveGrid(
    @Param('gridId') gridId: string,
    @Body() body: MoveGridRequestDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    assertId('gridId', gridId);
    return this.change(req, res, gridId, (metadata) => ({
      type: 'MoveGrid',
      data: { gridId, ...body },
      metadata,
    }));
  }

  @Post('grid-workers')
  @RegistryCreated()
  @ApiOperation({
    summary: 'Register a grid worker (A-post full-time or B-post part-time) with a login, on a grid',
  })
  registerWorker(
    @Body() body: RegisterGridWorkerRequestDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.create(
      req,
      res,
      (metadata) => ({ type: 'RegisterGridWorker', data: { ...body }, metadata }),
      () => `${BASE}/grids/${body.gridId}`,
    );
  }

  @Post('party-branches')
  @RegistryCreated()
  @ApiOperation({ summary: 'Found a grid party branch (网格党支部)' })
  foundBranch(
    @Body() body: FoundPartyBranchRequestDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.create(
      req,
      res,
      (metadata) => ({ type: 'FoundGridPartyBranch', data: { ...body }, metadata }),
      () => `${BASE}/grids/${body.gridId}`,
    );
  }

  @Post('resident-committees')
  @RegistryCreated()
  @ApiOperation({ summary: 'Form a resident self-management committee (居民自治管理委员会) on a community' })
  formCommittee(
    @Body() body: FormResidentCommitteeRequestDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.create(
      req,
      res,
      (metadata) => ({ type: 'FormResidentCommittee', data: { ...body }, metadata }),
      () => `${BASE}/nodes/${body.communityId}`,
    );
  }

  @Post('enforcement-teams')
  @RegistryCreated()
  @ApiOperation({ summary: 'Establish a comprehensive law-enforcement team (brigade), one per domain' })
  establishTeam(
    @Body() body: EstablishEnforcementTeamRequestDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.create(
      req,
      res,
      (metadata) => ({ type: 'EstablishEnforcementTeam', data: { ...body }, metadata }),
      () => `${BASE}/squads`,
    );
  }

  @Post('squads')
  @RegistryCreated()
  @ApiOperation({
    summary:
      'Define a specialised or area squad (中队) of a team; area squads cover streets/townships without overlap',
  })
  defineSquad(
    @Body() body: DefineSquadRequestDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.create(
      req,
      res,
      (metadata) => ({ type: 'DefineSquad', data: { ...body }, metadata }),
      (id) => `${BASE}/squads/${id}`,
    );
  }

  private create(
    req: Request,
    res: Response,
    build: (metadata: RegistryCommandMetadata) => RegistryCommand,
    location: (id: string) => string,
  ) {
    return this.run(req, res, build, (result) => {
      const id = createdId(result.events[0]);
      return {
        status: 201,
        headers: { Location: location(id), ETag: `"${result.revision}"` },
        body: { id, revision: Number(result.revision), events: result.events.map((event) => event.type) },
      };
    });
  }

  private change(
    req: Request,
    res: Response,
    id: string,
    build: (metadata: RegistryCommandMetadata) => RegistryCommand,
  ) {
    return this.run(req, res, build, (result) => ({
      status: 200,
      headers: { ETag: `"${result.revision}"` },
      body: { id, revision: Number(result.revision), events: result.events.map((event) => event.type) },
    }));
  }

  private run(
    req: Request,
    res: Response,
    build: (metadata: RegistryCommandMetadata) => RegistryCommand,
    answer: (result: Result) => CommandResponse,
  ) {
    const expectedRevision = parseIfMatch(req.header('if-match'));
    const actor = principalOf(req).id;
    return runIdempotent(this.idempotency, req, res, actor, async (commandId) => {
      const now = new Date().toISOString();
      const result = await this.commandBus.execute(
        new ExecuteRegistryCommand(build({ actor, now }), {
          commandId,
          actor,
          correlationId: correlationIdOf(req),
          occurredAt: now,
          expectedRevision,
        }),
      );
      return answer(result);
    });
  }
}

function createdId(event: RegistryEvent | undefined): string {
  const data = (event?.data ?? {}) as { id?: string; districtId?: string };
  return data.id ?? data.districtId ?? '';
}

function assertId(field: string, value: string): void {
  if (!isUUID(value)) {
    throw new BadRequestException({
      code: 'VALIDATION.FAILED',
      message: `${field} must be a UUID`,
      errors: [{ field, message: `${field} must be a UUID` }],
    });
  }
}
