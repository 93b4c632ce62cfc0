import {
  BadRequestException,
  Body,
  Controller,
  Inject,
  NotFoundException,
  Param,
  Post,
  Req,
  Res,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Request, Response } from 'express';
import { isUUID } from 'class-validator';
import { caseWithin, mayEverRunCaseAction, mayRunCaseAction } from '#auth';
import type { CaseAction, CaseCommand, CaseState } from '#case-domain';
import { IdempotencyStore } from '#command-pipeline';
import { correlationIdOf, validationFailed } from '#platform';
import { Access, principalOf } from '../auth/access.decorator.js';
import { caseHidden, forbidden } from '../auth/auth-errors.js';
import { JurisdictionService, caseFactsOf } from '../auth/jurisdiction.service.js';
import { IDEMPOTENCY_STORE } from '../infrastructure/infrastructure.tokens.js';
import { commandTypeOf, requestClassOf } from './case-actions/case-action-requests.js';
import { ExecuteCaseCommand } from './execute-case-command.js';
import { parseIfMatch, runIdempotent } from './idempotent-request.js';
import { ReportCaseRequestDto } from './report-case/report-case.request.dto.js';

@ApiTags('cases')
@Controller('api/v1/cases')
export class CaseCommandsController {
  constructor(
    private readonly commandBus: CommandBus,
    @Inject(IDEMPOTENCY_STORE) private readonly idempotency: IdempotencyStore,
    private readonly jurisdictions: JurisdictionService,
  ) {}

  @Post()
  @Access('case.report')
  @ApiOperation({ summary: 'Report a case (dispute, petition or enforcement lead)' })
  async report(
    @Body() body: ReportCaseRequestDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
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
    return runIdempotent(this.idempotency, request, response, actor, async (commandId) => {
      // The case id derives from the command id, so a retried report lands on the same case.
      const caseId = commandId;
      const now = new Date().toISOString();
      const { type, ...rest } = body;
      const command = {
        type: 'ReportCase',
        data: { ...rest, caseId, caseType: type },
        metadata: { actor, now },
      } as CaseCommand;
      const result = await this.commandBus.execute(
        new ExecuteCaseCommand(caseId, command, {
          commandId,
          actor,
          correlationId: correlationIdOf(request),
          occurredAt: now,
        }),
      );
      return {
        status: 201,
        headers: { Location: `/api/v1/cases/${caseId}`, ETag: `"${result.revision}"` },
        body: { caseId, revision: Number(result.revision), events: result.events.map((event) => event.type) },
      };
    });
  }

  @Post(':caseId/:action')
  @Access('case.command')
  @ApiOperation({ summary: 'Run an action on a case; the body depends on the action (see the action DTOs)' })
  @ApiBody({ schema: { type: 'object' } })
  async act(
    @Param('caseId') caseId: string,
    @Param('action') action: string,
    @Body() body: unknown,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    if (!isUUID(caseId)) {
      throw new BadRequestException({
        code: 'VALIDATION.FAILED',
        message: 'caseId must be a UUID',
        errors: [{ field: 'caseId', message: 'caseId must be a UUID' }],
      });
    }
    const commandType = commandTypeOf(action);
    const requestClass = requestClassOf(action);
    if (!commandType || !requestClass) {
      throw new NotFoundException({
        code: 'CASE.UNKNOWN_ACTION',
        message: `there is no case action ${JSON.stringify(action.slice(0, 60))}`,
      });
    }
    const principal = principalOf(request);
    // A role that may never run this action is refused before anything is read (apps/api/src/auth/README.md, "Case actions").
    if (!mayEverRunCaseAction(principal.roles, action as CaseAction))
      throw forbidden(`your role may not ${action} a case`);
    const data = await validateActionBody(requestClass, body);
    const expectedRevision = parseIfMatch(request.header('if-match'));
    const actor = principal.id;
    const jurisdiction = await this.jurisdictions.resolve(principal);
    // Checked on the state the pipeline folds anyway; a case outside the jurisdiction is hidden (404).
    const authorize = (state: unknown) => {
      const facts = caseFactsOf(state);
      if (facts && !caseWithin(jurisdiction, facts)) throw caseHidden(caseId);
      // Inside the jurisdiction the case is no secret: the rule for its type and level answers 403.
      const reported = state as CaseState;
      if (
        reported.status !== 'none' &&
        !mayRunCaseAction(principal.roles, action as CaseAction, {
          caseType: reported.caseType,
          level: reported.level,
        })
      ) {
        throw forbidden(
          `your role may not ${action} this ${reported.caseType} case at ${reported.level} level`,
        );
      }
    };
    return runIdempotent(this.idempotency, request, response, actor, async (commandId) => {
      const now = new Date().toISOString();
      const command = {
        type: commandType,
        data: { ...data },
        metadata: { actor, now },
      } as unknown as CaseCommand;
      const result = await this.commandBus.execute(
        new ExecuteCaseCommand(caseId, command, {
          commandId,
          actor,
          correlationId: correlationIdOf(request),
          occurredAt: now,
          expectedRevision,
          authorize,
        }),
      );
      return {
        status: 200,
        headers: { ETag: `"${result.revision}"` },
        body: { caseId, revision: Number(result.revision), events: result.events.map((event) => event.type) },
      };
    });
  }
}

/** The action's DTO, validated as strictly as the global pipe validates typed bodies. */
async function validateActionBody(requestClass: new () => object, body: unknown): Promise<object> {
  const plain =
    body === undefined ||
    body === null ||
    (typeof body === 'object' && Object.keys(body as object).length === 0 && !Array.isArray(body))
      ? {}
      : body;
  if (typeof plain !== 'object' || Array.isArray(plain)) {
    throw new BadRequestException({
      code: 'VALIDATION.FAILED',
      message: 'the request body must be a JSON object',
    });
  }
  const instance = plainToInstance(requestClass, plain);
  // forbidUnknownValues would refuse {} for actions without fields; whitelisting still refuses unknown keys.
  const errors = await validate(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: false,
  });
  if (errors.length > 0) throw validationFailed(errors);
  return JSON.parse(JSON.stringify(instance)) as object;
}
