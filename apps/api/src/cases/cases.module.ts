import { Module } from '@nestjs/common';
import { CaseActionRoleGuard, CaseActionRunner } from './case-actions/case-action.runner.js';
import {
  CaseActionsController,
  UnknownCaseActionController,
} from './case-actions/case-actions.controller.js';
import { CaseCommandsController } from './case-commands.controller.js';
import { ExecuteCaseCommandHandler } from './execute-case-command.js';
import { CaseQueriesController } from './queries/case-queries.controller.js';
import { GetCaseHistoryQueryHandler, GetCaseQueryHandler } from './queries/get-case.query.js';

@Module({
  // UnknownCaseActionController last: its `:caseId/:action` route must only see what no action route matched.
  controllers: [
    CaseCommandsController,
    CaseActionsController,
    CaseQueriesController,
    UnknownCaseActionController,
  ],
  providers: [
    ExecuteCaseCommandHandler,
    GetCaseQueryHandler,
    GetCaseHistoryQueryHandler,
    CaseActionRunner,
    CaseActionRoleGuard,
  ],
})
export class CasesModule {}
