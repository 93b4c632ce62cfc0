import {
  Body,
  Controller,
  HttpCode,
  NotFoundException,
  Post,
  Req,
  SetMetadata,
  UseGuards,
  applyDecorators,
} from '@nestjs/common';
import { ApiBody, ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CASE_ACTION_ROLES } from '#auth';
import type { CaseAction } from '#case-domain';
import { Access } from '../../auth/access.decorator.js';
import { IdParam, ApiIdParam } from '../../http/id-param.decorator.js';
import { IfMatch, ApiIfMatch } from '../../http/if-match.decorator.js';
import { CommandId, Idempotent } from '../../http/idempotency.interceptor.js';
import { ApiBodyProblems, ApiProblems } from '../../openapi/api-problems.decorator.js';
import { CASE_COMMAND_HEADERS, CaseCommandResponseDto } from '../case-command.response.dto.js';
import { CaseActionBodyPipe } from './case-action-body.pipe.js';
import { CASE_ACTIONS, caseActionRoutes, type CaseActionRoute } from './case-action-routes.js';
import { CASE_ACTION_KEY, CaseActionRoleGuard, CaseActionRunner } from './case-action.runner.js';
import { EmptyActionDto } from './common-actions.request.dto.js';
import { problemCodesOf } from './case-refusals.js';

/**
 * `POST /api/v1/cases/{caseId}/{action}`: one typed, documented route per entry of the action table
 * (case-action-routes.ts). The methods are defined below from the table, so a new action needs no
 * code here.
 */
@ApiTags('case actions')
@Controller('api/v1/cases')
export class CaseActionsController {
  constructor(readonly runner: CaseActionRunner) {}
}

/** `refer-out` → `referOut`: the method (and operation id) of an action. */
const methodNameOf = (action: CaseAction): string =>
  action.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

function defineCaseActionRoute(action: CaseAction, route: CaseActionRoute): void {
  const name = methodNameOf(action);
  const prototype = CaseActionsController.prototype as unknown as Record<string, unknown>;
  const handlers = {
    [name](
      this: CaseActionsController,
      caseId: string,
      data: object,
      expectedRevision: bigint | undefined,
      commandId: string,
      request: Request,
    ) {
      return this.runner.run(action, caseId, data, { commandId, expectedRevision, request });
    },
  };
  Object.defineProperty(prototype, name, { value: handlers[name], writable: true, configurable: true });
  // Object: the global validation pipe leaves the body to CaseActionBodyPipe (it validates against the action's DTO).
  Reflect.defineMetadata('design:paramtypes', [String, Object, Object, String, Object], prototype, name);
  IdParam('caseId')(prototype, name, 0);
  Body(new CaseActionBodyPipe(route.request))(prototype, name, 1);
  IfMatch()(prototype, name, 2);
  CommandId()(prototype, name, 3);
  Req()(prototype, name, 4);
  const roles = CASE_ACTION_ROLES[action].join(', ');
  applyDecorators(
    Post(`:caseId/${action}`),
    HttpCode(200),
    Access('case.command'),
    SetMetadata(CASE_ACTION_KEY, action),
    UseGuards(CaseActionRoleGuard),
    Idempotent(),
    ApiOperation({
      summary: route.summary,
      description: `Roles that may run it: ${roles} (within their jurisdiction; some only at some levels or case types, see GET /api/v1/cases/{caseId} allowedActions).`,
    }),
    ApiIdParam('caseId'),
    ApiIfMatch(),
    ApiBody({ type: route.request, required: route.request !== EmptyActionDto }),
    ApiBodyProblems(),
    ApiOkResponse({
      type: CaseCommandResponseDto,
      headers: CASE_COMMAND_HEADERS,
      description: 'Applied (or replayed)',
    }),
    ApiProblems(problemCodesOf(route, action)),
  )(prototype, name, Object.getOwnPropertyDescriptor(prototype, name)!);
}

for (const action of CASE_ACTIONS) defineCaseActionRoute(action, caseActionRoutes[action]);

/**
 * Any other `POST /api/v1/cases/{caseId}/{verb}`: 404 `CASE.UNKNOWN_ACTION` naming the valid verbs.
 * Registered after CaseActionsController (cases.module.ts), so it only sees what no action matched;
 * left out of the OpenAPI document, where every action has its own route.
 */
@Controller('api/v1/cases')
export class UnknownCaseActionController {
  @Post(':caseId/:action')
  @Access('case.command')
  @ApiExcludeEndpoint()
  unknown(@IdParam('caseId') _caseId: string, @Req() request: Request): never {
    const action = String(request.params.action ?? '');
    throw new NotFoundException({
      code: 'CASE.UNKNOWN_ACTION',
      message: `there is no case action ${JSON.stringify(action.slice(0, 60))}; the actions are: ${CASE_ACTIONS.join(', ')}`,
      extensions: { actions: CASE_ACTIONS },
    });
  }
}
