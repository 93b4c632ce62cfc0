import type { Projection } from './projection.js';
import { listParkedEvents, skipParkedEvent, type ParkedEvent } from './parked-events.js';
import {
  ProjectionRunner,
  type ProjectionDependencies,
  type ProjectionRunnerOptions,
} from './projection-runner.js';
import {
  projectionStatuses,
  type ProjectionStatus,
  type ProjectionStatusOptions,
} from './projection-status.js';
import {
  rebuildProjection,
  type RebuildOptions,
  type RebuildProgress,
  type RebuildResult,
} from './rebuild.js';
import { SharedLogReader, type SharedLogReaderOptions } from './shared-log-reader.js';

export interface ProjectionEngineOptions extends ProjectionRunnerOptions {
  readonly status?: ProjectionStatusOptions;
  readonly rebuildBatchSize?: number;
  /** Progress of the start-up rebuilds (a projection whose stored version differs). */
  readonly onRebuildProgress?: (progress: RebuildProgress) => void;
  readonly onRebuildError?: (projection: string, error: unknown) => void;
  /**
   * One reader of the log for all runners (default): each chunk is read and decoded once and every
   * runner takes its events from it. `false`: each runner reads the store on its own.
   */
  readonly sharedReader?: boolean | SharedLogReaderOptions;
}

/**
 * All projections of a process: one runner each (a failing one never stops the others), start-up
 * rebuilds for changed versions, statuses, operator actions. Framework only: no NestJS here.
 */
export class ProjectionEngine {
  readonly runners: ReadonlyMap<string, ProjectionRunner>;
  /** The log reader the runners share (undefined when `sharedReader: false`). */
  readonly reader: SharedLogReader | undefined;
  private readonly startupRebuilds = new Map<string, Promise<RebuildResult | undefined>>();

  constructor(
    readonly projections: readonly Projection[],
    private readonly deps: ProjectionDependencies,
    private readonly options: ProjectionEngineOptions = {},
  ) {
    const names = new Set<string>();
    for (const projection of projections) {
      if (names.has(projection.name)) throw new Error(`projection ${projection.name} is registered twice`);
      names.add(projection.name);
    }
    const shared = options.sharedReader ?? true;
    this.reader =
      shared === false
        ? undefined
        : new SharedLogReader(
            deps.eventStore,
            projections.flatMap((projection) => projection.eventTypes),
            {
              chunkSize: Math.max(options.batchSize ?? 500, Math.ceil(maxBatchSizeOf(options) / 2)),
              maxChunks: 10,
              ...(shared === true ? {} : shared),
            },
          );
    this.runners = new Map(
      projections.map((projection) => [
        projection.name,
        new ProjectionRunner(projection, deps, options, this.reader),
      ]),
    );
  }

  /** Starts every runner, and a background rebuild for each projection whose stored version differs. */
  async start(): Promise<void> {
    const { rows } = await this.deps.pool.query<{ name: string; version: number }>(
      'SELECT name, version FROM projection_checkpoints WHERE name = ANY($1::text[])',
      [this.projections.map((projection) => projection.name)],
    );
    const stored = new Map(rows.map((row) => [row.name, Number(row.version)]));
    for (const projection of this.projections) {
      const version = stored.get(projection.name);
      if (version !== undefined && version !== projection.version) {
        this.startupRebuilds.set(
          projection.name,
          this.rebuild(projection.name, this.options.onRebuildProgress).catch((error: unknown) => {
            this.options.onRebuildError?.(projection.name, error);
            return undefined;
          }),
        );
      }
      this.runners.get(projection.name)!.start();
    }
  }

  /** Resolves when the start-up rebuilds have finished (or failed). */
  async startupRebuildsDone(): Promise<void> {
    await Promise.all(this.startupRebuilds.values());
  }

  async stop(): Promise<void> {
    await Promise.all([...this.runners.values()].map((runner) => runner.stop()));
    await this.startupRebuildsDone();
  }

  /** Catches every projection up to the head, one after the other (tests, CLI). */
  async catchUp(): Promise<void> {
    for (const runner of this.runners.values()) await runner.catchUp();
  }

  pokeAll(): void {
    for (const runner of this.runners.values()) runner.poke();
  }

  projectionStatuses(): Promise<ProjectionStatus[]> {
    return projectionStatuses(this.deps, this.projections, this.options.status);
  }

  rebuild(
    name: string,
    onProgress?: (progress: RebuildProgress) => void,
    options: Omit<RebuildOptions, 'onProgress'> = {},
  ): Promise<RebuildResult> {
    return rebuildProjection(this.deps, this.projection(name), {
      batchSize: this.options.rebuildBatchSize,
      ...options,
      ...(onProgress ? { onProgress } : {}),
    });
  }

  async skipParkedEvent(name: string, position: bigint, skippedBy?: string): Promise<void> {
    this.projection(name);
    await skipParkedEvent(this.deps.pool, name, position, skippedBy);
    this.runners.get(name)?.poke();
  }

  parkedEvents(name?: string): Promise<ParkedEvent[]> {
    return listParkedEvents(this.deps.pool, name);
  }

  private projection(name: string): Projection {
    const projection = this.projections.find((candidate) => candidate.name === name);
    if (!projection) throw new Error(`unknown projection ${name}`);
    return projection;
  }
}

/** The largest page a runner asks for: a chunk of the shared reader holds at least that. */
function maxBatchSizeOf(options: ProjectionRunnerOptions): number {
  const batchSize = options.batchSize ?? 500;
  return Math.max(batchSize, options.maxBatchSize ?? batchSize * 8);
}
