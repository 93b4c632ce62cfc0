import { randomUUID } from 'node:crypto';
import {
  caseDecider,
  caseStreamName,
  lateSurchargeFen,
  type CaseCommand,
  type CaseState,
} from '#case-domain';
import { decideApproved, sampleCommands } from '#case-domain/testing';
import type { RecordedEvent } from '#event-store';
import { toNewEvent, type CaseDecision } from '../../../testing/case-histories.js';

/** One command of a fixture: when it happens (ISO instant = the business time), its type, and data over the sample's. */
export type EnforcementStep = readonly [
  at: string,
  type: CaseCommand['type'],
  data?: Record<string, unknown> | ((state: CaseState) => Record<string, unknown>),
];

/**
 * A law-enforcement case driven through the real `caseDecider` (a refused command fails the fixture),
 * reported for `squadId`. Returns one decision per command (append them in order) and the final state.
 */
export function enforcementHistory(
  squadId: string,
  steps: readonly EnforcementStep[],
  options: { caseId?: string; gridId?: string } = {},
): { caseId: string; decisions: CaseDecision[]; state: CaseState } {
  const caseId = options.caseId ?? randomUUID();
  const samples = sampleCommands(caseId, 'enforcement');
  let state = caseDecider.initialState();
  const decisions: CaseDecision[] = [];
  for (const [at, type, data] of steps) {
    const command = withData(
      samples[type]({ actor: 'officer-a', now: at }) as CaseCommand,
      squadId,
      options.gridId,
      typeof data === 'function' ? data(state) : data,
    );
    const events = decideApproved(command, state);
    for (const event of events) state = caseDecider.evolve(state, event);
    decisions.push({
      caseId,
      stream: caseStreamName(caseId),
      events: events.map((event) => toNewEvent(event, at)),
    });
  }
  return { caseId, decisions, state };
}

function withData(
  command: CaseCommand,
  squadId: string,
  gridId: string | undefined,
  data: Record<string, unknown> | undefined,
): CaseCommand {
  let result = command;
  if (result.type === 'ReportCase') {
    result = {
      ...result,
      data: {
        ...result.data,
        enforcement: { ...result.data.enforcement!, squadId },
        location: gridId ? { ...result.data.location, gridId } : result.data.location,
      },
    };
  }
  return data ? ({ ...result, data: { ...result.data, ...data } } as CaseCommand) : result;
}

/** What the fine and surcharge of a served decision come to when paid on `paidOn` (RecordPayment's amount). */
export function amountOwed(state: CaseState, paidOn: string): number {
  const execution = (state as { details: { execution: { fineFen: number; paymentDueDate: string } } }).details
    .execution;
  return execution.fineFen + lateSurchargeFen(execution.fineFen, execution.paymentDueDate, paidOn);
}

/** `YYYY-MM-DD` in China Standard Time. */
export const cstDay = (instant: number): string =>
  new Date(instant + 8 * 3_600_000).toISOString().slice(0, 10);

const DAY = 24 * 3_600_000;

/**
 * A random but legal law-enforcement history made by the real `caseDecider`: screening (not filed, on the
 * spot, referred out or filed), investigation, review (no penalty, judiciary, proposed penalty), decision,
 * service, payment (sometimes late, with the surcharge), demand, extension of the decision limit, archive.
 * Steps are 0–`maxGapDays` days apart, so some limits pass.
 */
export function generateEnforcementHistory(
  random: () => number,
  options: {
    squadIds: readonly string[];
    gridId?: string;
    start: Date;
    maxCommands?: number;
    maxGapDays?: number;
  },
): CaseDecision[] {
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
  const squadId = pick(options.squadIds);
  const caseId = randomUUID();
  const samples = sampleCommands(caseId, 'enforcement');
  let now = options.start.getTime();
  let state = caseDecider.initialState();
  const decisions: CaseDecision[] = [];
  const fineFen = (1 + Math.floor(random() * 50)) * 10_000;
  const candidates: ((at: string) => CaseCommand)[] = [
    (at) => samples.ScreenLead({ actor: 'officer-a', now: at }) as CaseCommand,
    (at) => ({
      type: 'ScreenLead',
      metadata: { actor: 'officer-a', now: at },
      data: {
        outcome: 'simple_procedure',
        reason: '当场处罚',
        onTheSpot: {
          partyKind: 'person',
          penalty: { kinds: ['fine'], fineFen: 5_000 + Math.floor(random() * 15_000) },
          facts: '占道经营',
          legalBasis: '条例第十条',
          officers: ['officer-a', 'officer-b'],
        },
      },
    }),
    (at) => samples.ReferOut({ actor: 'officer-a', now: at }) as CaseCommand,
    (at) => samples.FileEnforcementCase({ actor: 'officer-a', now: at }) as CaseCommand,
    (at) => samples.FileEnforcementCase({ actor: 'officer-a', now: at }) as CaseCommand,
    (at) => ({
      type: 'ExtendDeadline',
      metadata: { actor: 'officer-a', now: at },
      data: { reason: '案情复杂', amount: 1 + Math.floor(random() * 30) },
    }),
    (at) => samples.ConcludeInvestigation({ actor: 'officer-a', now: at }) as CaseCommand,
    (at) => {
      const outcome = pick([
        'proposed_penalty',
        'proposed_penalty',
        'no_penalty',
        'transfer_to_judiciary',
      ] as const);
      return {
        type: 'ReviewEnforcementCase',
        metadata: { actor: 'officer-a', now: at },
        data: {
          outcome,
          reason: '审查意见',
          legalReview: { reviewer: 'legal-1', opinion: '同意', passed: true },
          ...(outcome === 'proposed_penalty' ? { proposedPenalty: { kinds: ['fine'], fineFen } } : {}),
          ...(outcome === 'transfer_to_judiciary' ? { judiciaryBody: '区公安分局' } : {}),
        },
      } as CaseCommand;
    },
    (at) => ({
      type: 'NotifyProposedPenalty',
      metadata: { actor: 'officer-a', now: at },
      data: { hearingRight: false },
    }),
    (at) =>
      ({
        type: 'DecidePenalty',
        metadata: { actor: 'officer-a', now: at },
        data: { outcome: 'penalty', penalty: { kinds: ['fine'], fineFen }, reason: '占道经营' },
      }) as CaseCommand,
    (at) => samples.ServeDecision({ actor: 'officer-a', now: at }) as CaseCommand,
    (at) => {
      const paidOn = cstDay(Date.parse(at));
      let amountFen = 0;
      try {
        amountFen = amountOwed(state, paidOn);
      } catch {
        amountFen = 1;
      }
      return {
        type: 'RecordPayment',
        metadata: { actor: 'officer-a', now: at },
        data: { amountFen, paidOn },
      };
    },
    (at) => samples.DemandPayment({ actor: 'officer-a', now: at }) as CaseCommand,
    (at) => samples.ArchiveEnforcementCase({ actor: 'officer-a', now: at }) as CaseCommand,
  ];
  const maxCommands = options.maxCommands ?? 10;
  for (let attempts = 0; decisions.length < maxCommands && attempts < maxCommands * 6; attempts++) {
    if (decisions.length > 0) now += Math.floor(random() * (options.maxGapDays ?? 12) * DAY);
    const at = new Date(now).toISOString();
    const command =
      decisions.length === 0
        ? withData(
            samples.ReportCase({ actor: 'officer-a', now: at }) as CaseCommand,
            squadId,
            options.gridId,
            undefined,
          )
        : pick(candidates)(at);
    let events;
    try {
      events = decideApproved(command, state);
    } catch {
      continue;
    }
    if (events.length === 0) continue;
    for (const event of events) state = caseDecider.evolve(state, event);
    decisions.push({
      caseId,
      stream: caseStreamName(caseId),
      events: events.map((event) => toNewEvent(event, at)),
    });
  }
  return decisions;
}

/** Decisions as the store would record them (revisions per stream, global positions in order), for pure folds. */
export function recordInOrder(decisions: readonly CaseDecision[]): RecordedEvent[] {
  const revisions = new Map<string, bigint>();
  let position = 0n;
  return decisions.flatMap((decision) =>
    decision.events.map((event) => {
      const revision = (revisions.get(decision.stream) ?? -1n) + 1n;
      revisions.set(decision.stream, revision);
      position += 1n;
      return {
        ...event,
        stream: decision.stream,
        revision,
        globalPosition: position,
        recordedAt: event.metadata.occurredAt,
      } as RecordedEvent;
    }),
  );
}
