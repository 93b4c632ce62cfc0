import type { EventStore, RecordedEvent } from '#event-store';
import type { SqlPool } from '#platform';
import { commitBatch, type BeforeLiveCommit } from './batch.js';
import { handles, projectionFilter, type Projection } from './projection.js';
import { errorText, inTransaction, liveLockName, sleep, toBigInt, tryLock } from './projection-sql.js';
import { storeLogReader, type LogReader } from './shared-log-reader.js';

export interface ProjectionDependencies {
  readonly eventStore: EventStore;
  readonly pool: SqlPool;
}

export interface ProjectionRunnerOptions {
  /** Events per batch transaction when following the head of the log (default 500). */
  readonly batchSize?: number;
  /**
   * Catching up, batches grow: after a full page the next one is twice as large, up to this many
   * events (default 8 × batchSize); a short page (the head is near) or a failure goes back to `batchSize`.
   * Fewer, larger transactions: fewer round trips and fewer writes of a row touched by many events.
   */
  readonly maxBatchSize?: number;
  /** How often an idle, parked or locked-out runner looks again (default 250 ms). */
  readonly pollIntervalMs?: number;
  /** Exponential back-off after a failure: initial delay, doubled per consecutive failure, capped (default 100 ms .. 30 s). */
  readonly backoff?: { readonly initialMs?: number; readonly maxMs?: number };
  /** Whole-batch attempts before the batch is retried event by event (default 2). */
  readonly batchAttemptsBeforeIsolating?: number;
  /** Attempts of one event alone before it is parked, while the database answers (default 3). */
  readonly attemptsBeforePark?: number;
  /** Fault injection for crash specs only (see `BeforeLiveCommit`). */
  readonly beforeLiveCommit?: BeforeLiveCommit;
  /** Told about every failure (for logs); never about event data. */
  readonly onError?: (
    projection: string,
    error: unknown,
    context: { position: bigint | undefined; willPark: boolean },
  ) => void;
}

export type StepResult =
  | { readonly kind: 'applied'; readonly events: number; readonly position: bigint }
  | { readonly kind: 'idle' | 'locked' | 'moved' | 'parked' | 'rebuilding' | 'failed' };

/**
 * Follows the global log for one projection from its checkpoint. Each page read with
 * `readAll({ after: checkpoint })` is applied in one transaction together with the checkpoint update.
 * Runners of the same projection in other processes take turns through a PostgreSQL advisory lock
 * (transaction-scoped, so a crashed process never leaves it held). See README "Failures".
 */
export class ProjectionRunner {
  private readonly batchSize: number;
  private readonly maxBatchSize: number;
  /** Size of the next page: grows while catching up (see `maxBatchSize`). */
  private nextBatchSize: number;
  private readonly pollIntervalMs: number;
  private readonly backoffInitialMs: number;
  private readonly backoffMaxMs: number;
  private readonly batchAttemptsBeforeIsolating: number;
  private readonly attemptsBeforePark: number;
  private readonly accepts: (event: RecordedEvent) => boolean;
  private consecutiveFailures = 0;
  private batchFailures = 0;
  /** After a batch failed: apply one event per transaction up to this position, to find the culprit. */
  private isolateUntil: bigint | undefined;
  private singleFailures = new Map<bigint, number>();
  private loop: Promise<void> | undefined;
  private running = false;
  private wake: (() => void) | undefined;

  constructor(
    readonly projection: Projection,
    private readonly deps: ProjectionDependencies,
    private readonly options: ProjectionRunnerOptions = {},
    /** Where pages come from: the store itself, or the engine's reader shared by all its runners. */
    private readonly reader: LogReader = storeLogReader(deps.eventStore),
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.maxBatchSize = Math.max(this.batchSize, options.maxBatchSize ?? this.batchSize * 8);
    this.nextBatchSize = this.batchSize;
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.backoffInitialMs = options.backoff?.initialMs ?? 100;
    this.backoffMaxMs = options.backoff?.maxMs ?? 30_000;
    this.batchAttemptsBeforeIsolating = options.batchAttemptsBeforeIsolating ?? 2;
    this.attemptsBeforePark = options.attemptsBeforePark ?? 3;
    this.accepts = handles(projection);
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Starts following the log in the background. Idempotent. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops after the batch in hand (which commits or rolls back as a whole). */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
    this.reader.pause?.(this.projection.name);
  }

  /** Wakes an idle runner now (e.g. after this process appended). */
  poke(): void {
    this.wake?.();
  }

  /**
   * Processes until the checkpoint reaches the head of the log (or the projection is parked or awaits a
   * rebuild). Failures are retried with back-off as in the background loop. Returns the events applied.
   */
  async catchUp(options: { maxSteps?: number } = {}): Promise<number> {
    let applied = 0;
    for (let steps = 0; steps < (options.maxSteps ?? Number.MAX_SAFE_INTEGER); steps++) {
      const result = await this.step();
      if (result.kind === 'applied') applied += result.events;
      else if (result.kind === 'idle' || result.kind === 'parked' || result.kind === 'rebuilding')
        return applied;
      else if (result.kind === 'locked') await sleep(Math.min(this.pollIntervalMs, 50));
    }
    return applied;
  }

  /** One attempt: read a page after the checkpoint and commit it with the checkpoint. */
  async step(): Promise<StepResult> {
    const { pool } = this.deps;
    const { rows } = await pool.query<{ version: number; position: string; parked: boolean }>(
      `SELECT c.version, c.position::text AS position,
              EXISTS (SELECT 1 FROM projection_parked_events p WHERE p.projection = c.name AND p.skipped_at IS NULL) AS parked
       FROM projection_checkpoints c WHERE c.name = $1`,
      [this.projection.name],
    );
    const checkpoint = rows[0];
    if (!checkpoint) {
      // Registered by the projection's migration; a missing row means a fresh table set at this version.
      await pool.query(
        'INSERT INTO projection_checkpoints (name, version) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING',
        [this.projection.name, this.projection.version],
      );
      return { kind: 'moved' };
    }
    if (Number(checkpoint.version) !== this.projection.version) return this.paused({ kind: 'rebuilding' });
    if (checkpoint.parked) return this.paused({ kind: 'parked' });
    const position = toBigInt(checkpoint.position);
    const isolating = this.isolateUntil !== undefined && position < this.isolateUntil;
    if (!isolating) this.isolateUntil = undefined;
    const maxCount = isolating ? 1 : this.nextBatchSize;
    const { events: page, throughPosition } = await this.reader.read(
      position,
      maxCount,
      projectionFilter(this.projection),
      this.projection.name,
    );
    if (throughPosition === undefined) {
      this.isolateUntil = undefined;
      this.nextBatchSize = this.batchSize;
      // At the head: nobody needs to wait for this runner (it may not read again for a while, e.g. in `catchUp`).
      return this.paused({ kind: 'idle' });
    }
    try {
      const outcome = await commitBatch(
        pool,
        this.projection,
        'live',
        position,
        page,
        undefined,
        throughPosition,
        this.options.beforeLiveCommit,
      );
      if (outcome === 'locked') return this.paused({ kind: outcome });
      if (outcome !== 'committed') return { kind: outcome };
      this.consecutiveFailures = 0;
      this.batchFailures = 0;
      if (!isolating)
        this.nextBatchSize =
          page.length === maxCount ? Math.min(this.maxBatchSize, maxCount * 2) : this.batchSize;
      if (isolating && page.length > 0) this.singleFailures.delete(page[0]!.globalPosition);
      return { kind: 'applied', events: page.filter(this.accepts).length, position: throughPosition };
    } catch (error) {
      return this.failed(error, position, page);
    }
  }

  /** Tells the shared reader not to wait for this runner until it reads again. */
  private paused(result: StepResult): StepResult {
    this.reader.pause?.(this.projection.name);
    return result;
  }

  private async failed(
    error: unknown,
    checkpoint: bigint,
    page: readonly RecordedEvent[],
  ): Promise<StepResult> {
    this.reader.pause?.(this.projection.name);
    this.consecutiveFailures++;
    this.nextBatchSize = this.batchSize;
    // Isolating reads one event per page, so a failed page of one event is that event's failure.
    const single = page.length === 1;
    let willPark = false;
    if (single) {
      const event = page[0]!;
      const attempts = (this.singleFailures.get(event.globalPosition) ?? 0) + 1;
      this.singleFailures.set(event.globalPosition, attempts);
      // A database outage is not the event's fault: only park while the database answers.
      willPark = attempts >= this.attemptsBeforePark && this.accepts(event) && (await this.databaseAnswers());
      this.options.onError?.(this.projection.name, error, { position: event.globalPosition, willPark });
      if (willPark) {
        await this.park(checkpoint, event, error);
        this.singleFailures.delete(event.globalPosition);
        this.consecutiveFailures = 0;
        this.isolateUntil = undefined;
        return { kind: 'parked' };
      }
    } else {
      this.batchFailures++;
      this.options.onError?.(this.projection.name, error, { position: undefined, willPark });
      if (this.batchFailures >= this.batchAttemptsBeforeIsolating && page.length > 0) {
        this.isolateUntil = page[page.length - 1]!.globalPosition;
        this.batchFailures = 0;
      }
    }
    await this.recordFailure(error);
    await this.pause(this.backoffDelay());
    return { kind: 'failed' };
  }

  private backoffDelay(): number {
    return Math.min(
      this.backoffMaxMs,
      this.backoffInitialMs * 2 ** Math.max(0, this.consecutiveFailures - 1),
    );
  }

  private async databaseAnswers(): Promise<boolean> {
    try {
      await this.deps.pool.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  private async recordFailure(error: unknown): Promise<void> {
    await this.deps.pool
      .query(
        `UPDATE projection_checkpoints SET last_error = $2, last_error_at = now(), failing_since = COALESCE(failing_since, now()),
           failed_attempts = failed_attempts + 1 WHERE name = $1`,
        [this.projection.name, errorText(error)],
      )
      .catch(() => undefined);
  }

  /** Parks the event at the checkpoint's next position; the checkpoint stays before it. */
  private async park(checkpoint: bigint, event: RecordedEvent, error: unknown): Promise<void> {
    await inTransaction(this.deps.pool, async (client) => {
      if (!(await tryLock(client, liveLockName(this.projection.name)))) return;
      const { rows } = await client.query<{ position: string }>(
        'SELECT position::text AS position FROM projection_checkpoints WHERE name = $1 FOR UPDATE',
        [this.projection.name],
      );
      if (!rows[0] || toBigInt(rows[0].position) !== checkpoint) return;
      await client.query(
        `INSERT INTO projection_parked_events (projection, position, event_id, event_type, stream_name, error)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (projection, position) DO NOTHING`,
        [
          this.projection.name,
          event.globalPosition.toString(),
          event.id,
          event.type,
          event.stream,
          errorText(error),
        ],
      );
      await client.query(
        `UPDATE projection_checkpoints SET last_error = $2, last_error_at = now(), failing_since = NULL, failed_attempts = 0 WHERE name = $1`,
        [this.projection.name, `parked event at position ${event.globalPosition}: ${errorText(error)}`],
      );
    });
  }

  private async run(): Promise<void> {
    while (this.running) {
      let result: StepResult;
      try {
        result = await this.step();
      } catch (error) {
        // Reading the checkpoint or the log failed (database or store unreachable): back off, keep going.
        this.reader.pause?.(this.projection.name);
        this.consecutiveFailures++;
        this.options.onError?.(this.projection.name, error, { position: undefined, willPark: false });
        await this.recordFailure(error);
        await this.pause(this.backoffDelay());
        continue;
      }
      if (result.kind === 'applied' || result.kind === 'moved' || result.kind === 'failed') continue;
      await this.pause(this.pollIntervalMs);
    }
  }

  private pause(ms: number): Promise<void> {
    if (!this.running) return sleep(Math.min(ms, 10));
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

/**
 * Operator action: skip the parked event at `position` (recorded with who and when) so the projection
 * moves on. The event stays skipped in every later rebuild, so live tables and rebuilds keep agreeing.
 */
export async function skipParkedEvent(
  pool: SqlPool,
  projection: string,
  position: bigint,
  skippedBy = 'operator',
): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
      727_100_010,
      liveLockName(projection),
    ]);
    const parked = await client.query(
      `SELECT 1 FROM projection_parked_events WHERE projection = $1 AND position = $2 AND skipped_at IS NULL FOR UPDATE`,
      [projection, position.toString()],
    );
    if (parked.rows.length === 0)
      throw new Error(`projection ${projection} has no parked event at position ${position}`);
    await client.query(
      `UPDATE projection_parked_events SET skipped_at = now(), skipped_by = $3 WHERE projection = $1 AND position = $2`,
      [projection, position.toString(), skippedBy],
    );
    // The runner committed everything before the parked event, so it is the next one: move past it.
    await client.query(
      `UPDATE projection_checkpoints SET position = GREATEST(position, $2), updated_at = now(), last_error = NULL,
         last_error_at = NULL, failing_since = NULL, failed_attempts = 0 WHERE name = $1`,
      [projection, position.toString()],
    );
  });
}

export interface ParkedEvent {
  readonly projection: string;
  readonly position: bigint;
  readonly eventId: string;
  readonly eventType: string;
  readonly stream: string;
  readonly error: string;
  readonly parkedAt: string;
  readonly skippedAt: string | null;
  readonly skippedBy: string | null;
}

/** Parked events (open ones first), for the operator. */
export async function listParkedEvents(pool: SqlPool, projection?: string): Promise<ParkedEvent[]> {
  const { rows } = await pool.query<Record<string, unknown>>(
    `SELECT projection, position::text AS position, event_id, event_type, stream_name, error, parked_at, skipped_at, skipped_by
     FROM projection_parked_events WHERE ($1::text IS NULL OR projection = $1)
     ORDER BY (skipped_at IS NULL) DESC, projection, position`,
    [projection ?? null],
  );
  return rows.map((row) => ({
    projection: String(row.projection),
    position: BigInt(String(row.position)),
    eventId: String(row.event_id),
    eventType: String(row.event_type),
    stream: String(row.stream_name),
    error: String(row.error),
    parkedAt: new Date(row.parked_at as string).toISOString(),
    skippedAt: row.skipped_at ? new Date(row.skipped_at as string).toISOString() : null,
    skippedBy: (row.skipped_by as string | null) ?? null,
  }));
}
