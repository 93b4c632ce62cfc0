import { Module } from '@nestjs/common';
import { AttachmentCases } from './attachments/attachment-cases.js';
import { AttachmentUploadService } from './attachments/attachment-upload.service.js';
import { AttachmentsController } from './attachments/attachments.controller.js';
import { RegistryModule } from '../registry/registry.module.js';
import { CaseAddressing } from './case-addressing.service.js';
import { ApprovalAuthority } from './case-actions/approval-authority.js';
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
  imports: [RegistryModule],
  // UnknownCaseActionController last: its `:caseId/:action` route must only see what no action route matched.
  controllers: [
    CaseCommandsController,
    CaseActionsController,
    CaseQueriesController,
    AttachmentsController,
    UnknownCaseActionController,
  ],
  providers: [
    ExecuteCaseCommandHandler,
    GetCaseQueryHandler,
    GetCaseHistoryQueryHandler,
    CaseActionRunner,
    CaseActionRoleGuard,
    AttachmentCases,
    AttachmentUploadService,
    CaseAddressing,
    ApprovalAuthority,
  ],
})
export class CasesModule {}
