import { describe, expect, it } from '@jest/globals';
import { fold } from '#domain-kernel';
import { deciderSpecification } from '#domain-kernel/testing';
import {
  caseDecider,
  DISPUTE_COMMAND_TYPES,
  ENFORCEMENT_COMMAND_TYPES,
  PETITION_COMMAND_TYPES,
  type CaseCommand,
  type CaseCommandType,
  type CaseEvent,
  type CaseState,
} from '../../index.js';
import {
  ALL_CASE_COMMAND_TYPES,
  APPROVAL_COMMAND_TYPES,
  decideApproved,
  EVERY_STATE_COMMAND_TYPES,
  metadataAt,
  sampleCommands,
} from '../../testing/index.js';

/**
 * Every command in every enforcement stage: a fixture history per stage (with the moment the next
 * command arrives), crossed with a valid command of every type. Each pair either succeeds or is
 * refused with the expected code.
 */
const T0 = '2026-03-02T09:00:00+08:00';
const DAY = 86_400_000;
const later = (days: number, from = T0) => new Date(Date.parse(from) + days * DAY).toISOString();
const s = sampleCommands('e-matrix', 'enforcement');
type Step = CaseCommandType | CaseCommand;
const step = (type: CaseCommandType, now: string): CaseCommand => s[type](metadataAt(now));

function history(steps: Step[]): CaseEvent[] {
  const events: CaseEvent[] = [];
  for (const item of steps) {
    const command = typeof item === 'string' ? step(item, T0) : item;
    events.push(...decideApproved(command, fold(caseDecider, events)));
  }
  return events;
}

const lead: Step[] = ['ReportCase'];
const investigating: Step[] = [...lead, 'FileEnforcementCase'];
const underReview: Step[] = [...investigating, 'ConcludeInvestigation'];
const proposed: Step[] = [...underReview, 'ReviewEnforcementCase'];
const notified: Step[] = [...proposed, 'NotifyProposedPenalty'];
const hearingRequested: Step[] = [...notified, 'RequestHearing'];
const hearingScheduled: Step[] = [...hearingRequested, 'ScheduleHearing'];
const heard: Step[] = [...hearingScheduled, step('HoldHearing', later(30.1))];
const decided: Step[] = [...heard, step('DecidePenalty', later(31))];
const awaitingPayment: Step[] = [...decided, step('ServeDecision', later(31))];
const demanded: Step[] = [...awaitingPayment, step('DemandPayment', later(50))];
const noHearingRight: CaseCommand = {
  ...s.NotifyProposedPenalty(metadataAt(T0)),
  data: { hearingRight: false },
};
const warningOnly: CaseCommand = {
  ...s.DecidePenalty(metadataAt(T0)),
  data: { outcome: 'penalty', penalty: { kinds: ['warning'], fineFen: 0 }, reason: '初次违法' },
};
const noPenalty: CaseCommand = {
  ...s.ReviewEnforcementCase(metadataAt(T0)),
  data: { outcome: 'no_penalty', reason: '违法行为轻微并及时改正' },
};
const transfer: CaseCommand = {
  ...s.ReviewEnforcementCase(metadataAt(T0)),
  data: { outcome: 'transfer_to_judiciary', reason: '涉嫌犯罪', judiciaryBody: '区公安分局' },
};

type Fixture = {
  steps: Step[];
  now?: string;
  legal: CaseCommandType[];
  refusals?: Partial<Record<CaseCommandType, string>>;
};
const clock = ['ExtendDeadline'] as CaseCommandType[];
const fixtures: Record<string, Fixture> = {
  none: { steps: [], legal: ['ReportCase'] },
  lead: { steps: lead, legal: ['ScreenLead', 'FileEnforcementCase', 'ReferOut'] },
  not_filed: { steps: [...lead, 'ScreenLead'], legal: ['ArchiveEnforcementCase'] },
  referred_out: { steps: [...lead, 'ReferOut'], legal: ['ArchiveEnforcementCase'] },
  investigating: {
    steps: investigating,
    legal: ['PreserveEvidence', 'ConcludeInvestigation', ...clock],
    refusals: { DecidePreservedEvidence: 'ENFORCEMENT.UNKNOWN_PRESERVATION' },
  },
  'investigating (evidence preserved, undecided)': {
    steps: [...investigating, 'PreserveEvidence'],
    legal: ['PreserveEvidence', 'DecidePreservedEvidence', ...clock],
    refusals: { ConcludeInvestigation: 'ENFORCEMENT.EVIDENCE_DECISION_PENDING' },
  },
  'investigating (extension used)': {
    steps: [...investigating, 'ExtendDeadline'],
    legal: ['PreserveEvidence', 'ConcludeInvestigation'],
    refusals: {
      DecidePreservedEvidence: 'ENFORCEMENT.UNKNOWN_PRESERVATION',
      ExtendDeadline: 'CASE.EXTENSION_ALREADY_USED',
    },
  },
  under_review: { steps: underReview, legal: ['ReviewEnforcementCase', ...clock] },
  penalty_proposed: { steps: proposed, legal: ['NotifyProposedPenalty', ...clock] },
  'notified (hearing window open)': {
    steps: notified,
    legal: ['RequestHearing', ...clock],
    refusals: { DecidePenalty: 'ENFORCEMENT.HEARING_WINDOW_OPEN' },
  },
  'notified (hearing window passed)': {
    steps: notified,
    now: later(10),
    legal: ['DecidePenalty', ...clock],
    refusals: { RequestHearing: 'ENFORCEMENT.HEARING_REQUEST_LATE' },
  },
  'notified (no hearing right)': {
    steps: [...proposed, noHearingRight],
    legal: ['DecidePenalty', ...clock],
    refusals: { RequestHearing: 'ENFORCEMENT.NO_HEARING_RIGHT' },
  },
  hearing_requested: { steps: hearingRequested, legal: ['ScheduleHearing', ...clock] },
  hearing_scheduled: { steps: hearingScheduled, now: later(30.1), legal: ['HoldHearing', ...clock] },
  heard: { steps: heard, now: later(31), legal: ['DecidePenalty', ...clock] },
  no_penalty: { steps: [...underReview, noPenalty], legal: ['ArchiveEnforcementCase'] },
  transferred: { steps: [...underReview, transfer], legal: ['ArchiveEnforcementCase'] },
  decided: { steps: decided, now: later(31), legal: ['ServeDecision'] },
  awaiting_payment: {
    steps: awaitingPayment,
    now: later(32),
    legal: ['RecordPayment'],
    refusals: { DemandPayment: 'ENFORCEMENT.PAYMENT_NOT_OVERDUE' },
  },
  'awaiting_payment (overdue)': {
    steps: awaitingPayment,
    now: later(50),
    legal: ['DemandPayment'],
    refusals: { RecordPayment: 'ENFORCEMENT.PAYMENT_AMOUNT_MISMATCH' },
  },
  executed: {
    steps: [...heard, { ...warningOnly, metadata: metadataAt(later(31)) }, step('ServeDecision', later(31))],
    now: later(32),
    legal: ['ArchiveEnforcementCase'],
  },
  'demanded (demand running)': {
    steps: demanded,
    now: later(51),
    legal: [],
    refusals: {
      RecordPayment: 'ENFORCEMENT.PAYMENT_AMOUNT_MISMATCH',
      ApplyCourtEnforcement: 'ENFORCEMENT.DEMAND_PERIOD_RUNNING',
    },
  },
  'demanded (party may still sue)': {
    steps: demanded,
    now: later(80),
    legal: [],
    refusals: {
      RecordPayment: 'ENFORCEMENT.PAYMENT_AMOUNT_MISMATCH',
      ApplyCourtEnforcement: 'ENFORCEMENT.APPEAL_PERIOD_RUNNING',
    },
  },
  'demanded (court window open)': {
    steps: demanded,
    now: later(250),
    legal: ['ApplyCourtEnforcement'],
    refusals: { RecordPayment: 'ENFORCEMENT.PAYMENT_AMOUNT_MISMATCH' },
  },
  'demanded (court window closed)': {
    steps: demanded,
    now: later(320),
    legal: [],
    refusals: {
      RecordPayment: 'ENFORCEMENT.PAYMENT_AMOUNT_MISMATCH',
      ApplyCourtEnforcement: 'ENFORCEMENT.COURT_APPLICATION_WINDOW_CLOSED',
    },
  },
  court_enforcement: {
    steps: [...demanded, step('ApplyCourtEnforcement', later(250))],
    now: later(251),
    legal: ['ArchiveEnforcementCase'],
  },
  paid: {
    steps: [...awaitingPayment, step('RecordPayment', later(32))],
    now: later(33),
    legal: ['ArchiveEnforcementCase'],
  },
  archived: { steps: [...lead, 'ScreenLead', 'ArchiveEnforcementCase'], legal: [] },
};

/** Commands that never apply to an enforcement case: the common loop (except extend and refer-out) and the other types' commands. */
const notApplicable = new Set<CaseCommandType>([
  ...ALL_CASE_COMMAND_TYPES.filter(
    (t) =>
      !PETITION_COMMAND_TYPES.includes(t as never) &&
      !DISPUTE_COMMAND_TYPES.includes(t as never) &&
      !ENFORCEMENT_COMMAND_TYPES.includes(t as never) &&
      !['ReportCase', 'ExtendDeadline', 'ReferOut'].includes(t),
  ),
  ...DISPUTE_COMMAND_TYPES,
  ...PETITION_COMMAND_TYPES,
]);

const spec = deciderSpecification(caseDecider);

describe('enforcement: every command in every stage', () => {
  for (const [name, fixture] of Object.entries(fixtures)) {
    const given = history(fixture.steps);
    const state = fold(caseDecider, given);
    const stage =
      state.status !== 'none' && state.details.caseType === 'enforcement' ? state.details.stage : 'none';
    const now = fixture.now ?? T0;
    describe(`${name} [${state.status}/${stage}]`, () => {
      for (const type of ALL_CASE_COMMAND_TYPES) {
        const command = step(type, now);
        const refusal =
          fixture.refusals?.[type] ??
          (state.status === 'none'
            ? 'CASE.NOT_FOUND'
            : type === 'ReportCase'
              ? 'CASE.ALREADY_EXISTS'
              : APPROVAL_COMMAND_TYPES.includes(type)
                ? 'CASE.NO_PENDING_REQUEST'
                : notApplicable.has(type)
                  ? 'CASE.COMMAND_NOT_APPLICABLE'
                  : 'CASE.ILLEGAL_TRANSITION');
        const legal =
          fixture.legal.includes(type) ||
          (state.status !== 'none' && EVERY_STATE_COMMAND_TYPES.includes(type));
        if (legal) {
          it(`${type} succeeds`, () => {
            spec
              .given(given)
              .when(command)
              .thenSatisfies((events, after: CaseState) => {
                expect(events.length).toBeGreaterThan(0);
                expect(after.status).not.toBe('none');
                expect(JSON.parse(JSON.stringify(events))).toEqual(events);
              });
          });
        } else {
          it(`${type} is refused with ${refusal}`, () => {
            spec
              .given(given)
              .when(command)
              .thenThrows(refusal, (error) => {
                if (refusal === 'CASE.ILLEGAL_TRANSITION')
                  expect(error.context).toMatchObject({ status: state.status, command: type, stage });
              });
          });
        }
      }
    });
  }
});
