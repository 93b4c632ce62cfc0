import { quoteIdent, type SqlClient } from '#platform';
import { commitBatch } from './batch.js';
import { consumerFilter, handles } from './log-consumer.js';
import { RETIRED_SUFFIX, SHADOW_SUFFIX, shadowTable, type Projection } from './projection.js';
import type { ProjectionDependencies } from './projection-runner.js';
import {
  errorText,
  inTransaction,
  lock,
  liveLockName,
  rebuildLockName,
  sleep,
  toBigInt,
} from './projection-sql.js';

export interface RebuildProgress {
  readonly projection: string;
  readonly phase: 'copying' | 'swapped';
  /** Handled events applied to the shadow tables so far. */
  readonly processed: number;
  /**
   * Estimated handled events in all. Global positions are sparse, so the estimate extrapolates
   * `processed` by how far the position has moved between the first event and the head seen at start.
   */
  readonly totalEstimate: number;
  /** Events per second since this call started. */
  readonly ratePerSecond: number;
  /** Seconds left at the current rate (0 when done, null before a rate is known). */
  readonly etaSeconds: number | null;
  readonly position: bigint;
}

export interface RebuildOptions {
  /** Events of the first batch (default 1000); each full batch doubles the next, up to `maxBatchSize`. */
  readonly batchSize?: number;
  /** Largest batch (default 4 × batchSize): fewer transactions and fewer writes of rows many events touch. */
  readonly maxBatchSize?: number;
  /** Start over even if an unfinished rebuild of this version can be resumed. */
  readonly fresh?: boolean;
  readonly onProgress?: (progress: RebuildProgress) => void;
}

export interface RebuildResult {
  readonly processed: number;
  readonly position: bigint;
  readonly seconds: number;
  readonly ratePerSecond: number;
}

/**
 * Rebuilds a projection without downtime: fills shadow tables (`<table>__rebuild`) from position 0
 * with their own checkpoint (`projection_rebuilds`), batch and checkpoint committed together as in
 * live processing. Then one short transaction swaps the shadows in by renaming and moves the live
 * checkpoint (and version) to the rebuild's position. Reads hit the old tables until that commit.
 * Events appended after the last page read by the rebuild are applied by the live runner after
 * the swap, from the moved checkpoint (nothing is lost, nothing applied twice). Events an operator
 * skipped stay skipped. An unfinished rebuild of the same version resumes where it stopped.
 */
export async function rebuildProjection(
  deps: ProjectionDependencies,
  projection: Projection,
  options: RebuildOptions = {},
): Promise<RebuildResult> {
  const { pool, eventStore } = deps;
  const batchSize = options.batchSize ?? 1000;
  const maxBatchSize = Math.max(batchSize, options.maxBatchSize ?? batchSize * 4);
  let pageSize = batchSize;
  const started = Date.now();

  let { position, processed } = await inTransaction(pool, async (client) => {
    await lock(client, rebuildLockName(projection.name));
    const { rows } = await client.query<{ version: number; position: string; events_processed: string }>(
      'SELECT version, position::text AS position, events_processed::text AS events_processed FROM projection_rebuilds WHERE name = $1 FOR UPDATE',
      [projection.name],
    );
    const existing = rows[0];
    if (
      existing &&
      Number(existing.version) === projection.version &&
      !options.fresh &&
      (await shadowsExist(client, projection))
    ) {
      return { position: toBigInt(existing.position), processed: Number(existing.events_processed) };
    }
    for (const table of projection.tables) await client.query(`DROP TABLE IF EXISTS ${shadowTable(table)}`);
    await client.query(projection.schema(shadowTable));
    await client.query(
      `INSERT INTO projection_rebuilds (name, version) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET version = $2, position = 0, events_processed = 0, started_at = now(), updated_at = now(), last_error = NULL`,
      [projection.name, projection.version],
    );
    return { position: 0n, processed: 0 };
  });

  const skipped = new Set(
    (
      await pool.query<{ position: string }>(
        'SELECT position::text AS position FROM projection_parked_events WHERE projection = $1 AND skipped_at IS NOT NULL',
        [projection.name],
      )
    ).rows.map((row) => BigInt(row.position)),
  );
  const accepts = handles(projection);
  const filter = consumerFilter(projection);
  const head = await eventStore.headPosition();
  const first = (await eventStore.readAll({ maxCount: 1, filter }))[0]?.globalPosition ?? 0n;
  const processedAtStart = processed;

  const progress = (phase: RebuildProgress['phase']): RebuildProgress => {
    const seconds = Math.max((Date.now() - started) / 1000, 1e-3);
    const rate = (processed - processedAtStart) / seconds;
    const span = head > first ? Number(head - first) : 0;
    const done = position > first ? Number(position - first) : 0;
    const fraction = span > 0 ? Math.min(1, done / span) : 1;
    const totalEstimate =
      phase === 'swapped'
        ? processed
        : Math.max(processed, fraction > 0 ? Math.round(processed / fraction) : processed);
    const etaSeconds = phase === 'swapped' ? 0 : rate > 0 ? (totalEstimate - processed) / rate : null;
    return {
      projection: projection.name,
      phase,
      processed,
      totalEstimate,
      ratePerSecond: rate,
      etaSeconds,
      position,
    };
  };

  for (;;) {
    const page = await eventStore.readAll({ after: position, maxCount: pageSize, filter });
    if (page.length > 0) {
      let outcome;
      try {
        outcome = await commitBatch(pool, projection, 'rebuild', position, page, { skipPositions: skipped });
      } catch (error) {
        await pool
          .query('UPDATE projection_rebuilds SET last_error = $2, updated_at = now() WHERE name = $1', [
            projection.name,
            errorText(error),
          ])
          .catch(() => undefined);
        throw new Error(
          `rebuild of ${projection.name} failed at position ${page[0]!.globalPosition}..${page[page.length - 1]!.globalPosition}: ${errorText(error)}`,
          { cause: error },
        );
      }
      if (outcome === 'committed') {
        processed += page.filter((event) => accepts(event) && !skipped.has(event.globalPosition)).length;
        position = page[page.length - 1]!.globalPosition;
        options.onProgress?.(progress('copying'));
      } else {
        // Another process is rebuilding the same shadows: follow its checkpoint.
        if (outcome === 'locked') await sleep(50);
        const row = await readRebuild(deps, projection);
        if (!row) return finished(processed, position, started); // it swapped already
        position = row.position;
        processed = row.processed;
      }
      if (page.length === pageSize) {
        pageSize = Math.min(maxBatchSize, pageSize * 2);
        continue;
      }
    }
    await analyzeShadows(deps, projection);
    const swapped = await swap(deps, projection);
    if (swapped === 'not_found') return finished(processed, position, started);
    position = swapped.position;
    processed = swapped.processed;
    options.onProgress?.(progress('swapped'));
    return finished(processed - processedAtStart, position, started);
  }
}

function finished(processed: number, position: bigint, started: number): RebuildResult {
  const seconds = (Date.now() - started) / 1000;
  return { processed, position, seconds, ratePerSecond: processed / Math.max(seconds, 1e-3) };
}

async function readRebuild(
  deps: ProjectionDependencies,
  projection: Projection,
): Promise<{ position: bigint; processed: number } | undefined> {
  const { rows } = await deps.pool.query<{ position: string; events_processed: string }>(
    'SELECT position::text AS position, events_processed::text AS events_processed FROM projection_rebuilds WHERE name = $1',
    [projection.name],
  );
  return rows[0]
    ? { position: toBigInt(rows[0].position), processed: Number(rows[0].events_processed) }
    : undefined;
}

async function shadowsExist(client: SqlClient, projection: Projection): Promise<boolean> {
  const { rows } = await client.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM pg_tables WHERE schemaname = current_schema() AND tablename = ANY($1::text[])`,
    [projection.tables.map(shadowTable)],
  );
  return Number(rows[0]?.n) === projection.tables.length;
}

/**
 * The swap: waits for the live runner's batch in hand (its advisory lock), renames live → retired,
 * shadow → live, drops the retired tables, renames the shadows' indexes, and moves the checkpoint.
 * Readers blocked on the renamed tables resolve the name again after the commit (PostgreSQL
 * re-checks the name after waiting for a lock), so they read the new table, not an error.
 */
/**
 * Gives the planner statistics of the filled shadow tables before they go live: without them (autovacuum off, or not yet run) the
 * first queries and upserts on a freshly swapped table are planned as if it were empty, e.g. a sequential scan of a million rows.
 * Outside the swap's transaction (ANALYZE of a large table takes a moment); a shadow another process swapped meanwhile is skipped.
 */
async function analyzeShadows(deps: ProjectionDependencies, projection: Projection): Promise<void> {
  for (const table of projection.tables) {
    const shadow = shadowTable(table);
    try {
      await deps.pool.query(`ANALYZE ${shadow}`);
    } catch (error) {
      if ((error as { code?: string }).code !== '42P01') throw error; // undefined_table: swapped by another process
    }
  }
}

async function swap(
  deps: ProjectionDependencies,
  projection: Projection,
): Promise<{ position: bigint; processed: number } | 'not_found'> {
  return inTransaction(deps.pool, async (client) => {
    await lock(client, liveLockName(projection.name));
    await lock(client, rebuildLockName(projection.name));
    const { rows } = await client.query<{ position: string; events_processed: string; version: number }>(
      'SELECT position::text AS position, events_processed::text AS events_processed, version FROM projection_rebuilds WHERE name = $1 FOR UPDATE',
      [projection.name],
    );
    const row = rows[0];
    if (!row) return 'not_found' as const;
    for (const table of projection.tables) {
      await client.query(`ALTER TABLE IF EXISTS ${table} RENAME TO ${table}${RETIRED_SUFFIX}`);
      await client.query(`ALTER TABLE ${shadowTable(table)} RENAME TO ${table}`);
      await client.query(`DROP TABLE IF EXISTS ${table}${RETIRED_SUFFIX}`);
    }
    const { rows: indexes } = await client.query<{ indexname: string }>(
      `SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ANY($1::text[]) AND strpos(indexname, $2) > 0`,
      [projection.tables, SHADOW_SUFFIX],
    );
    for (const { indexname } of indexes) {
      await client.query(
        `ALTER INDEX ${quoteIdent(indexname)} RENAME TO ${quoteIdent(indexname.replace(SHADOW_SUFFIX, ''))}`,
      );
    }
    await client.query(
      `INSERT INTO projection_checkpoints (name, version, position, events_processed) VALUES ($1, $2, $3, $4)
       ON CONFLICT (name) DO UPDATE SET version = $2, position = $3, events_processed = $4, updated_at = now(),
         last_error = NULL, last_error_at = NULL, failing_since = NULL, failed_attempts = 0`,
      [projection.name, projection.version, row.position, row.events_processed],
    );
    await client.query('DELETE FROM projection_rebuilds WHERE name = $1', [projection.name]);
    // Parked events at or before the new checkpoint were applied by the rebuild (it fails rather than parks).
    await client.query(
      'DELETE FROM projection_parked_events WHERE projection = $1 AND skipped_at IS NULL AND position <= $2',
      [projection.name, row.position],
    );
    return { position: toBigInt(row.position), processed: Number(row.events_processed) };
  });
}
