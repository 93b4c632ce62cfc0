import { createEscalationService } from '#escalation';
import type { EventStore } from '#event-store';
import type { AppConfig, Database } from '#platform';
import { createAdmissionListingService } from '../admission-listing/admission-listing.service.js';
import type { BackgroundService } from './background-service.js';
import { createProjectionService } from './projections.background-service.js';

export interface WorkerDependencies {
  config: AppConfig;
  database: Database;
  eventStore: EventStore;
}

/**
 * Every background service of the system, built from shared dependencies. The worker process
 * runs them; the embedded default runs them inside the API process (same code, one process).
 */
export function buildBackgroundServices(dependencies: WorkerDependencies): BackgroundService[] {
  return [
    // Read models: one runner per projection, rebuilds of changed versions at start.
    createProjectionService({ pool: dependencies.database.pool, eventStore: dependencies.eventStore }),
    // Escalation settings come from ESCALATION_* and CASE_POLICY_FILE, validated here at start-up.
    createEscalationService({
      pool: dependencies.database.pool,
      eventStore: dependencies.eventStore,
      onError: (error, context) =>
        process.stderr.write(
          `escalation ${context.step} failed: ${error instanceof Error ? error.message : String(error)}\n`,
        ),
    }),
    // Approved admissions onto their lists, when the API died between its two appends (issue #10).
    createAdmissionListingService({ pool: dependencies.database.pool, eventStore: dependencies.eventStore }),
  ];
}

export interface RunningWorker {
  services: BackgroundService[];
  stop(): Promise<void>;
}

export async function startBackgroundServices(dependencies: WorkerDependencies): Promise<RunningWorker> {
  const services = buildBackgroundServices(dependencies);
  for (const service of services) await service.start();
  return {
    services,
    async stop() {
      await Promise.all(services.map((service) => service.stop()));
    },
  };
}
