import { BadRequestException, Controller, Get, Query as QueryParam, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { maskPersonalData, personalDataVisibility } from '#auth';
import { Access, principalOf } from '../../auth/access.decorator.js';
import { caseHidden } from '../../auth/auth-errors.js';
import { JurisdictionService, caseFactsOf } from '../../auth/jurisdiction.service.js';
import { ApiAsOfQuery, AsOfPipe } from '../../http/as-of.js';
import { Clock } from '../../http/clock.js';
import { AnswersWithHeaders, HttpAnswer, revisionTag } from '../../http/http-answer.js';
import { ApiIdParam, IdParam } from '../../http/id-param.decorator.js';
import { ApiProblems } from '../../openapi/api-problems.decorator.js';
import { allowedCaseActions } from '../case-actions/allowed-case-actions.js';
import { CaseHistoryEntryDto, CaseViewDto } from './case-view.response.dto.js';
import { CaseRevisionNotFound, GetCaseHistoryQuery, GetCaseQuery } from './get-case.query.js';

@ApiTags('cases')
@Access('case.read')
@Controller('api/v1/cases')
export class CaseQueriesController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly jurisdictions: JurisdictionService,
    private readonly clock: Clock,
  ) {}

  @Get(':caseId')
  @AnswersWithHeaders()
  @ApiOperation({
    summary:
      'The state of a case: current, ?asOf= (docs/api.md, "asOf") or ?revision=N (rebuilt from its stream)',
  })
  @ApiIdParam('caseId')
  @ApiAsOfQuery('allow')
  @ApiQuery({ name: 'revision', required: false, schema: { type: 'integer', minimum: 0 } })
  @ApiOkResponse({
    type: CaseViewDto,
    headers: { ETag: { description: 'The revision shown, e.g. "3"', schema: { type: 'string' } } },
  })
  @ApiProblems({ 400: ['VALIDATION.FAILED'], 404: ['CASE.NOT_FOUND', 'CASE.REVISION_NOT_FOUND'] })
  async get(
    @IdParam('caseId') caseId: string,
    @QueryParam('asOf', new AsOfPipe('allow')) asOf: Date | undefined,
    @QueryParam('revision') revision: string | undefined,
    @Req() request: Request,
  ): Promise<HttpAnswer<CaseViewDto>> {
    const now = this.clock.nowIso();
    const principal = principalOf(request);
    const view = await this.queryBus
      .execute(
        new GetCaseQuery(caseId, { asOf: asOf?.toISOString(), revision: parseRevision(revision), now }),
      )
      .catch(async (error: unknown) => {
        // Past the last revision: 404 naming the revision, but only to a caller who may see the case.
        if (error instanceof CaseRevisionNotFound) {
          const facts = caseFactsOf(error.state);
          if (!facts || !(await this.jurisdictions.mayTouchCase(principal, facts))) throw caseHidden(caseId);
        }
        throw error;
      });
    const facts = caseFactsOf(view.state);
    if (!facts || !(await this.jurisdictions.mayTouchCase(principal, facts))) throw caseHidden(caseId);
    const current = asOf === undefined && revision === undefined;
    const body = {
      ...view,
      ...(current
        ? { allowedActions: allowedCaseActions(view.state, principal.roles, { actor: principal.id, now }) }
        : {}),
    };
    // Personal data in clear only for the roles that need it (auth/README.md, Personal data).
    return new HttpAnswer(
      maskPersonalData(body, personalDataVisibility(principal.roles)) as unknown as CaseViewDto,
      {
        ETag: revisionTag(view.revision),
      },
    );
  }

  @Get(':caseId/history')
  @ApiOperation({ summary: 'Every event of a case, in order, with who caused it and why' })
  @ApiIdParam('caseId')
  @ApiAsOfQuery('allow')
  @ApiOkResponse({ type: [CaseHistoryEntryDto] })
  @ApiProblems({ 400: ['VALIDATION.FAILED'], 404: ['CASE.NOT_FOUND'] })
  async history(
    @IdParam('caseId') caseId: string,
    @QueryParam('asOf', new AsOfPipe('allow')) asOf: Date | undefined,
    @Req() request: Request,
  ): Promise<CaseHistoryEntryDto[]> {
    // Free text stays encrypted here: FreeTextDecodingInterceptor renders it for the caller's roles.
    const { events, current } = await this.queryBus.execute(
      new GetCaseHistoryQuery(caseId, asOf?.toISOString()),
    );
    const facts = caseFactsOf(current);
    if (!facts || !(await this.jurisdictions.mayTouchCase(principalOf(request), facts)))
      throw caseHidden(caseId);
    const visibility = personalDataVisibility(principalOf(request).roles);
    return events.map((event) => ({
      revision: Number(event.revision),
      globalPosition: event.globalPosition.toString(),
      type: event.type,
      data: maskPersonalData(event.data, visibility) as Record<string, unknown>,
      occurredAt: event.metadata.occurredAt,
      recordedAt: event.recordedAt,
      actor: event.metadata.actor,
      correlationId: event.metadata.correlationId,
      causationId: event.metadata.causationId,
    }));
  }
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
