import { ListErrorCode, responsibilityListDecider, type ResponsibilityListState } from '#admission-domain';
import { CommandPipeline } from '#command-pipeline';
import { isDomainError } from '#domain-kernel';
import type { EventStore, RecordedEvent } from '#event-store';
import type { SqlClient, SqlPool } from '#platform';
import { defineLogConsumer, ProjectionRunner } from '#projections/framework';
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
 * on the global log and runs, for each, the list command the API runs right after approving, with the
 * same command id (`approvalListCommand`). Whether the API did it, or died between its two appends,
 * the item joins its list once: a repeated command id is answered from the list stream.
 *
 * A reactor on the log-consumer framework (docs/adr/0012): the runner leases the checkpoint row for a
 * page, `react` runs the list commands (no transaction stays open across event-store calls: the
 * embedded database is one session), and `apply` records their outcomes in the transaction that
 * moves the checkpoint. A page redone after a lost lease or a crash only replays commands.
 */
export class AdmissionListingService implements BackgroundService {
  readonly name = 'admission-listing';
  private readonly pipeline: CommandPipeline;
  private readonly log: (entry: Readonly<Record<string, unknown>>) => void;
  private readonly runner: ProjectionRunner;
  /** Outcomes recorded while `runUntilIdle` counts them. */
  private tally: Partial<Record<ListingOutcome, number>> | undefined;

  constructor(
    private readonly deps: AdmissionListingDependencies,
    options: AdmissionListingOptions = {},
  ) {
    this.pipeline = deps.pipeline ?? new CommandPipeline(deps.eventStore);
    this.log = deps.log ?? ((entry) => process.stderr.write(`${JSON.stringify(entry)}\n`));
    const batchSize = options.batchSize ?? 100;
    const consumer = defineLogConsumer({
      name: ADMISSION_LISTING_CHECKPOINT,
      version: 1,
      eventTypes: ['AdmissionApproved'],
      streamPrefixes: ['admission-'],
      react: async (events: readonly RecordedEvent[]): Promise<Handled[]> => {
        const handled: Handled[] = [];
        for (const event of events) {
          const done = await this.handle(event);
          if (done) handled.push(done);
        }
        return handled;
      },
      apply: async (_events, { client, reaction }) => this.record(client, (reaction ?? []) as Handled[]),
    });
    this.runner = new ProjectionRunner(
      consumer,
      { pool: deps.pool, eventStore: deps.eventStore },
      {
        batchSize,
        maxBatchSize: batchSize,
        pollIntervalMs: options.pollIntervalMs ?? 1000,
        leaseMs: options.leaseMs ?? 60_000,
        advanceToHeadEveryMs: options.idleAdvanceMs ?? 10_000,
        onError: (_consumer, error) =>
          this.log({
            event: 'admission.listing_failed',
            error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
          }),
      },
    );
  }

  async start(): Promise<void> {
    this.runner.start();
  }

  /** Stops after the page in hand. */
  async stop(): Promise<void> {
    await this.runner.stop();
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
    const tally: Partial<Record<ListingOutcome, number>> = {};
    this.tally = tally;
    try {
      await this.runner.catchUp({ through, timeoutMs: options.timeoutMs });
    } finally {
      this.tally = undefined;
    }
    return tally;
  }

  /** The position of the last approval handled (or of the log's head when it last moved there); undefined before the first. */
  async checkpoint(): Promise<bigint | undefined> {
    const position = await this.runner.checkpoint();
    return position === 0n ? undefined : position;
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

  /** What the list commands did, in the runner's transaction (the one that moves the checkpoint). */
  private async record(client: SqlClient, handled: readonly Handled[]): Promise<void> {
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
      if (this.tally) this.tally[h.outcome] = (this.tally[h.outcome] ?? 0) + 1;
    }
  }
}

export function createAdmissionListingService(
  deps: AdmissionListingDependencies,
  options?: AdmissionListingOptions,
): AdmissionListingService {
  return new AdmissionListingService(deps, options);
}
