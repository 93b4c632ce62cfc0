import { randomUUID } from 'node:crypto';
import { ListErrorCode, responsibilityListDecider, type ResponsibilityListState } from '#admission-domain';
import { CommandPipeline } from '#command-pipeline';
import { isDomainError } from '#domain-kernel';
import type { EventStore, RecordedEvent } from '#event-store';
import type { SqlPool } from '#platform';
import { approvalFromRecorded, approvalListCommand } from './approval-list-command.js';
import type { BackgroundService } from '../background/background-service.js';
import { ADMISSION_LISTING_CHECKPOINT } from './admission-listing.migrations.js';

export type ListingOutcome = 'applied' | 'replayed' | 'already_in_force' | 'refused';

export interface AdmissionListingDependencies {
  /** Where the checkpoint and the outcomes live (PostgreSQL, or the embedded PGlite). */
  readonly pool: SqlPool;
  readonly eventStore: EventStore;
  /** Default: `new CommandPipeline(eventStore)`, like the API's. */
  readonly pipeline?: CommandPipeline;
  /** Refusals and failures, one structured entry each (codes and ids only). Default: a JSON line on stderr. */
  readonly log?: (entry: Readonly<Record<string, unknown>>) => void;
}

export interface AdmissionListingOptions {
  /** Approvals per page (one checkpoint transaction). */
  readonly batchSize?: number;
  /** Pause when there was nothing to do. */
  readonly pollIntervalMs?: number;
  /** How long a claimed page keeps other workers off (database clock). */
  readonly leaseMs?: number;
  /**
   * With no approval to handle, how often the checkpoint is still moved up to the log's head (so the
   * filtered read stays short). In between, an idle poll only reads: no write transaction, which would
   * hold back every global-log reader on the server for its duration.
   */
  readonly idleAdvanceMs?: number;
}

export interface ListingStep {
  /** Approvals handled in this page. */
  readonly handled: number;
  /** Another worker held the page (lease), or moved the checkpoint first: nothing was done. */
  readonly skipped: boolean;
  readonly outcomes: Readonly<Partial<Record<ListingOutcome, number>>>;
}

interface Handled {
  readonly event: RecordedEvent;
  readonly requestId: string;
  readonly listStream: string;
  readonly listCommandId: string;
  readonly outcome: ListingOutcome;
  readonly code?: string;
  readonly detail?: string;
}

/**
 * The process manager that closes the approval → list gap (issue #10): it follows `AdmissionApproved`
 * on the global log from a checkpoint in PostgreSQL and runs, for each, the list command the API runs
 * right after approving, with the same command id (`approvalListCommand`). Whether the API did it,
 * or died between its two appends, the item joins its list once: a repeated command id is answered
 * from the list stream.
 *
 * One worker at a time handles a page: it takes a lease on the checkpoint row (an UPDATE, so the row
 * lock decides between workers) before reading, and commits the outcomes and the new position in one
 * transaction only if it still holds the lease and the position did not move. No transaction stays
 * open across event-store calls (the embedded database is one session); a page redone after a lost
 * lease or a crash only replays commands.
 */
export class AdmissionListingService implements BackgroundService {
  readonly name = 'admission-listing';
  private readonly pipeline: CommandPipeline;
  private readonly log: (entry: Readonly<Record<string, unknown>>) => void;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly leaseMs: number;
  private readonly idleAdvanceMs: number;
  private lastAdvancedAt = 0;
  private readonly token = randomUUID();
  private loop: Promise<void> | undefined;
  private running = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly deps: AdmissionListingDependencies,
    options: AdmissionListingOptions = {},
  ) {
    this.pipeline = deps.pipeline ?? new CommandPipeline(deps.eventStore);
    this.log = deps.log ?? ((entry) => process.stderr.write(`${JSON.stringify(entry)}\n`));
    this.batchSize = options.batchSize ?? 100;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.idleAdvanceMs = options.idleAdvanceMs ?? 10_000;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops after the page in hand. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
  }

  /**
   * Handles pages until the checkpoint has passed `through` (default: the log's head now) and a page
   * comes back empty. The log shows an event only once every older transaction has ended, so it waits
   * for the head to reach `through` rather than sleeping. For tests and one-shot runs.
   */
  async runUntilIdle(
    options: { through?: bigint; timeoutMs?: number } = {},
  ): Promise<Partial<Record<ListingOutcome, number>>> {
    const through = options.through ?? (await this.deps.eventStore.headPosition());
    const giveUpAt = Date.now() + (options.timeoutMs ?? 15_000);
    const totals: Partial<Record<ListingOutcome, number>> = {};
    for (;;) {
      const step = await this.step({ advanceIdle: true });
      for (const [outcome, count] of Object.entries(step.outcomes))
        totals[outcome as ListingOutcome] = (totals[outcome as ListingOutcome] ?? 0) + count;
      if (step.handled > 0) continue;
      if (!step.skipped && ((await this.checkpoint()) ?? -1n) >= through) return totals;
      if (Date.now() > giveUpAt)
        throw new Error(`admission-listing: the checkpoint did not reach position ${through} in time`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** The position of the last approval handled (or of the log's head when the last page was empty). */
  async checkpoint(): Promise<bigint | undefined> {
    const { rows } = await this.deps.pool.query<{ position: string | null }>(
      'SELECT position::text AS position FROM admission_listing_checkpoints WHERE name = $1',
      [ADMISSION_LISTING_CHECKPOINT],
    );
    const position = rows[0]?.position;
    return position === null || position === undefined ? undefined : BigInt(position);
  }

  /**
   * One page: lease the checkpoint, read the approvals after it, run their list commands, commit.
   * With no approval after the checkpoint it writes nothing, unless the checkpoint is due to move up
   * to the head (`idleAdvanceMs`, or `advanceIdle`).
   */
  async step(options: { advanceIdle?: boolean } = {}): Promise<ListingStep> {
    const seen = await this.checkpoint();
    const head = await this.deps.eventStore.headPosition();
    const [pending] = await this.readPage(seen, 1);
    if (pending === undefined) {
      const due = options.advanceIdle === true || Date.now() - this.lastAdvancedAt >= this.idleAdvanceMs;
      if (head === 0n || (seen !== undefined && head <= seen) || !due)
        return { handled: 0, skipped: false, outcomes: {} };
    }
    const claimed = await this.deps.pool.query<{ position: string | null }>(
      `UPDATE admission_listing_checkpoints
       SET lease_token = $2, leased_until = clock_timestamp() + make_interval(secs => $3::float8 / 1000), updated_at = now()
       WHERE name = $1 AND (leased_until IS NULL OR leased_until < clock_timestamp() OR lease_token = $2)
       RETURNING position::text AS position`,
      [ADMISSION_LISTING_CHECKPOINT, this.token, this.leaseMs],
    );
    if (claimed.rows.length === 0) return { handled: 0, skipped: true, outcomes: {} };
    const raw = claimed.rows[0]!.position;
    const from = raw === null ? undefined : BigInt(raw);
    try {
      // The head was read first: every event up to it is visible to the read below, so a page shorter
      // than asked for means there is no approval up to the head, and the checkpoint may move there.
      const events = await this.readPage(from, this.batchSize);
      const handled: Handled[] = [];
      for (const event of events) {
        const done = await this.handle(event);
        if (done) handled.push(done);
      }
      const last = events.length > 0 ? events[events.length - 1]!.globalPosition : undefined;
      const full = events.length >= this.batchSize;
      let next = last ?? from;
      if (!full && head > 0n && (next === undefined || head > next)) next = head;
      const committed = await this.commit(from, next, handled);
      if (committed) this.lastAdvancedAt = Date.now();
      const outcomes: Partial<Record<ListingOutcome, number>> = {};
      for (const h of handled) outcomes[h.outcome] = (outcomes[h.outcome] ?? 0) + 1;
      return committed
        ? { handled: handled.length, skipped: false, outcomes }
        : { handled: 0, skipped: true, outcomes: {} };
    } catch (error) {
      await this.release().catch(() => undefined);
      throw error;
    }
  }

  private async readPage(after: bigint | undefined, maxCount: number): Promise<RecordedEvent[]> {
    const events = await this.deps.eventStore.readAll({
      after: after ?? 0n,
      maxCount,
      filter: { eventTypePrefixes: ['AdmissionApproved'], streamPrefixes: ['admission-'] },
    });
    return events.filter((event) => event.type === 'AdmissionApproved');
  }

  /** Runs the approval's list command; a domain refusal is an outcome, anything else (an outage) is thrown. */
  private async handle(event: RecordedEvent): Promise<Handled | undefined> {
    const approval = approvalFromRecorded(event);
    if (approval === undefined) {
      this.log({
        event: 'admission.listing_skipped',
        approvalEventId: event.id,
        reason: 'no command id in the metadata',
      });
      return undefined;
    }
    const { stream, command, context } = approvalListCommand(approval.approved, approval.origin);
    const base = {
      event,
      requestId: approval.approved.data.requestId,
      listStream: stream,
      listCommandId: context.commandId,
    };
    try {
      const result = await this.pipeline.handle(responsibilityListDecider, stream, command, context);
      return { ...base, outcome: result.replayed ? 'replayed' : 'applied' };
    } catch (error) {
      if (!isDomainError(error)) throw error;
      if (
        error.code === ListErrorCode.itemAlreadyInForce &&
        (await this.listedFor(stream, command.data.item.code, base.requestId))
      ) {
        return { ...base, outcome: 'already_in_force' };
      }
      this.log({
        event: 'admission.list_item_refused',
        requestId: base.requestId,
        code: error.code,
        listKind: command.data.kind,
        itemCode: command.data.item.code,
        approvalEventId: event.id,
        by: this.name,
      });
      return { ...base, outcome: 'refused', code: error.code, detail: error.message };
    }
  }

  /** True when the code is on the list as this request's item (added under another command id). */
  private async listedFor(stream: string, code: string, requestId: string): Promise<boolean> {
    let state: ResponsibilityListState = responsibilityListDecider.initialState();
    for (const recorded of await this.deps.eventStore.readStream(stream)) {
      state = responsibilityListDecider.evolve(state, { type: recorded.type, data: recorded.data } as never);
    }
    return state.status === 'published' && state.items[code]?.admissionRequestId === requestId;
  }

  /** Outcomes and the new position in one transaction, only under this worker's lease and from the position it read. */
  private async commit(
    from: bigint | undefined,
    next: bigint | undefined,
    handled: readonly Handled[],
  ): Promise<boolean> {
    const client = await this.deps.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ position: string | null; lease_token: string | null }>(
        'SELECT position::text AS position, lease_token::text AS lease_token FROM admission_listing_checkpoints WHERE name = $1 FOR UPDATE',
        [ADMISSION_LISTING_CHECKPOINT],
      );
      const row = rows[0];
      const current =
        row?.position === null || row?.position === undefined ? undefined : BigInt(row.position);
      if (row?.lease_token !== this.token || current !== from) {
        await client.query('ROLLBACK');
        return false;
      }
      for (const h of handled) {
        await client.query(
          `INSERT INTO admission_listing_outcomes
             (approval_event_id, approval_position, request_id, list_stream, list_command_id, outcome, code, detail)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (approval_event_id) DO NOTHING`,
          [
            h.event.id,
            h.event.globalPosition.toString(),
            h.requestId,
            h.listStream,
            h.listCommandId,
            h.outcome,
            h.code ?? null,
            h.detail?.slice(0, 1000) ?? null,
          ],
        );
      }
      await client.query(
        `UPDATE admission_listing_checkpoints SET position = $2, lease_token = NULL, leased_until = NULL, updated_at = now() WHERE name = $1`,
        [ADMISSION_LISTING_CHECKPOINT, next === undefined ? null : next.toString()],
      );
      await client.query('COMMIT');
      return true;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async release(): Promise<void> {
    await this.deps.pool.query(
      'UPDATE admission_listing_checkpoints SET lease_token = NULL, leased_until = NULL WHERE name = $1 AND lease_token = $2',
      [ADMISSION_LISTING_CHECKPOINT, this.token],
    );
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let busy = false;
      try {
        const step = await this.step();
        busy = step.handled > 0;
        failures = 0;
      } catch (error) {
        failures++;
        this.log({
          event: 'admission.listing_failed',
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        });
      }
      if (!this.running) break;
      if (!busy)
        await this.sleep(
          failures > 0 ? Math.min(30_000, this.pollIntervalMs * 2 ** failures) : this.pollIntervalMs,
        );
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    }).finally(() => (this.wake = undefined));
  }
}

export function createAdmissionListingService(
  deps: AdmissionListingDependencies,
  options?: AdmissionListingOptions,
): AdmissionListingService {
  return new AdmissionListingService(deps, options);
}
