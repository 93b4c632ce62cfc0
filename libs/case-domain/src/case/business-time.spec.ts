import { describe, expect, it } from '@jest/globals';
import { fold } from '#domain-kernel';
import { deciderSpecification } from '#domain-kernel/testing';
import {
  caseDecider,
  createCaseDecider,
  defaultCasePolicy,
  occurredAtOf,
  validateCasePolicy,
  type CaseCommand,
  type CaseEvent,
  type CaseState,
  type CommandMetadata,
} from '../index.js';
import { sampleCommands } from '../testing/index.js';

/**
 * Business time (issue #17, Deliver 1): a command's `occurredAt` is when its fact happened; events carry
 * it, clocks count from it, and it is bounded: not in the future (beyond a small clock skew), not before
 * the fact it follows, not older than the backdating window without a reason.
 */
const spec = deciderSpecification(caseDecider);
const at = (now: string, occurredAt?: string, extra: Partial<CommandMetadata> = {}): CommandMetadata => ({
  actor: 'operator-1',
  now,
  ...(occurredAt ? { occurredAt } : {}),
  ...extra,
});
function run(commands: CaseCommand[], decider = caseDecider): { events: CaseEvent[]; state: CaseState } {
  const events: CaseEvent[] = [];
  for (const command of commands) events.push(...decider.decide(command, fold(decider, events)));
  return { events, state: fold(decider, events) };
}
const deadlinesOf = (state: CaseState) => {
  if (state.status === 'none') throw new Error('no case');
  return state.deadlines;
};

describe('business time: events carry when the fact happened, clocks count from it', () => {
  const p = sampleCommands('bt-p', 'petition');

  it('a petition letter received 02-25 and registered 03-02: the 15-day routing limit runs from 02-25 (信访工作条例第二十二条)', () => {
    const report = p.ReportCase(at('2026-03-02T09:00:00+08:00', '2026-02-25T10:00:00+08:00'));
    const { events, state } = run([report]);
    expect(events[0]).toMatchObject({
      type: 'CaseReported',
      data: { reportedAt: '2026-02-25T10:00:00+08:00' },
    });
    // 15 days from 02-26 end on 03-12, a Thursday (working day).
    expect(deadlinesOf(state).routing).toMatchObject({
      dueAt: '2026-03-13T00:00:00+08:00',
      counting: { trigger: '2026-02-25T10:00:00+08:00', startDay: '2026-02-26', lastDay: '2026-03-12' },
    });
    expect(occurredAtOf(report)).toBe('2026-02-25T10:00:00+08:00');
  });

  it('without occurredAt the fact happened when it is recorded', () => {
    const report = p.ReportCase(at('2026-03-02T09:00:00+08:00'));
    expect(occurredAtOf(report)).toBe('2026-03-02T09:00:00+08:00');
    spec
      .given([])
      .when(report)
      .thenSatisfies(([e]) => expect(e).toMatchObject({ data: { reportedAt: '2026-03-02T09:00:00+08:00' } }));
  });

  it('an instant up to the clock skew after now is taken as now; later is refused with CASE.OCCURRED_IN_FUTURE', () => {
    const now = '2026-03-02T09:00:00+08:00';
    const slightlyAhead = p.ReportCase(at(now, '2026-03-02T09:04:00+08:00'));
    expect(occurredAtOf(slightlyAhead)).toBe(now);
    spec
      .given([])
      .when(slightlyAhead)
      .thenSatisfies(([e]) => expect(e).toMatchObject({ data: { reportedAt: now } }));
    spec
      .given([])
      .when(p.ReportCase(at(now, '2026-03-02T09:06:00+08:00')))
      .thenThrows('CASE.OCCURRED_IN_FUTURE', (e) => {
        expect(e.kind).toBe('unprocessable');
        expect(e.context).toMatchObject({ maxClockSkewSeconds: 300 });
      });
  });

  it('a fact may not precede the fact it follows: CASE.OCCURRED_BEFORE_PREVIOUS_FACT', () => {
    const reported = run([p.ReportCase(at('2026-03-02T09:00:00+08:00', '2026-02-25T10:00:00+08:00'))]).events;
    spec
      .given(reported)
      .when(p.RoutePetition(at('2026-03-02T10:00:00+08:00', '2026-02-25T09:59:59+08:00')))
      .thenThrows('CASE.OCCURRED_BEFORE_PREVIOUS_FACT', (e) =>
        expect(e.context).toMatchObject({ previousFactAt: '2026-02-25T10:00:00+08:00' }),
      );
    spec
      .given(reported)
      .when(p.RoutePetition(at('2026-03-02T10:00:00+08:00', '2026-02-25T10:00:00+08:00')))
      .thenSatisfies(([e]) => expect(e!.type).toBe('PetitionRouted'));
  });

  it('a supervision is no step of the procedure: a later entry may still date its fact before it', () => {
    const d = sampleCommands('bt-d');
    const { events } = run([
      d.ReportCase(at('2026-03-02T09:00:00+08:00')),
      d.RegisterCase(at('2026-03-02T09:10:00+08:00')),
      d.DispatchCase(at('2026-03-02T10:00:00+08:00')),
      d.SuperviseDispatch(at('2026-03-04T10:00:00+08:00')),
    ]);
    spec
      .given(events)
      .when(d.AcceptDispatch(at('2026-03-04T11:00:00+08:00', '2026-03-03T11:00:00+08:00')))
      .thenSatisfies(([e]) =>
        expect(e).toMatchObject({
          type: 'DispatchAccepted',
          data: { acceptedAt: '2026-03-03T11:00:00+08:00', withinLimit: false },
        }),
      );
  });

  it('older than the backdating window (30 days): refused without a reason (CASE.BACKDATING_REASON_REQUIRED), recorded with it', () => {
    const report = p.ReportCase(at('2026-04-10T09:00:00+08:00', '2026-03-10T08:59:00+08:00'));
    spec
      .given([])
      .when(report)
      .thenThrows('CASE.BACKDATING_REASON_REQUIRED', (e) =>
        expect(e.context).toMatchObject({ backdatingWindowDays: 30 }),
      );
    spec
      .given([])
      .when({
        ...report,
        metadata: { ...report.metadata, backdatingReason: '来信被误投至其他科室，今日转回' },
      })
      .then([
        ...caseDecider
          .decide({ ...report, metadata: { ...report.metadata, backdatingReason: 'x' } }, { status: 'none' })
          .slice(0, 1),
        {
          type: 'LateEntryJustified',
          data: {
            caseId: 'bt-p',
            command: 'ReportCase',
            occurredAt: '2026-03-10T08:59:00+08:00',
            recordedAt: '2026-04-10T09:00:00+08:00',
            hoursLate: 744,
            reason: '来信被误投至其他科室，今日转回',
          },
        },
      ]);
    // Inside the window no reason is needed.
    spec
      .given([])
      .when(p.ReportCase(at('2026-04-10T09:00:00+08:00', '2026-03-11T09:00:00+08:00')))
      .thenSatisfies((events) => expect(events.map((e) => e.type)).toEqual(['CaseReported']));
  });

  it('the window, the skew and the "recorded late" delay come from the case policy', () => {
    const policy = validateCasePolicy({
      ...defaultCasePolicy,
      businessTime: { backdatingWindowDays: 7, maxClockSkewSeconds: 0 },
    });
    expect(policy.businessTime).toEqual({
      backdatingWindowDays: 7,
      maxClockSkewSeconds: 0,
      recordedLateAfterHours: 24,
    });
    const strict = deciderSpecification(createCaseDecider({ policy }));
    strict
      .given([])
      .when(p.ReportCase(at('2026-04-10T09:00:00+08:00', '2026-04-02T09:00:00+08:00')))
      .thenThrows('CASE.BACKDATING_REASON_REQUIRED');
    strict
      .given([])
      .when(p.ReportCase(at('2026-04-10T09:00:00+08:00', '2026-04-10T09:00:01+08:00')))
      .thenThrows('CASE.OCCURRED_IN_FUTURE');
    expect(() =>
      validateCasePolicy({ ...defaultCasePolicy, businessTime: { backdatingWindowDays: 0 } }),
    ).toThrow(/businessTime.backdatingWindowDays/);
  });

  it('bad business time is a bad command (400); an older field naming the instant must agree with occurredAt', () => {
    spec
      .given([])
      .when(p.ReportCase(at('2026-03-02T09:00:00+08:00', 'yesterday')))
      .thenThrows('CASE.INVALID_COMMAND');
    spec
      .given([])
      .when(p.ReportCase(at('2026-03-02T09:00:00+08:00', undefined, { backdatingReason: ' ' })))
      .thenThrows('CASE.INVALID_COMMAND');
    const e = sampleCommands('bt-alias', 'enforcement');
    const decided = run([
      e.ReportCase(at('2026-03-02T09:00:00+08:00')),
      e.FileEnforcementCase(at('2026-03-02T10:00:00+08:00')),
      e.ConcludeInvestigation(at('2026-03-03T10:00:00+08:00')),
      e.ReviewEnforcementCase(at('2026-03-04T10:00:00+08:00')),
      e.NotifyProposedPenalty(at('2026-03-05T10:00:00+08:00')),
      {
        ...e.DecidePenalty(at('2026-03-06T10:00:00+08:00')),
        data: { ...e.DecidePenalty(at('2026-03-06T10:00:00+08:00')).data, hearingWaived: true },
      },
    ]).events;
    const serve = e.ServeDecision(at('2026-03-09T10:00:00+08:00', '2026-03-06T15:00:00+08:00'));
    spec
      .given(decided)
      .when({ ...serve, data: { ...serve.data, servedAt: '2026-03-06T16:00:00+08:00' } })
      .thenThrows('CASE.INVALID_COMMAND');
    spec
      .given(decided)
      .when({ ...serve, data: { ...serve.data, servedAt: '2026-03-06T15:00:00+08:00' } })
      .thenSatisfies(([ev]) => expect(ev).toMatchObject({ data: { servedAt: '2026-03-06T15:00:00+08:00' } }));
    // The older field alone still names the business time.
    const legacy = e.ServeDecision(at('2026-03-09T10:00:00+08:00'));
    const withServedAt = { ...legacy, data: { ...legacy.data, servedAt: '2026-03-06T15:00:00+08:00' } };
    expect(occurredAtOf(withServedAt)).toBe('2026-03-06T15:00:00+08:00');
  });

  it('a mediation session dated 2030 or 2001 is refused', () => {
    const d = sampleCommands('bt-session');
    const { events } = run([
      d.ReportCase(at('2026-03-02T09:00:00+08:00')),
      d.RegisterCase(at('2026-03-02T09:10:00+08:00')),
      d.DispatchCase(at('2026-03-02T10:00:00+08:00')),
      d.AcceptDispatch(at('2026-03-02T11:00:00+08:00')),
      d.StartWork(at('2026-03-02T12:00:00+08:00')),
    ]);
    const session = d.RecordMediationSession(at('2026-03-03T12:00:00+08:00'));
    spec
      .given(events)
      .when({ ...session, data: { ...session.data, heldAt: '2030-03-03T10:00:00+08:00' } })
      .thenThrows('CASE.OCCURRED_IN_FUTURE');
    spec
      .given(events)
      .when({ ...session, data: { ...session.data, heldAt: '2001-03-03T10:00:00+08:00' } })
      .thenThrows('CASE.OCCURRED_BEFORE_PREVIOUS_FACT');
    spec
      .given(events)
      .when({ ...session, metadata: { ...session.metadata, occurredAt: '2026-03-03T10:00:00+08:00' } })
      .thenSatisfies(([e]) =>
        expect(e).toMatchObject({
          type: 'MediationSessionRecorded',
          data: { heldAt: '2026-03-03T10:00:00+08:00', recordedAt: '2026-03-03T12:00:00+08:00' },
        }),
      );
  });
});

describe('deadlines from a past occurredAt equal the statutory dates on the official 2026 calendar', () => {
  it('petition: routing 15 days (Art. 22), handling 60 days (Art. 34), review request 30 days (Art. 35)', () => {
    const p = sampleCommands('bt-dates-p', 'petition');
    const { state } = run([
      p.ReportCase(at('2026-03-02T09:00:00+08:00', '2026-02-25T10:00:00+08:00')),
      p.RoutePetition(at('2026-03-02T10:00:00+08:00')),
      p.NotifyPetitioner(at('2026-03-06T10:00:00+08:00', '2026-03-05T10:00:00+08:00')),
    ]);
    // 60 days after 03-05 end on 05-04, inside the Labour Day holiday (05-01 … 05-05): moved to 05-06.
    expect(deadlinesOf(state).handling?.dueAt).toBe('2026-05-07T00:00:00+08:00');
    const answered = run([
      p.ReportCase(at('2026-03-02T09:00:00+08:00', '2026-02-25T10:00:00+08:00')),
      p.RoutePetition(at('2026-03-02T10:00:00+08:00')),
      p.NotifyPetitioner(at('2026-03-06T10:00:00+08:00', '2026-03-05T10:00:00+08:00')),
      p.AnswerPetition(at('2026-04-13T09:00:00+08:00', '2026-04-10T10:00:00+08:00')),
    ]).state;
    // 30 days after 04-10 end on 05-10, a Sunday (05-09 is the make-up working day, 05-10 is not): 05-11.
    expect(deadlinesOf(answered).reviewRequest?.dueAt).toBe('2026-05-12T00:00:00+08:00');
  });

  it('enforcement: hearing request 5 working days, decision 90 days, service 7 working days, payment 15 days (行政处罚法 Arts. 64, 60, 61, 67, 85)', () => {
    const e = sampleCommands('bt-dates-e', 'enforcement');
    const filed = run([
      e.ReportCase(at('2026-03-02T09:00:00+08:00')),
      e.FileEnforcementCase(at('2026-03-02T10:00:00+08:00')),
    ]).state;
    // 90 days after 03-02 end on 05-31, a Sunday: moved to Monday 06-01.
    expect(deadlinesOf(filed).decision?.dueAt).toBe('2026-06-02T00:00:00+08:00');

    // The scenario of issue #17: notice served Thu 03-05, hearing requested Mon 03-09, recorded Tue 03-10.
    const notified = run([
      e.ReportCase(at('2026-03-02T09:00:00+08:00')),
      e.FileEnforcementCase(at('2026-03-02T10:00:00+08:00')),
      e.ConcludeInvestigation(at('2026-03-03T10:00:00+08:00')),
      e.ReviewEnforcementCase(at('2026-03-04T10:00:00+08:00')),
      e.NotifyProposedPenalty(at('2026-03-06T10:00:00+08:00', '2026-03-05T10:00:00+08:00')),
    ]).events;
    // 5 working days from Fri 03-06: 03-06, 03-09, 03-10, 03-11, 03-12.
    expect(deadlinesOf(fold(caseDecider, notified)).hearingRequest?.dueAt).toBe('2026-03-13T00:00:00+08:00');
    spec
      .given(notified)
      .when(e.RequestHearing(at('2026-03-13T10:00:00+08:00', '2026-03-09T16:00:00+08:00')))
      .then([
        {
          type: 'HearingRequested',
          data: { caseId: 'bt-dates-e', requestedAt: '2026-03-09T16:00:00+08:00', recordedBy: 'operator-1' },
        },
      ]);
    spec
      .given(notified)
      .when(e.RequestHearing(at('2026-03-13T10:00:00+08:00')))
      .thenThrows('ENFORCEMENT.HEARING_REQUEST_LATE');

    // Decided Mon 09-21: 7 working days skip Mid-Autumn (09-25 … 09-27) and National Day (10-01 … 10-07).
    const decide = e.DecidePenalty(at('2026-09-21T10:00:00+08:00'));
    const decided = run([
      e.ReportCase(at('2026-09-01T09:00:00+08:00')),
      e.FileEnforcementCase(at('2026-09-01T10:00:00+08:00')),
      e.ConcludeInvestigation(at('2026-09-02T10:00:00+08:00')),
      e.ReviewEnforcementCase(at('2026-09-03T10:00:00+08:00')),
      e.NotifyProposedPenalty(at('2026-09-04T10:00:00+08:00')),
      decide,
    ]);
    expect(deadlinesOf(decided.state).service?.dueAt).toBe('2026-10-09T00:00:00+08:00');
    // Served Tue 09-22 (entered on 09-24): 15 days end on 10-07, a holiday: moved to 10-08.
    const served = run([
      ...[
        e.ReportCase(at('2026-09-01T09:00:00+08:00')),
        e.FileEnforcementCase(at('2026-09-01T10:00:00+08:00')),
        e.ConcludeInvestigation(at('2026-09-02T10:00:00+08:00')),
        e.ReviewEnforcementCase(at('2026-09-03T10:00:00+08:00')),
        e.NotifyProposedPenalty(at('2026-09-04T10:00:00+08:00')),
        decide,
      ],
      e.ServeDecision(at('2026-09-24T10:00:00+08:00', '2026-09-22T15:00:00+08:00')),
    ]).state;
    expect(deadlinesOf(served).payment?.dueAt).toBe('2026-10-09T00:00:00+08:00');
  });
});
