import { consumerFilter, handles, type LogConsumer } from './log-consumer.js';
import type { ProjectionDependencies } from './projection-runner.js';
import { toBigInt } from './projection-sql.js';

export type ProjectionState = 'running' | 'catching_up' | 'failing' | 'parked' | 'rebuilding';

export interface ProjectionStatus {
  readonly name: string;
  readonly version: number;
  /** Version the live tables were built with (differs from `version` until the start-up rebuild swaps). */
  readonly storedVersion: number | null;
  readonly state: ProjectionState;
  readonly checkpoint: bigint;
  /** Handled events after the checkpoint, counted exactly up to `lagCountLimit`. */
  readonly lagEvents: number;
  /** True when there are more than `lagEvents` (the count stopped at the limit). */
  readonly lagEventsCapped: boolean;
  /** Now minus recordedAt of the oldest unprocessed handled event; 0 when caught up. */
  readonly lagSeconds: number;
  readonly lastError: string | null;
  readonly lastErrorAt: string | null;
  readonly failingSince: string | null;
  readonly parkedEvents: number;
  readonly eventsProcessed: number;
  readonly updatedAt: string | null;
  /** While rebuilding: position and events processed into the shadow tables. */
  readonly rebuild: {
    readonly position: bigint;
    readonly processed: number;
    readonly startedAt: string;
    readonly lastError: string | null;
  } | null;
}

export interface ProjectionStatusOptions {
  /** Stop counting the lag at this many events (the count reads events; default 1000). */
  readonly lagCountLimit?: number;
  /** Lag in events above which a healthy projection reports `catching_up` (default 100). */
  readonly catchingUpThreshold?: number;
  readonly now?: () => Date;
}

/**
 * Status of every log consumer (projections, escalation, admission listing), read from the database and the event store only (any process can
 * answer it: the API, /health, /metrics). Lag in events is counted by reading the log after the
 * checkpoint with the projection's filter, up to a limit: positions are sparse, so head minus
 * checkpoint would not be a number of events.
 */
export async function projectionStatuses(
  deps: ProjectionDependencies,
  projections: readonly LogConsumer[],
  options: ProjectionStatusOptions = {},
): Promise<ProjectionStatus[]> {
  const limit = options.lagCountLimit ?? 1000;
  const threshold = options.catchingUpThreshold ?? 100;
  const now = (options.now ?? (() => new Date()))();
  const names = projections.map((projection) => projection.name);
  const [checkpoints, rebuilds, parked] = await Promise.all([
    deps.pool.query<Record<string, string | number | Date | null>>(
      `SELECT name, version, position::text AS position, events_processed::text AS events_processed, updated_at,
              last_error, last_error_at, failing_since FROM projection_checkpoints WHERE name = ANY($1::text[])`,
      [names],
    ),
    deps.pool.query<Record<string, string | number | Date | null>>(
      `SELECT name, position::text AS position, events_processed::text AS events_processed, started_at, last_error
       FROM projection_rebuilds WHERE name = ANY($1::text[])`,
      [names],
    ),
    deps.pool.query<{ projection: string; n: string }>(
      `SELECT projection, count(*)::text AS n FROM projection_parked_events WHERE skipped_at IS NULL AND projection = ANY($1::text[]) GROUP BY projection`,
      [names],
    ),
  ]);
  const byName = new Map(checkpoints.rows.map((row) => [String(row.name), row]));
  const rebuildByName = new Map(rebuilds.rows.map((row) => [String(row.name), row]));
  const parkedByName = new Map(parked.rows.map((row) => [row.projection, Number(row.n)]));

  const statuses: ProjectionStatus[] = [];
  for (const projection of projections) {
    const row = byName.get(projection.name);
    const checkpoint = toBigInt(row?.position as string | undefined);
    const accepts = handles(projection);
    const page = await deps.eventStore.readAll({
      after: checkpoint,
      maxCount: limit,
      filter: consumerFilter(projection),
    });
    const pending = page.filter(accepts);
    const oldest = pending[0];
    const lagSeconds = oldest ? Math.max(0, (now.getTime() - Date.parse(oldest.recordedAt)) / 1000) : 0;
    const storedVersion = row ? Number(row.version) : null;
    const rebuild = rebuildByName.get(projection.name);
    const parkedEvents = parkedByName.get(projection.name) ?? 0;
    const lastError = (row?.last_error as string | null | undefined) ?? null;
    const state: ProjectionState =
      rebuild || storedVersion !== projection.version
        ? 'rebuilding'
        : parkedEvents > 0
          ? 'parked'
          : row?.failing_since
            ? 'failing'
            : pending.length > threshold
              ? 'catching_up'
              : 'running';
    statuses.push({
      name: projection.name,
      version: projection.version,
      storedVersion,
      state,
      checkpoint,
      lagEvents: pending.length,
      lagEventsCapped: page.length === limit,
      lagSeconds,
      lastError,
      lastErrorAt: iso(row?.last_error_at),
      failingSince: iso(row?.failing_since),
      parkedEvents,
      eventsProcessed: Number(row?.events_processed ?? 0),
      updatedAt: iso(row?.updated_at),
      rebuild: rebuild
        ? {
            position: toBigInt(rebuild.position as string),
            processed: Number(rebuild.events_processed),
            startedAt: iso(rebuild.started_at) ?? '',
            lastError: (rebuild.last_error as string | null) ?? null,
          }
        : null,
    });
  }
  return statuses;
}

function iso(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return new Date(value as string).toISOString();
}
