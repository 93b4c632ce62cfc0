import { Module } from '@nestjs/common';
import { CaseCommandsController } from './case-commands.controller.js';
import { ExecuteCaseCommandHandler } from './execute-case-command.js';
import { CaseQueriesController } from './queries/case-queries.controller.js';
import { GetCaseQueryHandler } from './queries/get-case.query.js';

@Module({
  controllers: [CaseCommandsController, CaseQueriesController],
  providers: [ExecuteCaseCommandHandler, GetCaseQueryHandler],
})
export class CasesModule {}
