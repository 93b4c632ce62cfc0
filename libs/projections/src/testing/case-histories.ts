import type { DomainEvent } from '#domain-kernel';
import { randomUUID } from 'node:crypto';
import { caseDecider, caseStreamName, type CaseCommand, type CaseEvent, type CaseState } from '#case-domain';
import { sampleCommands } from '#case-domain/testing';
import type { EventStore, NewEvent } from '#event-store';

/** Deterministic PRNG (mulberry32) so a failing interleaving can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One command's decision: the events to append to the case stream in one append. */
export interface CaseDecision {
  readonly caseId: string;
  readonly stream: string;
  readonly events: NewEvent[];
}

const FOLLOW_UPS = [
  'ReportCase',
  'RegisterCase',
  'DispatchCase',
  'AcceptDispatch',
  'StartWork',
  'ResolveCase',
  'VerifyResolution',
  'CloseCase',
  'RecordFollowUp',
] as const;
const DETOURS = [
  'RejectCase',
  'ReturnDispatch',
  'ExtendDeadline',
  'RequestRework',
  'ReopenCase',
  'EscalateCase',
  'FlagRisk',
  'SuperviseDispatch',
  'ParkCase',
  'ResumeCase',
  'TransferCase',
  'RecordMediationSession',
  'RecordMediationAgreement',
  'RecordMediationFailure',
  'ReferOut',
] as const;

export interface CaseHistoryOptions {
  readonly caseId?: string;
  readonly gridId?: string;
  readonly start?: Date;
  readonly maxCommands?: number;
  /** Probability of trying a detour (escalation, rework, ...) instead of the happy path's next step. */
  readonly detourRate?: number;
  readonly units?: readonly string[];
}

/**
 * A random but legal case history made by the real `caseDecider`: each step picks a command (mostly
 * the happy path, sometimes a detour), decides it on the folded state, and keeps it when the decider
 * accepts it. Returns one decision per accepted command, in order.
 */
export function generateCaseHistory(random: () => number, options: CaseHistoryOptions = {}): CaseDecision[] {
  const caseId = options.caseId ?? randomUUID();
  const samples = sampleCommands(caseId);
  const units = options.units ?? ['unit-a', 'unit-b', 'unit-c'];
  let now = (options.start ?? new Date('2026-03-02T01:00:00Z')).getTime();
  let state: CaseState = caseDecider.initialState();
  const decisions: CaseDecision[] = [];
  const maxCommands = options.maxCommands ?? 14;
  for (let attempts = 0; decisions.length < maxCommands && attempts < maxCommands * 4; attempts++) {
    now += Math.floor(random() * 40 * 3600_000);
    const metadata = { actor: 'operator-1', now: new Date(now).toISOString() };
    const detour = decisions.length > 0 && random() < (options.detourRate ?? 0.25);
    const pool = detour ? DETOURS : FOLLOW_UPS;
    const type = decisions.length === 0 ? 'ReportCase' : pool[Math.floor(random() * pool.length)]!;
    let command = samples[type](metadata) as CaseCommand;
    if (command.type === 'ReportCase') {
      command = {
        ...command,
        data: {
          ...command.data,
          location: { ...command.data.location, gridId: options.gridId ?? command.data.location.gridId },
        },
      };
    }
    if (command.type === 'DispatchCase') {
      const unitId = units[Math.floor(random() * units.length)]!;
      command = { ...command, data: { unit: { unitId, name: unitId } } };
    }
    if (command.type === 'RecordFollowUp') {
      const satisfaction = (['satisfied', 'basically_satisfied', 'unsatisfied'] as const)[
        Math.floor(random() * 3)
      ]!;
      command = { ...command, data: { satisfaction, reporterSaysResolved: satisfaction !== 'unsatisfied' } };
    }
    let events: CaseEvent[];
    try {
      events = caseDecider.decide(command, state);
    } catch {
      continue;
    }
    if (events.length === 0) continue;
    for (const event of events) state = caseDecider.evolve(state, event);
    decisions.push({
      caseId,
      stream: caseStreamName(caseId),
      events: events.map((event) => toNewEvent(event, metadata.now)),
    });
    if (state.status === 'rejected' || (state.status === 'followed_up' && random() < 0.5)) break;
  }
  return decisions;
}

export function toNewEvent(event: DomainEvent, occurredAt: string): NewEvent {
  return {
    id: randomUUID(),
    type: event.type,
    data: JSON.parse(JSON.stringify(event.data)),
    metadata: {
      actor: 'operator-1',
      correlationId: randomUUID(),
      causationId: randomUUID(),
      occurredAt,
      schemaVersion: 1,
    },
  };
}

/**
 * Interleaves the decisions of many cases at random (each case keeps its own order) and appends them,
 * one append per decision with the expected revision. Calls `between` every `every` appends.
 */
export async function appendInterleaved(
  store: EventStore,
  histories: readonly CaseDecision[][],
  random: () => number,
  options: { every?: number; between?: () => Promise<void> } = {},
): Promise<number> {
  const queues = histories.map((history) => [...history]).filter((queue) => queue.length > 0);
  const revisions = new Map<string, bigint>();
  let appended = 0;
  let count = 0;
  while (queues.length > 0) {
    const index = Math.floor(random() * queues.length);
    const decision = queues[index]!.shift()!;
    if (queues[index]!.length === 0) queues.splice(index, 1);
    const expected = revisions.get(decision.stream);
    const result = await store.appendToStream(decision.stream, decision.events, {
      expectedRevision: expected ?? 'no_stream',
    });
    revisions.set(decision.stream, result.nextExpectedRevision);
    appended += decision.events.length;
    count++;
    if (options.between && options.every && count % options.every === 0) await options.between();
  }
  return appended;
}

/**
 * Waits until the store's readers can see everything appended so far. The PostgreSQL store hides
 * positions above the oldest running transaction of the whole server (gap safety), so in a shared
 * test server another process's open transaction can hold back what readAll returns for a moment.
 */
export async function waitUntilVisible(
  store: EventStore,
  pool: { query(sql: string): Promise<{ rows: any[] }> },
  timeoutMs = 10_000,
): Promise<void> {
  const { rows } = await pool.query('SELECT COALESCE(max(global_position), 0)::text AS p FROM es_events');
  const target = BigInt(rows[0].p as string);
  const deadline = Date.now() + timeoutMs;
  while ((await store.headPosition()) < target) {
    if (Date.now() > deadline) throw new Error('appended events did not become visible in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
