import { describe, expect, it } from '@jest/globals';
import { fold } from '#domain-kernel';
import { deciderSpecification } from '#domain-kernel/testing';
import {
  caseActions,
  caseDecider,
  countPeriod,
  deadlineStatus,
  defaultCasePolicy,
  isRepeatPetition,
  officialCalendar,
  PETITION_PERIODS,
  petitionFactsFingerprint,
  type CaseCommand,
  type CaseEvent,
  type CaseState,
  type ExtendDeadline,
  type PeriodRule,
  type PetitionReport,
} from '../../index.js';
import { decideApproved, metadataAt, sampleCommands, SPEC_APPROVER } from '../../testing/index.js';

const spec = deciderSpecification(caseDecider);
const m = (now: string, actor = 'operator-1') => metadataAt(now, actor);
const dl = (rule: PeriodRule, trigger: string, afterDay?: string) =>
  countPeriod(officialCalendar, rule.unit, {
    trigger,
    amount: rule.amount,
    basis: rule.basis,
    ...(afterDay ? { afterDay } : {}),
  });
function run(commands: CaseCommand[]): { events: CaseEvent[]; state: CaseState } {
  const events: CaseEvent[] = [];
  for (const command of commands) events.push(...decideApproved(command, fold(caseDecider, events)));
  return { events, state: fold(caseDecider, events) };
}
const petitionOf = (state: CaseState) => {
  if (state.status === 'none' || state.details.caseType !== 'petition') throw new Error('not a petition');
  return state.details;
};

// Received just before the 2026 Spring Festival (holidays 02-15 … 02-23, make-up days 02-14 and 02-28).
const id = 'p-1';
const c = sampleCommands(id, 'petition');
const T = {
  report: '2026-02-03T10:00:00+08:00',
  route: '2026-02-10T10:00:00+08:00',
  notify: '2026-02-24T10:00:00+08:00',
  answer: '2026-04-22T09:00:00+08:00',
  /** The answer was given (its business time) and served the day before it was recorded. */
  answered: '2026-04-21T14:00:00+08:00',
  served: '2026-04-21T15:00:00+08:00',
};
const answeredAt = { ...m(T.answer), occurredAt: T.answered };
const received = run([c.ReportCase(m(T.report))]).events;
const routed = run([c.ReportCase(m(T.report)), c.RoutePetition(m(T.route))]).events;
const accepted = run([
  c.ReportCase(m(T.report)),
  c.RoutePetition(m(T.route)),
  c.NotifyPetitioner(m(T.notify, 'housing-bureau')),
]).events;
const answeredRun = [
  c.ReportCase(m(T.report)),
  c.RoutePetition(m(T.route)),
  c.NotifyPetitioner(m(T.notify)),
  { ...c.AnswerPetition(answeredAt), data: { ...c.AnswerPetition(answeredAt).data, servedAt: T.served } },
];
const answered = run(answeredRun).events;

describe('petition: reporting (信访工作条例 Arts. 20, 22)', () => {
  it('ReportCase → CaseReported with the routing limit, moved past the Spring Festival', () => {
    const command = c.ReportCase(m(T.report));
    const report = command.data.petition!;
    const [event] = spec
      .given([])
      .when(command)
      .then([
        {
          type: 'CaseReported',
          data: {
            caseId: id,
            caseType: 'petition',
            source: 'petition_visit',
            title: command.data.title,
            description: command.data.description,
            category: 'housing',
            urgency: 'general',
            location: command.data.location,
            reporter: command.data.reporter!,
            level: 'building',
            reportedAt: T.report,
            reportedBy: 'operator-1',
            details: {
              caseType: 'petition',
              channel: 'visit',
              class: 'request',
              petitioners: report.petitioners,
              representatives: [],
              matter: report.matter,
              request: report.request!,
              respondent: '区住建局',
              factsFingerprint: petitionFactsFingerprint(report),
              routingDeadline: dl(PETITION_PERIODS.routing, T.report),
            },
          },
        },
      ]);
    if (event!.type !== 'CaseReported' || event!.data.details.caseType !== 'petition')
      throw new Error('unexpected');
    const routing = event!.data.details.routingDeadline;
    // 15 days from 02-04 end on 02-18, inside the holiday: the period ends on 02-24 (民法典 Art. 203).
    expect(routing.dueAt).toBe('2026-02-25T00:00:00+08:00');
    expect(routing.counting).toMatchObject({
      nominalLastDay: '2026-02-18',
      lastDay: '2026-02-24',
      endMovedPastHoliday: true,
    });
    expect(routing.basis).toMatchObject({ law: '信访工作条例', article: '第二十二条' });
    const state = fold(caseDecider, [event!]);
    expect(state).toMatchObject({
      status: 'reported',
      details: { stage: 'received' },
      deadlines: { routing },
    });
  });

  it('a group visit sends at most 5 representatives (Art. 20)', () => {
    const base = c.ReportCase(m(T.report));
    const people = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ name: `村民${i + 1}`, phone: `1390000000${i}` }));
    const withPetition = (petition: Partial<PetitionReport>): CaseCommand => ({
      ...base,
      data: { ...base.data, petition: { ...base.data.petition!, ...petition } },
    });
    spec
      .given([])
      .when(withPetition({ petitioners: people(6) }))
      .thenThrows('PETITION.TOO_MANY_REPRESENTATIVES', (e) => {
        expect(e.kind).toBe('unprocessable');
        expect(e.context).toMatchObject({ representatives: 6, max: 5 });
      });
    spec
      .given([])
      .when(withPetition({ petitioners: people(40), representatives: people(6) }))
      .thenThrows('PETITION.TOO_MANY_REPRESENTATIVES');
    spec
      .given([])
      .when(withPetition({ petitioners: people(40), representatives: people(5) }))
      .thenSatisfies((_, s) => {
        expect(petitionOf(s).representatives).toHaveLength(5);
      });
    // A joint letter may carry any number of names.
    spec
      .given([])
      .when(withPetition({ channel: 'letter', petitioners: people(200) }))
      .thenSatisfies((_, s) => expect(petitionOf(s).petitioners).toHaveLength(200));
    spec
      .given([])
      .when(withPetition({ channel: 'letter', representatives: people(2) }))
      .thenThrows('CASE.INVALID_COMMAND');
    spec
      .given([])
      .when(
        withPetition({
          channel: 'pigeon' as never,
          class: 'complaint' as never,
          petitioners: [],
          matter: '',
        }),
      )
      .thenThrows('CASE.INVALID_COMMAND', (e) => {
        expect(e.context.problems).toEqual([
          'petition.channel must be one of visit, letter, phone, online, fax',
          'petition.class must be one of suggestion, accusation, request',
          'petition.petitioners must list at least one petitioner',
          'petition.matter must be a non-empty string',
        ]);
      });
  });
});

describe('petition: routing, notice and objection (Arts. 22, 23)', () => {
  it('RoutePetition (assign) → PetitionRouted with the 15-day notice and the 5-working-day objection limit over the Spring Festival', () => {
    const [event] = spec
      .given(received)
      .when(c.RoutePetition(m(T.route)))
      .then([
        {
          type: 'PetitionRouted',
          data: {
            caseId: id,
            routedAt: T.route,
            routedBy: 'operator-1',
            mode: 'assign',
            toBody: { unitId: 'unit-housing', name: '区住建局' },
            withinLimit: true,
            deadlines: {
              notice: dl(PETITION_PERIODS.notice, T.route),
              objection: dl(PETITION_PERIODS.objection, T.route),
            },
          },
        },
      ]);
    if (event!.type !== 'PetitionRouted') throw new Error('unexpected');
    expect(event!.data.deadlines.notice!.dueAt).toBe('2026-02-26T00:00:00+08:00');
    // 02-11, 02-12, 02-13, 02-14 (make-up Saturday), then 02-24 after the holiday.
    expect(event!.data.deadlines.objection!.dueAt).toBe('2026-02-25T00:00:00+08:00');
    expect(event!.data.deadlines.objection!.counting.makeupWorkdaysCounted).toEqual(['2026-02-14']);
    expect(event!.data.deadlines.objection!.counting.skipped).toHaveLength(9);
    const state = fold(caseDecider, [...received, event!]);
    expect(state).toMatchObject({
      status: 'dispatched',
      unit: { unitId: 'unit-housing' },
      details: { stage: 'routed', routing: { mode: 'assign' } },
    });
    expect(state.status !== 'none' && state.deadlines.routing).toBeUndefined();
  });

  it('RoutePetition (inform) closes the petition: the petitioner is told where to go', () => {
    const inform: CaseCommand = {
      ...c.RoutePetition(m(T.route)),
      data: { mode: 'inform', competentBody: '区人民法院' },
    };
    spec
      .given(received)
      .when(inform)
      .then([
        {
          type: 'PetitionRouted',
          data: {
            caseId: id,
            routedAt: T.route,
            routedBy: 'operator-1',
            mode: 'inform',
            toBody: null,
            competentBody: '区人民法院',
            withinLimit: true,
            deadlines: {},
          },
        },
      ]);
    spec
      .given(received)
      .when(inform)
      .thenSatisfies((_, s) =>
        expect(s).toMatchObject({ status: 'closed', details: { stage: 'informed' }, deadlines: {} }),
      );
    spec
      .given(received)
      .when({ ...inform, data: { mode: 'inform' } })
      .thenThrows('CASE.INVALID_COMMAND');
    spec
      .given(received)
      .when({ ...inform, data: { mode: 'forward' } })
      .thenThrows('CASE.INVALID_COMMAND');
  });

  it('a late routing is recorded, not refused', () => {
    spec
      .given(received)
      .when(c.RoutePetition(m('2026-02-25T09:00:00+08:00')))
      .thenSatisfies(([e]) => {
        expect(e!.type === 'PetitionRouted' && e!.data.withinLimit).toBe(false);
      });
  });

  it('NotifyPetitioner → PetitionerNotified: accepted, the 60-day handling clock starts (Art. 34)', () => {
    const [event] = spec
      .given(routed)
      .when(c.NotifyPetitioner(m(T.notify, 'housing-bureau')))
      .then([
        {
          type: 'PetitionerNotified',
          data: {
            caseId: id,
            notifiedAt: T.notify,
            notifiedBy: 'housing-bureau',
            body: { unitId: 'unit-housing', name: '区住建局' },
            content: '已受理，将于 60 日内办结并书面答复',
            withinLimit: true,
            deadlines: { handling: dl(defaultCasePolicy.levelLimits.petition.building, T.notify) },
          },
        },
      ]);
    if (event!.type !== 'PetitionerNotified') throw new Error('unexpected');
    // 60 days from 02-25 end on Saturday 04-25; moved to Monday 04-27.
    expect(event!.data.deadlines.handling.dueAt).toBe('2026-04-28T00:00:00+08:00');
    expect(event!.data.deadlines.handling.basis).toMatchObject({
      law: '信访工作条例',
      article: '第三十四条',
    });
    const state = fold(caseDecider, [...routed, event!]);
    expect(state).toMatchObject({
      status: 'in_progress',
      details: { stage: 'accepted', acceptance: { acceptedAt: T.notify, withinLimit: true } },
    });
    expect(Object.keys(state.status !== 'none' ? state.deadlines : {})).toEqual(['handling']);
  });

  it('ObjectToRouting → PetitionRoutingObjected back to the office with a fresh routing limit; refused after 5 working days', () => {
    const t = '2026-02-24T16:00:00+08:00';
    spec
      .given(routed)
      .when(c.ObjectToRouting(m(t, 'housing-bureau')))
      .then([
        {
          type: 'PetitionRoutingObjected',
          data: {
            caseId: id,
            objectedAt: t,
            objectedBy: 'housing-bureau',
            body: { unitId: 'unit-housing', name: '区住建局' },
            reason: '补偿标准由区征收办负责',
            deadlines: { routing: dl(PETITION_PERIODS.routing, t) },
          },
        },
      ]);
    spec
      .given(routed)
      .when(c.ObjectToRouting(m(t)))
      .thenSatisfies((_, s) => {
        expect(s).toMatchObject({
          status: 'reported',
          unit: null,
          details: { stage: 'received', routing: null, objections: [{ reason: '补偿标准由区征收办负责' }] },
          counters: { returns: 1 },
        });
      });
    spec
      .given(routed)
      .when(c.ObjectToRouting(m('2026-02-25T00:00:00+08:00')))
      .thenThrows('PETITION.OBJECTION_WINDOW_CLOSED', (e) => {
        expect(e.context).toMatchObject({ dueAt: '2026-02-25T00:00:00+08:00' });
      });
  });
});

describe('petition: handling (Arts. 31, 32, 34)', () => {
  it('DivertPetition → PetitionDiverted: a request with a legal route leaves by it (Art. 31)', () => {
    const t = '2026-03-02T10:00:00+08:00';
    spec
      .given(accepted)
      .when(c.DivertPetition(m(t)))
      .then([
        {
          type: 'PetitionDiverted',
          data: {
            caseId: id,
            divertedAt: t,
            divertedBy: 'operator-1',
            route: 'administrative_review',
            body: '区人民政府',
            reason: '对征收补偿决定不服，应申请行政复议',
          },
        },
      ]);
    spec
      .given(accepted)
      .when(c.DivertPetition(m(t)))
      .thenSatisfies((_, s) => {
        expect(s).toMatchObject({
          status: 'referred_out',
          referral: { route: 'administrative_review', body: '区人民政府' },
          details: { stage: 'diverted' },
          deadlines: {},
        });
      });
  });

  it('ExtendDeadline extends the handling limit by at most 30 days, once, with approval (Art. 34)', () => {
    const t = '2026-04-20T10:00:00+08:00';
    const extend = (amount: number): ExtendDeadline => ({
      type: 'ExtendDeadline',
      metadata: m(t),
      data: { reason: '情况复杂', amount },
    });
    {
      const events = decideApproved(extend(30), fold(caseDecider, accepted));
      const e = events[2];
      const s = fold(caseDecider, [...accepted, ...events]);
      if (e!.type !== 'DeadlineExtended') throw new Error('unexpected');
      expect(e!.data).toMatchObject({
        deadline: 'handling',
        previousDueAt: '2026-04-28T00:00:00+08:00',
        approvedBy: SPEC_APPROVER,
      });
      // 30 days counted on from the old last day 04-27: 05-27 (a Wednesday).
      expect(e!.data.newDeadline.dueAt).toBe('2026-05-28T00:00:00+08:00');
      expect(e!.data.newDeadline.basis.ruleId).toBe('petition.handling.building.extension');
      expect(s).toMatchObject({
        counters: { extensions: 1 },
        deadlines: { handling: e!.data.newDeadline },
      });
    }
    spec
      .given(accepted)
      .when(extend(31))
      .thenThrows('CASE.EXTENSION_TOO_LONG', (e) => expect(e.context).toMatchObject({ amount: 31, max: 30 }));
    spec
      .given(accepted)
      .when({ ...extend(10), data: { ...extend(10).data, unit: 'working_days' } })
      .thenThrows('CASE.INVALID_COMMAND');
  });

  it('AnswerPetition → PetitionAnswered: the review window runs 30 days from receipt of the answer (Art. 35)', () => {
    const command = {
      ...c.AnswerPetition(answeredAt),
      data: { ...c.AnswerPetition(answeredAt).data, servedAt: T.served },
    };
    spec
      .given(accepted)
      .when(command)
      .then([
        {
          type: 'PetitionAnswered',
          data: {
            caseId: id,
            answeredAt: T.answered,
            answeredBy: 'operator-1',
            body: { unitId: 'unit-housing', name: '区住建局' },
            answer: 'not_support',
            opinion: '补偿标准符合规定',
            legalBasis: '国有土地上房屋征收与补偿条例第十九条',
            servedAt: T.served,
            withinLimit: true,
            resultReportRequired: true,
            deadlines: { reviewRequest: dl(PETITION_PERIODS.reviewRequest, T.served) },
          },
        },
      ]);
    const state = fold(caseDecider, answered);
    expect(state).toMatchObject({
      status: 'resolved',
      details: { stage: 'answered', answer: { answer: 'not_support', servedAt: T.served } },
    });
    expect(state.status !== 'none' && state.deadlines.reviewRequest!.dueAt).toBe('2026-05-22T00:00:00+08:00');
    spec
      .given(accepted)
      .when({ ...command, data: { ...command.data, answer: 'reply' } })
      .thenThrows('PETITION.NOT_A_REQUEST');
    spec
      .given(accepted)
      .when({ ...command, data: { ...command.data, servedAt: '2026-04-23T00:00:00+08:00' } })
      .thenThrows('CASE.INVALID_COMMAND');
  });

  it('a receipt may not precede the step it answers: an answer served before acceptance, a review request received before the answer was served', () => {
    // Otherwise a backdated servedAt would start the 30-day review window before the petition was even accepted.
    const command = c.AnswerPetition(m(T.answer));
    spec
      .given(accepted)
      .when({ ...command, data: { ...command.data, servedAt: '2026-02-24T09:59:59+08:00' } })
      .thenThrows('CASE.INVALID_COMMAND', (e) =>
        expect(String(e.message)).toContain('servedAt may not be before the opinion was given'),
      );
    spec
      .given(accepted)
      .when({ ...command, metadata: { ...command.metadata, occurredAt: '2026-02-24T09:59:59+08:00' } })
      .thenThrows('CASE.OCCURRED_BEFORE_PREVIOUS_FACT');
    spec
      .given(accepted)
      .when({
        ...command,
        metadata: { ...command.metadata, occurredAt: T.notify, backdatingReason: '纸质答复当日送达，补录' },
        data: { ...command.data, servedAt: T.notify },
      })
      .thenSatisfies((events) =>
        expect(events.map((e) => e.type)).toEqual(['PetitionAnswered', 'LateEntryJustified']),
      );
    const request = c.RequestReview(m('2026-05-10T10:00:00+08:00'));
    spec
      .given(answered)
      .when({ ...request, data: { ...request.data, receivedAt: '2026-04-21T14:59:00+08:00' } })
      .thenThrows('CASE.INVALID_COMMAND');
    const reviewedEvents = run([
      ...answeredRun,
      request,
      c.AnswerReview(m('2026-06-01T10:00:00+08:00')),
    ]).events;
    const reReview = c.RequestReReview(m('2026-06-20T10:00:00+08:00'));
    spec
      .given(reviewedEvents)
      .when({ ...reReview, data: { ...reReview.data, receivedAt: '2026-05-31T10:00:00+08:00' } })
      .thenThrows('CASE.OCCURRED_BEFORE_PREVIOUS_FACT');
    const reviewAnswer = c.AnswerReview(m('2026-06-01T10:00:00+08:00'));
    spec
      .given(run([...answeredRun, request]).events)
      .when({ ...reviewAnswer, data: { ...reviewAnswer.data, servedAt: '2026-05-09T10:00:00+08:00' } })
      .thenThrows('CASE.INVALID_COMMAND');
  });

  it('the review window that ends in Golden Week moves to the first working day after it', () => {
    const served = '2026-09-07T10:00:00+08:00';
    const { state } = run([
      c.ReportCase(m(T.report)),
      c.RoutePetition(m(T.route)),
      c.NotifyPetitioner(m(T.notify)),
      c.AnswerPetition(m(served)),
    ]);
    const window = state.status !== 'none' ? state.deadlines.reviewRequest! : undefined;
    expect(window!.counting).toMatchObject({
      nominalLastDay: '2026-10-07',
      lastDay: '2026-10-08',
      endMovedPastHoliday: true,
    });
    expect(window!.dueAt).toBe('2026-10-09T00:00:00+08:00');
    expect(deadlineStatus(window!, '2026-10-01T09:00:00+08:00')).toEqual({
      dueAt: window!.dueAt,
      daysLeft: 7,
      hoursLeft: 183,
      overdue: false,
    });
    expect(deadlineStatus(window!, '2026-10-09T00:00:00+08:00')).toMatchObject({
      daysLeft: -1,
      overdue: true,
    });
  });
});

describe('petition: review, re-review and finality (Arts. 35, 36)', () => {
  const review = (now: string) => c.RequestReview(m(now));
  const tReview = '2026-05-10T10:00:00+08:00';
  const tReviewAnswer = '2026-06-01T10:00:00+08:00';
  const tReReview = '2026-06-20T10:00:00+08:00';
  const reviewed = run([...answeredRun, review(tReview), c.AnswerReview(m(tReviewAnswer))]).events;
  const reReviewRequested = run([
    ...answeredRun,
    review(tReview),
    c.AnswerReview(m(tReviewAnswer)),
    c.RequestReReview(m(tReReview)),
  ]).events;

  it('RequestReview → PetitionReviewRequested with a 30-day answer limit; refused once the window has closed', () => {
    spec
      .given(answered)
      .when(review(tReview))
      .then([
        {
          type: 'PetitionReviewRequested',
          data: {
            caseId: id,
            requestedAt: tReview,
            recordedBy: 'operator-1',
            reviewBody: { unitId: 'unit-district-gov', name: '区人民政府' },
            reason: '不服处理意见',
            deadlines: { reviewAnswer: dl(PETITION_PERIODS.reviewAnswer, tReview) },
          },
        },
      ]);
    // Received on the last day, recorded later: the receipt counts.
    const lateRecord = {
      ...review('2026-05-25T10:00:00+08:00'),
      data: { ...review(tReview).data, receivedAt: '2026-05-21T23:59:00+08:00' },
    };
    spec
      .given(answered)
      .when(lateRecord)
      .thenSatisfies(([e]) =>
        expect(e!.type === 'PetitionReviewRequested' && e!.data.requestedAt).toBe(
          '2026-05-21T23:59:00+08:00',
        ),
      );
    spec
      .given(answered)
      .when(review('2026-05-22T00:00:00+08:00'))
      .thenThrows('PETITION.REVIEW_WINDOW_CLOSED', (e) =>
        expect(e.context).toMatchObject({ dueAt: '2026-05-22T00:00:00+08:00' }),
      );
  });

  it('AnswerReview → PetitionReviewAnswered opens the re-review window', () => {
    const requested = run([...answeredRun, review(tReview)]).events;
    spec
      .given(requested)
      .when(c.AnswerReview(m(tReviewAnswer, 'district-gov')))
      .then([
        {
          type: 'PetitionReviewAnswered',
          data: {
            caseId: id,
            answeredAt: tReviewAnswer,
            answeredBy: 'district-gov',
            reviewBody: { unitId: 'unit-district-gov', name: '区人民政府' },
            answer: 'not_support',
            opinion: '维持原处理意见',
            servedAt: tReviewAnswer,
            withinLimit: true,
            deadlines: { reReviewRequest: dl(PETITION_PERIODS.reReviewRequest, tReviewAnswer) },
          },
        },
      ]);
    expect(fold(caseDecider, reviewed)).toMatchObject({
      status: 'resolved',
      details: { stage: 'reviewed', review: { opinion: { answer: 'not_support' } } },
    });
  });

  it('RequestReReview → PetitionReReviewRequested; hearing days are left out of the 30 days (Art. 36 para. 2)', () => {
    spec
      .given(reviewed)
      .when(c.RequestReReview(m(tReReview)))
      .then([
        {
          type: 'PetitionReReviewRequested',
          data: {
            caseId: id,
            requestedAt: tReReview,
            recordedBy: 'operator-1',
            reReviewBody: { unitId: 'unit-city-gov', name: '市人民政府' },
            reason: '不服复查意见',
            deadlines: { reReviewAnswer: dl(PETITION_PERIODS.reReviewAnswer, tReReview) },
          },
        },
      ]);
    expect(fold(caseDecider, reReviewRequested)).toMatchObject({
      deadlines: { reReviewAnswer: { dueAt: '2026-07-21T00:00:00+08:00' } },
    });
    const hearing: CaseCommand = {
      type: 'RecordReReviewHearing',
      metadata: m('2026-07-03T18:00:00+08:00'),
      data: { startedOn: '2026-07-01', endedOn: '2026-07-03' },
    };
    spec
      .given(reReviewRequested)
      .when(hearing)
      .thenSatisfies(([e], s) => {
        if (e!.type !== 'PetitionReReviewHearingRecorded') throw new Error('unexpected');
        expect(e!.data).toMatchObject({ startedOn: '2026-07-01', endedOn: '2026-07-03', hearingDays: 3 });
        // 30 + 3 days from 06-21 end on 07-23 (Thursday).
        expect(e!.data.deadlines.reReviewAnswer.dueAt).toBe('2026-07-24T00:00:00+08:00');
        expect(e!.data.deadlines.reReviewAnswer.basis.note).toMatch(/3 hearing day\(s\) left out/);
        expect(s).toMatchObject({
          details: { reReview: { hearings: [{ startedOn: '2026-07-01', endedOn: '2026-07-03', days: 3 }] } },
        });
      });
    spec
      .given(reReviewRequested)
      .when({ ...hearing, data: { startedOn: '2026-07-03', endedOn: '2026-07-01' } })
      .thenThrows('CASE.INVALID_COMMAND');
    spec
      .given(reReviewRequested)
      .when({ ...hearing, data: { startedOn: '2026-06-01', endedOn: '2026-06-02' } })
      .thenThrows('CASE.INVALID_COMMAND');
  });

  it('AnswerReReview → PetitionReReviewAnswered: final; further review requests are refused and a repeat petition is recognised', () => {
    const t = '2026-07-15T10:00:00+08:00';
    spec
      .given(reReviewRequested)
      .when(c.AnswerReReview(m(t, 'city-gov')))
      .then([
        {
          type: 'PetitionReReviewAnswered',
          data: {
            caseId: id,
            answeredAt: t,
            answeredBy: 'city-gov',
            reReviewBody: { unitId: 'unit-city-gov', name: '市人民政府' },
            answer: 'not_support',
            opinion: '维持复查意见',
            servedAt: t,
            withinLimit: true,
            factsFingerprint: petitionFactsFingerprint(c.ReportCase(m(t)).data.petition!),
          },
        },
      ]);
    const final = run([
      ...answeredRun,
      review(tReview),
      c.AnswerReview(m(tReviewAnswer)),
      c.RequestReReview(m(tReReview)),
      c.AnswerReReview(m(t)),
    ]);
    expect(final.state).toMatchObject({
      status: 'closed',
      deadlines: {},
      details: { stage: 'final', final: true },
    });
    spec
      .given(final.events)
      .when(c.RequestReReview(m(t)))
      .thenThrows('PETITION.ALREADY_FINAL');

    const original = c.ReportCase(m(t)).data.petition!;
    // Same facts and reasons, written differently, by one of the same petitioners: a repeat.
    const repeat: PetitionReport = {
      ...original,
      channel: 'letter',
      matter: ' 幸福小区旧改补偿标准，低于相邻项目！ ',
      request: '要求重新评估',
      petitioners: [{ name: '王五', phone: '13999999999', idNumber: '370102197001010011' }],
    };
    expect(isRepeatPetition(final.state, repeat)).toBe(true);
    expect(isRepeatPetition(final.state, { petition: repeat })).toBe(true);
    expect(
      isRepeatPetition(final.state, { ...repeat, petitioners: [{ name: '孙七', phone: '13500000000' }] }),
    ).toBe(false);
    expect(isRepeatPetition(final.state, { ...repeat, matter: '幸福小区物业费上涨' })).toBe(false);
    expect(isRepeatPetition(final.state, { ...repeat, factsFingerprint: 'intake-key-1' })).toBe(false);
    // Not final: no bar.
    expect(isRepeatPetition(fold(caseDecider, reviewed), repeat)).toBe(false);
  });

  it('ClosePetitionForNoRequest → PetitionClosedForNoRequest only once the window has passed', () => {
    const t = '2026-05-22T00:00:00+08:00';
    spec
      .given(answered)
      .when(c.ClosePetitionForNoRequest(m(t, 'escalation-pm')))
      .then([
        {
          type: 'PetitionClosedForNoRequest',
          data: {
            caseId: id,
            closedAt: t,
            closedBy: 'escalation-pm',
            window: 'review',
            windowEndedAt: '2026-05-22T00:00:00+08:00',
          },
        },
      ]);
    spec
      .given(answered)
      .when(c.ClosePetitionForNoRequest(m('2026-05-21T23:59:59+08:00')))
      .thenThrows('PETITION.REQUEST_WINDOW_OPEN');
    spec
      .given(reviewed)
      .when(c.ClosePetitionForNoRequest(m('2026-07-02T00:00:00+08:00')))
      .thenSatisfies(([e], s) => {
        expect(e).toMatchObject({
          type: 'PetitionClosedForNoRequest',
          data: { window: 're_review', windowEndedAt: '2026-07-02T00:00:00+08:00' },
        });
        expect(s).toMatchObject({ status: 'closed', details: { stage: 'closed_no_request', final: false } });
      });
  });
});

describe('petition: HTTP actions', () => {
  it('maps the petition actions of docs/api.md', () => {
    expect(caseActions).toMatchObject({
      route: 'RoutePetition',
      notify: 'NotifyPetitioner',
      object: 'ObjectToRouting',
      divert: 'DivertPetition',
      answer: 'AnswerPetition',
      'request-review': 'RequestReview',
      'answer-review': 'AnswerReview',
      'request-re-review': 'RequestReReview',
      'answer-re-review': 'AnswerReReview',
      'close-for-no-request': 'ClosePetitionForNoRequest',
      'record-hearing': 'RecordReReviewHearing',
      extend: 'ExtendDeadline',
    });
  });
});
