import type { EventStore } from '#event-store';
import type { SqlPool } from '#platform';
import { allProjections, ProjectionEngine, type ProjectionEngineOptions } from '#projections';
import type { BackgroundService } from './background-service.js';

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
