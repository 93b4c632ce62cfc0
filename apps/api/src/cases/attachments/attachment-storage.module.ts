import { rm } from 'node:fs/promises';
import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { AttachmentClaims, AttachmentStore, type AttachmentsConfig } from '#attachments';
import type { SqlPersonKeyStore } from '#auth';
import { openBlobStore } from '#blob-store';
import type { Database } from '#platform';
import { DATABASE, PERSON_KEYS } from '../../infrastructure/infrastructure.tokens.js';
import { ATTACHMENTS_CONFIG, ATTACHMENT_STORE } from './attachments.tokens.js';

/**
 * The attachment store over the blob store `BLOB_STORE_URL` names (docs/adr/0034), for the
 * attachment routes of CasesModule. The blob store is opened here and closed when the app stops; a
 * temporary one (embedded in memory) is removed with it.
 */
@Global()
@Module({})
export class AttachmentStorageModule implements OnApplicationShutdown {
  constructor(
    @Inject(ATTACHMENTS_CONFIG) private readonly config: AttachmentsConfig,
    @Inject(ATTACHMENT_STORE) private readonly store: AttachmentStore,
  ) {}

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
