import { randomUUID } from 'node:crypto';
import type { EventStore, RecordedEvent } from '#event-store';
import { BackgroundLoop, type SqlPool } from '#platform';
import { commitBatch, type BeforeLiveCommit } from './batch.js';
import { consumerFilter, handles, type LogConsumer } from './log-consumer.js';
import { parkEvent } from './parked-events.js';
import { errorText, sleep, toBigInt } from './projection-sql.js';
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
  /** Reactors: how long a page claimed for its effects keeps other workers off (database clock; default 60 s). */
  readonly leaseMs?: number;
  /**
   * Reading the store directly only: with nothing handled, the checkpoint still moves up to the log's
   * head at most this often, so a consumer of rare events does not scan the same stretch of log on
   * every poll (an idle poll in between only reads: no write transaction).
   */
  readonly advanceToHeadEveryMs?: number;
  /** Told about every failure (for logs); never about event data. */
  readonly onError?: (
    consumer: string,
    error: unknown,
    context: { position: bigint | undefined; willPark: boolean },
  ) => void;
}

export type StepResult =
  | { readonly kind: 'applied'; readonly events: number; readonly position: bigint }
  | { readonly kind: 'idle' | 'locked' | 'moved' | 'parked' | 'rebuilding' | 'failed' };

export interface CatchUpOptions {
  readonly maxSteps?: number;
  /** Also wait until the checkpoint has reached this position (the log shows an event only once every older transaction ended). */
  readonly through?: bigint;
  /** How long to wait for `through` (default 15 s). */
  readonly timeoutMs?: number;
}

/**
 * Follows the global log for one log consumer (a projection, escalation's timers, a reactor) from its
 * checkpoint (docs/adr/0012). Each page read with `readAll({ after: checkpoint })` is applied in one
 * transaction together with the checkpoint update; a reactor's effects run before it, under a lease.
 * Runners of the same consumer in other processes take turns through a PostgreSQL advisory lock
 * (transaction-scoped, so a crashed process never leaves it held). See libs/projections README "Failures".
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
  private readonly leaseMs: number;
  private readonly advanceToHeadEveryMs: number | undefined;
  private lastAdvancedAt = 0;
  private readonly token = randomUUID();
  private readonly accepts: (event: RecordedEvent) => boolean;
  private consecutiveFailures = 0;
  private batchFailures = 0;
  /** After a batch failed: apply one event per transaction up to this position, to find the culprit. */
  private isolateUntil: bigint | undefined;
  private singleFailures = new Map<bigint, number>();
  private readonly loop = new BackgroundLoop(() => this.round());

  constructor(
    readonly consumer: LogConsumer,
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
    this.leaseMs = options.leaseMs ?? 60_000;
    this.advanceToHeadEveryMs = options.advanceToHeadEveryMs;
    if (this.advanceToHeadEveryMs !== undefined && reader.pause)
      throw new Error(`${consumer.name}: advanceToHeadEveryMs needs the store's own reader`);
    this.accepts = handles(consumer);
  }

  get isRunning(): boolean {
    return this.loop.isRunning;
  }

  /** Starts following the log in the background. Idempotent. */
  start(): void {
    this.loop.start();
  }

  /** Stops after the batch in hand (which commits or rolls back as a whole). */
  async stop(): Promise<void> {
    await this.loop.stop();
    this.reader.pause?.(this.consumer.name);
  }

  /** Wakes an idle runner now (e.g. after this process appended). */
  poke(): void {
    this.loop.poke();
  }

  /**
   * Processes until the checkpoint reaches the head of the log (or the consumer is parked or awaits a
   * rebuild), and with `through` until the checkpoint has reached it too (moving up to the head when the
   * consumer handles nothing there). Failures are retried with back-off as in the background loop.
   * Returns the events applied.
   */
  async catchUp(options: CatchUpOptions = {}): Promise<number> {
    const { through } = options;
    const giveUpAt = Date.now() + (options.timeoutMs ?? 15_000);
    let applied = 0;
    for (let steps = 0; steps < (options.maxSteps ?? Number.MAX_SAFE_INTEGER); steps++) {
      const result = await this.step({ advanceToHead: through !== undefined });
      if (result.kind === 'applied') applied += result.events;
      else if (result.kind === 'parked' || result.kind === 'rebuilding') return applied;
      else if (result.kind === 'idle') {
        if (through === undefined || (await this.checkpoint()) >= through) return applied;
        if (Date.now() > giveUpAt)
          throw new Error(`${this.consumer.name}: the checkpoint did not reach position ${through} in time`);
        await sleep(10);
      } else if (result.kind === 'locked') await sleep(Math.min(this.pollIntervalMs, 50));
    }
    return applied;
  }

  /** The position of the last event applied (0n before the first). */
  async checkpoint(): Promise<bigint> {
    const { rows } = await this.deps.pool.query<{ position: string }>(
      'SELECT position::text AS position FROM projection_checkpoints WHERE name = $1',
      [this.consumer.name],
    );
    return toBigInt(rows[0]?.position);
  }

  /**
   * One attempt: read a page after the checkpoint and commit it with the checkpoint (a reactor reacts
   * first). `advanceToHead`: move up to the head now if nothing is handled there (see `advanceToHeadEveryMs`).
   */
  async step(options: { advanceToHead?: boolean } = {}): Promise<StepResult> {
    const { pool } = this.deps;
    const { rows } = await pool.query<{ version: number; position: string; parked: boolean }>(
      `SELECT c.version, c.position::text AS position,
              EXISTS (SELECT 1 FROM projection_parked_events p WHERE p.projection = c.name AND p.skipped_at IS NULL) AS parked
       FROM projection_checkpoints c WHERE c.name = $1`,
      [this.consumer.name],
    );
    const checkpoint = rows[0];
    if (!checkpoint) {
      // Registered by the projection's migration; a missing row means a fresh table set at this version.
      await pool.query(
        'INSERT INTO projection_checkpoints (name, version) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING',
        [this.consumer.name, this.consumer.version],
      );
      return { kind: 'moved' };
    }
    if (Number(checkpoint.version) !== this.consumer.version) return this.paused({ kind: 'rebuilding' });
    if (checkpoint.parked) return this.paused({ kind: 'parked' });
    const position = toBigInt(checkpoint.position);
    const isolating = this.isolateUntil !== undefined && position < this.isolateUntil;
    if (!isolating) this.isolateUntil = undefined;
    const maxCount = isolating ? 1 : this.nextBatchSize;
    // Read before the page: every event up to the head is visible to the read below.
    const head = this.advanceDue(options.advanceToHead)
      ? await this.deps.eventStore.headPosition()
      : undefined;
    const page = await this.reader.read(
      position,
      maxCount,
      consumerFilter(this.consumer),
      this.consumer.name,
    );
    const events = page.events;
    let throughPosition = page.throughPosition;
    // A short page from the store itself: nothing handled up to the head, so the checkpoint may move there.
    if (head !== undefined && events.length < maxCount && head > (throughPosition ?? position))
      throughPosition = head;
    if (head !== undefined) this.lastAdvancedAt = Date.now();
    if (throughPosition === undefined) {
      this.isolateUntil = undefined;
      this.nextBatchSize = this.batchSize;
      // At the head: nobody needs to wait for this runner (it may not read again for a while, e.g. in `catchUp`).
      return this.paused({ kind: 'idle' });
    }
    let leased = false;
    try {
      let reaction: unknown;
      if (this.consumer.react) {
        if (!(await this.lease(position))) return this.paused({ kind: 'locked' });
        leased = true;
        const handled = events.filter(this.accepts);
        if (handled.length > 0) reaction = await this.consumer.react(handled);
      }
      const outcome = await commitBatch(pool, this.consumer, 'live', position, events, {
        throughPosition,
        beforeLiveCommit: this.options.beforeLiveCommit,
        reaction,
      });
      if (leased && outcome !== 'committed') await this.releaseLease();
      if (outcome === 'locked') return this.paused({ kind: outcome });
      if (outcome !== 'committed') return { kind: outcome };
      this.consecutiveFailures = 0;
      this.batchFailures = 0;
      if (!isolating)
        this.nextBatchSize =
          events.length === maxCount ? Math.min(this.maxBatchSize, maxCount * 2) : this.batchSize;
      if (isolating && events.length > 0) this.singleFailures.delete(events[0]!.globalPosition);
      return { kind: 'applied', events: events.filter(this.accepts).length, position: throughPosition };
    } catch (error) {
      if (leased) await this.releaseLease().catch(() => undefined);
      return this.failed(error, position, events);
    }
  }

  private advanceDue(forced: boolean | undefined): boolean {
    if (this.advanceToHeadEveryMs === undefined) return false;
    return forced === true || Date.now() - this.lastAdvancedAt >= this.advanceToHeadEveryMs;
  }

  /** A reactor's claim on the page after `position` (an UPDATE, so the row lock decides between workers). */
  private async lease(position: bigint): Promise<boolean> {
    const { rows } = await this.deps.pool.query(
      `UPDATE projection_checkpoints
       SET lease_token = $2, leased_until = clock_timestamp() + make_interval(secs => $3::float8 / 1000)
       WHERE name = $1 AND position = $4 AND (leased_until IS NULL OR leased_until < clock_timestamp() OR lease_token = $2)
       RETURNING name`,
      [this.consumer.name, this.token, this.leaseMs, position.toString()],
    );
    return rows.length > 0;
  }

  private async releaseLease(): Promise<void> {
    await this.deps.pool.query(
      'UPDATE projection_checkpoints SET lease_token = NULL, leased_until = NULL WHERE name = $1 AND lease_token = $2',
      [this.consumer.name, this.token],
    );
  }

  /** Tells the shared reader not to wait for this runner until it reads again. */
  private paused(result: StepResult): StepResult {
    this.reader.pause?.(this.consumer.name);
    return result;
  }

  private async failed(
    error: unknown,
    checkpoint: bigint,
    page: readonly RecordedEvent[],
  ): Promise<StepResult> {
    this.reader.pause?.(this.consumer.name);
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
      this.options.onError?.(this.consumer.name, error, { position: event.globalPosition, willPark });
      if (willPark) {
        await parkEvent(this.deps.pool, this.consumer.name, checkpoint, event, error);
        this.singleFailures.delete(event.globalPosition);
        this.consecutiveFailures = 0;
        this.isolateUntil = undefined;
        return { kind: 'parked' };
      }
    } else {
      this.batchFailures++;
      this.options.onError?.(this.consumer.name, error, { position: undefined, willPark });
      if (this.batchFailures >= this.batchAttemptsBeforeIsolating && page.length > 0) {
        this.isolateUntil = page[page.length - 1]!.globalPosition;
        this.batchFailures = 0;
      }
    }
    await this.recordFailure(error);
    await this.loop.pause(this.backoffDelay());
    return { kind: 'failed' };
  }

  private backoffDelay(): number {
    return Math.min(
      this.backoffMaxMs,
      this.backoffInitialMs * 2 ** Math.max(0, this.consecutiveFailures - 1),
    );
  }

  /** The database and the event store both answer (an outage is not the event's fault). */
  private async databaseAnswers(): Promise<boolean> {
    try {
      await this.deps.pool.query('SELECT 1');
      await this.deps.eventStore.headPosition();
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
        [this.consumer.name, errorText(error)],
      )
      .catch(() => undefined);
  }

  /** One round of the background loop; answers how long to wait before the next. */
  private async round(): Promise<number> {
    let result: StepResult;
    try {
      result = await this.step();
    } catch (error) {
      // Reading the checkpoint or the log failed (database or store unreachable): back off, keep going.
      this.reader.pause?.(this.consumer.name);
      this.consecutiveFailures++;
      this.options.onError?.(this.consumer.name, error, { position: undefined, willPark: false });
      await this.recordFailure(error);
      return this.backoffDelay();
    }
    if (result.kind === 'applied' || result.kind === 'moved' || result.kind === 'failed') return 0;
    return this.pollIntervalMs;
  }
}
