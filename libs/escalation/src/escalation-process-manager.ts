import { randomUUID } from 'node:crypto';
import { CommandPipeline, PreconditionFailedError } from '#command-pipeline';
import type { EventStore, RecordedEvent } from '#event-store';
import {
  caseStreamName,
  createCaseDecider,
  type CaseCommand,
  type CaseEvent,
  type CaseState,
} from '#case-domain';
import type { Decider } from '#domain-kernel';
import { BackgroundLoop, type SqlPool } from '#platform';
import { ProjectionRunner } from '#projections/framework';
import { escalationFollower } from './escalation-follower.js';
import { defaultEscalationConfig, type EscalationConfig } from './escalation-config.js';
import { planFire } from './fire-plan.js';
import { RegistryHandlingUnits, type HandlingUnitDirectory } from './handling-units.js';
import {
  ESCALATION_ACTOR,
  claimDueTimers,
  releaseFailedTimer,
  settleTimers,
  type ClaimedTimer,
  type TimerSettlement,
} from './timer-store.js';

export interface EscalationDependencies {
  /** Where the timers and the checkpoint live (PostgreSQL, or the embedded PGlite). */
  readonly pool: SqlPool;
  readonly eventStore: EventStore;
  /** Business time. Production: `() => new Date()`; tests move it. */
  readonly clock?: () => Date;
  /** Default: `createCaseDecider({ policy: config.casePolicy })`. */
  readonly decider?: Decider<CaseCommand, CaseEvent, CaseState>;
  /** Default: `new CommandPipeline(eventStore)`. */
  readonly pipeline?: CommandPipeline;
  /** Default: the registry's handling chain (`RegistryHandlingUnits`). */
  readonly handlingUnits?: HandlingUnitDirectory;
  /** Told about every failure (for logs); never given event data (it holds personal data). */
  readonly onError?: (
    error: unknown,
    context: { step: 'follow' | 'fire' | 'loop'; timerId?: string; caseId?: string },
  ) => void;
  /**
   * Fault injection for the crash tests only: awaited after a batch's commands were sent and
   * before the batch is recorded as fired. Never set in production.
   */
  readonly afterFireBeforeSettle?: (timers: readonly ClaimedTimer[]) => Promise<void>;
}

export interface FireResult {
  readonly claimed: number;
  readonly fired: number;
  readonly cancelled: number;
  readonly failed: number;
}

export interface EscalationStatus {
  readonly checkpoint: bigint | undefined;
  readonly timers: Readonly<Record<string, number>>;
  readonly overdueScheduled: number;
}

/**
 * The escalation process manager (docs/domain.md §4). It follows the case events from its checkpoint
 * as a log consumer (`escalationFollower`, run by the log-consumer framework like every read model),
 * keeps durable deadlines in `escalation_timers` (written in the same transaction as the checkpoint),
 * and fires the due ones through the command pipeline with the case decider: supervise an unsigned
 * dispatch, then escalate it; escalate past a level's limit; dispatch to the handling unit of the
 * new level after any escalation (deadline, mediation failure, risk flag, manual).
 *
 * Exactly once: a timer's command id is uuid v5 of its id, so a re-fired timer (after a crash, or a
 * lease taken over) is answered from the stream; a concurrent change to the case makes it plan again
 * on fresh state, and a timer the case has moved past is cancelled, not failed.
 */
export class EscalationProcessManager {
  readonly name = 'escalation';
  private readonly clock: () => Date;
  private readonly decider: Decider<CaseCommand, CaseEvent, CaseState>;
  private readonly pipeline: CommandPipeline;
  private readonly handlingUnits: HandlingUnitDirectory;
  /** Follows the case events: timers and checkpoint in one transaction. */
  private readonly follower: ProjectionRunner;
  private readonly token = randomUUID();
  /** Fires due timers; the follower runs its own loop. */
  private readonly firing = new BackgroundLoop(() => this.fireRound());
  private fireFailures = 0;

  constructor(
    private readonly deps: EscalationDependencies,
    private readonly config: EscalationConfig = defaultEscalationConfig,
  ) {
    this.clock = deps.clock ?? (() => new Date());
    this.decider = deps.decider ?? createCaseDecider({ policy: config.casePolicy });
    this.pipeline = deps.pipeline ?? new CommandPipeline(deps.eventStore);
    this.handlingUnits =
      deps.handlingUnits ?? new RegistryHandlingUnits(deps.eventStore, this.clock, config.registryTtlMs);
    this.follower = new ProjectionRunner(
      escalationFollower(config.rules),
      { pool: deps.pool, eventStore: deps.eventStore },
      {
        // Fixed pages: a timer row many events touch is held only as long as one page's transaction.
        batchSize: config.eventBatchSize,
        maxBatchSize: config.eventBatchSize,
        pollIntervalMs: config.pollIntervalMs,
        onError: (_consumer, error) => deps.onError?.(error, { step: 'follow' }),
      },
    );
  }

  /** Starts following and firing in the background. Idempotent. */
  async start(): Promise<void> {
    if (!this.config.enabled) return;
    this.follower.start();
    this.firing.start();
  }

  /** Stops after the step in hand (a committed checkpoint, or a recorded batch). */
  async stop(): Promise<void> {
    await Promise.all([this.firing.stop(), this.follower.stop()]);
  }

  /**
   * Follows the log and fires due timers until there is nothing left to do at the clock's current
   * time; the events the fired commands caused are followed too. For tests and one-shot runs.
   * The log only shows events once every older transaction in the database has ended, so "caught
   * up" is measured against positions: `through` (e.g. the position of the last event a test
   * appended) and the heads of the cases this run fired into; it waits for those, up to `timeoutMs`.
   */
  async runUntilIdle(options: { through?: bigint; timeoutMs?: number } = {}): Promise<void> {
    let target = options.through ?? 0n;
    const giveUpAt = Date.now() + (options.timeoutMs ?? 15_000);
    for (;;) {
      const followed = await this.follower.catchUp({
        through: target,
        timeoutMs: Math.max(0, giveUpAt - Date.now()),
      });
      const touched = new Set<string>();
      const fired = await this.fireDue(touched);
      for (const caseId of touched) {
        const [last] = await this.deps.eventStore.readStream(caseStreamName(caseId), {
          direction: 'backwards',
          maxCount: 1,
        });
        if (last && last.globalPosition > target) target = last.globalPosition;
      }
      if (followed === 0 && fired.claimed === 0 && touched.size === 0) return;
    }
  }

  /** Applies every case event after the checkpoint; returns how many were applied. */
  followUntilCaughtUp(): Promise<number> {
    return this.follower.catchUp();
  }

  /** Claims and fires due batches until none is left; returns the totals. */
  async fireDue(touched?: Set<string>): Promise<FireResult> {
    const total = { claimed: 0, fired: 0, cancelled: 0, failed: 0 };
    for (;;) {
      const batch = await this.fireBatch(touched);
      total.claimed += batch.claimed;
      total.fired += batch.fired;
      total.cancelled += batch.cancelled;
      total.failed += batch.failed;
      if (batch.claimed === 0) return total;
    }
  }

  /**
   * One batch: claim due timers (`FOR UPDATE SKIP LOCKED`), fire them (one case's timers in due
   * order, different cases concurrently), then record the outcomes in one transaction.
   */
  async fireBatch(touched?: Set<string>): Promise<FireResult> {
    const now = this.clock();
    const timers = await claimDueTimers(
      this.deps.pool,
      now,
      this.config.batchSize,
      this.config.claimLeaseMs,
      this.token,
    );
    if (timers.length === 0) return { claimed: 0, fired: 0, cancelled: 0, failed: 0 };
    const byCase = new Map<string, ClaimedTimer[]>();
    for (const timer of timers) byCase.set(timer.caseId, [...(byCase.get(timer.caseId) ?? []), timer]);
    const settlements: TimerSettlement[] = [];
    let failed = 0;
    await Promise.all(
      [...byCase.values()].map(async (caseTimers) => {
        for (const timer of caseTimers) {
          try {
            const settlement = await this.fire(timer, now);
            settlements.push(settlement);
            if (settlement.state === 'fired') touched?.add(timer.caseId);
          } catch (error) {
            failed++;
            this.deps.onError?.(error, { step: 'fire', timerId: timer.timerId, caseId: timer.caseId });
            const retryAfterMs = Math.min(60_000, 1000 * 2 ** Math.min(timer.attempts, 6));
            await releaseFailedTimer(
              this.deps.pool,
              this.token,
              timer,
              errorText(error),
              retryAfterMs,
              this.config.maxAttempts,
            ).catch((releaseError) =>
              this.deps.onError?.(releaseError, { step: 'fire', timerId: timer.timerId }),
            );
          }
        }
      }),
    );
    await this.deps.afterFireBeforeSettle?.(timers);
    await settleTimers(this.deps.pool, this.token, settlements, now);
    return {
      claimed: timers.length,
      fired: settlements.filter((s) => s.state === 'fired').length,
      cancelled: settlements.filter((s) => s.state === 'cancelled').length,
      failed,
    };
  }

  private async fire(timer: ClaimedTimer, now: Date): Promise<TimerSettlement> {
    const stream = caseStreamName(timer.caseId);
    const settled = (state: TimerSettlement['state'], outcome: string): TimerSettlement => ({
      timerId: timer.timerId,
      state,
      outcome,
    });
    for (let attempt = 1; attempt <= 5; attempt++) {
      const recorded = await this.deps.eventStore.readStream(stream);
      // Fired before (a crash before the outcome was recorded, or a lease taken over): the
      // stream already holds its events, so nothing is sent again.
      if (recorded.some((event) => event.metadata.commandId === timer.commandId))
        return settled('fired', 'replayed');
      const revision = recorded.length === 0 ? -1n : recorded[recorded.length - 1]!.revision;
      const state = fold(this.decider, recorded);
      const plan = planFire(timer, state, now);
      if (plan.kind === 'moot') return settled('cancelled', `moot:${plan.reason}`);
      const unit =
        plan.unitLevel && state.status !== 'none'
          ? await this.handlingUnits.unitFor(state.location, plan.unitLevel)
          : undefined;
      if (plan.unitRequired && !unit)
        throw new Error(`no handling unit at ${plan.unitLevel} level for the case's location`);
      const command = plan.build(unit, { actor: ESCALATION_ACTOR, now: now.toISOString() });
      try {
        const result = await this.pipeline.handle(this.decider, stream, command, {
          commandId: timer.commandId,
          actor: ESCALATION_ACTOR,
          correlationId: timer.correlationId,
          causationId: timer.causedByEventId,
          occurredAt: now.toISOString(),
          expectedRevision: revision,
        });
        if (result.replayed) return settled('fired', 'replayed');
        if (result.events.length === 0) return settled('cancelled', 'moot:no_change');
        return settled('fired', plan.outcome);
      } catch (error) {
        // The case changed since it was read: plan again on the fresh state.
        if (error instanceof PreconditionFailedError) continue;
        // The decider refused: the case has moved on (e.g. just resolved); the deadline is moot.
        if (isRefusal(error)) return settled('cancelled', `refused:${(error as { code: string }).code}`);
        throw error;
      }
    }
    throw new Error('the case kept changing while the timer fired');
  }

  /** Counts of timers by state, and how many scheduled ones are past due (the backlog). */
  async status(): Promise<EscalationStatus> {
    const position = await this.follower.checkpoint();
    const checkpoint = position === 0n ? undefined : position;
    const { rows } = await this.deps.pool.query<{ state: string; count: string; overdue: string }>(
      `SELECT state, count(*)::text AS count, count(*) FILTER (WHERE due_at <= $1)::text AS overdue
       FROM escalation_timers GROUP BY state`,
      [this.clock().toISOString()],
    );
    const timers: Record<string, number> = {};
    let overdueScheduled = 0;
    for (const row of rows) {
      timers[row.state] = Number(row.count);
      if (row.state === 'scheduled') overdueScheduled = Number(row.overdue);
    }
    return { checkpoint, timers, overdueScheduled };
  }

  /** One round of the firing loop; answers how long to wait before the next (backing off after failures). */
  private async fireRound(): Promise<number> {
    try {
      const busy = (await this.fireBatch()).claimed > 0;
      this.fireFailures = 0;
      return busy ? 0 : this.config.pollIntervalMs;
    } catch (error) {
      this.fireFailures++;
      this.deps.onError?.(error, { step: 'loop' });
      return Math.min(30_000, this.config.pollIntervalMs * 2 ** this.fireFailures);
    }
  }
}

function fold(
  decider: Decider<CaseCommand, CaseEvent, CaseState>,
  recorded: readonly RecordedEvent[],
): CaseState {
  let state = decider.initialState();
  for (const event of recorded)
    state = decider.evolve(state, { type: event.type, data: event.data } as CaseEvent);
  return state;
}

/** A domain refusal (typed error with a stable code), as opposed to an outage or a bug. */
function isRefusal(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { kind?: unknown }).kind === 'string' &&
    /^[A-Z_]+\./.test((error as { code: string }).code)
  );
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
