import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '#event-store';
import { HEALTH_CHECKS, type Database, type HealthCheck } from '#platform';
import { DATABASE } from '../infrastructure/infrastructure.tokens.js';
import { RegistryModule } from '../registry/registry.module.js';
import { projectionHealthCheck } from './projection-health.js';
import { registerProjectionMetrics } from './projection-metrics.js';
import { ProjectionStatusReader } from './projection-status.reader.js';
import { ProjectionsController } from './projections.controller.js';
import { ReadModelQueriesController } from './read-model-queries.controller.js';
import { PROJECTION_STATUS_READER } from './read-models.tokens.js';

/**
 * The read side over HTTP: list and dashboard queries served by the projections' tables, and the
 * projections' status (route, /health check, /metrics gauges). The projectors themselves run in
 * the worker (`apps/worker`), or in this process when embedded.
 */
@Module({
  imports: [RegistryModule],
  controllers: [ReadModelQueriesController, ProjectionsController],
  providers: [
    {
      provide: PROJECTION_STATUS_READER,
      inject: [DATABASE, EVENT_STORE],
      useFactory: (database: Database, eventStore: EventStore) =>
        new ProjectionStatusReader({ pool: database.pool, eventStore }),
    },
  ],
})
export class ReadModelsModule implements OnModuleInit {
  constructor(
    @Inject(PROJECTION_STATUS_READER) private readonly reader: ProjectionStatusReader,
    @Inject(HEALTH_CHECKS) private readonly healthChecks: HealthCheck[],
  ) {}

  /** Contributes the projections check to /health and the gauges to /metrics. */
  onModuleInit(): void {
    if (!this.healthChecks.some((check) => check.name === 'projections'))
      this.healthChecks.push(projectionHealthCheck(this.reader));
    registerProjectionMetrics(this.reader);
  }
}
