import {
  Global,
  Inject,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { PersonalDataCodec, type SqlPersonKeyStore } from '#auth';
import { createPersonKeyStore } from '#runtime';
import { CommandPipeline, IdempotencyStore } from '#command-pipeline';
import { EVENT_STORE, PostgresEventStore, type EventStore } from '#event-store';
import { APP_CONFIG, HEALTH_CHECKS, type AppConfig, type Database, type HealthCheck } from '#platform';
import {
  COMMAND_PIPELINE,
  DATABASE,
  IDEMPOTENCY_STORE,
  PERSONAL_DATA,
  PERSON_KEYS,
} from './infrastructure.tokens.js';

/**
 * The database, the event store and the command pipeline, shared by every module. The database
 * is opened (and migrated) before Nest starts, so a bad URL fails start-up with a clear message.
 */
@Global()
@Module({})
export class InfrastructureModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(PERSON_KEYS) private readonly personKeys: SqlPersonKeyStore,
  ) {}

  /** Refuses to start without the master keys the stored person keys need; wraps keys not protected yet (docs/adr/0008). */
  async onModuleInit(): Promise<void> {
    const { wrapped } = await this.personKeys.prepare();
    const ring = this.personKeys.masterKeyRing;
    new Logger('PersonalData').log(
      {
        event: 'person_keys.ready',
        masterKeyId: ring.current.id,
        source: ring.source,
        wrappedAtStart: wrapped,
      },
      'person keys ready',
    );
    if (ring.source === 'development') {
      new Logger('PersonalData').warn(
        'PII_MASTER_KEY is not set: person keys are wrapped by the development key from the source code (not allowed with NODE_ENV=production)',
      );
    }
  }

  static forRoot(config: AppConfig, database: Database, eventStore?: EventStore): DynamicModule {
    const store = eventStore ?? new PostgresEventStore(database.pool);
    // Personal data is encrypted per person at the pipeline boundary (docs/adr/0008).
    const personKeys = createPersonKeyStore(config, database.pool);
    // A value that does not decrypt where it sits reads [unreadable] in its record alone (ADR 0023):
    // one warning naming the case and log position (never the value), counted in /metrics.
    const unreadable = new Logger('PersonalData');
    const personalData = new PersonalDataCodec(personKeys, {
      onUnreadable: (value) =>
        unreadable.warn(
          { event: 'personal_data.unreadable', ...value },
          'a stored value does not decrypt where it sits',
        ),
    });
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
          return {
            ok: true,
            details: { adapter: config.eventStore, head: (await store.headPosition()).toString() },
          };
        },
      },
    ];
    return {
      module: InfrastructureModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: DATABASE, useValue: database },
        { provide: EVENT_STORE, useValue: store },
        { provide: COMMAND_PIPELINE, useValue: new CommandPipeline(store, { codec: personalData }) },
        { provide: PERSON_KEYS, useValue: personKeys },
        { provide: PERSONAL_DATA, useValue: personalData },
        { provide: IDEMPOTENCY_STORE, useValue: new IdempotencyStore(database.pool) },
        { provide: HEALTH_CHECKS, useValue: healthChecks },
      ],
      exports: [
        APP_CONFIG,
        DATABASE,
        EVENT_STORE,
        COMMAND_PIPELINE,
        IDEMPOTENCY_STORE,
        PERSON_KEYS,
        PERSONAL_DATA,
        HEALTH_CHECKS,
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}
