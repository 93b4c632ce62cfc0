import { describe, expect, it } from '@jest/globals';
import { fold } from '#domain-kernel';
import { deciderSpecification } from '#domain-kernel/testing';
import {
  caseActions,
  caseDecider,
  ENFORCEMENT_COMMAND_TYPES,
  PETITION_COMMAND_TYPES,
  type CaseCommand,
  type CaseCommandType,
  type CaseEvent,
  type CaseState,
} from '../index.js';
import {
  ALL_CASE_COMMAND_TYPES,
  APPROVAL_COMMAND_TYPES,
  decideApproved,
  EVERY_STATE_COMMAND_TYPES,
  metadataAt,
  sampleCommands,
} from '../testing/index.js';

/**
 * Every command in every state: a fixture history per state, crossed with a valid command of
 * every type. Each pair either succeeds or is refused with the expected code.
 */
const meta = metadataAt('2026-03-02T09:00:00+08:00');
const cmd = (type: CaseCommandType, caseId = 'c-matrix'): CaseCommand => sampleCommands(caseId)[type](meta);

function history(steps: Array<CaseCommandType | CaseCommand>): CaseEvent[] {
  const events: CaseEvent[] = [];
  for (const step of steps) {
    const command = typeof step === 'string' ? cmd(step) : step;
    const state = fold(caseDecider, events);
    events.push(...decideApproved(command, state));
  }
  return events;
}

const s = sampleCommands('c-matrix');
const reported: CaseCommandType[] = ['ReportCase'];
const registered = [...reported, 'RegisterCase'] as CaseCommandType[];
const dispatched = [...registered, 'DispatchCase'] as CaseCommandType[];
const accepted = [...dispatched, 'AcceptDispatch'] as CaseCommandType[];
const inProgress = [...accepted, 'StartWork'] as CaseCommandType[];
const resolved = [...inProgress, 'ResolveCase'] as CaseCommandType[];
const verified = [...resolved, 'VerifyResolution'] as CaseCommandType[];
const closed = [...verified, 'CloseCase'] as CaseCommandType[];
const agreed = [...inProgress, 'RecordMediationAgreement'] as CaseCommandType[];

type Fixture = {
  steps: Array<CaseCommandType | CaseCommand>;
  legal: CaseCommandType[];
  refusals?: Partial<Record<CaseCommandType, string>>;
};
const common = ['EscalateCase', 'FlagRisk', 'ReferOut'] as CaseCommandType[];
const JC_NOT_AVAILABLE = { RequestJudicialConfirmation: 'CASE.JUDICIAL_CONFIRMATION_NOT_AVAILABLE' };

const fixtures: Record<string, Fixture> = {
  none: { steps: [], legal: ['ReportCase'] },
  reported: { steps: reported, legal: ['RegisterCase', 'RejectCase'] },
  rejected: { steps: [...reported, 'RejectCase'], legal: [] },
  registered: { steps: registered, legal: ['DispatchCase', ...common] },
  dispatched: {
    steps: dispatched,
    legal: ['AcceptDispatch', 'ReturnDispatch', 'SuperviseDispatch', 'TransferCase', ...common],
  },
  'dispatched (designated after a return)': {
    steps: [...dispatched, 'ReturnDispatch', 'DispatchCase'],
    legal: ['AcceptDispatch', 'SuperviseDispatch', 'TransferCase', ...common],
    refusals: { ReturnDispatch: 'CASE.RETURN_NOT_ALLOWED' },
  },
  accepted: {
    steps: accepted,
    legal: ['StartWork', 'ExtendDeadline', 'SuperviseDispatch', 'ParkCase', 'TransferCase', ...common],
  },
  in_progress: {
    steps: inProgress,
    legal: [
      'ExtendDeadline',
      'ResolveCase',
      'SuperviseDispatch',
      'ParkCase',
      'TransferCase',
      'RecordMediationSession',
      'RecordMediationAgreement',
      'RecordMediationFailure',
      ...common,
    ],
  },
  'in_progress (extension used)': {
    steps: [...inProgress, 'ExtendDeadline'],
    legal: [
      'ResolveCase',
      'SuperviseDispatch',
      'ParkCase',
      'TransferCase',
      'RecordMediationSession',
      'RecordMediationAgreement',
      'RecordMediationFailure',
      ...common,
    ],
    refusals: { ExtendDeadline: 'CASE.EXTENSION_ALREADY_USED' },
  },
  'in_progress (district level)': {
    steps: [
      { ...s.ReportCase(meta), data: { ...s.ReportCase(meta).data, level: 'district' } },
      'RegisterCase',
      'DispatchCase',
      'AcceptDispatch',
      'StartWork',
    ],
    legal: [
      'ExtendDeadline',
      'ResolveCase',
      'SuperviseDispatch',
      'ParkCase',
      'TransferCase',
      'RecordMediationSession',
      'RecordMediationAgreement',
      'FlagRisk',
      'ReferOut',
    ],
    refusals: { EscalateCase: 'CASE.TOP_LEVEL_REACHED', RecordMediationFailure: 'CASE.TOP_LEVEL_REACHED' },
  },
  resolved: { steps: resolved, legal: ['VerifyResolution', 'RequestRework'], refusals: JC_NOT_AVAILABLE },
  'resolved (written agreement)': {
    steps: agreed,
    legal: ['VerifyResolution', 'RequestRework', 'RequestJudicialConfirmation'],
  },
  verified: { steps: verified, legal: ['CloseCase'], refusals: JC_NOT_AVAILABLE },
  closed: { steps: closed, legal: ['RecordFollowUp'], refusals: JC_NOT_AVAILABLE },
  'followed_up (satisfied)': { steps: [...closed, 'RecordFollowUp'], legal: [], refusals: JC_NOT_AVAILABLE },
  'followed_up (unsatisfied)': {
    steps: [
      ...closed,
      { ...s.RecordFollowUp(meta), data: { satisfaction: 'unsatisfied', reporterSaysResolved: false } },
    ],
    legal: ['ReopenCase'],
    refusals: JC_NOT_AVAILABLE,
  },
  parked: { steps: [...inProgress, 'ParkCase'], legal: ['ResumeCase'] },
  referred_out: { steps: [...inProgress, 'ReferOut'], legal: ['CloseCase'] },
};

const spec = deciderSpecification(caseDecider);
/** Petition and enforcement commands never apply to a dispute. */
const otherTypes: readonly CaseCommandType[] = [...PETITION_COMMAND_TYPES, ...ENFORCEMENT_COMMAND_TYPES];

describe('case decider: every command in every state', () => {
  for (const [name, fixture] of Object.entries(fixtures)) {
    const given = history(fixture.steps);
    const status = fold(caseDecider, given).status;
    describe(`${name} [${status}]`, () => {
      for (const type of ALL_CASE_COMMAND_TYPES) {
        const legal =
          fixture.legal.includes(type) || (status !== 'none' && EVERY_STATE_COMMAND_TYPES.includes(type));
        const refusal =
          fixture.refusals?.[type] ??
          (status === 'none'
            ? 'CASE.NOT_FOUND'
            : type === 'ReportCase'
              ? 'CASE.ALREADY_EXISTS'
              : APPROVAL_COMMAND_TYPES.includes(type)
                ? 'CASE.NO_PENDING_REQUEST'
                : otherTypes.includes(type)
                  ? 'CASE.COMMAND_NOT_APPLICABLE'
                  : 'CASE.ILLEGAL_TRANSITION');
        if (legal) {
          it(`${type} succeeds`, () => {
            spec
              .given(given)
              .when(cmd(type))
              .thenSatisfies((events, after: CaseState) => {
                expect(events.length).toBeGreaterThan(0);
                expect(after.status).not.toBe('none');
                // Events are JSON-safe: they survive a round trip unchanged.
                expect(JSON.parse(JSON.stringify(events))).toEqual(events);
              });
          });
        } else {
          it(`${type} is refused with ${refusal}`, () => {
            spec
              .given(given)
              .when(cmd(type))
              .thenThrows(refusal, (error) => {
                if (refusal === 'CASE.ILLEGAL_TRANSITION')
                  expect(error.context).toMatchObject({ status, command: type });
                if (refusal === 'CASE.ILLEGAL_TRANSITION') expect(error.kind).toBe('illegal_transition');
              });
          });
        }
      }
    });
  }
});

describe('caseActions', () => {
  it('maps every HTTP action of docs/api.md to a command type, and every command but ReportCase has an action', () => {
    for (const action of [
      'register',
      'reject',
      'dispatch',
      'accept',
      'return',
      'start',
      'extend',
      'resolve',
      'verify',
      'rework',
      'close',
      'follow-up',
      'reopen',
      'escalate',
      'flag-risk',
      'record-session',
      'record-agreement',
      'mediation-failed',
      'request-judicial-confirmation',
      'refer-out',
      'route',
      'notify',
      'object',
      'divert',
      'answer',
      'request-review',
      'answer-review',
      'request-re-review',
      'answer-re-review',
      'screen',
      'file',
      'preserve-evidence',
      'conclude-investigation',
      'review',
      'notify-penalty',
      'request-hearing',
      'hold-hearing',
      'decide',
      'serve',
      'record-payment',
      'demand-payment',
      'apply-court-enforcement',
      'archive',
    ]) {
      expect(Object.keys(caseActions)).toContain(action);
    }
    const mapped = new Set<string>(Object.values(caseActions));
    // ReportCase is POST /cases; AddAttachment is the multipart upload POST /cases/{id}/attachments.
    expect(ALL_CASE_COMMAND_TYPES.filter((type) => !mapped.has(type))).toEqual([
      'ReportCase',
      'AddAttachment',
    ]);
  });
});
