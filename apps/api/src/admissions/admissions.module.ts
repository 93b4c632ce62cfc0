import { Module } from '@nestjs/common';
import { RegistryModule } from '../registry/registry.module.js';
import { admissionDeciderProvider } from './admission-decider.provider.js';
import { AdmissionsController } from './admissions.controller.js';
import { ExecuteAdmissionCommandHandler } from './execute-admission-command.js';
import { ExecuteListCommandHandler } from './execute-list-command.js';
import { ResponsibilityListsCache } from './responsibility-lists.cache.js';
import { ResponsibilityListsController } from './responsibility-lists.controller.js';

/** Responsibility lists and admission requests over HTTP (README.md beside this file). */
@Module({
  imports: [RegistryModule],
  controllers: [ResponsibilityListsController, AdmissionsController],
  providers: [
    admissionDeciderProvider,
    ResponsibilityListsCache,
    ExecuteListCommandHandler,
    ExecuteAdmissionCommandHandler,
  ],
})
export class AdmissionsModule {}
