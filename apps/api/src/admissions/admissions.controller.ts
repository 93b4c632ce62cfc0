import { localDateOf } from '#domain-kernel';
import {
  applyDecorators,
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { isUUID } from 'class-validator';
import type { Request, Response } from 'express';
import {
  admissionStreamName,
  evolveAdmission,
  type AdmissionEvent,
  type AdmissionState,
  type AdmissionTargetUnit,
} from '#admission-domain';
import type { Principal } from '#auth';
import { IdempotencyStore } from '#command-pipeline';
import { EVENT_STORE, type EventStore } from '#event-store';
import { correlationIdOf, type Database } from '#platform';
import { InvalidAdmissionCursorError, listAdmissionRequests } from '#projections';
import { registryView } from '#registry-domain';
import { Access, principalOf } from '../auth/access.decorator.js';
import { forbidden } from '../auth/auth-errors.js';
import { parseIfMatch, runIdempotent } from '../cases/idempotent-request.js';
import { DATABASE, IDEMPOTENCY_STORE } from '../infrastructure/infrastructure.tokens.js';
import { RegistryStateCache } from '../registry/registry-state.cache.js';
import { admissionVisibilityOf, admissionVisibleTo } from './admission-scope.js';
import { resolveTargetUnits } from './admission-target-units.js';
import {
  activeDeadlines,
  admissionNotFound,
  districtNotCreated,
  pendingItem,
  plain,
} from './admission-views.js';
import {
  ApproveAdmissionRequestDto,
  ListAdmissionsQueryDto,
  RecordReviewOpinionRequestDto,
  RefuseAdmissionRequestDto,
  SubmitAdmissionRequestDto,
  WithdrawAdmissionRequestDto,
} from './admissions.request.dto.js';
import {
  ExecuteAdmissionCommand,
  type AdmissionCommandOutcome,
  type AdmissionRequestCommand,
} from './execute-admission-command.js';
import { ApiIfMatch } from '../http/if-match.decorator.js';
import { ApiIdempotencyKey } from '../http/idempotency.interceptor.js';
import { ApiBodyProblems, ApiProblems } from '../openapi/api-problems.decorator.js';
import {
  AdmissionCommandResponseDto,
  AdmissionListDto,
  AdmissionRequestDto,
} from './admissions.response.dto.js';

/** What every admission command answers besides its success: body, If-Match, Idempotency-Key and the refusals. */
const ApiAdmissionCommand = () =>
  applyDecorators(
    ApiBodyProblems(),
    ApiIfMatch(),
    ApiIdempotencyKey(),
    ApiProblems({
      400: ['ADMISSION.INVALID_COMMAND'],
      404: ['ADMISSION.NOT_FOUND'],
      409: [
        'ADMISSION.ALREADY_EXISTS',
        'ADMISSION.ILLEGAL_TRANSITION',
        'CONCURRENCY.CONFLICT',
        'REGISTRY.DISTRICT_NOT_CREATED',
      ],
      422: [
        'ADMISSION.EFFECTIVE_DATE_IN_PAST',
        'ADMISSION.INVALID_POLICY',
        'ADMISSION.LISTS_INCOMPLETE',
        'ADMISSION.LISTS_SNAPSHOT_MISMATCH',
        'ADMISSION.LIST_LEVEL_MISMATCH',
        'ADMISSION.START_IN_PAST',
        'ADMISSION.TARGET_UNIT_LEVEL_MISMATCH',
        'ADMISSION.UNKNOWN_TARGET_UNIT',
      ],
    }),
  );

const BASE = '/api/v1/admissions';

/**
 * Admission requests (准入): a district department asks to push a work item down to streets or
 * communities. Submission is checked against the lists in force on the start date; what is not
 * listed and not caught by the negative list goes to review and decision by the admission office
 * (the centre operator). `ETag` / `If-Match` are the request stream's revision; `Idempotency-Key`
 * makes a retry safe. Who sees which request: `admission-scope.ts` (README.md beside this file).
 */
@ApiTags('admissions')
@Controller('api/v1/admissions')
export class AdmissionsController {
  constructor(
    private readonly commandBus: CommandBus,
    @Inject(IDEMPOTENCY_STORE) private readonly idempotency: IdempotencyStore,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DATABASE) private readonly database: Database,
    private readonly registry: RegistryStateCache,
  ) {}

  @Post()
  @ApiCreatedResponse({ type: AdmissionCommandResponseDto })
  @ApiAdmissionCommand()
  @Access('admission.submit')
  @ApiOperation({
    summary:
      'Submit a request (a department for itself, the centre for a named department); answered at once when the item is already listed (not required) or caught by the negative list (refused)',
  })
  async submit(
    @Body() body: SubmitAdmissionRequestDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const department = applyingDepartment(principalOf(req), body.department);
    const districtCode = await this.registry.districtCode();
    if (districtCode === undefined) throw districtNotCreated(true);
    const targetUnits = await this.targetUnits(body.targetUnits ?? []);
    const { department: _named, targetUnits: _ids, ...rest } = plain(body);
    // The request id derives from the command id, so a retried submission lands on the same request.
    return this.run(req, res, undefined, 201, (requestId, metadata) => ({
      type: 'SubmitAdmissionRequest',
      data: {
        requestId,
        districtCode,
        department,
        ...rest,
        ...(targetUnits.length > 0 ? { targetUnits } : {}),
      },
      metadata,
    }));
  }

  @Post(':requestId/review')
  @ApiOkResponse({ type: AdmissionCommandResponseDto })
  @ApiAdmissionCommand()
  @HttpCode(200)
  @Access('admission.decide')
  @ApiOperation({ summary: 'Record the review opinion (审查意见); starts the decision clock' })
  review(
    @Param('requestId') requestId: string,
    @Body() body: RecordReviewOpinionRequestDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(req, res, assertId(requestId), 200, (_id, metadata) => ({
      type: 'RecordReviewOpinion',
      data: plain(body),
      metadata,
    }));
  }

  @Post(':requestId/approve')
  @ApiOkResponse({ type: AdmissionCommandResponseDto })
  @ApiAdmissionCommand()
  @HttpCode(200)
  @Access('admission.decide')
  @ApiOperation({ summary: 'Approve (核准): the item joins the named list from its effective date' })
  approve(
    @Param('requestId') requestId: string,
    @Body() body: ApproveAdmissionRequestDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(req, res, assertId(requestId), 200, (_id, metadata) => ({
      type: 'ApproveAdmission',
      data: plain(body),
      metadata,
    }));
  }

  @Post(':requestId/refuse')
  @ApiOkResponse({ type: AdmissionCommandResponseDto })
  @ApiAdmissionCommand()
  @HttpCode(200)
  @Access('admission.decide')
  @ApiOperation({ summary: 'Refuse (不予准入) after review' })
  refuse(
    @Param('requestId') requestId: string,
    @Body() body: RefuseAdmissionRequestDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(req, res, assertId(requestId), 200, (_id, metadata) => ({
      type: 'RefuseAdmission',
      data: plain(body),
      metadata,
    }));
  }

  @Post(':requestId/withdraw')
  @ApiOkResponse({ type: AdmissionCommandResponseDto })
  @ApiAdmissionCommand()
  @HttpCode(200)
  @Access('admission.submit')
  @ApiOperation({ summary: 'Withdraw a request before it is decided (a department: its own requests only)' })
  withdraw(
    @Param('requestId') requestId: string,
    @Body() body: WithdrawAdmissionRequestDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(req, res, assertId(requestId), 200, (_id, metadata) => ({
      type: 'WithdrawAdmissionRequest',
      data: plain(body),
      metadata,
    }));
  }

  @Get()
  @ApiOkResponse({ type: AdmissionListDto })
  @ApiProblems({ 400: ['VALIDATION.FAILED'] })
  @Access('admission.read')
  @ApiOperation({
    summary:
      'Requests the caller may see, by status (default pending: the most urgent clock first; otherwise newest first), department and level; keyset cursor paging',
  })
  async list(@Query() query: ListAdmissionsQueryDto, @Req() req: Request) {
    const status = query.status ?? 'pending';
    const visibility = admissionVisibilityOf(principalOf(req));
    if (visibility === null) return { status, items: [], nextCursor: null };
    let page;
    try {
      page = await listAdmissionRequests(
        this.database.pool,
        visibility,
        { status, department: query.department, level: query.level },
        { cursor: query.cursor, limit: query.limit === undefined ? 50 : Number(query.limit) },
      );
    } catch (error) {
      if (error instanceof InvalidAdmissionCursorError) {
        throw new BadRequestException({
          code: 'VALIDATION.FAILED',
          message: error.message,
          errors: [{ field: 'cursor', message: error.message }],
        });
      }
      throw error;
    }
    const now = new Date().toISOString();
    return {
      status,
      items: page.rows.flatMap((row) => pendingItem(row.requestId, row.revision, row.state, now) ?? []),
      nextCursor: page.nextCursor,
    };
  }

  @Get(':requestId')
  @ApiOkResponse({ type: AdmissionRequestDto })
  @ApiProblems({ 400: ['VALIDATION.FAILED'], 404: ['ADMISSION.NOT_FOUND'] })
  @Access('admission.read')
  @ApiOperation({
    summary:
      'One request: its state, the list versions it was checked against, and its running clock (due, days left, overdue, basis, counting)',
  })
  async one(
    @Param('requestId') requestId: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    assertId(requestId);
    const recorded = await this.store.readStream(admissionStreamName(requestId));
    let state: AdmissionState = { status: 'none' };
    for (const event of recorded)
      state = evolveAdmission(state, { type: event.type, data: event.data } as AdmissionEvent);
    // Outside the caller's department or level/units: the same answer as an unknown request.
    if (recorded.length === 0 || !admissionVisibleTo(admissionVisibilityOf(principalOf(req)), state))
      throw admissionNotFound(requestId);
    const revision = recorded[recorded.length - 1]!.revision;
    res.setHeader('ETag', `"${revision}"`);
    return {
      requestId,
      revision: Number(revision),
      ...state,
      deadlines: activeDeadlines(state, new Date().toISOString()),
    };
  }

  /** The registry ids named, as streets/communities of the registry today (422 for anything else). */
  private async targetUnits(ids: readonly string[]): Promise<AdmissionTargetUnit[]> {
    if (ids.length === 0) return [];
    const folded = await this.registry.current();
    if (!folded) throw districtNotCreated(true);
    return resolveTargetUnits(registryView(folded.state, localDateOf(new Date().toISOString())), ids);
  }

  private async run(
    req: Request,
    res: Response,
    existingId: string | undefined,
    status: 200 | 201,
    build: (requestId: string, metadata: { actor: string; now: string }) => AdmissionRequestCommand,
  ) {
    const expectedRevision = parseIfMatch(req.header('if-match'));
    const principal = principalOf(req);
    const actor = principal.id;
    const visibility = admissionVisibilityOf(principal);
    return runIdempotent(this.idempotency, req, res, actor, async (commandId) => {
      const requestId = existingId ?? commandId;
      const now = new Date().toISOString();
      // On an existing request, one the caller may not see is answered as unknown (a department acts on its own only).
      const authorize =
        existingId === undefined
          ? undefined
          : (state: unknown) => {
              const admission = state as AdmissionState;
              if (admission.status !== 'none' && !admissionVisibleTo(visibility, admission))
                throw admissionNotFound(requestId);
            };
      const outcome: AdmissionCommandOutcome = await this.commandBus.execute(
        new ExecuteAdmissionCommand(requestId, build(requestId, { actor, now }), {
          commandId,
          actor,
          correlationId: correlationIdOf(req),
          occurredAt: now,
          expectedRevision,
          ...(authorize ? { authorize } : {}),
        }),
      );
      const { admission, list } = outcome;
      return {
        status,
        headers: {
          ETag: `"${admission.revision}"`,
          ...(status === 201 ? { Location: `${BASE}/${requestId}` } : {}),
        },
        body: {
          requestId,
          revision: Number(admission.revision),
          status: admission.state.status,
          events: admission.events.map((event) => event.type),
          ...(list === undefined
            ? {}
            : 'applied' in list
              ? {
                  list: {
                    stream: list.applied.stream,
                    revision: Number(list.applied.revision),
                    events: list.applied.events.map((event) => event.type),
                  },
                }
              : { list: { refused: list.refused } }),
        },
      };
    });
  }
}

/**
 * The department a submission is for: a department's login applies for its own department (naming
 * another is 403); the centre operator names the department it enters the request for (400 without).
 */
function applyingDepartment(principal: Principal, named: string | undefined): string {
  if (principal.roles.includes('district_department')) {
    const scope = principal.scope;
    if (scope?.kind !== 'department') throw forbidden('this department login names no department');
    if (named !== undefined && named !== scope.name)
      throw forbidden(`a department applies for itself only (${scope.name})`);
    return scope.name;
  }
  if (named === undefined) {
    throw new BadRequestException({
      code: 'VALIDATION.FAILED',
      message: "department is required when the centre enters a request on a department's behalf",
      errors: [{ field: 'department', message: 'department must name the applying district department' }],
    });
  }
  return named;
}

function assertId(requestId: string): string {
  if (!isUUID(requestId)) {
    throw new BadRequestException({
      code: 'VALIDATION.FAILED',
      message: 'requestId must be a UUID',
      errors: [{ field: 'requestId', message: 'requestId must be a UUID' }],
    });
  }
  return requestId;
}
