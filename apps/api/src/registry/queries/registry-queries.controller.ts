import {
  BadRequestException,
  Controller,
  Get,
  NotFoundException,
  Param,
  Query as QueryParam,
  Res,
} from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { isUUID } from 'class-validator';
import { countRegistry } from '#registry-domain';
import { Access } from '../../auth/access.decorator.js';
import { ApiAsOfQuery, AsOfPipe, asOfLocalDate } from '../../http/as-of.js';
import { GetRegistryViewQuery, type RegistryViewResult } from './get-registry-view.query.js';
import { ApiOkResponse } from '@nestjs/swagger';
import { ApiProblems } from '../../openapi/api-problems.decorator.js';
import {
  HandlingChainDto,
  RegistryGridDto,
  RegistryNodeDto,
  RegistrySquadDto,
  RegistrySummaryDto,
  RegistryTeamsDto,
  RegistryTreeDto,
} from '../registry.response.dto.js';

/**
 * Reads of the district registry, each also `?asOf=` (the registry as it stood on the CST day `asOf`
 * falls in: a date is that whole day, inclusive; without it, the latest
 * recorded state, future-dated changes included). Answers come from the in-memory folded state
 * (see RegistryStateCache), with `ETag: "<registry stream revision>"`.
 */
@ApiTags('jurisdictions')
@Access('registry.read')
@ApiProblems({ 400: ['VALIDATION.FAILED'], 404: ['REGISTRY.UNKNOWN_ENTITY'] })
@Controller('api/v1/jurisdictions')
export class RegistryQueriesController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @ApiOkResponse({ type: RegistrySummaryDto })
  @ApiOperation({
    summary: 'The district: code, id, stream revision and the headline counts (docs/domain.md §1)',
  })
  @ApiAsOfQuery('allow')
  async summary(
    @QueryParam('asOf', new AsOfPipe('allow')) asOf: Date | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const r = await this.read(asOf, res);
    const state = r.state.status === 'open' ? r.state : undefined;
    return { ...envelope(r), districtId: state?.districtId, counts: countRegistry(r.state, r.view.asOf) };
  }

  @Get('tree')
  @ApiOkResponse({ type: RegistryTreeDto })
  @ApiOperation({
    summary: 'The whole tree: district → streets/townships → communities/villages → grids → buildings',
  })
  @ApiAsOfQuery('allow')
  async tree(
    @QueryParam('asOf', new AsOfPipe('allow')) asOf: Date | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const r = await this.read(asOf, res);
    const tree = r.view.tree();
    if (!tree) throw notFound('district', r.districtCode);
    return { ...envelope(r), tree };
  }

  @Get('nodes/:id')
  @ApiOkResponse({ type: RegistryNodeDto })
  @ApiOperation({
    summary:
      'One node (district, street/township, community/village, grid or building) with its parent, units and children',
  })
  @ApiAsOfQuery('allow')
  async node(
    @Param('id') id: string,
    @QueryParam('asOf', new AsOfPipe('allow')) asOf: Date | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    assertId(id);
    const r = await this.read(asOf, res);
    const node = r.view.node(id);
    if (!node) throw notFound('node', id);
    return { ...envelope(r), node, path: r.view.locate(id) };
  }

  @Get('nodes/:id/handling-chain')
  @ApiOkResponse({ type: HandlingChainDto })
  @ApiOperation({
    summary:
      'Who handles a matter located at a building or grid, level by level: building (the grid) → community → street → district',
  })
  @ApiAsOfQuery('allow')
  async handlingChain(
    @Param('id') id: string,
    @QueryParam('asOf', new AsOfPipe('allow')) asOf: Date | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    assertId(id);
    const r = await this.read(asOf, res);
    const steps = r.view.handlingChain(id);
    if (steps.length === 0) throw notFound('node', id);
    return { ...envelope(r), id, steps };
  }

  @Get('grids/:id')
  @ApiOkResponse({ type: RegistryGridDto })
  @ApiOperation({
    summary:
      'A grid with its workers, extra accounts, party branches (secretary, members), joint committee and buildings',
  })
  @ApiAsOfQuery('allow')
  async grid(
    @Param('id') id: string,
    @QueryParam('asOf', new AsOfPipe('allow')) asOf: Date | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    assertId(id);
    const r = await this.read(asOf, res);
    const grid = r.view.grid(id);
    if (!grid) throw notFound('grid', id);
    return { ...envelope(r), grid };
  }

  @Get('squads')
  @ApiOkResponse({ type: RegistryTeamsDto })
  @ApiOperation({
    summary:
      'The enforcement teams with their specialised and area squads and the streets/townships each area squad covers',
  })
  @ApiAsOfQuery('allow')
  async squads(
    @QueryParam('asOf', new AsOfPipe('allow')) asOf: Date | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const r = await this.read(asOf, res);
    return { ...envelope(r), teams: r.view.teams() };
  }

  @Get('squads/:id')
  @ApiOkResponse({ type: RegistrySquadDto })
  @ApiOperation({ summary: 'One squad with its team and area' })
  @ApiAsOfQuery('allow')
  async squad(
    @Param('id') id: string,
    @QueryParam('asOf', new AsOfPipe('allow')) asOf: Date | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    assertId(id);
    const r = await this.read(asOf, res);
    for (const team of r.view.teams()) {
      const squad = team.squads.find((q) => q.id === id);
      if (squad)
        return {
          ...envelope(r),
          squad,
          team: { id: team.id, code: team.code, name: team.name, domain: team.domain },
        };
    }
    throw notFound('squad', id);
  }

  private async read(asOf: Date | undefined, res: Response): Promise<RegistryViewResult> {
    const result = await this.queryBus.execute(new GetRegistryViewQuery(asOf && asOfLocalDate(asOf)));
    res.setHeader('ETag', `"${result.revision}"`);
    return result;
  }
}

function envelope(r: RegistryViewResult) {
  return { districtCode: r.districtCode, revision: Number(r.revision), asOf: r.view.asOf ?? null };
}

function assertId(id: string): void {
  if (!isUUID(id)) {
    throw new BadRequestException({
      code: 'VALIDATION.FAILED',
      message: 'id must be a UUID',
      errors: [{ field: 'id', message: 'id must be a UUID' }],
    });
  }
}

function notFound(what: string, id: string): NotFoundException {
  return new NotFoundException({
    code: 'REGISTRY.UNKNOWN_ENTITY',
    message: `no ${what} ${id} in the registry on that date`,
  });
}
