import { describe, expect, it } from '@jest/globals';
import { caseDecider, caseStreamName, type CaseCommand, type CaseState, type CaseType } from '#case-domain';
import { decideApproved, sampleCommands } from '#case-domain/testing';
import type { RecordedEvent } from '#event-store';
import {
  assessmentFacts,
  assessmentFold,
  computeScore,
  type AssessmentFact,
  type AssessmentLedger,
  type AssessmentMeasure,
} from './assessment.js';
import { foldCaseEvents, type CaseRow } from './case-fold.js';

/** A command at a CST instant, with data merged into the sample command's. */
type Step = [type: CaseCommand['type'], at: string, data?: Record<string, unknown>];
const cst = (day: string, time = '10:00') => `${day}T${time}:00+08:00`;
const unit = (unitId: string) => ({ unit: { unitId, name: `name of ${unitId}` } });

let sequence = 0;
/** Given: a case history decided by the real decider. Returns the case's assessment facts. */
function given(steps: Step[], caseType: CaseType = 'dispute'): AssessmentFact[] {
  const caseId = `case-${++sequence}`;
  const samples = sampleCommands(caseId, caseType);
  let state: CaseState = caseDecider.initialState();
  const recorded: RecordedEvent[] = [];
  for (const [type, at, data] of steps) {
    const sample = samples[type]({ actor: 'operator-1', now: at }) as CaseCommand;
    const command = { ...sample, data: { ...sample.data, ...data } } as CaseCommand;
    for (const event of decideApproved(command, state)) {
      state = caseDecider.evolve(state, event);
      recorded.push({
        id: `${caseId}-${recorded.length}`,
        type: event.type,
        data: JSON.parse(JSON.stringify(event.data)),
        metadata: { occurredAt: new Date(at).toISOString() } as RecordedEvent['metadata'],
        stream: caseStreamName(caseId),
        revision: BigInt(recorded.length),
        globalPosition: BigInt(recorded.length + 1),
        recordedAt: new Date(at).toISOString(),
      });
    }
  }
  const rows = new Map<string, CaseRow<AssessmentLedger>>();
  foldCaseEvents(rows, recorded, assessmentFold);
  return assessmentFacts(rows.get(caseId)!.memo);
}

/**
 * Then: the figure of one rate for one unit over a month (CST) as of `now`, counted straight from the
 * facts (the queries count the same in SQL).
 */
function figure(
  facts: readonly AssessmentFact[],
  measure: AssessmentMeasure,
  unitId: string,
  month: string,
  now: string,
): [numerator: number, denominator: number] {
  const start = Date.parse(`${month}-01T00:00:00+08:00`);
  const [year, m] = month.split('-').map(Number) as [number, number];
  const end = Date.parse(
    `${m === 12 ? year + 1 : year}-${String((m % 12) + 1).padStart(2, '0')}-01T00:00:00+08:00`,
  );
  const counted = facts.filter(
    (f) =>
      f.measure === measure &&
      f.unitId === unitId &&
      Date.parse(f.periodAt) >= start &&
      Date.parse(f.periodAt) < end &&
      Date.parse(f.countsFrom) <= Date.parse(now),
  );
  return [counted.filter((f) => f.hit).length, counted.length];
}

const reportAndRegister = (day: string): Step[] => [
  ['ReportCase', cst(day, '09:00')],
  ['RegisterCase', cst(day, '09:10')],
];
const followUp = (at: string, satisfaction: string, reporterSaysResolved: boolean): Step => [
  'RecordFollowUp',
  at,
  { satisfaction, reporterSaysResolved },
];
/** Signed, worked, resolved, verified and closed on the dispatch day (well inside every limit). */
const settleSameDay = (day: string, unitId: string): Step[] => [
  ['DispatchCase', cst(day, '09:20'), unit(unitId)],
  ['AcceptDispatch', cst(day, '09:30')],
  ['StartWork', cst(day, '09:40')],
  ['ResolveCase', cst(day, '11:00')],
  ['VerifyResolution', cst(day, '12:00')],
  ['CloseCase', cst(day, '13:00')],
];

describe('response rate: dispatches whose signing limit (24 h) fell in the period, signed in time / due', () => {
  it('a dispatch still inside its limit is not due yet; once the limit passed unsigned it counts as missed', () => {
    const facts = given([
      ...reportAndRegister('2026-03-10'),
      ['DispatchCase', cst('2026-03-10', '09:20'), unit('u1')],
    ]);
    expect(figure(facts, 'response', 'u1', '2026-03', cst('2026-03-10', '20:00'))).toEqual([0, 0]);
    expect(figure(facts, 'response', 'u1', '2026-03', cst('2026-03-12'))).toEqual([0, 1]);
  });

  it('signed within the limit counts 1/1, signed after it 0/1', () => {
    const inTime = given([...reportAndRegister('2026-03-10'), ...settleSameDay('2026-03-10', 'u1')]);
    const late = given([
      ...reportAndRegister('2026-03-10'),
      ['DispatchCase', cst('2026-03-10', '09:20'), unit('u1')],
      ['AcceptDispatch', cst('2026-03-12', '09:30')],
    ]);
    expect(figure(inTime, 'response', 'u1', '2026-03', cst('2026-04-01'))).toEqual([1, 1]);
    expect(figure(late, 'response', 'u1', '2026-03', cst('2026-04-01'))).toEqual([0, 1]);
  });

  it('a return within the limit (misdirected) is not counted against the unit; the unit designated next is', () => {
    const facts = given([
      ...reportAndRegister('2026-03-10'),
      ['DispatchCase', cst('2026-03-10', '09:20'), unit('committee')],
      ['ReturnDispatch', cst('2026-03-10', '11:00')],
      ['DispatchCase', cst('2026-03-10', '12:00'), unit('right-unit')],
      ['AcceptDispatch', cst('2026-03-10', '13:00')],
    ]);
    expect(figure(facts, 'response', 'committee', '2026-03', cst('2026-04-01'))).toEqual([0, 0]);
    expect(figure(facts, 'response', 'right-unit', '2026-03', cst('2026-04-01'))).toEqual([1, 1]);
  });

  it('the period is the month the signing limit falls in, not the month of the dispatch', () => {
    const facts = given([
      ...reportAndRegister('2026-03-31'),
      ['DispatchCase', cst('2026-03-31', '12:00'), unit('u1')],
      ['AcceptDispatch', cst('2026-03-31', '13:00')],
    ]);
    expect(figure(facts, 'response', 'u1', '2026-03', cst('2026-04-05'))).toEqual([0, 0]);
    expect(figure(facts, 'response', 'u1', '2026-04', cst('2026-04-05'))).toEqual([1, 1]);
  });
});

describe('resolution and satisfaction: per followed-up case, its last follow-up', () => {
  it('a case reopened after an unsatisfied follow-up and followed up again counts once, by its last call', () => {
    const facts = given([
      ...reportAndRegister('2026-03-02'),
      ...settleSameDay('2026-03-02', 'u1'),
      followUp(cst('2026-03-03'), 'unsatisfied', false),
      ['ReopenCase', cst('2026-03-03', '11:00'), unit('u1')],
      ['ResolveCase', cst('2026-03-04')],
      ['VerifyResolution', cst('2026-03-04', '11:00')],
      ['CloseCase', cst('2026-03-04', '12:00')],
      followUp(cst('2026-03-05'), 'satisfied', true),
    ]);
    expect(figure(facts, 'resolution', 'u1', '2026-03', cst('2026-04-01'))).toEqual([1, 1]);
    expect(figure(facts, 'satisfaction', 'u1', '2026-03', cst('2026-04-01'))).toEqual([1, 1]);
  });

  it('basically satisfied counts as satisfied; the reporter saying "not resolved" does not count as resolved', () => {
    const facts = given([
      ...reportAndRegister('2026-03-02'),
      ...settleSameDay('2026-03-02', 'u1'),
      followUp(cst('2026-03-03'), 'basically_satisfied', false),
    ]);
    expect(figure(facts, 'satisfaction', 'u1', '2026-03', cst('2026-04-01'))).toEqual([1, 1]);
    expect(figure(facts, 'resolution', 'u1', '2026-03', cst('2026-04-01'))).toEqual([0, 1]);
  });
});

describe('rework: per resolved case', () => {
  it('two rework requests on one case make one reworked case out of one resolved case', () => {
    const facts = given([
      ...reportAndRegister('2026-03-02'),
      ['DispatchCase', cst('2026-03-02', '09:20'), unit('u1')],
      ['AcceptDispatch', cst('2026-03-02', '09:30')],
      ['StartWork', cst('2026-03-02', '09:40')],
      ['ResolveCase', cst('2026-03-02', '11:00')],
      ['RequestRework', cst('2026-03-02', '12:00')],
      ['ResolveCase', cst('2026-03-02', '13:00')],
      ['RequestRework', cst('2026-03-02', '14:00')],
      ['ResolveCase', cst('2026-03-02', '15:00')],
    ]);
    expect(figure(facts, 'rework', 'u1', '2026-03', cst('2026-04-01'))).toEqual([1, 1]);
  });
});

describe('closure: cases whose handling limit fell in the period, closed / due', () => {
  it('a case due in March and still open counts as due and not closed once the limit passed; closed in April it counts closed in March', () => {
    const steps: Step[] = [
      ...reportAndRegister('2026-03-20'),
      ['DispatchCase', cst('2026-03-20', '09:20'), unit('u1')],
      ['AcceptDispatch', cst('2026-03-20', '09:30')],
    ];
    const open = given(steps);
    expect(figure(open, 'closure', 'u1', '2026-03', cst('2026-03-20', '12:00'))).toEqual([0, 0]);
    expect(figure(open, 'closure', 'u1', '2026-03', cst('2026-04-10'))).toEqual([0, 1]);
    const closedLate = given([
      ...steps,
      ['StartWork', cst('2026-04-02')],
      ['ResolveCase', cst('2026-04-03')],
      ['VerifyResolution', cst('2026-04-03', '11:00')],
      ['CloseCase', cst('2026-04-03', '12:00')],
    ]);
    expect(figure(closedLate, 'closure', 'u1', '2026-03', cst('2026-04-10'))).toEqual([1, 1]);
    expect(figure(closedLate, 'closure', 'u1', '2026-04', cst('2026-04-10'))).toEqual([0, 0]);
    expect(figure(closedLate, 'onTimeClosure', 'u1', '2026-03', cst('2026-04-10'))).toEqual([0, 1]);
  });
});

describe('on-time closure: resolved by the handling limit; a referral or transfer after the limit is late', () => {
  it('a referral after the limit had passed counts as a late closure, one within it as on time', () => {
    const late = given([
      ...reportAndRegister('2026-03-02'),
      ['DispatchCase', cst('2026-03-02', '09:20'), unit('u1')],
      ['AcceptDispatch', cst('2026-03-02', '09:30')],
      ['ReferOut', cst('2026-03-25')],
    ]);
    const inTime = given([
      ...reportAndRegister('2026-03-02'),
      ['DispatchCase', cst('2026-03-02', '09:20'), unit('u1')],
      ['AcceptDispatch', cst('2026-03-02', '09:30')],
      ['ReferOut', cst('2026-03-02', '11:00')],
    ]);
    expect(figure(late, 'closure', 'u1', '2026-03', cst('2026-04-01'))).toEqual([1, 1]);
    expect(figure(late, 'onTimeClosure', 'u1', '2026-03', cst('2026-04-01'))).toEqual([0, 1]);
    expect(figure(inTime, 'onTimeClosure', 'u1', '2026-03', cst('2026-04-01'))).toEqual([1, 1]);
  });

  it('a transfer after the limit leaves the transferring unit a missed limit; the new unit answers for the rest', () => {
    const facts = given([
      ...reportAndRegister('2026-03-02'),
      ['DispatchCase', cst('2026-03-02', '09:20'), unit('u1')],
      ['AcceptDispatch', cst('2026-03-02', '09:30')],
      ['TransferCase', cst('2026-03-10'), { toUnit: { unitId: 'u2', name: 'u2' } }],
      ['AcceptDispatch', cst('2026-03-10', '11:00')],
      ['StartWork', cst('2026-03-10', '11:10')],
      ['ResolveCase', cst('2026-03-10', '12:00')],
      ['VerifyResolution', cst('2026-03-10', '13:00')],
      ['CloseCase', cst('2026-03-10', '14:00')],
    ]);
    expect(figure(facts, 'closure', 'u1', '2026-03', cst('2026-04-01'))).toEqual([0, 1]);
    expect(figure(facts, 'onTimeClosure', 'u1', '2026-03', cst('2026-04-01'))).toEqual([0, 0]);
    expect(figure(facts, 'closure', 'u2', '2026-03', cst('2026-04-01'))).toEqual([1, 1]);
  });
});

describe('attribution: each unit answers for the part of the case it held', () => {
  const escalatedLate: Step[] = [
    ...reportAndRegister('2026-03-02'),
    ['DispatchCase', cst('2026-03-02', '09:20'), unit('grid-unit')],
    ['AcceptDispatch', cst('2026-03-02', '09:30')],
    ['EscalateCase', cst('2026-03-06')],
    ['DispatchCase', cst('2026-03-06', '10:00'), unit('community-unit')],
    ['AcceptDispatch', cst('2026-03-06', '10:30')],
    ['StartWork', cst('2026-03-06', '10:40')],
    ['ResolveCase', cst('2026-03-06', '15:00')],
    ['VerifyResolution', cst('2026-03-06', '16:00')],
    ['CloseCase', cst('2026-03-06', '17:00')],
    followUp(cst('2026-03-07'), 'satisfied', true),
  ];

  it('a unit that escalates after its limit answers for that limit (closure and resolution missed), the unit above for the rest', () => {
    const facts = given(escalatedLate);
    const now = cst('2026-04-01');
    expect(figure(facts, 'response', 'grid-unit', '2026-03', now)).toEqual([1, 1]);
    expect(figure(facts, 'closure', 'grid-unit', '2026-03', now)).toEqual([0, 1]);
    expect(figure(facts, 'resolution', 'grid-unit', '2026-03', now)).toEqual([0, 1]);
    expect(figure(facts, 'satisfaction', 'grid-unit', '2026-03', now)).toEqual([0, 0]);
    expect(figure(facts, 'closure', 'community-unit', '2026-03', now)).toEqual([1, 1]);
    expect(figure(facts, 'resolution', 'community-unit', '2026-03', now)).toEqual([1, 1]);
    expect(figure(facts, 'satisfaction', 'community-unit', '2026-03', now)).toEqual([1, 1]);
    expect(facts.filter((f) => f.unitId === 'community-unit').map((f) => f.unitLevel)).toContain('community');
  });

  it('a grid that passes every case up late no longer scores 100', () => {
    const facts = given(escalatedLate);
    const now = cst('2026-04-01');
    const [signed, due] = figure(facts, 'response', 'grid-unit', '2026-03', now);
    const [resolved, followed] = figure(facts, 'resolution', 'grid-unit', '2026-03', now);
    const score = computeScore({
      response: signed / due,
      resolution: resolved / followed,
      satisfaction: null,
      closure: 0,
      onTimeClosure: null,
      rework: null,
      extension: null,
    });
    expect(score).toBeCloseTo((100 * (30 * 1 + 40 * 0)) / 70, 10);
  });

  it('a unit that escalates within its limit (cannot be settled at its level) is not charged with the case', () => {
    const facts = given([
      ...reportAndRegister('2026-03-02'),
      ['DispatchCase', cst('2026-03-02', '09:20'), unit('grid-unit')],
      ['AcceptDispatch', cst('2026-03-02', '09:30')],
      ['EscalateCase', cst('2026-03-02', '11:00')],
    ]);
    expect(figure(facts, 'closure', 'grid-unit', '2026-03', cst('2026-04-01'))).toEqual([0, 0]);
    expect(figure(facts, 'resolution', 'grid-unit', '2026-03', cst('2026-04-01'))).toEqual([0, 0]);
  });
});

describe('extension: per dispatched case, all case types', () => {
  it('a unit with two extended petitions and one dispatched dispute shows 2/3, never more than 100 %', () => {
    const petition = (day: string): Step[] => [
      ['ReportCase', cst(day, '09:00')],
      ['RoutePetition', cst(day, '10:00'), { toBody: { unitId: 'street-centre', name: 'street centre' } }],
      ['NotifyPetitioner', cst(day, '11:00')],
      ['ExtendDeadline', cst(day, '12:00')],
    ];
    const facts = [
      ...given(petition('2026-03-02'), 'petition'),
      ...given(petition('2026-03-03'), 'petition'),
      ...given([
        ...reportAndRegister('2026-03-04'),
        ['DispatchCase', cst('2026-03-04', '09:20'), unit('street-centre')],
      ]),
    ];
    expect(figure(facts, 'extension', 'street-centre', '2026-03', cst('2026-04-01'))).toEqual([2, 3]);
  });

  it('a petition counts for the body that handles it: its written notice is its response', () => {
    const facts = given(
      [
        ['ReportCase', cst('2026-03-02', '09:00')],
        ['RoutePetition', cst('2026-03-02', '10:00'), { toBody: { unitId: 'bureau', name: 'bureau' } }],
        ['NotifyPetitioner', cst('2026-03-03')],
      ],
      'petition',
    );
    expect(figure(facts, 'response', 'bureau', '2026-03', cst('2026-04-01'))).toEqual([1, 1]);
    expect(figure(facts, 'extension', 'bureau', '2026-03', cst('2026-04-01'))).toEqual([0, 1]);
  });
});

describe('instants, dates and period boundaries (China Standard Time)', () => {
  it('a closure at 00:00 belongs to the day (and month) it starts; a limit ending at 24:00 to the day it ends', () => {
    const beforeClosure: Step[] = [
      ...reportAndRegister('2026-03-30'),
      ['DispatchCase', cst('2026-03-30', '09:20'), unit('u1')],
      ['AcceptDispatch', cst('2026-03-30', '09:30')],
      ['StartWork', cst('2026-03-30', '09:40')],
      ['ResolveCase', cst('2026-03-31', '23:00')],
      ['VerifyResolution', cst('2026-03-31', '23:30')],
    ];
    const facts = given([...beforeClosure, ['CloseCase', cst('2026-04-01', '00:00')]]);
    const closure = facts.find((f) => f.measure === 'closure')!;
    // The building level's 1 working day from Monday 30 March ends with Tuesday 31 March (due 1 April 00:00, exclusive).
    expect(closure.periodAt).toBe(new Date('2026-03-31T23:59:59.999+08:00').toISOString());
    // Resolved within the limit: on time, although the centre closed it at the next day's first instant.
    expect(figure(facts, 'onTimeClosure', 'u1', '2026-03', cst('2026-04-02'))).toEqual([1, 1]);
    // As of 31 March (its last millisecond) the stream's prefix ends before the closure: due, not closed.
    const asOfMarch31 = given(beforeClosure);
    expect(figure(asOfMarch31, 'closure', 'u1', '2026-03', '2026-03-31T23:59:59.999+08:00')).toEqual([0, 1]);
    expect(figure(facts, 'closure', 'u1', '2026-03', cst('2026-04-01', '00:00'))).toEqual([1, 1]);
  });
});
