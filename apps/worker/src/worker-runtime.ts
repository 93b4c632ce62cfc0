import type { EventStore } from '#event-store';
import type { AppConfig, Database } from '#platform';
import type { BackgroundService } from './background-service.js';

export interface WorkerDependencies {
  config: AppConfig;
  database: Database;
  eventStore: EventStore;
}

/**
 * Every background service of the system, built from shared dependencies. The worker process
 * runs them; the embedded default runs them inside the API process (same code, one process).
 */
export function buildBackgroundServices(_dependencies: WorkerDependencies): BackgroundService[] {
  return [];
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
