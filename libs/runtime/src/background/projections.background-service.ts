import type { EventStore } from '#event-store';
import type { SqlPool } from '#platform';
import { allProjections, ProjectionEngine, type ProjectionEngineOptions } from '#projections';
import type { FaultInjection } from '../config/runtime-config.js';
import type { BackgroundService } from './background-service.js';

/** What a crash spec looks for on stderr: the projection's batch is open (rows written, checkpoint not moved). */
export const FAULT_PAUSE_MARKER = 'fault-injection: batch open';

/** The projection engine's fault hooks for `faults` (none unless a crash spec set them). */
export function projectionFaults(faults: FaultInjection): ProjectionEngineOptions {
  const pauseMs = faults.pauseInProjectionBatchMs;
  if (pauseMs <= 0) return {};
  return {
    beforeLiveCommit: async (batch) => {
      const fields = { ...batch, from: batch.from.toString(), to: batch.to.toString() };
      process.stderr.write(`${FAULT_PAUSE_MARKER} ${JSON.stringify(fields)}\n`);
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    },
  };
}

/**
 * The projectors as a background service: one runner per read model, plus the start-up rebuild of
 * any read model whose version changed. Several workers may run it at once: each batch takes the
 * projection's advisory lock, so every event is applied exactly once.
 */
export function createProjectionService(
  deps: { pool: SqlPool; eventStore: EventStore },
  options: ProjectionEngineOptions = {},
): BackgroundService & { readonly engine: ProjectionEngine } {
  const engine = new ProjectionEngine(allProjections, deps, {
    batchSize: 500,
    pollIntervalMs: 250,
    onError: (projection, error, context) =>
      process.stderr.write(
        `projection ${projection} failed at ${context.position ?? 'a batch'}${context.willPark ? ' (parking the event)' : ''}: ${error instanceof Error ? error.message : String(error)}\n`,
      ),
    onRebuildError: (projection, error) =>
      process.stderr.write(
        `projection ${projection}: start-up rebuild failed: ${error instanceof Error ? error.message : String(error)}\n`,
      ),
    ...options,
  });
  return {
    name: 'projections',
    engine,
    start: () => engine.start(),
    stop: () => engine.stop(),
  };
}
