import {
  BadRequestException,
  Controller,
  Get,
  Inject,
  Param,
  Query as QueryParam,
  Req,
  Res,
} from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { isISO8601, isUUID } from 'class-validator';
import { caseStreamName } from '#case-domain';
import type { Request } from 'express';
import { maskPersonalData, personalDataVisibility, type PersonalDataCodec } from '#auth';
import { EVENT_STORE, type EventStore } from '#event-store';
import { PERSONAL_DATA } from '../../infrastructure/infrastructure.tokens.js';
import { caseDecider, type CaseEvent } from '#case-domain';
import { Access, principalOf } from '../../auth/access.decorator.js';
import { caseHidden } from '../../auth/auth-errors.js';
import { JurisdictionService, caseFactsOf } from '../../auth/jurisdiction.service.js';
import { CaseRevisionNotFound, GetCaseQuery, caseNotFound, selectEvents } from './get-case.query.js';

@ApiTags('cases')
@Access('case.read')
@Controller('api/v1/cases')
export class CaseQueriesController {
  constructor(
    private readonly queryBus: QueryBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly jurisdictions: JurisdictionService,
    @Inject(PERSONAL_DATA) private readonly personalData: PersonalDataCodec,
  ) {}

  @Get(':caseId')
  @ApiOperation({
    summary: 'The state of a case: current, ?asOf=<ISO-8601> or ?revision=N (rebuilt from its stream)',
  })
  @ApiQuery({ name: 'asOf', required: false })
  @ApiQuery({ name: 'revision', required: false })
  async get(
    @Param('caseId') caseId: string,
    @QueryParam('asOf') asOf: string | undefined,
    @QueryParam('revision') revision: string | undefined,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    assertCaseId(caseId);
    const view = await this.queryBus
      .execute(
        new GetCaseQuery(caseId, {
          asOf: parseAsOf(asOf),
          revision: parseRevision(revision),
          now: new Date().toISOString(),
        }),
      )
      .catch(async (error: unknown) => {
        // Past the last revision: 404 naming the revision, but only to a caller who may see the case.
        if (error instanceof CaseRevisionNotFound) {
          const facts = caseFactsOf(error.state);
          if (!facts || !(await this.jurisdictions.mayTouchCase(principalOf(request), facts)))
            throw caseHidden(caseId);
        }
        throw error;
      });
    const facts = caseFactsOf(view.state);
    if (!facts || !(await this.jurisdictions.mayTouchCase(principalOf(request), facts)))
      throw caseHidden(caseId);
    response.setHeader('ETag', `"${view.revision}"`);
    // Personal data in clear only for the roles that need it (auth/README.md, Personal data).
    return maskPersonalData(view, personalDataVisibility(principalOf(request).roles));
  }

  @Get(':caseId/history')
  @ApiOperation({ summary: 'Every event of a case, in order, with who caused it and why' })
  async history(
    @Param('caseId') caseId: string,
    @QueryParam('asOf') asOf: string | undefined,
    @Req() request: Request,
  ) {
    assertCaseId(caseId);
    // Free text stays encrypted here: FreeTextDecodingInterceptor renders it for the caller's roles.
    const all = await this.personalData.decodePersons(await this.store.readStream(caseStreamName(caseId)));
    const recorded = selectEvents(all, { asOf: parseAsOf(asOf) });
    if (recorded.length === 0) throw caseNotFound(caseId);
    let state = caseDecider.initialState();
    for (const event of all)
      state = caseDecider.evolve(state, { type: event.type, data: event.data } as CaseEvent);
    const facts = caseFactsOf(state);
    if (!facts || !(await this.jurisdictions.mayTouchCase(principalOf(request), facts)))
      throw caseHidden(caseId);
    const visibility = personalDataVisibility(principalOf(request).roles);
    return recorded.map((event) => ({
      revision: Number(event.revision),
      globalPosition: event.globalPosition.toString(),
      type: event.type,
      data: maskPersonalData(event.data, visibility),
      occurredAt: event.metadata.occurredAt,
      recordedAt: event.recordedAt,
      actor: event.metadata.actor,
      correlationId: event.metadata.correlationId,
      causationId: event.metadata.causationId,
    }));
  }
}

function assertCaseId(caseId: string): void {
  if (!isUUID(caseId)) {
    throw new BadRequestException({
      code: 'VALIDATION.FAILED',
      message: 'caseId must be a UUID',
      errors: [{ field: 'caseId', message: 'caseId must be a UUID' }],
    });
  }
}

function parseAsOf(asOf: string | undefined): string | undefined {
  if (asOf === undefined) return undefined;
  if (!isISO8601(asOf, { strict: true }) || Number.isNaN(Date.parse(asOf))) {
    throw new BadRequestException({
      code: 'VALIDATION.FAILED',
      message: 'asOf must be an ISO-8601 date or date-time',
    });
  }
  return new Date(Date.parse(asOf)).toISOString();
}

function parseRevision(revision: string | undefined): bigint | undefined {
  if (revision === undefined) return undefined;
  if (!/^\d{1,18}$/.test(revision)) {
    throw new BadRequestException({
      code: 'VALIDATION.FAILED',
      message: 'revision must be a non-negative integer',
    });
  }
  return BigInt(revision);
}
