import {
  DomainError,
  endOfLocalDay,
  formatCst,
  isInstant,
  isLocalDate,
  localDateOf,
  parseInstant,
  toCst,
} from '#domain-kernel';
import type { BusinessTimePolicy } from '../policy/case-policy.js';
import type { CaseCommand } from './case.commands.js';
import { CaseErrorCode, invalidCommand } from './case.errors.js';
import type { CaseEvent } from './case.events.js';
import type { CaseState } from './case.state.js';
import type { Moment } from './case.types.js';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Fields some commands already had for the instant their fact happened; they name the same instant as
 * `occurredAt` and are kept for the clients that send them.
 */
function aliasOf(command: CaseCommand): { field: string; value: unknown } | undefined {
  switch (command.type) {
    case 'RecordMediationSession':
      return { field: 'heldAt', value: command.data.heldAt };
    case 'ServeDecision':
      return { field: 'servedAt', value: command.data.servedAt };
    case 'RequestReview':
    case 'RequestReReview':
      return { field: 'receivedAt', value: command.data.receivedAt };
    default:
      return undefined;
  }
}

/** Problems with the business time a command names (400): format, and aliases that disagree with it. */
function problemsOf(command: CaseCommand): string[] {
  const problems: string[] = [];
  const { occurredAt, backdatingReason } = command.metadata;
  if (occurredAt !== undefined && !isInstant(occurredAt))
    problems.push('occurredAt must be an ISO-8601 instant with an offset, e.g. 2026-03-09T10:00:00+08:00');
  if (
    backdatingReason !== undefined &&
    (typeof backdatingReason !== 'string' || backdatingReason.trim() === '')
  )
    problems.push('backdatingReason must be a non-empty string');
  const alias = aliasOf(command);
  if (alias && alias.value !== undefined) {
    if (!isInstant(alias.value)) problems.push(`${alias.field} must be an ISO-8601 instant with an offset`);
    else if (isInstant(occurredAt) && parseInstant(alias.value) !== parseInstant(occurredAt))
      problems.push(`${alias.field} and occurredAt name different instants; send occurredAt only`);
  }
  if (command.type === 'RecordPayment' && isLocalDate(command.data.paidOn)) {
    if (isInstant(occurredAt) && localDateOf(occurredAt) !== command.data.paidOn)
      problems.push('paidOn must be the date (China Standard Time) of occurredAt');
    if (isInstant(command.metadata.now) && command.data.paidOn > localDateOf(command.metadata.now))
      problems.push('paidOn may not be later than today');
  }
  return problems;
}

/**
 * The business time of a command, in CST notation: when its fact happened in the world (a letter
 * received, a notice served on the party, a request made, a payment made), as opposed to `now`, when it
 * is recorded. `occurredAt` (or the older field naming the same instant) when given, else now. A payment
 * given only by its date happened at the latest at the end of that day, and not after now. An instant a
 * little after now (the client's clock runs ahead, at most `maxClockSkewSeconds`) is taken as now: no fact
 * is recorded before it happened. The API, the worker and the CLIs put this into the events' metadata
 * (`occurredAt`), the decider checks it (`resolveMoment`).
 */
export function occurredAtOf(command: CaseCommand): string {
  const now = parseInstant(command.metadata.now);
  const alias = aliasOf(command);
  const given = command.metadata.occurredAt ?? (alias && isInstant(alias.value) ? alias.value : undefined);
  if (isInstant(given)) return formatCst(Math.min(parseInstant(given), now));
  if (command.type === 'RecordPayment' && isLocalDate(command.data.paidOn))
    return formatCst(Math.min(parseInstant(endOfLocalDay(command.data.paidOn)) - 1, now));
  return toCst(command.metadata.now);
}

/** The business time of the latest fact of a case that later facts follow (supervisions are no step of it). */
export function factTimeAfter(state: CaseState, event: CaseEvent, next: CaseState): string | undefined {
  if (next.status === 'none') return undefined;
  const previous = state.status === 'none' ? undefined : state.lastFactAt;
  if (event.type === 'DispatchSupervised' || event.type === 'LateEntryJustified') return previous;
  const at = next.lastChangedAt;
  if (previous === undefined || !isInstant(previous)) return at;
  return parseInstant(at) > parseInstant(previous) ? at : previous;
}

/**
 * Checks the business time of a command against the case and the policy (each refusal 422 with its own
 * code) and gives the moment it is decided at:
 * - not in the future beyond the clock skew (`CASE.OCCURRED_IN_FUTURE`);
 * - when the command names it, not before the business time of the latest fact of the case
 *   (`CASE.OCCURRED_BEFORE_PREVIOUS_FACT`): a fact follows the one recorded before it;
 * - not older than the backdating window unless the command says why (`CASE.BACKDATING_REASON_REQUIRED`).
 */
export function resolveMoment(command: CaseCommand, state: CaseState, policy: BusinessTimePolicy): Moment {
  const problems = problemsOf(command);
  if (problems.length > 0) throw invalidCommand(command.type, problems);
  const now = toCst(command.metadata.now);
  const nowMs = parseInstant(now);
  const named = command.metadata.occurredAt ?? aliasOf(command)?.value;
  if (typeof named === 'string' && parseInstant(named) > nowMs + policy.maxClockSkewSeconds * 1000) {
    throw new DomainError(
      CaseErrorCode.occurredInFuture,
      'unprocessable',
      `${command.type}: occurredAt ${toCst(named)} is in the future (now ${now}); a fact is recorded after it happens`,
      {
        command: command.type,
        occurredAt: toCst(named),
        now,
        maxClockSkewSeconds: policy.maxClockSkewSeconds,
      },
    );
  }
  const at = occurredAtOf(command);
  const atMs = parseInstant(at);
  // Only a named business time is held against the facts before it: a command that happened "now" may be
  // decided a few milliseconds after a concurrent one stamped later, and is no less a fact for that.
  const dated =
    named !== undefined || (command.type === 'RecordPayment' && command.data.paidOn !== undefined);
  if (
    dated &&
    state.status !== 'none' &&
    isInstant(state.lastFactAt) &&
    atMs < parseInstant(state.lastFactAt)
  ) {
    throw new DomainError(
      CaseErrorCode.occurredBeforePreviousFact,
      'unprocessable',
      `${command.type}: occurredAt ${at} is before the latest fact of the case (${state.lastFactAt}); a fact follows the one recorded before it`,
      { command: command.type, occurredAt: at, previousFactAt: state.lastFactAt },
    );
  }
  const windowMs = policy.backdatingWindowDays * DAY_MS;
  if (nowMs - atMs > windowMs && command.metadata.backdatingReason === undefined) {
    throw new DomainError(
      CaseErrorCode.backdatingReasonRequired,
      'unprocessable',
      `${command.type}: occurredAt ${at} is more than ${policy.backdatingWindowDays} days before now (${now}); say why it is recorded so late (backdatingReason)`,
      { command: command.type, occurredAt: at, now, backdatingWindowDays: policy.backdatingWindowDays },
    );
  }
  return { actor: command.metadata.actor, at, now };
}

/** The record of why a fact is entered after it happened, when the command gave a reason. */
export function lateEntry(command: CaseCommand, caseId: string, moment: Moment): CaseEvent[] {
  const reason = command.metadata.backdatingReason;
  if (reason === undefined || parseInstant(moment.at) >= parseInstant(moment.now)) return [];
  return [
    {
      type: 'LateEntryJustified',
      data: {
        caseId,
        command: command.type,
        occurredAt: moment.at,
        recordedAt: moment.now,
        hoursLate: Math.floor((parseInstant(moment.now) - parseInstant(moment.at)) / HOUR_MS),
        reason,
      },
    },
  ];
}
