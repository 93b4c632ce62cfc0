import { BadRequestException, Body, Controller, Get, HttpCode, Inject, Param, Post, Query as QueryParam, Req, Res, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { isUUID } from 'class-validator';
import type { Request, Response } from 'express';
import { admissionDecider, admissionStreamName, type AdmissionEvent, type AdmissionState } from '#admission-domain';
import { IdempotencyStore } from '#command-pipeline';
import { EVENT_STORE, type EventStore } from '#event-store';
import { correlationIdOf } from '#platform';
import { Access, principalOf } from '../auth/access.decorator.js';
import { parseIfMatch, runIdempotent } from '../cases/idempotent-request.js';
import { IDEMPOTENCY_STORE } from '../infrastructure/infrastructure.tokens.js';
import { RegistryStateCache } from '../registry/registry-state.cache.js';
import { AdmissionRequestsCache } from './admission-requests.cache.js';
import { ADMISSION_ROLES, AdmissionRolesGuard, RequireRoles } from './admission-roles.guard.js';
import { PENDING_STATUSES, activeDeadlines, admissionNotFound, districtNotCreated, pendingItem, plain } from './admission-views.js';
import {
  ApproveAdmissionRequestDto, RecordReviewOpinionRequestDto, RefuseAdmissionRequestDto, SubmitAdmissionRequestDto, WithdrawAdmissionRequestDto,
} from './admissions.request.dto.js';
import { ExecuteAdmissionCommand, type AdmissionCommandOutcome, type AdmissionRequestCommand } from './execute-admission-command.js';

const BASE = '/api/v1/admissions';
const STATUSES = ['pending', 'not_required', 'under_review', 'reviewed', 'approved', 'refused', 'withdrawn', 'all'] as const;

/**
 * Admission requests (准入): a district department asks to push a work item down to streets or
 * communities. Submission is checked against the lists in force on the start date; what is not
 * listed and not caught by the negative list goes to review and decision. `ETag` / `If-Match` are
 * the request stream's revision; `Idempotency-Key` makes a retry safe (README.md beside this file).
 */
@ApiTags('admissions')
@Access('authenticated')
@UseGuards(AdmissionRolesGuard)
@Controller('api/v1/admissions')
export class AdmissionsController {
  constructor(
    private readonly commandBus: CommandBus,
    @Inject(IDEMPOTENCY_STORE) private readonly idempotency: IdempotencyStore,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly registry: RegistryStateCache,
    private readonly requests: AdmissionRequestsCache,
  ) {}

  @Post()
  @RequireRoles(ADMISSION_ROLES.submit)
  @ApiOperation({ summary: 'Submit a request; answered at once when the item is already listed (not required) or caught by the negative list (refused)' })
  async submit(@Body() body: SubmitAdmissionRequestDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const districtCode = await this.registry.districtCode();
    if (districtCode === undefined) throw districtNotCreated(true);
    // The request id derives from the command id, so a retried submission lands on the same request.
    return this.run(req, res, undefined, 201, (requestId, metadata) => ({
      type: 'SubmitAdmissionRequest',
      data: { requestId, districtCode, ...plain(body) },
      metadata,
    }));
  }

  @Post(':requestId/review')
  @HttpCode(200)
  @RequireRoles(ADMISSION_ROLES.decide)
  @ApiOperation({ summary: 'Record the review opinion (审查意见); starts the decision clock' })
  review(@Param('requestId') requestId: string, @Body() body: RecordReviewOpinionRequestDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run(req, res, assertId(requestId), 200, (_id, metadata) => ({ type: 'RecordReviewOpinion', data: plain(body), metadata }));
  }

  @Post(':requestId/approve')
  @HttpCode(200)
  @RequireRoles(ADMISSION_ROLES.decide)
  @ApiOperation({ summary: 'Approve (核准): the item joins the named list from its effective date' })
  approve(@Param('requestId') requestId: string, @Body() body: ApproveAdmissionRequestDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run(req, res, assertId(requestId), 200, (_id, metadata) => ({ type: 'ApproveAdmission', data: plain(body), metadata }));
  }

  @Post(':requestId/refuse')
  @HttpCode(200)
  @RequireRoles(ADMISSION_ROLES.decide)
  @ApiOperation({ summary: 'Refuse (不予准入) after review' })
  refuse(@Param('requestId') requestId: string, @Body() body: RefuseAdmissionRequestDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run(req, res, assertId(requestId), 200, (_id, metadata) => ({ type: 'RefuseAdmission', data: plain(body), metadata }));
  }

  @Post(':requestId/withdraw')
  @HttpCode(200)
  @RequireRoles(ADMISSION_ROLES.submit)
  @ApiOperation({ summary: 'Withdraw a request before it is decided' })
  withdraw(@Param('requestId') requestId: string, @Body() body: WithdrawAdmissionRequestDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.run(req, res, assertId(requestId), 200, (_id, metadata) => ({ type: 'WithdrawAdmissionRequest', data: plain(body), metadata }));
  }

  @Get()
  @ApiOperation({ summary: 'Requests by status (default: pending = under review or reviewed), the most urgent clock first' })
  @ApiQuery({ name: 'status', required: false, enum: STATUSES })
  async list(@QueryParam('status') status: string | undefined) {
    const wanted = status ?? 'pending';
    if (!(STATUSES as readonly string[]).includes(wanted)) {
      throw new BadRequestException({ code: 'VALIDATION.FAILED', message: `status must be one of ${STATUSES.join(', ')}`, errors: [{ field: 'status', message: 'unknown status' }] });
    }
    const keep = (s: AdmissionState['status']) => (wanted === 'all' ? s !== 'none' : wanted === 'pending' ? PENDING_STATUSES.includes(s) : s === wanted);
    const { requests, position } = await this.requests.all();
    const now = new Date().toISOString();
    const items = requests
      .filter((r) => keep(r.state.status))
      .map((r) => pendingItem(r.requestId, r.revision, r.state, now)!)
      .sort((a, b) => dueOf(a).localeCompare(dueOf(b)) || a.submittedAt.localeCompare(b.submittedAt));
    return { status: wanted, position: position === undefined ? null : position.toString(), items };
  }

  @Get(':requestId')
  @ApiOperation({ summary: 'One request: its state, the list versions it was checked against, and its running clock (due, days left, overdue, basis, counting)' })
  async one(@Param('requestId') requestId: string, @Res({ passthrough: true }) res: Response) {
    assertId(requestId);
    const recorded = await this.store.readStream(admissionStreamName(requestId));
    let state = admissionDecider.initialState();
    for (const event of recorded) state = admissionDecider.evolve(state, { type: event.type, data: event.data } as AdmissionEvent);
    if (state.status === 'none' || recorded.length === 0) throw admissionNotFound(requestId);
    const revision = recorded[recorded.length - 1]!.revision;
    res.setHeader('ETag', `"${revision}"`);
    return { requestId, revision: Number(revision), ...state, deadlines: activeDeadlines(state, new Date().toISOString()) };
  }

  private async run(
    req: Request,
    res: Response,
    existingId: string | undefined,
    status: 200 | 201,
    build: (requestId: string, metadata: { actor: string; now: string }) => AdmissionRequestCommand,
  ) {
    const expectedRevision = parseIfMatch(req.header('if-match'));
    const actor = principalOf(req).id;
    return runIdempotent(this.idempotency, req, res, actor, async (commandId) => {
      const requestId = existingId ?? commandId;
      const now = new Date().toISOString();
      const outcome: AdmissionCommandOutcome = await this.commandBus.execute(
        new ExecuteAdmissionCommand(requestId, build(requestId, { actor, now }), {
          commandId,
          actor,
          correlationId: correlationIdOf(req),
          occurredAt: now,
          expectedRevision,
        }),
      );
      const { admission, list } = outcome;
      return {
        status,
        headers: { ETag: `"${admission.revision}"`, ...(status === 201 ? { Location: `${BASE}/${requestId}` } : {}) },
        body: {
          requestId,
          revision: Number(admission.revision),
          status: admission.state.status,
          events: admission.events.map((event) => event.type),
          ...(list === undefined
            ? {}
            : 'applied' in list
              ? { list: { stream: list.applied.stream, revision: Number(list.applied.revision), events: list.applied.events.map((event) => event.type) } }
              : { list: { refused: list.refused } }),
        },
      };
    });
  }
}

function dueOf(item: { deadlines: Array<{ dueAt: string }> }): string {
  return item.deadlines[0]?.dueAt ?? '9999';
}

function assertId(requestId: string): string {
  if (!isUUID(requestId)) {
    throw new BadRequestException({ code: 'VALIDATION.FAILED', message: 'requestId must be a UUID', errors: [{ field: 'requestId', message: 'requestId must be a UUID' }] });
  }
  return requestId;
}
