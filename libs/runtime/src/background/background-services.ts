import { openBlobStore, type BlobStore } from '#blob-store';
import { createEscalationService } from '#escalation';
import type { EventStore } from '#event-store';
import type { Database } from '#platform';
import type { RuntimeConfig } from '../config/runtime-config.js';
import { createAdmissionListingService } from '../admission-listing/admission-listing.service.js';
import { AttachmentSweepService } from '../attachments/attachment-sweep.background-service.js';
import type { BackgroundService } from './background-service.js';
import { createProjectionService, projectionFaults } from './projections.background-service.js';

export interface WorkerDependencies {
  config: Pick<RuntimeConfig, 'escalation' | 'faults' | 'attachments'>;
  database: Database;
  eventStore: EventStore;
  /** The attachments' blob store (the orphan sweep); the one config.attachments names when absent. */
  blobs?: BlobStore;
}

/**
 * Every background service of the system, built from shared dependencies. The worker process
 * runs them; the embedded default runs them inside the API process (same code, one process).
 */
export function buildBackgroundServices(
  dependencies: WorkerDependencies & { blobs: BlobStore },
): BackgroundService[] {
  return [
    // Read models: one runner per projection, rebuilds of changed versions at start.
    createProjectionService(
      { pool: dependencies.database.pool, eventStore: dependencies.eventStore },
      projectionFaults(dependencies.config.faults),
    ),
    // Settings from ESCALATION_* and CASE_POLICY_FILE, validated when the runtime config was read.
    createEscalationService(
      {
        pool: dependencies.database.pool,
        eventStore: dependencies.eventStore,
        onError: (error, context) =>
          process.stderr.write(
            `escalation ${context.step} failed: ${error instanceof Error ? error.message : String(error)}\n`,
          ),
      },
      dependencies.config.escalation,
    ),
    // Approved admissions onto their lists, when the API died between its two appends (issue #10).
    createAdmissionListingService({ pool: dependencies.database.pool, eventStore: dependencies.eventStore }),
    // Files whose upload never got its event appended (a crash, a refusal), docs/adr/0035.
    new AttachmentSweepService(
      { pool: dependencies.database.pool, eventStore: dependencies.eventStore, blobs: dependencies.blobs },
      dependencies.config.attachments.sweep,
    ),
  ];
}

export interface RunningWorker {
  services: BackgroundService[];
  stop(): Promise<void>;
}

export async function startBackgroundServices(dependencies: WorkerDependencies): Promise<RunningWorker> {
  const owned = dependencies.blobs ? undefined : openBlobStore(dependencies.config.attachments.blobStore);
  const services = buildBackgroundServices({ ...dependencies, blobs: dependencies.blobs ?? owned! });
  for (const service of services) await service.start();
  return {
    services,
    async stop() {
      await Promise.all(services.map((service) => service.stop()));
      await owned?.close();
    },
  };
}
