import { describe, expect, it } from '@jest/globals';
import { fold } from '#domain-kernel';
import { deciderSpecification } from '#domain-kernel/testing';
import {
  caseDecider,
  type CaseCommand,
  type CaseEvent,
  type CaseState,
  type SupervisedDeadline,
  type SuperviseDispatch,
} from '../index.js';
import { decideApproved, metadataAt, sampleCommands } from '../testing/index.js';

const spec = deciderSpecification(caseDecider);
const m = (now: string, actor = 'operator-1') => metadataAt(now, actor);
const history = (commands: CaseCommand[]): CaseEvent[] => {
  const events: CaseEvent[] = [];
  for (const command of commands) events.push(...caseDecider.decide(command, fold(caseDecider, events)));
  return events;
};
const stateOf = (events: CaseEvent[]): Extract<CaseState, { caseId: string }> => {
  const state = fold(caseDecider, events);
  if (state.status === 'none') throw new Error('no case');
  return state;
};
const supervise = (
  now: string,
  deadline?: SupervisedDeadline | string,
  actor = 'system:escalation',
): SuperviseDispatch => ({
  type: 'SuperviseDispatch',
  metadata: m(now, actor),
  data: { reason: '时限已过，督办', ...(deadline ? { deadline: deadline as SupervisedDeadline } : {}) },
});

// Dispute registered Mon 2026-03-02; whole mediation: 1 month → ends 2026-04-02 (a Thursday, a working day).
const d = sampleCommands('d-1');
const T = {
  report: '2026-03-02T09:00:00+08:00',
  dispatch: '2026-03-02T10:00:00+08:00',
  accept: '2026-03-02T11:00:00+08:00',
};
const inProgress = history([
  d.ReportCase(m(T.report)),
  d.RegisterCase(m(T.report)),
  d.DispatchCase(m(T.dispatch)),
  d.AcceptDispatch(m(T.accept)),
  d.StartWork(m(T.accept)),
]);
const wholeMediationDue = stateOf(inProgress).deadlines.wholeMediation!.dueAt;

describe('SuperviseDispatch naming a limit (督办 of a passed deadline)', () => {
  it('a passed whole-mediation limit of a dispute in progress → DispatchSupervised naming the limit and its due instant', () => {
    expect(wholeMediationDue).toBe('2026-04-03T00:00:00+08:00');
    const now = '2026-04-03T09:00:00+08:00';
    spec
      .given(inProgress)
      .when(supervise(now, 'wholeMediation'))
      .then([
        {
          type: 'DispatchSupervised',
          data: {
            caseId: 'd-1',
            supervisedAt: now,
            supervisedBy: 'system:escalation',
            unit: { unitId: 'unit-b3', name: '3 号楼楼长' },
            reason: '时限已过，督办',
            overdue: expect.arrayContaining(['wholeMediation', 'level']) as unknown as string[],
            deadline: 'wholeMediation',
            deadlineDueAt: wholeMediationDue,
          },
        },
      ]);
    spec
      .given(inProgress)
      .when(supervise(now, 'wholeMediation'))
      .thenSatisfies((_, after) =>
        expect(after).toMatchObject({ status: 'in_progress', counters: { supervisions: 1 } }),
      );
  });

  it("refuses a limit that has not passed yet (409 CASE.DEADLINE_NOT_OVERDUE), one not running (CASE.DEADLINE_NOT_RUNNING), and a party's window (400)", () => {
    spec
      .given(inProgress)
      .when(supervise('2026-04-02T23:59:00+08:00', 'wholeMediation'))
      .thenThrows('CASE.DEADLINE_NOT_OVERDUE', (e) => {
        expect(e.kind).toBe('illegal_transition');
        expect(e.context).toMatchObject({ deadline: 'wholeMediation', dueAt: wholeMediationDue });
      });
    // First feedback is cleared once work starts.
    spec
      .given(inProgress)
      .when(supervise('2026-04-03T09:00:00+08:00', 'firstFeedback'))
      .thenThrows('CASE.DEADLINE_NOT_RUNNING', (e) => expect(e.kind).toBe('illegal_transition'));
    spec
      .given(inProgress)
      .when(supervise('2026-04-03T09:00:00+08:00', 'reviewRequest'))
      .thenThrows('CASE.INVALID_COMMAND');
    spec
      .given(inProgress)
      .when({
        ...supervise('2026-04-03T09:00:00+08:00', 'wholeMediation'),
        data: { reason: '', deadline: 'wholeMediation' },
      })
      .thenThrows('CASE.INVALID_COMMAND');
  });

  it('does not press a dispute that awaits verification or is parked (409 CASE.ILLEGAL_TRANSITION)', () => {
    const resolved = [
      ...inProgress,
      ...caseDecider.decide(d.ResolveCase(m('2026-03-20T09:00:00+08:00')), stateOf(inProgress)),
    ];
    spec
      .given(resolved)
      .when(supervise('2026-04-03T09:00:00+08:00', 'wholeMediation'))
      .thenThrows('CASE.ILLEGAL_TRANSITION');
    const parked = [
      ...inProgress,
      ...decideApproved(d.ParkCase(m('2026-03-20T09:00:00+08:00')), stateOf(inProgress)),
    ];
    spec
      .given(parked)
      .when(supervise('2026-04-03T09:00:00+08:00', 'wholeMediation'))
      .thenThrows('CASE.ILLEGAL_TRANSITION');
  });

  it('a first-feedback limit passed before work starts is supervised while the case is signed for but not started', () => {
    const accepted = inProgress.slice(0, 4);
    const due = stateOf(accepted).deadlines.firstFeedback!.dueAt;
    spec
      .given(accepted)
      .when(supervise(due, 'firstFeedback'))
      .thenSatisfies(([event]) =>
        expect(event).toMatchObject({
          type: 'DispatchSupervised',
          data: { deadline: 'firstFeedback', deadlineDueAt: due, unit: { unitId: 'unit-b3' } },
        }),
      );
  });

  it('without a limit the command keeps its old meaning: petitions and enforcement cases refuse it (422)', () => {
    const p = sampleCommands('p-1', 'petition');
    spec
      .given(history([p.ReportCase(m(T.report))]))
      .when(supervise('2026-04-03T09:00:00+08:00'))
      .thenThrows('CASE.COMMAND_NOT_APPLICABLE');
  });
});

describe('statutory limits of petitions (信访工作条例) and enforcement cases (行政处罚法)', () => {
  const p = sampleCommands('p-1', 'petition');
  const received = history([p.ReportCase(m('2026-03-02T09:00:00+08:00'))]);
  const routingDue = stateOf(received).deadlines.routing!.dueAt;

  it('a petition not routed within 15 days: the petition office is supervised (no unit yet); routing it in time leaves nothing to supervise', () => {
    spec
      .given(received)
      .when(supervise(routingDue, 'routing'))
      .then([
        {
          type: 'DispatchSupervised',
          data: {
            caseId: 'p-1',
            supervisedAt: routingDue,
            supervisedBy: 'system:escalation',
            unit: null,
            reason: '时限已过，督办',
            overdue: ['routing'],
            deadline: 'routing',
            deadlineDueAt: routingDue,
          },
        },
      ]);
    const routed = [
      ...received,
      ...caseDecider.decide(p.RoutePetition(m('2026-03-05T09:00:00+08:00')), stateOf(received)),
    ];
    spec.given(routed).when(supervise(routingDue, 'routing')).thenThrows('CASE.DEADLINE_NOT_RUNNING');
  });

  it('the 60-day handling limit is supervised at the handling body; after an approved extension only once the new limit passes', () => {
    const accepted = history([
      p.ReportCase(m('2026-03-02T09:00:00+08:00')),
      p.RoutePetition(m('2026-03-05T09:00:00+08:00')),
      p.NotifyPetitioner(m('2026-03-06T09:00:00+08:00')),
    ]);
    const handlingDue = stateOf(accepted).deadlines.handling!.dueAt;
    spec
      .given(accepted)
      .when(supervise(handlingDue, 'handling'))
      .thenSatisfies(([event]) =>
        expect(event).toMatchObject({
          data: { deadline: 'handling', deadlineDueAt: handlingDue, unit: { unitId: 'unit-housing' } },
        }),
      );
    const extend: CaseCommand = {
      type: 'ExtendDeadline',
      metadata: m('2026-04-20T09:00:00+08:00'),
      data: { reason: '需现场测绘', amount: 30, deadline: 'handling' },
    };
    const extended = [...accepted, ...decideApproved(extend, stateOf(accepted))];
    const newDue = stateOf(extended).deadlines.handling!.dueAt;
    expect(Date.parse(newDue)).toBeGreaterThan(Date.parse(handlingDue));
    spec.given(extended).when(supervise(handlingDue, 'handling')).thenThrows('CASE.DEADLINE_NOT_OVERDUE');
    spec
      .given(extended)
      .when(supervise(newDue, 'handling'))
      .thenSatisfies(([event]) => expect(event).toMatchObject({ data: { deadlineDueAt: newDue } }));
    // The petitioner's own windows are not supervised.
    spec.given(accepted).when(supervise(handlingDue, 'objection')).thenThrows('CASE.INVALID_COMMAND');
  });

  it('an enforcement lead not screened within 15 working days, and a decision not made within 90 days of filing, are supervised', () => {
    const e = sampleCommands('e-1', 'enforcement');
    const lead = history([e.ReportCase(m('2026-03-02T09:00:00+08:00'))]);
    const screeningDue = stateOf(lead).deadlines.screening!.dueAt;
    spec
      .given(lead)
      .when(supervise(screeningDue, 'screening'))
      .thenSatisfies(([event], after) => {
        expect(event).toMatchObject({
          type: 'DispatchSupervised',
          data: { deadline: 'screening', unit: null },
        });
        expect(after).toMatchObject({ status: 'reported', counters: { supervisions: 1 } });
      });
    const filed = [
      ...lead,
      ...caseDecider.decide(e.FileEnforcementCase(m('2026-03-03T09:00:00+08:00')), stateOf(lead)),
    ];
    const decisionDue = stateOf(filed).deadlines.decision!.dueAt;
    spec.given(filed).when(supervise(decisionDue, 'screening')).thenThrows('CASE.DEADLINE_NOT_RUNNING');
    spec
      .given(filed)
      .when(supervise(decisionDue, 'decision'))
      .thenSatisfies(([event]) =>
        expect(event).toMatchObject({ data: { deadline: 'decision', deadlineDueAt: decisionDue } }),
      );
  });
});
