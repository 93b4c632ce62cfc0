import { describe, expect, it } from '@jest/globals';
import { fold } from '#domain-kernel';
import { deciderSpecification } from '#domain-kernel/testing';
import {
  caseDecider,
  caseStreamName,
  countPeriod,
  createCaseDecider,
  defaultCasePolicy,
  officialCalendar,
  type CaseCommand,
  type CaseEvent,
  type CaseState,
  type PeriodRule,
} from '../index.js';
import { decideApproved, metadataAt, sampleCommands, SPEC_APPROVER } from '../testing/index.js';

const spec = deciderSpecification(caseDecider);
const policy = defaultCasePolicy;
const dl = (rule: PeriodRule, trigger: string) =>
  countPeriod(officialCalendar, rule.unit, { trigger, amount: rule.amount, basis: rule.basis });
const m = (now: string, actor = 'operator-1') => metadataAt(now, actor);

function run(commands: CaseCommand[], decider = caseDecider): { events: CaseEvent[]; state: CaseState } {
  const events: CaseEvent[] = [];
  for (const command of commands) events.push(...decider.decide(command, fold(decider, events)));
  return { events, state: fold(decider, events) };
}

// National Day 2026: report Mon 09-28, dispatch Wed 09-30 just before the holiday.
const id = 'c-1';
const c = sampleCommands(id);
const T = {
  report: '2026-09-28T09:00:00+08:00',
  register: '2026-09-28T09:10:00+08:00',
  dispatch: '2026-09-30T10:00:00+08:00',
  accept: '2026-09-30T11:00:00+08:00',
  start: '2026-09-30T12:00:00+08:00',
  later: '2026-10-08T09:00:00+08:00',
};
const reportedEvents = run([c.ReportCase(m(T.report))]).events;
const registeredEvents = run([c.ReportCase(m(T.report)), c.RegisterCase(m(T.register))]).events;
const dispatchedEvents = run([
  c.ReportCase(m(T.report)),
  c.RegisterCase(m(T.register)),
  c.DispatchCase(m(T.dispatch)),
]).events;
const acceptedEvents = [
  ...dispatchedEvents,
  ...caseDecider.decide(c.AcceptDispatch(m(T.accept, 'unit-user')), fold(caseDecider, dispatchedEvents)),
];
const inProgressEvents = [
  ...acceptedEvents,
  ...caseDecider.decide(c.StartWork(m(T.start, 'unit-user')), fold(caseDecider, acceptedEvents)),
];

describe('case decider: transitions with exact events', () => {
  it('names the stream case-<id>', () => expect(caseStreamName('abc')).toBe('case-abc'));

  it('ReportCase → CaseReported at building level', () => {
    const command = c.ReportCase(m(T.report));
    spec
      .given([])
      .when(command)
      .then([
        {
          type: 'CaseReported',
          data: {
            caseId: id,
            caseType: 'dispute',
            source: 'grid_patrol',
            title: command.data.title,
            description: command.data.description,
            category: 'neighbour',
            urgency: 'general',
            location: command.data.location,
            reporter: command.data.reporter!,
            level: 'building',
            reportedAt: T.report,
            reportedBy: 'operator-1',
            details: { caseType: 'dispute', parties: command.data.dispute!.parties },
          },
        },
      ]);
  });

  it('needs the type-specific data of petitions and enforcement cases, and refuses bad data with every problem listed', () => {
    const report = c.ReportCase(m(T.report));
    spec
      .given([])
      .when({ ...report, data: { ...report.data, caseType: 'petition' } })
      .thenThrows('CASE.INVALID_COMMAND', (e) => {
        expect(e.context.problems).toEqual(['petition must be given for a petition case']);
      });
    spec
      .given([])
      .when({ ...report, data: { ...report.data, caseType: 'enforcement' } })
      .thenThrows('CASE.INVALID_COMMAND', (e) => {
        expect(e.context.problems).toEqual(['enforcement must be given for an enforcement case']);
      });
    spec
      .given([])
      .when({ ...report, data: { ...report.data, title: '', urgency: 'whenever' as never } })
      .thenThrows('CASE.INVALID_COMMAND', (e) => {
        expect(e.context.problems).toEqual([
          'title must be a non-empty string',
          'urgency must be one of emergency, utility, general, complex',
        ]);
      });
    spec
      .given([])
      .when({ ...report, data: { ...report.data, dispute: { parties: [] } } })
      .thenThrows('CASE.INVALID_COMMAND');
    spec
      .given([])
      .when({ ...report, metadata: { actor: '', now: 'yesterday' } })
      .thenThrows('CASE.INVALID_COMMAND');
  });

  it('RegisterCase → CaseRegistered with the whole-mediation month', () => {
    const [event] = spec
      .given(reportedEvents)
      .when(c.RegisterCase(m(T.register)))
      .then([
        {
          type: 'CaseRegistered',
          data: {
            caseId: id,
            registeredAt: T.register,
            registeredBy: 'operator-1',
            urgency: 'general',
            category: 'neighbour',
            level: 'building',
            deadlines: { wholeMediation: dl(policy.dispute.wholeMediation, T.register) },
          },
        },
      ]);
    expect(event!.type === 'CaseRegistered' && event!.data.deadlines.wholeMediation!.dueAt).toBe(
      '2026-10-29T00:00:00+08:00',
    );
  });

  it('RejectCase → CaseRejected', () => {
    spec
      .given(reportedEvents)
      .when(c.RejectCase(m(T.register)))
      .then([
        {
          type: 'CaseRejected',
          data: { caseId: id, rejectedAt: T.register, rejectedBy: 'operator-1', reason: '不属于受理范围' },
        },
      ]);
  });

  it('DispatchCase → CaseDispatched with sign, first-feedback and ladder deadlines over National Day', () => {
    const [event] = spec
      .given(registeredEvents)
      .when(c.DispatchCase(m(T.dispatch)))
      .then([
        {
          type: 'CaseDispatched',
          data: {
            caseId: id,
            dispatchedAt: T.dispatch,
            dispatchedBy: 'operator-1',
            unit: { unitId: 'unit-b3', name: '3 号楼楼长' },
            level: 'building',
            designated: false,
            deadlines: {
              sign: dl(policy.sign.general, T.dispatch),
              firstFeedback: dl(policy.firstFeedback.general, T.dispatch),
              level: dl(policy.levelLimits.dispute.building, T.dispatch),
            },
          },
        },
      ]);
    if (event!.type !== 'CaseDispatched') throw new Error('unexpected');
    expect(event!.data.deadlines.sign.dueAt).toBe('2026-10-01T10:00:00+08:00');
    expect(event!.data.deadlines.firstFeedback.dueAt).toBe('2026-10-09T00:00:00+08:00'); // 10-07 is a holiday → 10-08
    expect(event!.data.deadlines.firstFeedback.counting.endMovedPastHoliday).toBe(true);
    expect(event!.data.deadlines.level!.dueAt).toBe('2026-10-09T00:00:00+08:00'); // 1 working day after the holiday
    expect(event!.data.deadlines.level!.basis.ruleId).toBe('dispute.ladder.building');
  });

  it('AcceptDispatch → DispatchAccepted, noting whether it was signed in time', () => {
    spec
      .given(dispatchedEvents)
      .when(c.AcceptDispatch(m(T.accept, 'unit-user')))
      .then([
        {
          type: 'DispatchAccepted',
          data: {
            caseId: id,
            acceptedAt: T.accept,
            acceptedBy: 'unit-user',
            unit: { unitId: 'unit-b3', name: '3 号楼楼长' },
            withinLimit: true,
          },
        },
      ]);
    spec
      .given(dispatchedEvents)
      .when(c.AcceptDispatch(m('2026-10-01T10:00:00+08:00')))
      .thenSatisfies(([e]) => expect(e!.type === 'DispatchAccepted' && e!.data.withinLimit).toBe(false));
  });

  it('ReturnDispatch → DispatchReturned → registered; the designated unit may not return again', () => {
    spec
      .given(dispatchedEvents)
      .when(c.ReturnDispatch(m(T.accept)))
      .then([
        {
          type: 'DispatchReturned',
          data: {
            caseId: id,
            returnedAt: T.accept,
            returnedBy: 'operator-1',
            unit: { unitId: 'unit-b3', name: '3 号楼楼长' },
            reason: '不属于本单位职责',
          },
        },
      ]);
    const { events, state } = run([
      c.ReportCase(m(T.report)),
      c.RegisterCase(m(T.register)),
      c.DispatchCase(m(T.dispatch)),
      c.ReturnDispatch(m(T.accept)),
    ]);
    expect(state).toMatchObject({ status: 'registered', unit: null, counters: { returns: 1 } });
    const redispatch = { ...c.DispatchCase(m(T.start)), data: { unit: { unitId: 'unit-b4' } } };
    spec
      .given(events)
      .when(redispatch)
      .thenSatisfies(([e], after) => {
        expect(e!.type === 'CaseDispatched' && e!.data.designated).toBe(true);
        expect(e!.type === 'CaseDispatched' && e!.data.deadlines.level).toBeUndefined(); // the level clock keeps running
        expect(after).toMatchObject({ status: 'dispatched', unit: { unitId: 'unit-b4' } });
      });
    spec
      .given([...events, ...caseDecider.decide(redispatch, fold(caseDecider, events))])
      .when(c.ReturnDispatch(m(T.later)))
      .thenThrows('CASE.RETURN_NOT_ALLOWED');
  });

  it('StartWork → WorkStarted', () => {
    spec
      .given(acceptedEvents)
      .when(c.StartWork(m(T.start, 'unit-user')))
      .then([
        {
          type: 'WorkStarted',
          data: { caseId: id, startedAt: T.start, startedBy: 'unit-user', firstFeedbackWithinLimit: true },
        },
      ]);
  });

  it('ExtendDeadline → DeadlineExtended from the end of the old last day, once, with approval', () => {
    const state = fold(caseDecider, inProgressEvents);
    const old = state.status !== 'none' ? state.deadlines.level! : undefined;
    spec
      .given(inProgressEvents)
      .when(c.ExtendDeadline(m(T.later)))
      .thenSatisfies((events, after) => {
        // Only a request until someone entitled approves it (ADR 0019).
        expect(events.map((e) => e.type)).toEqual(['ApprovalRequested']);
        expect(after).toMatchObject({ counters: { extensions: 0 } });
      });
    const approved = decideApproved(c.ExtendDeadline(m(T.later)), state);
    expect(approved.map((e) => e.type)).toEqual(['ApprovalRequested', 'ApprovalGranted', 'DeadlineExtended']);
    expect(fold(caseDecider, [...inProgressEvents, ...approved])).toMatchObject({
      counters: { extensions: 1 },
    });
    const produced = approved.slice(2);
    expect(produced[0]).toMatchObject({
      type: 'DeadlineExtended',
      data: {
        caseId: id,
        extendedAt: T.later,
        requestedBy: 'operator-1',
        approvedBy: SPEC_APPROVER,
        reason: '当事人出差',
        deadline: 'level',
        previousDueAt: old!.dueAt,
      },
    });
    // old last day 10-08 (Thu); +1 working day (one more period of the 1-day building limit): 10-09 Fri
    expect(produced[0]!.type === 'DeadlineExtended' && produced[0]!.data.newDeadline.dueAt).toBe(
      '2026-10-10T00:00:00+08:00',
    );
    const namingItsApprover = {
      ...c.ExtendDeadline(m(T.later)),
      data: { reason: 'x', amount: 1, approvedBy: '自己批的' },
    } as unknown as CaseCommand;
    spec.given(inProgressEvents).when(namingItsApprover).thenThrows('CASE.INVALID_COMMAND');
  });

  it('ResolveCase, VerifyResolution, RequestRework, CloseCase, RecordFollowUp, ReopenCase', () => {
    const t = '2026-10-08T15:00:00+08:00';
    spec
      .given(inProgressEvents)
      .when(c.ResolveCase(m(t)))
      .then([
        {
          type: 'CaseResolved',
          data: { caseId: id, resolvedAt: t, resolvedBy: 'operator-1', result: '已维修，双方和解' },
        },
      ]);
    const resolved = run([
      c.ReportCase(m(T.report)),
      c.RegisterCase(m(T.register)),
      c.DispatchCase(m(T.dispatch)),
      c.AcceptDispatch(m(T.accept)),
      c.StartWork(m(T.start)),
      c.ResolveCase(m(t)),
    ]).events;
    spec
      .given(resolved)
      .when(c.VerifyResolution(m(t, 'grid-worker')))
      .then([{ type: 'ResolutionVerified', data: { caseId: id, verifiedAt: t, verifiedBy: 'grid-worker' } }]);
    spec
      .given(resolved)
      .when(c.RequestRework(m(t)))
      .then([
        {
          type: 'ReworkRequested',
          data: { caseId: id, requestedAt: t, requestedBy: 'operator-1', reason: '仍在漏水' },
        },
      ]);
    spec
      .given(resolved)
      .when(c.RequestRework(m(t)))
      .thenSatisfies((_, after) =>
        expect(after).toMatchObject({ status: 'in_progress', counters: { reworks: 1 } }),
      );
    const verified = [
      ...resolved,
      ...caseDecider.decide(c.VerifyResolution(m(t)), fold(caseDecider, resolved)),
    ];
    spec
      .given(verified)
      .when(c.CloseCase(m(t)))
      .then([{ type: 'CaseClosed', data: { caseId: id, closedAt: t, closedBy: 'operator-1' } }]);
    const closed = [...verified, ...caseDecider.decide(c.CloseCase(m(t)), fold(caseDecider, verified))];
    const unsatisfied: CaseCommand = {
      ...c.RecordFollowUp(m(t)),
      data: { satisfaction: 'unsatisfied', reporterSaysResolved: false, note: '仍漏' },
    };
    spec
      .given(closed)
      .when(unsatisfied)
      .then([
        {
          type: 'FollowUpRecorded',
          data: {
            caseId: id,
            recordedAt: t,
            recordedBy: 'operator-1',
            satisfaction: 'unsatisfied',
            reporterSaysResolved: false,
            note: '仍漏',
          },
        },
      ]);
    const followed = [...closed, ...caseDecider.decide(unsatisfied, fold(caseDecider, closed))];
    // Reopened after the follow-up: business time follows the facts before it.
    const reopenAt = '2026-10-09T09:00:00+08:00';
    spec
      .given(followed)
      .when(c.ReopenCase(m(reopenAt)))
      .then([
        {
          type: 'CaseReopened',
          data: {
            caseId: id,
            reopenedAt: reopenAt,
            reopenedBy: 'operator-1',
            reason: '回访不满意',
            unit: { unitId: 'unit-b3', name: '3 号楼楼长' },
            deadlines: { level: dl(policy.levelLimits.dispute.building, reopenAt) },
          },
        },
      ]);
    spec
      .given(followed)
      .when(c.ReopenCase(m(reopenAt)))
      .thenSatisfies((_, after) =>
        expect(after).toMatchObject({ status: 'in_progress', counters: { reworks: 1 }, followUp: null }),
      );
  });

  it('EscalateCase → CaseEscalated to the next level, awaiting dispatch there; or re-dispatched when a unit is named', () => {
    spec
      .given(inProgressEvents)
      .when(c.EscalateCase(m(T.later)))
      .then([
        {
          type: 'CaseEscalated',
          data: {
            caseId: id,
            escalatedAt: T.later,
            escalatedBy: 'operator-1',
            fromLevel: 'building',
            toLevel: 'community',
            trigger: 'manual',
            reason: '超出楼院处置能力',
            deadline: dl(policy.levelLimits.dispute.community, T.later),
          },
        },
      ]);
    spec
      .given(inProgressEvents)
      .when(c.EscalateCase(m(T.later)))
      .thenSatisfies((_, after) =>
        expect(after).toMatchObject({
          status: 'registered',
          level: 'community',
          unit: null,
          counters: { escalations: 1 },
        }),
      );
    const named = {
      ...c.EscalateCase(m(T.later)),
      data: { reason: '超时', trigger: 'deadline_passed' as const, unit: { unitId: 'community-9' } },
    };
    spec
      .given(inProgressEvents)
      .when(named)
      .thenSatisfies((events, after) => {
        expect(events.map((e) => e.type)).toEqual(['CaseEscalated', 'CaseDispatched']);
        expect(after).toMatchObject({
          status: 'dispatched',
          level: 'community',
          unit: { unitId: 'community-9' },
        });
        if (after.status !== 'none')
          expect(after.deadlines.level!.basis.ruleId).toBe('dispute.ladder.community');
      });
  });

  it('SuperviseDispatch → DispatchSupervised listing what is overdue', () => {
    const t = '2026-10-02T09:00:00+08:00';
    spec
      .given(dispatchedEvents)
      .when(c.SuperviseDispatch(m(t)))
      .then([
        {
          type: 'DispatchSupervised',
          data: {
            caseId: id,
            supervisedAt: t,
            supervisedBy: 'operator-1',
            unit: { unitId: 'unit-b3', name: '3 号楼楼长' },
            reason: '超时未签收',
            overdue: ['sign'],
          },
        },
      ]);
  });

  it('ParkCase → CaseParked (approval needed) and ResumeCase → CaseResumed', () => {
    const parking = decideApproved(c.ParkCase(m(T.later)), fold(caseDecider, inProgressEvents));
    expect(parking[2]).toEqual({
      type: 'CaseParked',
      data: {
        caseId: id,
        parkedAt: T.later,
        parkedBy: 'operator-1',
        approvedBy: SPEC_APPROVER,
        reason: '需待房屋鉴定',
      },
    });
    // The request alone parks nothing.
    spec
      .given(inProgressEvents)
      .when(c.ParkCase(m(T.later)))
      .thenSatisfies((_, after) => expect(after.status).toBe('in_progress'));
    const parked = [...inProgressEvents, ...parking];
    const t = '2026-11-02T09:00:00+08:00';
    spec
      .given(parked)
      .when(c.ResumeCase(m(t)))
      .then([
        {
          type: 'CaseResumed',
          data: {
            caseId: id,
            resumedAt: t,
            resumedBy: 'operator-1',
            deadlines: { level: dl(policy.levelLimits.dispute.building, t) },
          },
        },
      ]);
  });

  it('TransferCase → CaseTransferred (approval needed), the new unit designated', () => {
    expect(decideApproved(c.TransferCase(m(T.later)), fold(caseDecider, inProgressEvents)).slice(2)).toEqual([
      {
        type: 'CaseTransferred',
        data: {
          caseId: id,
          transferredAt: T.later,
          transferredBy: 'operator-1',
          approvedBy: SPEC_APPROVER,
          fromUnit: { unitId: 'unit-b3', name: '3 号楼楼长' },
          toUnit: { unitId: 'unit-property', name: '物业公司' },
          reason: '属物业维修范围',
          deadlines: {
            sign: dl(policy.sign.general, T.later),
            firstFeedback: dl(policy.firstFeedback.general, T.later),
          },
        },
      },
    ]);
    // The transfer's own rules are checked on the request already.
    spec
      .given(inProgressEvents)
      .when({ ...c.TransferCase(m(T.later)), data: { toUnit: { unitId: 'unit-b3' }, reason: 'x' } })
      .thenThrows('CASE.INVALID_COMMAND');
  });

  it('ReferOut → CaseReferredOut, then CloseCase', () => {
    spec
      .given(inProgressEvents)
      .when(c.ReferOut(m(T.later)))
      .then([
        {
          type: 'CaseReferredOut',
          data: {
            caseId: id,
            referredAt: T.later,
            referredBy: 'operator-1',
            route: 'litigation',
            reason: '当事人要求诉讼',
            body: '区人民法院',
          },
        },
      ]);
  });

  it('uses the policy it is given', () => {
    const fast = createCaseDecider({
      policy: { ...policy, sign: { ...policy.sign, general: { ...policy.sign.general, amount: 4 } } },
    });
    const { events } = run(
      [c.ReportCase(m(T.report)), c.RegisterCase(m(T.register)), c.DispatchCase(m(T.dispatch))],
      fast,
    );
    expect(events[2]!.type === 'CaseDispatched' && events[2]!.data.deadlines.sign.dueAt).toBe(
      '2026-09-30T14:00:00+08:00',
    );
  });
});

describe('dispute (人民调解法)', () => {
  const t = '2026-10-08T10:00:00+08:00';
  it('RecordMediationSession → MediationSessionRecorded, numbered, mediators collected', () => {
    spec
      .given(inProgressEvents)
      .when(c.RecordMediationSession(m(t, 'mediator-1')))
      .then([
        {
          type: 'MediationSessionRecorded',
          data: {
            caseId: id,
            sessionNo: 1,
            heldAt: t,
            level: 'building',
            mediators: ['王调解员'],
            attendees: ['张三', '李四'],
            notes: '首次调解',
            recordedAt: t,
            recordedBy: 'mediator-1',
          },
        },
      ]);
    spec
      .given(inProgressEvents)
      .when(c.RecordMediationSession(m(t)))
      .thenSatisfies((_, after) => {
        expect(
          after.status !== 'none' && after.details.caseType === 'dispute' && after.details.mediators,
        ).toEqual(['王调解员']);
      });
  });

  it('RecordMediationAgreement (written) → agreement + resolution, opening the 30-day judicial-confirmation window', () => {
    const window = dl(policy.dispute.judicialConfirmation, t);
    spec
      .given(inProgressEvents)
      .when(c.RecordMediationAgreement(m(t)))
      .then([
        {
          type: 'MediationAgreementRecorded',
          data: {
            caseId: id,
            agreedAt: t,
            recordedBy: 'operator-1',
            level: 'building',
            form: 'written',
            terms: '李四承担维修费 800 元',
            signedBy: ['张三', '李四'],
            judicialConfirmationDeadline: window,
          },
        },
        {
          type: 'CaseResolved',
          data: {
            caseId: id,
            resolvedAt: t,
            resolvedBy: 'operator-1',
            result: '调解达成协议（书面）：李四承担维修费 800 元',
          },
        },
      ]);
    // 30 days after Thu 10-08 is Sat 11-07, a rest day: the period ends on Mon 11-09 (民法典第二百零三条).
    expect(window.dueAt).toBe('2026-11-10T00:00:00+08:00');
    expect(window.counting.endMovedPastHoliday).toBe(true);
  });

  it('an oral agreement opens no judicial-confirmation window', () => {
    const oral = { ...c.RecordMediationAgreement(m(t)), data: { form: 'oral' as const, terms: '口头约定' } };
    spec
      .given(inProgressEvents)
      .when(oral)
      .thenSatisfies((_, after) => {
        expect(after).toMatchObject({
          status: 'resolved',
          details: { outcome: 'agreement', judicialConfirmation: { deadline: null } },
        });
      });
  });

  it('RequestJudicialConfirmation within 30 days; refused after the window closes', () => {
    const agreed = [
      ...inProgressEvents,
      ...caseDecider.decide(c.RecordMediationAgreement(m(t)), fold(caseDecider, inProgressEvents)),
    ];
    const ask = '2026-10-20T10:00:00+08:00';
    spec
      .given(agreed)
      .when(c.RequestJudicialConfirmation(m(ask)))
      .then([
        {
          type: 'JudicialConfirmationRequested',
          data: {
            caseId: id,
            requestedAt: ask,
            requestedBy: 'operator-1',
            court: '区人民法院',
            applicants: ['张三', '李四'],
          },
        },
      ]);
    spec
      .given(agreed)
      .when(c.RequestJudicialConfirmation(m('2026-11-20T10:00:00+08:00')))
      .thenThrows('CASE.JUDICIAL_CONFIRMATION_WINDOW_CLOSED');
    spec
      .given(agreed)
      .when({ ...c.RequestJudicialConfirmation(m(ask)), data: { court: '区人民法院', applicants: ['张三'] } })
      .thenThrows('CASE.INVALID_COMMAND');
  });

  it('RecordMediationFailure with escalate → MediationFailed + CaseEscalated building → community', () => {
    spec
      .given(inProgressEvents)
      .when(c.RecordMediationFailure(m(t)))
      .then([
        {
          type: 'MediationFailed',
          data: {
            caseId: id,
            failedAt: t,
            recordedBy: 'operator-1',
            level: 'building',
            reason: '双方分歧较大',
            next: 'escalate',
          },
        },
        {
          type: 'CaseEscalated',
          data: {
            caseId: id,
            escalatedAt: t,
            escalatedBy: 'operator-1',
            fromLevel: 'building',
            toLevel: 'community',
            trigger: 'mediation_failed',
            reason: '双方分歧较大',
            deadline: dl(policy.levelLimits.dispute.community, t),
          },
        },
      ]);
  });

  it('a refusal by a party must be referred out (Art. 17)', () => {
    const refused = {
      ...c.RecordMediationFailure(m(t)),
      data: { reason: '李四拒绝调解', refusedByParty: '李四', next: 'escalate' as const },
    };
    spec.given(inProgressEvents).when(refused).thenThrows('CASE.INVALID_COMMAND');
    const referred = {
      ...c.RecordMediationFailure(m(t)),
      data: {
        reason: '李四拒绝调解',
        refusedByParty: '李四',
        next: 'refer_out' as const,
        route: 'litigation' as const,
      },
    };
    spec
      .given(inProgressEvents)
      .when(referred)
      .thenSatisfies((events, after) => {
        expect(events.map((e) => e.type)).toEqual(['MediationFailed', 'CaseReferredOut']);
        expect(after).toMatchObject({
          status: 'referred_out',
          details: { outcome: 'referred_out' },
          referral: { route: 'litigation' },
        });
      });
  });

  it('FlagRisk → RiskFlagged + CaseEscalated straight to street level (Art. 25)', () => {
    spec
      .given(inProgressEvents)
      .when(c.FlagRisk(m(t)))
      .then([
        {
          type: 'RiskFlagged',
          data: {
            caseId: id,
            flaggedAt: t,
            flaggedBy: 'operator-1',
            risk: '一方扬言报复',
            policeReport: { reportedTo: '幸福路派出所' },
          },
        },
        {
          type: 'CaseEscalated',
          data: {
            caseId: id,
            escalatedAt: t,
            escalatedBy: 'operator-1',
            fromLevel: 'building',
            toLevel: 'street',
            trigger: 'risk_flag',
            reason: '一方扬言报复',
            deadline: dl(policy.levelLimits.dispute.street, t),
          },
        },
      ]);
    spec
      .given(inProgressEvents)
      .when({ ...c.FlagRisk(m(t)), data: { risk: 'x', policeReport: { reportedTo: '' } } })
      .thenThrows('CASE.INVALID_COMMAND');
  });
});

describe('dispute walk-throughs', () => {
  it('report → register → dispatch → accept → start → session → agreement → verify → close → follow-up', () => {
    const w = sampleCommands('walk-1');
    const { events, state } = run([
      w.ReportCase(m('2026-02-12T09:00:00+08:00')),
      w.RegisterCase(m('2026-02-12T09:30:00+08:00')),
      w.DispatchCase(m('2026-02-12T10:00:00+08:00')),
      w.AcceptDispatch(m('2026-02-12T10:30:00+08:00', 'louzhang')),
      w.StartWork(m('2026-02-12T11:00:00+08:00', 'louzhang')),
      w.RecordMediationSession(m('2026-02-13T15:00:00+08:00', 'louzhang')),
      w.RecordMediationAgreement(m('2026-02-13T16:00:00+08:00', 'louzhang')),
      w.VerifyResolution(m('2026-02-24T09:00:00+08:00', 'grid-worker')),
      w.CloseCase(m('2026-02-24T10:00:00+08:00')),
      w.RecordFollowUp(m('2026-02-26T10:00:00+08:00')),
    ]);
    expect(events.map((e) => e.type)).toEqual([
      'CaseReported',
      'CaseRegistered',
      'CaseDispatched',
      'DispatchAccepted',
      'WorkStarted',
      'MediationSessionRecorded',
      'MediationAgreementRecorded',
      'CaseResolved',
      'ResolutionVerified',
      'CaseClosed',
      'FollowUpRecorded',
    ]);
    const dispatched = events[2]!;
    // Building level: 1 working day after Thu 02-12 → Fri 02-13.
    expect(dispatched.type === 'CaseDispatched' && dispatched.data.deadlines.level!.dueAt).toBe(
      '2026-02-14T00:00:00+08:00',
    );
    expect(state).toMatchObject({
      status: 'followed_up',
      level: 'building',
      followUp: { satisfaction: 'satisfied', reporterSaysResolved: true },
      details: { outcome: 'agreement', sessions: [{ sessionNo: 1 }], agreement: { form: 'written' } },
      counters: { returns: 0, reworks: 0, extensions: 0, escalations: 0 },
    });
    // Replay gives the same state: deadlines come from the events, not recomputed.
    expect(fold(caseDecider, JSON.parse(JSON.stringify(events)) as CaseEvent[])).toEqual(state);
  });

  it('mediation fails at building level → escalated to community → dispatched and settled there', () => {
    const w = sampleCommands('walk-2');
    const { events, state } = run([
      w.ReportCase(m('2026-09-28T09:00:00+08:00')),
      w.RegisterCase(m('2026-09-28T09:10:00+08:00')),
      w.DispatchCase(m('2026-09-28T09:20:00+08:00')),
      w.AcceptDispatch(m('2026-09-28T09:30:00+08:00')),
      w.StartWork(m('2026-09-28T10:00:00+08:00')),
      w.RecordMediationSession(m('2026-09-29T10:00:00+08:00')),
      w.RecordMediationFailure(m('2026-09-29T17:00:00+08:00')),
    ]);
    expect(events.slice(-2).map((e) => e.type)).toEqual(['MediationFailed', 'CaseEscalated']);
    const escalated = events.at(-1)!;
    // Community: 2 working days after Tue 09-29 → 09-30, then National Day → 10-08.
    expect(escalated.type === 'CaseEscalated' && escalated.data.deadline.dueAt).toBe(
      '2026-10-09T00:00:00+08:00',
    );
    expect(state).toMatchObject({
      status: 'registered',
      level: 'community',
      unit: null,
      details: { outcome: 'failed', failures: [{ level: 'building' }] },
    });
    const more = [
      {
        ...w.DispatchCase(m('2026-09-30T09:00:00+08:00')),
        data: { unit: { unitId: 'community-9', name: '幸福社区调委会' } },
      },
      w.AcceptDispatch(m('2026-09-30T09:30:00+08:00')),
      w.StartWork(m('2026-09-30T10:00:00+08:00')),
      w.RecordMediationAgreement(m('2026-10-08T10:00:00+08:00')),
    ];
    const all = [...events];
    for (const command of more) all.push(...caseDecider.decide(command, fold(caseDecider, all)));
    const after = fold(caseDecider, all);
    expect(after).toMatchObject({
      status: 'resolved',
      level: 'community',
      unit: { unitId: 'community-9' },
      details: { outcome: 'agreement', agreement: { level: 'community' } },
    });
    // The community clock started at escalation; the re-dispatch does not restart it.
    expect(after.status !== 'none' && after.deadlines.level!.dueAt).toBe('2026-10-09T00:00:00+08:00');
  });

  it('risk flag at building level → police reported, escalated straight to street and re-dispatched', () => {
    const w = sampleCommands('walk-3');
    const { events, state } = run([
      w.ReportCase(m('2026-03-02T09:00:00+08:00')),
      w.RegisterCase(m('2026-03-02T09:10:00+08:00')),
      w.DispatchCase(m('2026-03-02T09:20:00+08:00')),
      w.AcceptDispatch(m('2026-03-02T09:30:00+08:00')),
      w.StartWork(m('2026-03-02T10:00:00+08:00')),
      {
        ...w.FlagRisk(m('2026-03-02T15:00:00+08:00')),
        data: {
          risk: '一方持械威胁',
          policeReport: { reportedTo: '幸福路派出所', reference: 'JQ-1' },
          unit: { unitId: 'street-2', name: '幸福街道综治中心' },
        },
      },
    ]);
    expect(events.slice(-3).map((e) => e.type)).toEqual(['RiskFlagged', 'CaseEscalated', 'CaseDispatched']);
    expect(events.at(-2)).toMatchObject({
      data: { fromLevel: 'building', toLevel: 'street', trigger: 'risk_flag' },
    });
    expect(state).toMatchObject({
      status: 'dispatched',
      level: 'street',
      unit: { unitId: 'street-2' },
      riskFlag: { risk: '一方持械威胁', policeReport: { reportedTo: '幸福路派出所', reference: 'JQ-1' } },
      counters: { escalations: 1 },
    });
  });
});
