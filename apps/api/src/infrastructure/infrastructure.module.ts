import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { CommandPipeline, IdempotencyStore } from '#command-pipeline';
import { EVENT_STORE, PostgresEventStore, type EventStore } from '#event-store';
import { APP_CONFIG, HEALTH_CHECKS, type AppConfig, type Database, type HealthCheck } from '#platform';
import { COMMAND_PIPELINE, DATABASE, IDEMPOTENCY_STORE } from './infrastructure.tokens.js';

/**
 * The database, the event store and the command pipeline, shared by every module. The database
 * is opened (and migrated) before Nest starts, so a bad URL fails start-up with a clear message.
 */
@Global()
@Module({})
export class InfrastructureModule implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  static forRoot(config: AppConfig, database: Database, eventStore?: EventStore): DynamicModule {
    const store = eventStore ?? new PostgresEventStore(database.pool);
    const healthChecks: HealthCheck[] = [
      {
        name: 'database',
        check: async () => {
          await database.pool.query('SELECT 1');
          return { ok: true, details: { kind: database.kind } };
        },
      },
      {
        name: 'eventStore',
        check: async () => {
          await store.ping();
          return { ok: true, details: { adapter: config.eventStore, head: (await store.headPosition()).toString() } };
        },
      },
    ];
    return {
      module: InfrastructureModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: DATABASE, useValue: database },
        { provide: EVENT_STORE, useValue: store },
        { provide: COMMAND_PIPELINE, useValue: new CommandPipeline(store) },
        { provide: IDEMPOTENCY_STORE, useValue: new IdempotencyStore(database.pool) },
        { provide: HEALTH_CHECKS, useValue: healthChecks },
      ],
      exports: [APP_CONFIG, DATABASE, EVENT_STORE, COMMAND_PIPELINE, IDEMPOTENCY_STORE, HEALTH_CHECKS],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}
