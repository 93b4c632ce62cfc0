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
 * Every command in every petition stage: a fixture history per stage (with the moment the next
 * command arrives), crossed with a valid command of every type. Each pair either succeeds or is
 * refused with the expected code.
 */
const T0 = '2026-03-02T09:00:00+08:00';
const s = sampleCommands('p-matrix', 'petition');
type Step = CaseCommandType | CaseCommand;
const step = (type: CaseCommandType, now: string): CaseCommand => s[type](metadataAt(now));
const with_ = <C extends CaseCommand>(command: C, data: Partial<C['data']>): C => ({
  ...command,
  data: { ...command.data, ...data },
});

function history(steps: Step[]): CaseEvent[] {
  const events: CaseEvent[] = [];
  for (const item of steps) {
    const command = typeof item === 'string' ? step(item, T0) : item;
    events.push(...decideApproved(command, fold(caseDecider, events)));
  }
  return events;
}

const received: Step[] = ['ReportCase'];
const routed: Step[] = [...received, 'RoutePetition'];
const accepted: Step[] = [...routed, 'NotifyPetitioner'];
const answered: Step[] = [...accepted, 'AnswerPetition'];
const reviewRequested: Step[] = [...answered, 'RequestReview'];
const reviewed: Step[] = [...reviewRequested, 'AnswerReview'];
const reReviewRequested: Step[] = [...reviewed, 'RequestReReview'];
const suggestion = with_(s.ReportCase(metadataAt(T0)), {});
const suggestionReport: CaseCommand = {
  ...suggestion,
  data: { ...suggestion.data, petition: { ...suggestion.data.petition!, class: 'suggestion' } },
};
const later = (days: number) => new Date(Date.parse(T0) + days * 86_400_000).toISOString();

type Fixture = {
  steps: Step[];
  now?: string;
  legal: CaseCommandType[];
  refusals?: Partial<Record<CaseCommandType, string>>;
};
const fixtures: Record<string, Fixture> = {
  none: { steps: [], legal: ['ReportCase'] },
  received: { steps: received, legal: ['RoutePetition'] },
  routed: { steps: routed, legal: ['NotifyPetitioner', 'ObjectToRouting'] },
  'routed (objection window passed)': {
    steps: routed,
    now: later(10),
    legal: ['NotifyPetitioner'],
    refusals: { ObjectToRouting: 'PETITION.OBJECTION_WINDOW_CLOSED' },
  },
  'received again after an objection': { steps: [...routed, 'ObjectToRouting'], legal: ['RoutePetition'] },
  informed: {
    steps: [
      ...received,
      with_(s.RoutePetition(metadataAt(T0)), {
        mode: 'inform',
        toBody: undefined,
        competentBody: '区人民法院',
      }),
    ],
    legal: [],
  },
  accepted: { steps: accepted, legal: ['AnswerPetition', 'DivertPetition', 'ExtendDeadline'] },
  'accepted (extension used)': {
    steps: [...accepted, 'ExtendDeadline'],
    legal: ['AnswerPetition', 'DivertPetition'],
    refusals: { ExtendDeadline: 'CASE.EXTENSION_ALREADY_USED' },
  },
  'accepted (a suggestion)': {
    steps: [suggestionReport, 'RoutePetition', 'NotifyPetitioner'],
    legal: ['ExtendDeadline'],
    refusals: { AnswerPetition: 'PETITION.NOT_A_REQUEST', DivertPetition: 'PETITION.NOT_A_REQUEST' },
  },
  diverted: { steps: [...accepted, 'DivertPetition'], legal: [] },
  replied: {
    steps: [
      suggestionReport,
      'RoutePetition',
      'NotifyPetitioner',
      with_(s.AnswerPetition(metadataAt(T0)), { answer: 'reply' }),
    ],
    legal: [],
  },
  answered: {
    steps: answered,
    legal: ['RequestReview'],
    refusals: { ClosePetitionForNoRequest: 'PETITION.REQUEST_WINDOW_OPEN' },
  },
  'answered (review window passed)': {
    steps: answered,
    now: later(40),
    legal: ['ClosePetitionForNoRequest'],
    refusals: { RequestReview: 'PETITION.REVIEW_WINDOW_CLOSED' },
  },
  review_requested: { steps: reviewRequested, legal: ['AnswerReview'] },
  reviewed: {
    steps: reviewed,
    legal: ['RequestReReview'],
    refusals: { ClosePetitionForNoRequest: 'PETITION.REQUEST_WINDOW_OPEN' },
  },
  'reviewed (re-review window passed)': {
    steps: reviewed,
    now: later(40),
    legal: ['ClosePetitionForNoRequest'],
    refusals: { RequestReReview: 'PETITION.RE_REVIEW_WINDOW_CLOSED' },
  },
  re_review_requested: { steps: reReviewRequested, legal: ['RecordReReviewHearing', 'AnswerReReview'] },
  final: {
    steps: [...reReviewRequested, 'AnswerReReview'],
    legal: [],
    refusals: { RequestReview: 'PETITION.ALREADY_FINAL', RequestReReview: 'PETITION.ALREADY_FINAL' },
  },
  'closed (no review request)': {
    steps: [...answered, step('ClosePetitionForNoRequest', later(40))],
    now: later(41),
    legal: [],
    refusals: { RequestReview: 'PETITION.REVIEW_WINDOW_CLOSED' },
  },
  'closed (no re-review request)': {
    steps: [...reviewed, step('ClosePetitionForNoRequest', later(40))],
    now: later(41),
    legal: [],
    refusals: {
      RequestReview: 'PETITION.REVIEW_WINDOW_CLOSED',
      RequestReReview: 'PETITION.RE_REVIEW_WINDOW_CLOSED',
    },
  },
};

/** Commands that never apply to a petition: the common loop (except extend) and the other types' commands. */
const notApplicable = new Set<CaseCommandType>([
  ...ALL_CASE_COMMAND_TYPES.filter(
    (t) =>
      !PETITION_COMMAND_TYPES.includes(t as never) &&
      !DISPUTE_COMMAND_TYPES.includes(t as never) &&
      !ENFORCEMENT_COMMAND_TYPES.includes(t as never) &&
      t !== 'ReportCase' &&
      t !== 'ExtendDeadline',
  ),
  ...DISPUTE_COMMAND_TYPES,
  ...ENFORCEMENT_COMMAND_TYPES,
]);

const spec = deciderSpecification(caseDecider);

describe('petition: every command in every stage', () => {
  for (const [name, fixture] of Object.entries(fixtures)) {
    const given = history(fixture.steps);
    const state = fold(caseDecider, given);
    const stage =
      state.status !== 'none' && state.details.caseType === 'petition' ? state.details.stage : 'none';
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
                if (refusal === 'CASE.COMMAND_NOT_APPLICABLE') expect(error.kind).toBe('unprocessable');
              });
          });
        }
      }
    });
  }
});
