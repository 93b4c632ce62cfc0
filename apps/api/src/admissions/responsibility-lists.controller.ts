import {
  applyDecorators,
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Inject,
  Param,
  Post,
  Query as QueryParam,
  Req,
  Res,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  OWNER_LEVELS,
  type ListKind,
  type OwnerLevel,
  type PositiveListKind,
  type ResponsibilityListCommand,
} from '#admission-domain';
import { IdempotencyStore } from '#command-pipeline';
import { correlationIdOf } from '#platform';
import { Access, principalOf } from '../auth/access.decorator.js';
import { parseIfMatch, runIdempotent } from '../cases/idempotent-request.js';
import { IDEMPOTENCY_STORE } from '../infrastructure/infrastructure.tokens.js';
import { RegistryStateCache } from '../registry/registry-state.cache.js';
import {
  districtNotCreated,
  listsByLevelView,
  listView,
  todayCst,
  parseKind,
  plain,
} from './admission-views.js';
import {
  AddListItemRequestDto,
  AddNegativeListEntryRequestDto,
  LIST_CODE,
  PublishListVersionRequestDto,
  WithdrawListItemRequestDto,
} from './admissions.request.dto.js';
import { ExecuteListCommand, type ListResult } from './execute-list-command.js';
import { ResponsibilityListsCache } from './responsibility-lists.cache.js';
import { ApiAsOfQuery, AsOfPipe, asOfLocalDate } from '../http/as-of.js';
import { ApiIfMatch } from '../http/if-match.decorator.js';
import { ApiIdempotencyKey } from '../http/idempotency.interceptor.js';
import { ApiBodyProblems, ApiProblems } from '../openapi/api-problems.decorator.js';
import { ListCommandResponseDto, ListsInForceDto, ListViewDto } from './admissions.response.dto.js';

/** What every list command answers besides its success: body, If-Match, Idempotency-Key and the refusals. */
const ApiListCommand = () =>
  applyDecorators(
    ApiBodyProblems(),
    ApiIfMatch(),
    ApiIdempotencyKey(),
    ApiProblems({
      400: ['LIST.INVALID_COMMAND'],
      404: ['LIST.UNKNOWN_KIND', 'LIST.NOT_PUBLISHED'],
      409: [
        'LIST.ITEM_ALREADY_IN_FORCE',
        'LIST.ITEM_NOT_IN_FORCE',
        'CONCURRENCY.CONFLICT',
        'REGISTRY.DISTRICT_NOT_CREATED',
      ],
      422: ['LIST.EFFECTIVE_DATE_BEFORE_LAST_CHANGE', 'LIST.LEVEL_NOT_ALLOWED', 'LIST.WRONG_LIST'],
    }),
  );

const BASE = '/api/v1/responsibilities';

/**
 * The district's responsibility lists (职责清单) and negative list. Reads for every authenticated
 * role (departments included: they check what is listed before applying); changes for
 * administrators (`responsibility.command`). `ETag` / `If-Match` are the list stream's revision.
 */
@ApiTags('responsibilities')
@Access('authenticated')
@Controller('api/v1/responsibilities')
export class ResponsibilityListsController {
  constructor(
    private readonly commandBus: CommandBus,
    @Inject(IDEMPOTENCY_STORE) private readonly idempotency: IdempotencyStore,
    private readonly registry: RegistryStateCache,
    private readonly lists: ResponsibilityListsCache,
  ) {}

  @Get()
  @ApiOkResponse({ type: ListsInForceDto })
  @ApiProblems({ 400: ['VALIDATION.FAILED'], 404: ['REGISTRY.DISTRICT_NOT_CREATED'] })
  @ApiOperation({
    summary:
      'Every list in force on a date (default today), with the items grouped by owning level and the negative list',
  })
  @ApiAsOfQuery('allow')
  @ApiQuery({ name: 'level', required: false, enum: OWNER_LEVELS })
  async inForce(
    @QueryParam('asOf', new AsOfPipe('allow')) asOf: Date | undefined,
    @QueryParam('level') level: string | undefined,
  ) {
    const date = asOf ? asOfLocalDate(asOf) : todayCst();
    if (level !== undefined && !(OWNER_LEVELS as readonly string[]).includes(level)) {
      throw new BadRequestException({
        code: 'VALIDATION.FAILED',
        message: `level must be one of ${OWNER_LEVELS.join(', ')}`,
        errors: [{ field: 'level', message: 'unknown level' }],
      });
    }
    const districtCode = await this.district(false);
    return listsByLevelView(
      districtCode,
      date,
      await this.lists.all(districtCode),
      level as OwnerLevel | undefined,
    );
  }

  @Get(':kind')
  @ApiOkResponse({ type: ListViewDto })
  @ApiProblems({ 400: ['VALIDATION.FAILED'], 404: ['LIST.UNKNOWN_KIND', 'REGISTRY.DISTRICT_NOT_CREATED'] })
  @ApiOperation({ summary: 'One list: what is in force on a date and every version with its amendments' })
  @ApiAsOfQuery('allow')
  async one(
    @Param('kind') rawKind: string,
    @QueryParam('asOf', new AsOfPipe('allow')) asOf: Date | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const kind = parseKind(rawKind);
    const date = asOf ? asOfLocalDate(asOf) : todayCst();
    const folded = await this.lists.one(await this.district(false), kind);
    res.setHeader('ETag', `"${folded.revision}"`);
    return listView(folded, date);
  }

  @Post(':kind/versions')
  @ApiCreatedResponse({ type: ListCommandResponseDto })
  @ApiListCommand()
  @Access('responsibility.command')
  @ApiOperation({
    summary: 'Publish a whole new version of a list (the first one creates it), effective from a date',
  })
  publish(
    @Param('kind') rawKind: string,
    @Body() body: PublishListVersionRequestDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const kind = parseKind(rawKind);
    return this.run(req, res, kind, 201, (districtCode, metadata) => ({
      type: 'PublishListVersion',
      data: { districtCode, kind, ...plain(body) },
      metadata,
    }));
  }

  @Post(':kind/items')
  @ApiCreatedResponse({ type: ListCommandResponseDto })
  @ApiListCommand()
  @Access('responsibility.command')
  @ApiOperation({
    summary: 'Add an item to a positive list from a date (an amendment of the version in force)',
  })
  addItem(
    @Param('kind') rawKind: string,
    @Body() body: AddListItemRequestDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const kind = parseKind(rawKind);
    // The decider refuses the negative list here (LIST.WRONG_LIST, 422): its entries have their own route.
    return this.run(req, res, kind, 201, (districtCode, metadata) => ({
      type: 'AddListItem',
      data: { districtCode, kind: kind as PositiveListKind, ...plain(body) },
      metadata,
    }));
  }

  @Post(':kind/items/:code/withdraw')
  @ApiOkResponse({ type: ListCommandResponseDto })
  @ApiListCommand()
  @HttpCode(200)
  @Access('responsibility.command')
  @ApiOperation({ summary: 'Withdraw an item (or negative-list entry) by code from a date' })
  withdraw(
    @Param('kind') rawKind: string,
    @Param('code') code: string,
    @Body() body: WithdrawListItemRequestDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const kind = parseKind(rawKind);
    if (!LIST_CODE.test(code)) {
      throw new BadRequestException({
        code: 'VALIDATION.FAILED',
        message: `code must match ${LIST_CODE.source}`,
        errors: [{ field: 'code', message: `code must match ${LIST_CODE.source}` }],
      });
    }
    return this.run(req, res, kind, 200, (districtCode, metadata) => ({
      type: 'WithdrawListItem',
      data: { districtCode, kind, code, ...plain(body) },
      metadata,
    }));
  }

  @Post(':kind/entries')
  @ApiCreatedResponse({ type: ListCommandResponseDto })
  @ApiListCommand()
  @Access('responsibility.command')
  @ApiOperation({ summary: 'Add a class to the negative list from a date (only kind `negative`)' })
  addNegativeEntry(
    @Param('kind') rawKind: string,
    @Body() body: AddNegativeListEntryRequestDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (parseKind(rawKind) !== 'negative') {
      throw new NotFoundException({
        code: 'LIST.UNKNOWN_KIND',
        message: 'negative-list entries are added at /api/v1/responsibilities/negative/entries',
      });
    }
    return this.run(req, res, 'negative', 201, (districtCode, metadata) => ({
      type: 'AddNegativeListEntry',
      data: { districtCode, ...plain(body) },
      metadata,
    }));
  }

  private async district(forCommand: boolean): Promise<string> {
    const code = await this.registry.districtCode();
    if (code === undefined) throw districtNotCreated(forCommand);
    return code;
  }

  private async run(
    req: Request,
    res: Response,
    kind: ListKind,
    status: 200 | 201,
    build: (districtCode: string, metadata: { actor: string; now: string }) => ResponsibilityListCommand,
  ) {
    const expectedRevision = parseIfMatch(req.header('if-match'));
    const actor = principalOf(req).id;
    const districtCode = await this.district(true);
    return runIdempotent(this.idempotency, req, res, actor, async (commandId) => {
      const now = new Date().toISOString();
      const result: ListResult = await this.commandBus.execute(
        new ExecuteListCommand(build(districtCode, { actor, now }), {
          commandId,
          actor,
          correlationId: correlationIdOf(req),
          occurredAt: now,
          expectedRevision,
        }),
      );
      return {
        status,
        headers: { ETag: `"${result.revision}"`, ...(status === 201 ? { Location: `${BASE}/${kind}` } : {}) },
        body: { kind, revision: Number(result.revision), events: result.events.map((event) => event.type) },
      };
    });
  }
}
