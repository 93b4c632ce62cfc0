import { rm } from 'node:fs/promises';
import {
  Global,
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { AttachmentClaims, AttachmentStore, type AttachmentsConfig } from '#attachments';
import type { SqlPersonKeyStore } from '#auth';
import { openBlobStore } from '#blob-store';
import { HEALTH_CHECKS, type Database, type HealthCheck } from '#platform';
import { DATABASE, PERSON_KEYS } from '../../infrastructure/infrastructure.tokens.js';
import { ATTACHMENTS_CONFIG, ATTACHMENT_STORE } from './attachments.tokens.js';

/** The name of the blob store's health check (READINESS_CHECKS lists it). */
export const BLOB_STORE_CHECK = 'blobStore';

/**
 * The attachment store over the blob store `BLOB_STORE_URL` names (docs/adr/0034), for the
 * attachment routes of CasesModule. The blob store is opened here and closed when the app stops; a
 * temporary one (embedded in memory) is removed with it.
 */
@Global()
@Module({})
export class AttachmentStorageModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(ATTACHMENTS_CONFIG) private readonly config: AttachmentsConfig,
    @Inject(ATTACHMENT_STORE) private readonly store: AttachmentStore,
    @Inject(HEALTH_CHECKS) private readonly healthChecks: HealthCheck[],
  ) {}

  /**
   * Contributes `blobStore` to /health and /health/ready: a replica whose blob store cannot be reached
   * or written cannot take uploads. Cheap: the store's ping (a writable directory; S3 HeadBucket).
   */
  onModuleInit(): void {
    if (this.healthChecks.some((check) => check.name === BLOB_STORE_CHECK)) return;
    const blobs = this.store.blobs;
    this.healthChecks.push({
      name: BLOB_STORE_CHECK,
      check: async () => {
        await blobs.ping();
        return { ok: true, details: { kind: this.config.blobStore.kind } };
      },
    });
  }

  static forRoot(config: AttachmentsConfig): DynamicModule {
    return {
      module: AttachmentStorageModule,
      providers: [
        { provide: ATTACHMENTS_CONFIG, useValue: config },
        {
          provide: ATTACHMENT_STORE,
          inject: [DATABASE, PERSON_KEYS],
          useFactory: (database: Database, personKeys: SqlPersonKeyStore) =>
            new AttachmentStore(
              openBlobStore(config.blobStore),
              personKeys,
              new AttachmentClaims(database.pool),
              config.media,
            ),
        },
      ],
      exports: [ATTACHMENTS_CONFIG, ATTACHMENT_STORE],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.blobs.close();
    const location = this.config.blobStore;
    if (this.config.ephemeralBlobStore && location.kind === 'filesystem')
      await rm(location.directory, { recursive: true, force: true });
  }
}
