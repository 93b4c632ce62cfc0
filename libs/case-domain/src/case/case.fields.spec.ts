import { describe, expect, it } from '@jest/globals';
import { fold, unclassifiedStringFields, formatCst, parseInstant } from '#domain-kernel';
import { decideApproved, metadataAt, sampleCommands } from '../testing/index.js';
import type { CaseCommand, CaseCommandType } from './case.commands.js';
import { caseDecider } from './case.decider.js';
import type { CaseEvent, CaseEventType } from './case.events.js';
import { CASE_EVENT_FIELDS } from './case.fields.js';
import type { CaseType, CommandMetadata } from './case.types.js';

/**
 * Every string field of every case event type has a class (docs/adr/0008, "Field classes"). `tsc`
 * checks the table against the event types; this spec checks it against real events, one example
 * or more of each type produced by the decider from the sample commands, with the optional fields
 * filled: a field that reaches an event without being in the type (a spread, a cast) fails here.
 * The decider specifications check every event they use the same way (Decider.eventFields).
 */
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

type Step =
  CaseCommandType | [CaseCommandType, Record<string, unknown>, Partial<CommandMetadata>?] | { wait: number };

/** Runs the steps on a fresh case, an hour apart unless told to wait; returns every event produced. */
function scenario(
  caseType: CaseType,
  steps: readonly Step[],
  start = '2026-03-02T09:00:00+08:00',
): CaseEvent[] {
  const commands = sampleCommands(`fields-${caseType}`, caseType);
  const events: CaseEvent[] = [];
  let at = parseInstant(start);
  for (const step of steps) {
    if (typeof step === 'object' && 'wait' in step) {
      at += step.wait;
      continue;
    }
    const [type, data, extra] = Array.isArray(step) ? step : [step, undefined, undefined];
    const metadata = { ...metadataAt(formatCst(at), 'account-1'), ...extra };
    const sample = (commands[type] as (m: typeof metadata) => CaseCommand)(metadata);
    const command = (data ? { ...sample, data: { ...sample.data, ...data } } : sample) as CaseCommand;
    const state = fold(caseDecider, events);
    try {
      events.push(...decideApproved(command, state));
    } catch (error) {
      throw new Error(`${caseType} scenario, ${type} in status ${state.status}: ${String(error)}`);
    }
    at += HOUR;
  }
  return events;
}

/** An enforcement case from report to a served fine, the optional fields filled. */
const decidedPenalty: Step[] = [
  'ReportCase',
  'FileEnforcementCase',
  'PreserveEvidence',
  ['DecidePreservedEvidence', { note: '已返还' }],
  'ConcludeInvestigation',
  [
    'ReviewEnforcementCase',
    {
      proposedPenalty: { kinds: ['fine'], fineFen: 500_000, note: '从轻' },
      legalReview: { reviewer: '法制员', opinion: '同意', passed: true },
    },
  ],
  'NotifyProposedPenalty',
  'RequestHearing',
  { wait: 2 * DAY },
  'ScheduleHearing',
  { wait: 31 * DAY },
  'HoldHearing',
  ['DecidePenalty', { penalty: { kinds: ['fine'], fineFen: 500_000, note: '罚款' } }],
  'ServeDecision',
];
const unit = { unitId: 'unit-2', name: '幸福社区调委会' };
const examples: CaseEvent[] = [
  ...scenario('dispute', [
    'ReportCase',
    'RegisterCase',
    'DispatchCase',
    'AcceptDispatch',
    'StartWork',
    'AddAttachment',
    'ExtendDeadline',
    'RecordMediationSession',
    'RecordMediationAgreement',
    'RequestJudicialConfirmation',
    'RequestRework',
    ['ResolveCase', { summary: '双方签字' }],
    ['VerifyResolution', { note: '已现场核实' }],
    ['CloseCase', { note: '结案' }],
    ['RecordFollowUp', { note: '当事人满意' }],
  ]),
  ...scenario('dispute', ['ReportCase', ['RejectCase', {}]]),
  ...scenario('dispute', ['ReportCase', 'RegisterCase', 'DispatchCase', 'ReturnDispatch']),
  ...scenario('dispute', [
    'ReportCase',
    'RegisterCase',
    'DispatchCase',
    { wait: 3 * DAY },
    'SuperviseDispatch',
    'AcceptDispatch',
    'StartWork',
    ['ParkCase', { reviewOn: '2026-04-01' }],
    'ResumeCase',
    'TransferCase',
    'AcceptDispatch',
    'StartWork',
    ['EscalateCase', { unit }],
    'AcceptDispatch',
    'StartWork',
    [
      'FlagRisk',
      {
        policeReport: { reportedTo: '幸福路派出所', reference: '接警 20260302-17' },
        unit: { unitId: 'unit-3', name: '幸福街道综治中心' },
      },
    ],
    'AcceptDispatch',
    'StartWork',
    [
      'RecordMediationFailure',
      { refusedByParty: '李四', next: 'refer_out', route: 'litigation', body: '区人民法院' },
    ],
  ]),
  ...scenario('dispute', [
    'ReportCase',
    'RegisterCase',
    'DispatchCase',
    'AcceptDispatch',
    'StartWork',
    'ReferOut',
  ]),
  ...scenario('dispute', [
    'ReportCase',
    'RegisterCase',
    'DispatchCase',
    'AcceptDispatch',
    'StartWork',
    'ResolveCase',
    'VerifyResolution',
    'CloseCase',
    ['RecordFollowUp', { satisfaction: 'unsatisfied', reporterSaysResolved: false }],
    'ReopenCase',
  ]),
  ...scenario('petition', [
    'ReportCase',
    ['RoutePetition', { note: '交办区住建局', competentBody: '区住建局' }],
    'ObjectToRouting',
    ['RoutePetition', { note: '再次交办' }],
    'NotifyPetitioner',
    'AnswerPetition',
    'RequestReview',
    'AnswerReview',
    'RequestReReview',
    ['RecordReReviewHearing', { note: '听证' }],
    'AnswerReReview',
  ]),
  ...scenario('petition', ['ReportCase', 'RoutePetition', 'NotifyPetitioner', 'DivertPetition']),
  // A letter entered a month late, saying why.
  ...scenario('petition', [
    [
      'ReportCase',
      {},
      { occurredAt: '2026-01-30T09:00:00+08:00', backdatingReason: '来信被误投至其他科室，今日转回' },
    ],
  ]),
  ...scenario('petition', [
    'ReportCase',
    'RoutePetition',
    'NotifyPetitioner',
    'AnswerPetition',
    { wait: 40 * DAY },
    'ClosePetitionForNoRequest',
  ]),
  ...scenario('enforcement', ['ReportCase', 'ScreenLead']),
  ...scenario('enforcement', [
    ...decidedPenalty,
    ['RecordPayment', { receiptNo: '收据 0001' }],
    ['ArchiveEnforcementCase', { note: '归档' }],
  ]),
  ...scenario('enforcement', [
    ...decidedPenalty,
    { wait: 20 * DAY },
    'DemandPayment',
    { wait: 200 * DAY },
    'ApplyCourtEnforcement',
  ]),
  ...scenario('enforcement', [
    'ReportCase',
    'FileEnforcementCase',
    'ConcludeInvestigation',
    ['ReviewEnforcementCase', { outcome: 'transfer_to_judiciary', judiciaryBody: '区公安分局' }],
  ]),
  ...scenario('enforcement', ['ReportCase', 'ReferOut']),
  ...declinedParking(),
];

/** A parking asked for and declined (ADR 0019): the request and the refusal, with its reason. */
function declinedParking(): CaseEvent[] {
  const events = scenario('dispute', [
    'ReportCase',
    'RegisterCase',
    'DispatchCase',
    'AcceptDispatch',
    'StartWork',
  ]);
  const c = sampleCommands('fields-dispute');
  const requested = caseDecider.decide(
    c.ParkCase(metadataAt('2026-03-02T15:00:00+08:00', 'account-1')),
    fold(caseDecider, events),
  );
  const declined = caseDecider.decide(
    c.DeclineRequest(metadataAt('2026-03-02T16:00:00+08:00', 'account-2')),
    fold(caseDecider, [...events, ...requested]),
  );
  return [...requested, ...declined];
}

describe('case event field classes', () => {
  const types = Object.keys(CASE_EVENT_FIELDS) as CaseEventType[];

  it.each(types)('%s: real events carry no unclassified string field', (type) => {
    const ofType = examples.filter((event) => event.type === type);
    expect({ type, examples: ofType.length > 0 }).toEqual({ type, examples: true });
    for (const event of ofType) expect(unclassifiedStringFields(event, CASE_EVENT_FIELDS)).toEqual([]);
  });

  it('fails on a string field nobody classified, and on an unknown event type', () => {
    const reported = examples.find((event) => event.type === 'CaseReported')!;
    const widened = {
      ...reported,
      data: {
        ...reported.data,
        hotlineTicket: '12345-0042',
        location: { ...reported.data.location, floor: '5F' },
      },
    };
    expect(unclassifiedStringFields(widened, CASE_EVENT_FIELDS)).toEqual(['location.floor', 'hotlineTicket']);
    expect(
      unclassifiedStringFields({ type: 'CaseRenamed', data: { title: 'x' } }, CASE_EVENT_FIELDS),
    ).toEqual(['<CaseRenamed>']);
  });
});
