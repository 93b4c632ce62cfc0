import type { Writable } from 'node:stream';
import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { loadAttachmentsConfig, type AttachmentsConfig } from '#attachments';
import type { EventStore } from '#event-store';
import type { AppConfig, Database } from '#platform';
import { AdmissionsModule } from './admissions/admissions.module.js';
import { AuthModule } from './auth/auth.module.js';
import { AttachmentStorageModule } from './cases/attachments/attachment-storage.module.js';
import { CasesModule } from './cases/cases.module.js';
import { EventsModule } from './events/events.module.js';
import { HttpToolkitModule } from './http/http-toolkit.module.js';
import { InfrastructureModule } from './infrastructure/infrastructure.module.js';
import { PeopleModule } from './people/people.module.js';
import { HealthController } from './operations/health.controller.js';
import { MetricsController } from './operations/metrics.controller.js';
import { ReadinessState } from './operations/readiness.js';
import { ReadModelsModule } from './read-models/read-models.module.js';
import { RegistryModule } from './registry/registry.module.js';
import { AppLoggingModule } from './operations/app-logging.module.js';
import { loggerOptions } from './operations/logger-options.js';

@Module({})
export class AppModule {
  static forRoot(
    config: AppConfig,
    database: Database,
    eventStore?: EventStore,
    logDestination?: Writable,
    attachments: AttachmentsConfig = defaultAttachmentsConfig(config),
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppLoggingModule.forRoot(loggerOptions(config), logDestination),
        CqrsModule.forRoot(),
        HttpToolkitModule,
        InfrastructureModule.forRoot(config, database, eventStore),
        AuthModule.forRoot(config),
        AttachmentStorageModule.forRoot(attachments),
        CasesModule,
        RegistryModule,
        ReadModelsModule,
        EventsModule,
        AdmissionsModule,
        PeopleModule,
      ],
      controllers: [HealthController, MetricsController],
      providers: [ReadinessState],
    };
  }
}

/** The attachment settings of an environment that sets none (the defaults beside the database). */
export function defaultAttachmentsConfig(config: AppConfig): AttachmentsConfig {
  const problems: string[] = [];
  const attachments = loadAttachmentsConfig({}, config, problems);
  if (problems.length > 0) throw new Error(problems.join('; '));
  return attachments;
}
