import type { RecordedEvent } from '#event-store';
import type { JurisdictionLevel } from '#case-domain';
import { inTransaction, retryOnDeadlock, type SqlClient, type SqlPool } from '#platform';
import {
  commandIdFor,
  timerIdFor,
  timerActionsFor,
  type TimerKind,
  type TimerRules,
  type TimerState,
  type TimerToRearm,
} from './escalation-timers.js';
import type { DueTimer } from './fire-plan.js';

/** The escalation follower's name among the log consumers (its checkpoint's key). */
export const CHECKPOINT_NAME = 'escalation';

/** The actor recorded on every event the process manager causes. */
export const ESCALATION_ACTOR = 'system:escalation';

/** A timer claimed for firing. */
export interface ClaimedTimer extends DueTimer {
  readonly caseRevision: bigint;
  readonly commandId: string;
  readonly causedByEventId: string;
  readonly correlationId: string;
  readonly attempts: number;
}

/** What became of a fired timer. */
export interface TimerSettlement {
  readonly timerId: string;
  readonly state: Extract<TimerState, 'fired' | 'cancelled'>;
  readonly outcome: string;
}

const caseIdOf = (event: RecordedEvent): string => event.stream.slice('case-'.length);

/** Applies one case event's timer actions inside the caller's transaction. */
export async function applyCaseEvent(
  client: SqlClient,
  event: RecordedEvent,
  rules: TimerRules,
): Promise<void> {
  const caseId = caseIdOf(event);
  const commandId = event.metadata.commandId;
  if (event.metadata.actor === ESCALATION_ACTOR && typeof commandId === 'string') {
    // The log proves the timer fired (its worker may have died before recording it): record it
    // now, before this very event's cancellations could mistake it for a moot one.
    await client.query(
      `UPDATE escalation_timers SET state = 'fired', fired_at = $2, outcome = 'recorded_from_log', cancelled_at = NULL,
              claim_token = NULL, claimed_until = NULL, updated_at = now()
       WHERE command_id = $1 AND state <> 'fired'`,
      [commandId, event.metadata.occurredAt],
    );
  }
  // One statement for the cancellations and one for the new timers of an event (round trips are
  // what following costs), then the re-arms, which read what the cancellations left.
  const actions = timerActionsFor(event, rules);
  const cancels: Array<{ kind: string; outcome: string; subject: string | null }> = [];
  const schedules: Array<Record<string, string | null>> = [];
  const rearms: TimerToRearm[] = [];
  for (const action of actions) {
    switch (action.op) {
      case 'cancel':
        for (const kind of action.kinds) {
          // The first reason given for a kind is the one recorded.
          if (!cancels.some((c) => c.kind === kind && c.subject === (action.subject ?? null))) {
            cancels.push({ kind, outcome: `moot:${action.reason}`, subject: action.subject ?? null });
          }
        }
        break;
      case 'schedule': {
        const timerId = timerIdFor(caseId, action.kind, event.revision);
        schedules.push({
          timer_id: timerId,
          kind: action.kind,
          due_at: action.dueAt,
          deadline_due_at: action.deadlineDueAt ?? null,
          level: action.level,
          command_id: commandIdFor(timerId),
          subject: action.subject ?? null,
        });
        break;
      }
      case 'rearm':
        rearms.push(action);
        break;
      default: {
        const unknown: never = action;
        throw new Error(`unknown timer action ${JSON.stringify(unknown)}`);
      }
    }
  }
  if (cancels.length > 0) {
    // Only timers set by earlier events: re-applying an event never cancels what it set itself.
    await client.query(
      `UPDATE escalation_timers t SET state = 'cancelled', cancelled_at = now(), updated_at = now(), outcome = c.outcome
       FROM jsonb_to_recordset($3::jsonb) AS c(kind text, outcome text, subject text)
       WHERE t.case_id = $1 AND t.state = 'scheduled' AND t.kind = c.kind AND t.case_revision < $2
         AND (c.subject IS NULL OR t.subject = c.subject)`,
      [caseId, event.revision.toString(), JSON.stringify(cancels)],
    );
  }
  if (schedules.length > 0) {
    await client.query(
      `INSERT INTO escalation_timers
         (timer_id, case_id, kind, due_at, deadline_due_at, case_revision, level, command_id, caused_by_event_id, correlation_id, subject)
       SELECT x.timer_id, $1, x.kind, x.due_at, x.deadline_due_at, $2,
              COALESCE(x.level, (SELECT level FROM escalation_timers WHERE case_id = $1 AND level IS NOT NULL
                                 ORDER BY case_revision DESC LIMIT 1)),
              x.command_id, $3, $4, x.subject
       FROM jsonb_to_recordset($5::jsonb)
         AS x(timer_id uuid, kind text, due_at timestamptz, deadline_due_at timestamptz, level text, command_id uuid, subject text)
       ON CONFLICT (timer_id) DO NOTHING`,
      [caseId, event.revision.toString(), event.id, event.metadata.correlationId, JSON.stringify(schedules)],
    );
  }
  for (const action of rearms) {
    const timerId = timerIdFor(caseId, action.kind, event.revision);
    await client.query(
      `WITH last AS (
         SELECT * FROM escalation_timers WHERE case_id = $2 AND kind = $7 AND case_revision < $3
         ORDER BY case_revision DESC LIMIT 1)
       INSERT INTO escalation_timers
         (timer_id, case_id, kind, due_at, deadline_due_at, case_revision, level, command_id, caused_by_event_id, correlation_id, subject)
       SELECT $1, case_id, kind, due_at, deadline_due_at, $3, level, $4, $5, $6, subject FROM last WHERE last.state = 'cancelled'
       ON CONFLICT (timer_id) DO NOTHING`,
      [
        timerId,
        caseId,
        event.revision.toString(),
        commandIdFor(timerId),
        event.id,
        event.metadata.correlationId,
        action.kind,
      ],
    );
  }
}

interface TimerRow {
  timer_id: string;
  case_id: string;
  kind: TimerKind;
  due_ms: number;
  deadline_due_ms: number | null;
  case_revision: string;
  level: JurisdictionLevel | null;
  subject: string | null;
  command_id: string;
  caused_by_event_id: string;
  correlation_id: string;
  attempts: number;
}

/**
 * Claims up to `limit` scheduled timers due at `now` (the process manager's clock) whose lease is
 * free, with `FOR UPDATE SKIP LOCKED` so concurrent workers take disjoint rows. The lease runs on
 * the database's clock, the same for every worker.
 */
export async function claimDueTimers(
  pool: SqlPool,
  now: Date,
  limit: number,
  leaseMs: number,
  token: string,
): Promise<ClaimedTimer[]> {
  const { rows } = await pool.query<TimerRow>(
    `WITH due AS (
       SELECT timer_id FROM escalation_timers
       WHERE state = 'scheduled' AND due_at <= $1 AND (claimed_until IS NULL OR claimed_until < clock_timestamp())
       ORDER BY due_at, timer_id
       LIMIT $2
       FOR UPDATE SKIP LOCKED)
     UPDATE escalation_timers t
     SET claim_token = $3, claimed_until = clock_timestamp() + make_interval(secs => $4::float8 / 1000),
         attempts = t.attempts + 1, updated_at = now()
     FROM due WHERE t.timer_id = due.timer_id
     RETURNING t.timer_id, t.case_id, t.kind, extract(epoch FROM t.due_at)::float8 * 1000 AS due_ms,
               extract(epoch FROM t.deadline_due_at)::float8 * 1000 AS deadline_due_ms, t.case_revision::text AS case_revision,
               t.level, t.subject, t.command_id, t.caused_by_event_id, t.correlation_id, t.attempts`,
    [now.toISOString(), limit, token, leaseMs],
  );
  return rows
    .map((row) => ({
      timerId: row.timer_id,
      caseId: row.case_id,
      kind: row.kind,
      dueAt: new Date(Math.round(Number(row.due_ms))),
      deadlineDueAt: row.deadline_due_ms === null ? null : new Date(Math.round(Number(row.deadline_due_ms))),
      level: row.level,
      subject: row.subject,
      caseRevision: BigInt(row.case_revision),
      commandId: row.command_id,
      causedByEventId: row.caused_by_event_id,
      correlationId: row.correlation_id,
      attempts: Number(row.attempts),
    }))
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || (a.timerId < b.timerId ? -1 : 1));
}

/**
 * Records what the fired timers did, in one transaction. Only rows still held under `token` are
 * written: if a lease ran out and another worker took a timer over, that worker records it (and
 * finds the command already in the stream). A timer cancelled while it fired is recorded as fired
 * when its command did act: the stream is the truth.
 */
export async function settleTimers(
  pool: SqlPool,
  token: string,
  settlements: readonly TimerSettlement[],
  firedAt: Date,
): Promise<number> {
  if (settlements.length === 0) return 0;
  // Rows in one order (another worker's follower may be recording the same timers from the log).
  const ordered = [...settlements].sort((a, b) =>
    a.timerId < b.timerId ? -1 : a.timerId > b.timerId ? 1 : 0,
  );
  return retryOnDeadlock(() =>
    inTransaction(pool, async (client) => {
      let settled = 0;
      for (const s of ordered) {
        const result = await client.query(
          s.state === 'fired'
            ? `UPDATE escalation_timers SET state = 'fired', fired_at = $3, outcome = $4, claim_token = NULL, claimed_until = NULL,
                    last_error = NULL, cancelled_at = NULL, updated_at = now()
             WHERE timer_id = $1 AND claim_token = $2 AND state <> 'fired'`
            : `UPDATE escalation_timers SET state = 'cancelled', cancelled_at = $3, outcome = $4, claim_token = NULL, claimed_until = NULL,
                    updated_at = now()
             WHERE timer_id = $1 AND claim_token = $2 AND state = 'scheduled'`,
          [s.timerId, token, firedAt.toISOString(), s.outcome],
        );
        settled += result.rowCount ?? 0;
      }
      return settled;
    }),
  );
}

/** A failed attempt: free the claim, try again after `retryAfterMs`, or set the timer aside as `failed`. */
export async function releaseFailedTimer(
  pool: SqlPool,
  token: string,
  timer: ClaimedTimer,
  error: string,
  retryAfterMs: number,
  maxAttempts: number,
): Promise<void> {
  await pool.query(
    `UPDATE escalation_timers
     SET claim_token = NULL, last_error = $3, updated_at = now(),
         claimed_until = clock_timestamp() + make_interval(secs => $4::float8 / 1000),
         state = CASE WHEN attempts >= $5 THEN 'failed' ELSE state END
     WHERE timer_id = $1 AND claim_token = $2 AND state = 'scheduled'`,
    [timer.timerId, token, error.slice(0, 500), retryAfterMs, maxAttempts],
  );
}
