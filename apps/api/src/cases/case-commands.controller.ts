import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { occurredAtOf, type CaseCommand } from '#case-domain';
import { correlationIdOf } from '#platform';
import { Access, principalOf } from '../auth/access.decorator.js';
import { forbidden } from '../auth/auth-errors.js';
import { JurisdictionService } from '../auth/jurisdiction.service.js';
import { CaseAddressing } from './case-addressing.service.js';
import { Clock } from '../http/clock.js';
import { CommandId, Idempotent } from '../http/idempotency.interceptor.js';
import { ApiBodyProblems, ApiProblems } from '../openapi/api-problems.decorator.js';
import {
  CASE_COMMAND_HEADERS,
  CaseCommandResponseDto,
  caseCommandAnswer,
} from './case-command.response.dto.js';
import { splitBusinessTime } from './case-actions/business-time.request.dto.js';
import { ExecuteCaseCommand } from './execute-case-command.js';
import { ReportCaseRequestDto } from './report-case/report-case.request.dto.js';

@ApiTags('cases')
@Controller('api/v1/cases')
export class CaseCommandsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly jurisdictions: JurisdictionService,
    private readonly clock: Clock,
    private readonly addressing: CaseAddressing,
  ) {}

  @Post()
  @HttpCode(201)
  @Access('case.report')
  @Idempotent()
  @ApiOperation({
    summary: 'Report a case (dispute, petition or enforcement lead)',
    description:
      'The case id derives from the command id: a retry with the same Idempotency-Key lands on the same case.',
  })
  @ApiCreatedResponse({
    type: CaseCommandResponseDto,
    headers: {
      ...CASE_COMMAND_HEADERS,
      Location: { description: 'The new case: /api/v1/cases/{caseId}', schema: { type: 'string' } },
    },
  })
  @ApiBodyProblems()
  @ApiProblems({
    400: ['CASE.INVALID_COMMAND'],
    403: ['AUTH.FORBIDDEN'],
    409: ['CASE.ALREADY_EXISTS', 'CONCURRENCY.CONFLICT'],
    422: [
      'CASE.TYPE_NOT_SUPPORTED',
      'PETITION.TOO_MANY_REPRESENTATIVES',
      'PETITION.ALREADY_FINAL',
      'CASE.OCCURRED_IN_FUTURE',
      'CASE.BACKDATING_REASON_REQUIRED',
      'ADDRESS.UNKNOWN_GRID',
      'ADDRESS.UNKNOWN_BUILDING',
      'ADDRESS.BUILDING_OUTSIDE_GRID',
      'ADDRESS.UNKNOWN_SQUAD',
      'ADDRESS.SQUAD_NOT_COMPETENT',
    ],
  })
  async report(@Body() body: ReportCaseRequestDto, @CommandId() commandId: string, @Req() request: Request) {
    const principal = principalOf(request);
    const actor = principal.id;
    // Reporting outside one's jurisdiction is refused outright (403): no case exists yet to hide.
    const facts = {
      gridId: body.location.gridId,
      caseType: body.type,
      squadId: (body as { enforcement?: { squadId?: string } }).enforcement?.squadId ?? null,
    };
    if (!(await this.jurisdictions.mayTouchCase(principal, facts)))
      throw forbidden('the location is outside your jurisdiction');
    // The case id derives from the command id, so a retried report lands on the same case.
    const caseId = commandId;
    const now = this.clock.nowIso();
    const { data: report, ...businessTime } = splitBusinessTime(body);
    const { type, ...rest } = report;
    // The place (and an enforcement lead's squad) must hold against the registry of the business date (422 ADDRESS.*).
    const addressed = await this.addressing.address({
      type: 'ReportCase',
      data: { ...rest, caseId, caseType: type },
      metadata: { actor, now, ...businessTime },
    } as CaseCommand);
    addressed.check();
    const result = await this.commandBus.execute(
      new ExecuteCaseCommand(caseId, addressed.command, {
        commandId,
        actor,
        correlationId: correlationIdOf(request),
        occurredAt: occurredAtOf(addressed.command),
      }),
    );
    return caseCommandAnswer(caseId, result, { Location: `/api/v1/cases/${caseId}` });
  }
}
