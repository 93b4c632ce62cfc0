import { evolveCase, type CaseEvent, type CaseState, type ReportedCase } from '#case-domain';
import type { RecordedEvent } from '#event-store';
import type { SqlClient } from '#platform';
import { isCaseEventType } from './case-events.js';

/** One event folded into a case: the state before and after, for projectors that count transitions. */
export interface CaseStep {
  readonly event: RecordedEvent;
  readonly caseEvent: CaseEvent;
  readonly before: CaseState;
  readonly after: ReportedCase;
}

export interface FoldedCase<Memo> {
  readonly caseId: string;
  readonly revision: bigint;
  readonly state: ReportedCase;
  readonly memo: Memo;
  readonly steps: readonly CaseStep[];
}

export interface FoldOptions<Memo> {
  readonly initialMemo: () => Memo;
  /** Updates the projector's own per-case memo (data the case state does not keep). Must be pure. */
  readonly step?: (memo: Memo, step: CaseStep) => Memo;
}

/** A case as a read model keeps it between batches: last revision folded, state, projector memo. */
export interface CaseRow<Memo> {
  readonly revision: bigint;
  readonly state: CaseState;
  readonly memo: Memo;
}

/**
 * The pure part of every case projector: folds events into `current` (case id → row, updated in
 * place) with the domain's own `evolveCase`, skipping events at or below a row's revision, and
 * returns the cases these events changed. The live projectors load `current` from their table
 * (`foldCaseBatch`); the as-of replays start from an empty map and fold the log in memory.
 */
export function foldCaseEvents<Memo>(
  current: Map<string, CaseRow<Memo>>,
  events: readonly RecordedEvent[],
  options: FoldOptions<Memo>,
): FoldedCase<Memo>[] {
  const steps = new Map<string, CaseStep[]>();
  for (const event of events) {
    if (!isCaseEventType(event.type)) continue;
    const caseId = caseIdOf(event);
    const entry = current.get(caseId) ?? {
      revision: -1n,
      state: { status: 'none' } as CaseState,
      memo: options.initialMemo(),
    };
    if (event.revision <= entry.revision) continue;
    const caseEvent = { type: event.type, data: event.data } as unknown as CaseEvent;
    const after = evolveCase(entry.state, caseEvent);
    // An event before the case's report (never happens with the decider) leaves no row.
    if (after.status === 'none') continue;
    const step: CaseStep = { event, caseEvent, before: entry.state, after };
    current.set(caseId, {
      revision: event.revision,
      state: scrubPersonalData(after),
      memo: options.step ? options.step(entry.memo, step) : entry.memo,
    });
    const caseSteps = steps.get(caseId);
    if (caseSteps) caseSteps.push(step);
    else steps.set(caseId, [step]);
  }
  const folded: FoldedCase<Memo>[] = [];
  for (const [caseId, caseSteps] of steps) {
    const entry = current.get(caseId)!;
    if (entry.state.status === 'none') continue;
    folded.push({ caseId, revision: entry.revision, state: entry.state, memo: entry.memo, steps: caseSteps });
  }
  return folded;
}

/**
 * Folds a batch of case events into the per-case rows of `table` (columns `case_id`, `revision`,
 * `state`, `memo`), using the domain's own `evolveCase`, so read models agree with the decider.
 * Events at or below a row's stored revision are skipped (idempotent replays). Returns the cases
 * the batch changed, with their new state and memo; the caller writes its columns.
 */
export async function foldCaseBatch<Memo>(
  client: SqlClient,
  table: string,
  events: readonly RecordedEvent[],
  options: FoldOptions<Memo>,
): Promise<FoldedCase<Memo>[]> {
  const caseEvents = events.filter((event) => isCaseEventType(event.type));
  if (caseEvents.length === 0) return [];
  const ids = [...new Set(caseEvents.map(caseIdOf))];
  const { rows } = await client.query<{ case_id: string; revision: string; state: ReportedCase; memo: Memo }>(
    `SELECT case_id, revision::text AS revision, state, memo FROM ${table} WHERE case_id = ANY($1::text[])`,
    [ids],
  );
  const current = new Map<string, CaseRow<Memo>>(
    rows.map((row) => [row.case_id, { revision: BigInt(row.revision), state: row.state, memo: row.memo }]),
  );
  return foldCaseEvents(current, caseEvents, options);
}

export function caseIdOf(event: RecordedEvent): string {
  const caseId = (event.data as { caseId?: unknown } | null)?.caseId;
  if (typeof caseId === 'string' && caseId.length > 0) return caseId;
  return event.stream.replace(/^case-/, '');
}

/**
 * Read models keep no personal data (PIPL): reporter and parties are dropped from the stored state.
 * A state already without them (the usual case: it was folded from a scrubbed one) is returned as it is.
 */
function scrubPersonalData(state: ReportedCase): ReportedCase {
  const details = state.details as { parties?: unknown } | undefined;
  const hasParties = details !== undefined && details !== null && 'parties' in details;
  if (
    state.reporter === null &&
    (!hasParties || (Array.isArray(details.parties) && details.parties.length === 0))
  )
    return state;
  return {
    ...state,
    reporter: null,
    ...(details && 'parties' in details
      ? { details: { ...state.details, parties: [] } as ReportedCase['details'] }
      : {}),
  };
}

const OPEN_STATUSES = new Set([
  'reported',
  'registered',
  'dispatched',
  'accepted',
  'in_progress',
  'resolved',
  'verified',
  'parked',
]);
/** Work still to do: not closed, followed up, rejected or referred out. */
export const isOpen = (state: ReportedCase): boolean => OPEN_STATUSES.has(state.status);

/** Statuses in which the active time limits run (a resolved case awaits verification, a parked one is on hold). */
const CLOCK_STATUSES = new Set(['registered', 'dispatched', 'accepted', 'in_progress']);

export interface ActiveDeadline {
  readonly kind: string;
  readonly dueAt: string;
}

/**
 * The nearest running time limit (sign, first feedback, level, whole mediation, ...), or null. Two
 * limits due at the same instant: the kind first in alphabetical order. (Not the first in the state's
 * key order: a state read back from jsonb has its keys reordered, so the pick would depend on where
 * a batch boundary fell — the worker-crash spec caught live tables differing from a rebuild.)
 */
export function nearestDeadline(state: ReportedCase): ActiveDeadline | null {
  if (!CLOCK_STATUSES.has(state.status)) return null;
  let best: { kind: string; at: number } | null = null;
  for (const [kind, deadline] of Object.entries(state.deadlines ?? {})) {
    const dueAt = (deadline as { dueAt?: string } | undefined)?.dueAt;
    if (!dueAt) continue;
    const at = Date.parse(dueAt);
    if (!best || at < best.at || (at === best.at && kind < best.kind)) best = { kind, at };
  }
  return best ? { kind: best.kind, dueAt: new Date(best.at).toISOString() } : null;
}

/** The handling limit (level, whole mediation): what "due" means for closure rates. */
export function handlingDeadline(state: ReportedCase): string | null {
  if (!isOpen(state) || state.status === 'parked') return null;
  const candidates = [state.deadlines?.level?.dueAt, state.deadlines?.wholeMediation?.dueAt].filter(
    (d): d is string => Boolean(d),
  );
  if (candidates.length === 0) return null;
  return new Date(Math.min(...candidates.map((d) => Date.parse(d)))).toISOString();
}

/**
 * Writes rows with one statement: `jsonb_to_recordset` turns the JSON array into typed rows and
 * `ON CONFLICT` updates the existing ones.
 */
export async function upsertRows(
  client: SqlClient,
  table: string,
  key: readonly string[],
  columns: Readonly<Record<string, string>>,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  if (rows.length === 0) return;
  const names = Object.keys(columns);
  const definition = names.map((name) => `${name} ${columns[name]}`).join(', ');
  const updates = names.filter((name) => !key.includes(name)).map((name) => `${name} = EXCLUDED.${name}`);
  await client.query(
    `INSERT INTO ${table} (${names.join(', ')})
     SELECT ${names.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS x(${definition})
     ON CONFLICT (${key.join(', ')}) DO ${updates.length ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}`,
    [JSON.stringify(rows.map(bigintColumnsAsText))],
  );
}

/**
 * Columns holding a bigint (revisions) as decimal text, which PostgreSQL casts exactly. Only the
 * top level is converted: a replacer function would be called for every value of every stored state
 * (most of the serialising time); a bigint nested deeper makes JSON.stringify throw, never write a wrong value.
 */
function bigintColumnsAsText(row: Record<string, unknown>): Record<string, unknown> {
  let converted: Record<string, unknown> | undefined;
  for (const key in row) {
    const value = row[key];
    if (typeof value === 'bigint') (converted ??= { ...row })[key] = value.toString();
  }
  return converted ?? row;
}
