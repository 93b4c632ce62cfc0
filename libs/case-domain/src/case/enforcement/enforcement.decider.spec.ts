import { describe, expect, it } from '@jest/globals';
import { fold } from '#domain-kernel';
import { deciderSpecification } from '#domain-kernel/testing';
import {
  caseActions,
  caseDecider,
  countPeriod,
  defaultCasePolicy,
  ENFORCEMENT_PERIODS,
  officialCalendar,
  type CaseCommand,
  type CaseEvent,
  type CaseState,
  type OnTheSpotPenalty,
  type PeriodRule,
} from '../../index.js';
import { decideApproved, metadataAt, sampleCommands, SPEC_APPROVER } from '../../testing/index.js';

const spec = deciderSpecification(caseDecider);
const m = (now: string, actor = 'officer-a') => metadataAt(now, actor);
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
const deadlinesOf = (state: CaseState) => (state.status === 'none' ? {} : state.deadlines);

const id = 'e-1';
const c = sampleCommands(id, 'enforcement');
/** An ordinary case through 2026: Qingming, the Spring Festival and the decision's service. */
const T = {
  report: '2026-01-05T09:00:00+08:00',
  file: '2026-01-06T09:00:00+08:00',
  preserve: '2026-01-06T10:00:00+08:00',
  evidence: '2026-01-08T10:00:00+08:00',
  conclude: '2026-01-20T10:00:00+08:00',
  review: '2026-02-02T10:00:00+08:00',
  notify: '2026-02-12T10:00:00+08:00',
  request: '2026-02-25T10:00:00+08:00',
  schedule: '2026-02-27T10:00:00+08:00',
  hearing: '2026-03-10T09:00:00+08:00',
  held: '2026-03-10T12:00:00+08:00',
  decide: '2026-03-16T10:00:00+08:00',
  serve: '2026-03-17T10:00:00+08:00',
  demand: '2026-04-10T10:00:00+08:00',
};
const steps: Array<[keyof typeof T, CaseCommand]> = [
  ['report', c.ReportCase(m(T.report, 'grid-worker'))],
  ['file', c.FileEnforcementCase(m(T.file))],
  ['preserve', c.PreserveEvidence(m(T.preserve))],
  ['evidence', c.DecidePreservedEvidence(m(T.evidence))],
  ['conclude', c.ConcludeInvestigation(m(T.conclude))],
  ['review', c.ReviewEnforcementCase(m(T.review, 'brigade-chief'))],
  ['notify', c.NotifyProposedPenalty(m(T.notify))],
  ['request', c.RequestHearing(m(T.request))],
  [
    'schedule',
    {
      ...c.ScheduleHearing(m(T.schedule)),
      data: { hearingAt: T.hearing, place: '大队听证室', presidedBy: 'officer-h' },
    },
  ],
  ['held', c.HoldHearing(m(T.held, 'officer-h'))],
  ['decide', c.DecidePenalty(m(T.decide, 'brigade-chief'))],
  ['serve', c.ServeDecision(m(T.serve))],
  ['demand', c.DemandPayment(m(T.demand))],
];
/** Events up to (not including) the step named. */
const until = (name: keyof typeof T): CaseEvent[] =>
  run(
    steps
      .slice(
        0,
        steps.findIndex(([n]) => n === name),
      )
      .map(([, cmd]) => cmd),
  ).events;
const through = (name: keyof typeof T): CaseEvent[] =>
  run(steps.slice(0, steps.findIndex(([n]) => n === name) + 1).map(([, cmd]) => cmd)).events;

describe('enforcement: lead screening (docs/domain.md §3.4)', () => {
  it('ReportCase → CaseReported with the 15-working-day screening limit over Mid-Autumn and Golden Week', () => {
    const t = '2026-09-24T10:00:00+08:00';
    const command = c.ReportCase(m(t, 'grid-worker'));
    const [event] = spec
      .given([])
      .when(command)
      .then([
        {
          type: 'CaseReported',
          data: {
            caseId: id,
            caseType: 'enforcement',
            source: 'grid_patrol',
            title: command.data.title,
            description: command.data.description,
            category: 'street_occupation',
            urgency: 'general',
            location: command.data.location,
            reporter: null,
            level: 'building',
            reportedAt: t,
            reportedBy: 'grid-worker',
            details: {
              caseType: 'enforcement',
              team: 'urban_management',
              squadId: 'squad-east',
              brigadeId: null,
              party: { kind: 'organisation', name: '某餐饮有限公司' },
              leadSource: '网格员巡查',
              screeningDeadline: dl(ENFORCEMENT_PERIODS.screening, t),
            },
          },
        },
      ]);
    if (event!.type !== 'CaseReported' || event!.data.details.caseType !== 'enforcement')
      throw new Error('unexpected');
    const screening = event!.data.details.screeningDeadline;
    // 09-28 … 09-30, then 10-08, 10-09, 10-10 (make-up Saturday), 10-12 … 10-22.
    expect(screening.dueAt).toBe('2026-10-23T00:00:00+08:00');
    expect(screening.counting.makeupWorkdaysCounted).toEqual(['2026-10-10']);
    expect(fold(caseDecider, [event!])).toMatchObject({
      status: 'reported',
      details: { stage: 'lead' },
      deadlines: { screening },
    });
    spec
      .given([])
      .when({ ...command, data: { ...command.data, enforcement: { team: 'police' as never, squadId: '' } } })
      .thenThrows('CASE.INVALID_COMMAND', (e) => {
        expect(e.context.problems).toEqual([
          'enforcement.team must be one of market_supervision, transport, agriculture, urban_management, cultural_market',
          'enforcement.squadId must be a non-empty string',
        ]);
      });
  });

  it('ScreenLead (not_filed) → LeadScreened: 不予立案, shown as rejected', () => {
    const t = '2026-01-07T10:00:00+08:00';
    spec
      .given(until('file'))
      .when(c.ScreenLead(m(t)))
      .then([
        {
          type: 'LeadScreened',
          data: {
            caseId: id,
            screenedAt: t,
            screenedBy: 'officer-a',
            outcome: 'not_filed',
            reason: '现场核查已整改，违法事实不成立',
            withinLimit: true,
          },
        },
      ]);
    spec
      .given(until('file'))
      .when(c.ScreenLead(m(t)))
      .thenSatisfies((_, s) => {
        expect(s).toMatchObject({
          status: 'rejected',
          rejection: { reason: '现场核查已整改，违法事实不成立' },
          deadlines: {},
          details: { stage: 'not_filed' },
        });
      });
  });

  it('ScreenLead (simple_procedure) decides and serves on the spot within the Art. 51 limits', () => {
    const t = '2026-09-22T10:00:00+08:00';
    const spot = (
      partyKind: 'person' | 'organisation',
      fineFen: number,
      extra: Partial<OnTheSpotPenalty> = {},
    ): CaseCommand => ({
      type: 'ScreenLead',
      metadata: m(t),
      data: {
        outcome: 'simple_procedure',
        reason: '违法事实确凿',
        onTheSpot: {
          partyKind,
          penalty: { kinds: ['fine'], fineFen },
          facts: '占道经营',
          legalBasis: '城市市容和环境卫生管理条例第三十六条',
          officers: ['officer-a', 'officer-b'],
          ...extra,
        },
      },
    });
    const lead = until('file');
    spec
      .given(lead)
      .when(spot('person', 20_000))
      .then([
        {
          type: 'LeadScreened',
          data: {
            caseId: id,
            screenedAt: t,
            screenedBy: 'officer-a',
            outcome: 'simple_procedure',
            reason: '违法事实确凿',
            withinLimit: false,
          },
        },
        {
          type: 'PenaltyDecided',
          data: {
            caseId: id,
            decidedAt: t,
            decidedBy: 'officer-a',
            procedure: 'simple',
            outcome: 'penalty',
            penalty: { kinds: ['fine'], fineFen: 20_000 },
            reason: '占道经营（依据：城市市容和环境卫生管理条例第三十六条）',
            party: { kind: 'person', name: '某餐饮有限公司' },
            withinLimit: true,
            deadlines: {},
          },
        },
        {
          type: 'PenaltyDecisionServed',
          data: {
            caseId: id,
            servedAt: t,
            recordedBy: 'officer-a',
            method: 'on_the_spot',
            withinLimit: true,
            deadlines: {
              payment: dl(ENFORCEMENT_PERIODS.payment, t),
              appeal: dl(ENFORCEMENT_PERIODS.appeal, t),
            },
          },
        },
      ]);
    spec
      .given(lead)
      .when(spot('person', 20_000))
      .thenSatisfies((_, s) => {
        // 15 days from 09-23 end on 10-07, a National Day holiday: paid by 10-08.
        expect(s).toMatchObject({
          status: 'resolved',
          details: {
            stage: 'awaiting_payment',
            execution: { fineFen: 20_000, paymentDueDate: '2026-10-08' },
          },
        });
        expect(deadlinesOf(s)).toEqual({
          payment: expect.objectContaining({ dueAt: '2026-10-09T00:00:00+08:00' }),
        });
      });
    spec
      .given(lead)
      .when(spot('person', 20_001))
      .thenThrows('ENFORCEMENT.SIMPLE_PROCEDURE_LIMIT_EXCEEDED', (e) =>
        expect(e.context).toMatchObject({ fineFen: 20_001, maxFen: 20_000 }),
      );
    spec
      .given(lead)
      .when(spot('organisation', 300_000))
      .thenSatisfies(([e]) => expect(e!.type).toBe('LeadScreened'));
    spec
      .given(lead)
      .when(spot('organisation', 300_001))
      .thenThrows('ENFORCEMENT.SIMPLE_PROCEDURE_LIMIT_EXCEEDED');
    spec
      .given(lead)
      .when(spot('person', 5_000, { penalty: { kinds: ['fine', 'confiscation'], fineFen: 5_000 } }))
      .thenThrows('ENFORCEMENT.SIMPLE_PROCEDURE_LIMIT_EXCEEDED');
    spec
      .given(lead)
      .when(spot('person', 5_000, { officers: ['officer-a'] }))
      .thenThrows('ENFORCEMENT.TOO_FEW_OFFICERS');
    spec
      .given(lead)
      .when(spot('person', 0, { penalty: { kinds: ['warning'], fineFen: 0 } }))
      .thenSatisfies((_, s) => {
        expect(s).toMatchObject({ status: 'resolved', details: { stage: 'executed' }, deadlines: {} });
      });
    spec.given(lead).when(spot('person', 0)).thenThrows('CASE.INVALID_COMMAND'); // kinds has fine but fineFen is 0
  });

  it('ReferOut sends a lead to the competent body or the judiciary', () => {
    const t = '2026-01-07T10:00:00+08:00';
    const toJudiciary: CaseCommand = {
      type: 'ReferOut',
      metadata: m(t),
      data: { route: 'judiciary', body: '区公安分局', reason: '涉嫌非法经营罪' },
    };
    spec
      .given(until('file'))
      .when(toJudiciary)
      .then([
        {
          type: 'CaseReferredOut',
          data: {
            caseId: id,
            referredAt: t,
            referredBy: 'officer-a',
            route: 'judiciary',
            body: '区公安分局',
            reason: '涉嫌非法经营罪',
          },
        },
      ]);
    spec
      .given(until('file'))
      .when(toJudiciary)
      .thenSatisfies((_, s) => {
        expect(s).toMatchObject({
          status: 'referred_out',
          referral: { route: 'judiciary', body: '区公安分局' },
          deadlines: {},
          details: { stage: 'referred_out', screening: { outcome: 'referred_out', withinLimit: true } },
        });
      });
    spec
      .given(until('file'))
      .when({ ...toJudiciary, data: { route: 'litigation', reason: 'x' } })
      .thenThrows('CASE.INVALID_COMMAND', (e) => {
        expect(e.context.problems).toEqual([
          'route must be one of competent_body, judiciary',
          'body must be a non-empty string',
        ]);
      });
  });
});

describe('enforcement: filing and investigation (行政处罚法 Arts. 42, 56, 60)', () => {
  it('FileEnforcementCase → EnforcementCaseFiled: the 90-day decision clock, ending past Qingming', () => {
    const [event] = spec
      .given(until('file'))
      .when(c.FileEnforcementCase(m(T.file)))
      .then([
        {
          type: 'EnforcementCaseFiled',
          data: {
            caseId: id,
            filedAt: T.file,
            filedBy: 'officer-a',
            caseNo: '城管立〔2026〕1 号',
            officers: ['officer-a', 'officer-b'],
            major: false,
            withinLimit: true,
            deadlines: { decision: dl(defaultCasePolicy.levelLimits.enforcement.building, T.file) },
          },
        },
      ]);
    if (event!.type !== 'EnforcementCaseFiled') throw new Error('unexpected');
    expect(event!.data.deadlines.decision.counting).toMatchObject({
      nominalLastDay: '2026-04-06',
      lastDay: '2026-04-07',
      endMovedPastHoliday: true,
    });
    expect(event!.data.deadlines.decision.basis).toMatchObject({ law: '行政处罚法', article: '第六十条' });
    expect(fold(caseDecider, [...until('file'), event!])).toMatchObject({
      status: 'in_progress',
      details: { stage: 'investigating', filing: { officers: ['officer-a', 'officer-b'] } },
    });
    const alone = { ...c.FileEnforcementCase(m(T.file)), data: { officers: ['officer-a', 'officer-a'] } };
    spec.given(until('file')).when(alone).thenThrows('ENFORCEMENT.TOO_FEW_OFFICERS');
  });

  it('PreserveEvidence → EvidencePreserved with 7 working days to decide; DecidePreservedEvidence clears it', () => {
    expect(
      decideApproved(c.PreserveEvidence(m(T.preserve)), fold(caseDecider, until('preserve'))).slice(2),
    ).toEqual([
      {
        type: 'EvidencePreserved',
        data: {
          caseId: id,
          preservationNo: 1,
          preservedAt: T.preserve,
          preservedBy: 'officer-a',
          approvedBy: SPEC_APPROVER,
          items: ['桌椅 6 套'],
          deadlines: { evidenceDecision: dl(ENFORCEMENT_PERIODS.evidenceDecision, T.preserve) },
        },
      },
    ]);
    expect(deadlinesOf(fold(caseDecider, through('preserve'))).evidenceDecision!.dueAt).toBe(
      '2026-01-16T00:00:00+08:00',
    );
    spec
      .given(until('preserve'))
      .when({ ...c.PreserveEvidence(m(T.preserve)), data: { items: ['桌椅'] } })
      .thenSatisfies((events) => expect(events.map((e) => e.type)).toEqual(['ApprovalRequested']));
    spec
      .given(until('evidence'))
      .when(c.DecidePreservedEvidence(m(T.evidence)))
      .then([
        {
          type: 'PreservedEvidenceDecided',
          data: {
            caseId: id,
            preservationNo: 1,
            decidedAt: T.evidence,
            decidedBy: 'officer-a',
            decision: 'release',
            withinLimit: true,
          },
        },
      ]);
    expect(deadlinesOf(fold(caseDecider, through('evidence'))).evidenceDecision).toBeUndefined();
    spec
      .given(through('evidence'))
      .when(c.DecidePreservedEvidence(m(T.evidence)))
      .thenThrows('ENFORCEMENT.UNKNOWN_PRESERVATION');
  });

  it('evidence preserved on the eve of Golden Week is decided within 7 working days counting the make-up Saturday', () => {
    const t = '2026-09-30T11:00:00+08:00';
    const filed = run([
      c.ReportCase(m('2026-09-24T10:00:00+08:00')),
      c.FileEnforcementCase(m('2026-09-30T10:00:00+08:00')),
    ]).events;
    {
      const [, , e] = decideApproved(c.PreserveEvidence(m(t)), fold(caseDecider, filed));
      if (e!.type !== 'EvidencePreserved') throw new Error('unexpected');
      expect(e!.data.deadlines.evidenceDecision.counting).toMatchObject({
        lastDay: '2026-10-15',
        makeupWorkdaysCounted: ['2026-10-10'],
      });
    }
  });

  it('ConcludeInvestigation → InvestigationConcluded → under review', () => {
    spec
      .given(until('conclude'))
      .when(c.ConcludeInvestigation(m(T.conclude)))
      .then([
        {
          type: 'InvestigationConcluded',
          data: {
            caseId: id,
            concludedAt: T.conclude,
            concludedBy: 'officer-a',
            summary: '占道经营事实清楚',
          },
        },
      ]);
    expect(fold(caseDecider, through('conclude'))).toMatchObject({
      status: 'in_progress',
      details: { stage: 'under_review' },
    });
  });

  it('ExtendDeadline extends the decision limit by at most 30 days with approval', () => {
    const t = '2026-03-30T10:00:00+08:00';
    const extend = (amount: number): CaseCommand => ({
      type: 'ExtendDeadline',
      metadata: m(t),
      data: { reason: '案情复杂', amount },
    });
    {
      const events = decideApproved(extend(30), fold(caseDecider, through('conclude')));
      const e = events[2];
      const s = fold(caseDecider, [...through('conclude'), ...events]);
      if (e!.type !== 'DeadlineExtended') throw new Error('unexpected');
      expect(e!.data).toMatchObject({ deadline: 'decision', previousDueAt: '2026-04-08T00:00:00+08:00' });
      expect(e!.data.newDeadline.dueAt).toBe('2026-05-08T00:00:00+08:00'); // 04-07 + 30 = 05-07 (Thursday)
      expect(s).toMatchObject({ counters: { extensions: 1 } });
    }
    spec.given(through('conclude')).when(extend(31)).thenThrows('CASE.EXTENSION_TOO_LONG');
  });
});

describe('enforcement: review, notice and hearing (Arts. 57, 58, 63, 64)', () => {
  it('ReviewEnforcementCase → EnforcementCaseReviewed with a proposed penalty', () => {
    spec
      .given(until('review'))
      .when(c.ReviewEnforcementCase(m(T.review, 'brigade-chief')))
      .then([
        {
          type: 'EnforcementCaseReviewed',
          data: {
            caseId: id,
            reviewedAt: T.review,
            reviewedBy: 'brigade-chief',
            outcome: 'proposed_penalty',
            reason: '违法事实清楚，证据确凿',
            major: false,
            legalReview: { reviewer: 'legal-1', opinion: '同意', passed: true },
            proposedPenalty: { kinds: ['fine'], fineFen: 500_000 },
            withinLimit: true,
          },
        },
      ]);
  });

  it('a major case needs a passed legal review (Art. 58); transfer to the judiciary and no penalty end the case', () => {
    const base = c.ReviewEnforcementCase(m(T.review));
    const major: CaseCommand = {
      ...base,
      data: {
        outcome: 'proposed_penalty',
        reason: '重大',
        major: true,
        proposedPenalty: { kinds: ['fine'], fineFen: 5_000_000 },
      },
    };
    spec
      .given(until('review'))
      .when(major)
      .thenThrows('ENFORCEMENT.LEGAL_REVIEW_REQUIRED', (e) =>
        expect(e.context).toMatchObject({ major: true }),
      );
    spec
      .given(until('review'))
      .when({
        ...major,
        data: { ...major.data, legalReview: { reviewer: 'legal-1', opinion: '证据不足', passed: false } },
      })
      .thenThrows('ENFORCEMENT.LEGAL_REVIEW_REQUIRED');
    const transfer: CaseCommand = {
      ...base,
      data: {
        outcome: 'transfer_to_judiciary',
        reason: '涉嫌犯罪',
        judiciaryBody: '区公安分局',
        major: true,
      },
    };
    spec
      .given(until('review'))
      .when(transfer)
      .thenSatisfies(([e], s) => {
        expect(e).toMatchObject({
          type: 'EnforcementCaseReviewed',
          data: { outcome: 'transfer_to_judiciary', judiciaryBody: '区公安分局', legalReview: null },
        });
        expect(s).toMatchObject({
          status: 'referred_out',
          referral: { route: 'judiciary', body: '区公安分局' },
          deadlines: {},
          details: { stage: 'transferred' },
        });
      });
    const none: CaseCommand = { ...base, data: { outcome: 'no_penalty', reason: '违法行为轻微并及时改正' } };
    spec
      .given(until('review'))
      .when(none)
      .thenSatisfies((_, s) => {
        expect(s).toMatchObject({
          status: 'resolved',
          deadlines: {},
          details: { stage: 'no_penalty', decision: { outcome: 'no_penalty', withinLimit: true } },
        });
      });
  });

  it('NotifyProposedPenalty → ProposedPenaltyNotified: 5 working days to ask for a hearing, across the Spring Festival', () => {
    const [event] = spec
      .given(until('notify'))
      .when(c.NotifyProposedPenalty(m(T.notify)))
      .then([
        {
          type: 'ProposedPenaltyNotified',
          data: {
            caseId: id,
            notifiedAt: T.notify,
            notifiedBy: 'officer-a',
            hearingRight: true,
            content: '拟罚款 5000 元',
            deadlines: { hearingRequest: dl(ENFORCEMENT_PERIODS.hearingRequest, T.notify) },
          },
        },
      ]);
    if (event!.type !== 'ProposedPenaltyNotified') throw new Error('unexpected');
    // 02-13, 02-14 (make-up Saturday), then 02-24, 02-25, 02-26 after the holiday.
    expect(event!.data.deadlines.hearingRequest!.counting).toMatchObject({
      lastDay: '2026-02-26',
      makeupWorkdaysCounted: ['2026-02-14'],
    });
    expect(event!.data.deadlines.hearingRequest!.dueAt).toBe('2026-02-27T00:00:00+08:00');
  });

  it('RequestHearing → HearingRequested within the window, refused after it', () => {
    spec
      .given(until('request'))
      .when(c.RequestHearing(m(T.request)))
      .then([
        { type: 'HearingRequested', data: { caseId: id, requestedAt: T.request, recordedBy: 'officer-a' } },
      ]);
    spec
      .given(until('request'))
      .when(c.RequestHearing(m('2026-02-27T00:00:00+08:00')))
      .thenThrows('ENFORCEMENT.HEARING_REQUEST_LATE');
  });

  it('ScheduleHearing gives at least 7 working days notice by an independent presider', () => {
    const schedule = (hearingAt: string, presidedBy = 'officer-h'): CaseCommand => ({
      type: 'ScheduleHearing',
      metadata: m(T.schedule),
      data: { hearingAt, place: '大队听证室', presidedBy },
    });
    const notice = countPeriod(officialCalendar, 'working_days', {
      trigger: T.schedule,
      amount: 7,
      basis: ENFORCEMENT_PERIODS.hearingNotice.basis,
    });
    spec
      .given(until('schedule'))
      .when(schedule(T.hearing))
      .then([
        {
          type: 'HearingScheduled',
          data: {
            caseId: id,
            scheduledAt: T.schedule,
            scheduledBy: 'officer-a',
            hearingAt: T.hearing,
            place: '大队听证室',
            presidedBy: 'officer-h',
            noticePeriod: notice,
          },
        },
      ]);
    // 02-28 (make-up Saturday), 03-02 … 03-06, 03-09: the hearing can be on 03-10 at the earliest.
    expect(notice.dueAt).toBe('2026-03-10T00:00:00+08:00');
    spec
      .given(until('schedule'))
      .when(schedule('2026-03-09T15:00:00+08:00'))
      .thenThrows('ENFORCEMENT.HEARING_NOTICE_TOO_SHORT', (e) => {
        expect(e.context).toMatchObject({ earliest: '2026-03-10T00:00:00+08:00' });
      });
    spec
      .given(until('schedule'))
      .when(schedule(T.hearing, 'officer-b'))
      .thenThrows('ENFORCEMENT.HEARING_PRESIDER_NOT_INDEPENDENT');
  });

  it('HoldHearing → HearingHeld; a party who stays away waives the hearing (Art. 64 (6))', () => {
    spec
      .given(until('held'))
      .when(c.HoldHearing(m(T.held, 'officer-h')))
      .then([
        {
          type: 'HearingHeld',
          data: {
            caseId: id,
            heldAt: T.held,
            recordedBy: 'officer-h',
            presidedBy: 'officer-h',
            partyAttended: true,
            record: '当事人陈述申辩，调查人员质证',
            waived: false,
          },
        },
      ]);
    spec
      .given(until('held'))
      .when({ ...c.HoldHearing(m(T.held)), data: { partyAttended: false, record: '当事人无正当理由未到场' } })
      .thenSatisfies((_, s) =>
        expect(s).toMatchObject({ details: { stage: 'heard', hearing: { held: { waived: true } } } }),
      );
    spec
      .given(until('held'))
      .when(c.HoldHearing(m('2026-03-09T12:00:00+08:00')))
      .thenThrows('CASE.INVALID_COMMAND');
  });
});

describe('enforcement: decision, service and execution (Arts. 60, 61, 67, 72; 行政强制法 Arts. 53, 54)', () => {
  it('DecidePenalty → PenaltyDecided with 7 working days to serve', () => {
    spec
      .given(until('decide'))
      .when(c.DecidePenalty(m(T.decide, 'brigade-chief')))
      .then([
        {
          type: 'PenaltyDecided',
          data: {
            caseId: id,
            decidedAt: T.decide,
            decidedBy: 'brigade-chief',
            procedure: 'ordinary',
            outcome: 'penalty',
            penalty: { kinds: ['fine'], fineFen: 500_000 },
            decisionNo: '城管罚〔2026〕1 号',
            reason: '占道经营',
            party: { kind: 'organisation', name: '某餐饮有限公司' },
            withinLimit: true,
            deadlines: { service: dl(ENFORCEMENT_PERIODS.service, T.decide) },
          },
        },
      ]);
    const state = fold(caseDecider, through('decide'));
    expect(deadlinesOf(state)).toEqual({
      service: expect.objectContaining({ dueAt: '2026-03-26T00:00:00+08:00' }),
    });
    // Decided after the 90 days (and no extension): recorded as late.
    spec
      .given(until('decide'))
      .when(c.DecidePenalty(m('2026-04-08T09:00:00+08:00')))
      .thenSatisfies(([e]) => expect(e!.type === 'PenaltyDecided' && e!.data.withinLimit).toBe(false));
    spec
      .given(until('decide'))
      .when({
        ...c.DecidePenalty(m(T.decide)),
        data: { outcome: 'penalty', reason: 'x', penalty: { kinds: ['fine'], fineFen: 12.5 } },
      })
      .thenThrows('CASE.INVALID_COMMAND');
  });

  it('a party with a hearing right is decided only after the request window, unless it waived in writing', () => {
    const t = '2026-02-13T10:00:00+08:00';
    spec
      .given(until('request'))
      .when(c.DecidePenalty(m(t)))
      .thenThrows('ENFORCEMENT.HEARING_WINDOW_OPEN');
    spec
      .given(until('request'))
      .when({ ...c.DecidePenalty(m(t)), data: { ...c.DecidePenalty(m(t)).data, hearingWaived: true } })
      .thenSatisfies((_, s) => expect(s).toMatchObject({ details: { stage: 'decided' } }));
    spec
      .given(until('request'))
      .when(c.DecidePenalty(m('2026-02-27T00:00:00+08:00')))
      .thenSatisfies((_, s) => expect(deadlinesOf(s).hearingRequest).toBeUndefined());
  });

  it('ServeDecision → PenaltyDecisionServed: 15 days to pay and the 6-month litigation period', () => {
    spec
      .given(until('serve'))
      .when(c.ServeDecision(m(T.serve)))
      .then([
        {
          type: 'PenaltyDecisionServed',
          data: {
            caseId: id,
            servedAt: T.serve,
            recordedBy: 'officer-a',
            method: 'in_person',
            withinLimit: true,
            deadlines: {
              payment: dl(ENFORCEMENT_PERIODS.payment, T.serve),
              appeal: dl(ENFORCEMENT_PERIODS.appeal, T.serve),
            },
          },
        },
      ]);
    const state = fold(caseDecider, through('serve'));
    expect(state).toMatchObject({
      status: 'resolved',
      details: { stage: 'awaiting_payment', execution: { fineFen: 500_000, paymentDueDate: '2026-04-01' } },
    });
    expect(deadlinesOf(state).payment!.dueAt).toBe('2026-04-02T00:00:00+08:00');
    expect(
      state.status !== 'none' &&
        state.details.caseType === 'enforcement' &&
        state.details.execution!.appealPeriod.dueAt,
    ).toBe('2026-09-18T00:00:00+08:00');
  });

  it('RecordPayment → FinePaid with the exact late surcharge owed on the day', () => {
    const pay = (paidOn: string, amountFen: number): CaseCommand => ({
      type: 'RecordPayment',
      metadata: m('2026-04-08T10:00:00+08:00'),
      data: { amountFen, paidOn },
    });
    spec
      .given(through('serve'))
      .when(pay('2026-04-01', 500_000))
      .then([
        {
          type: 'FinePaid',
          data: {
            caseId: id,
            recordedAt: '2026-04-08T10:00:00+08:00',
            recordedBy: 'officer-a',
            paidOn: '2026-04-01',
            paidAt: '2026-04-01T23:59:59.999+08:00',
            fineFen: 500_000,
            surchargeFen: 0,
            totalFen: 500_000,
            lateDays: 0,
          },
        },
      ]);
    spec
      .given(through('serve'))
      .when(pay('2026-04-03', 530_000))
      .thenSatisfies(([e], s) => {
        expect(e).toMatchObject({
          type: 'FinePaid',
          data: { surchargeFen: 30_000, totalFen: 530_000, lateDays: 2 },
        });
        expect(s).toMatchObject({
          details: { stage: 'paid', execution: { payment: { surchargeFen: 30_000 } } },
          deadlines: {},
        });
      });
    spec
      .given(through('serve'))
      .when(pay('2026-04-03', 500_000))
      .thenThrows('ENFORCEMENT.PAYMENT_AMOUNT_MISMATCH', (e) => {
        expect(e.context).toMatchObject({
          fineFen: 500_000,
          surchargeFen: 30_000,
          totalFen: 530_000,
          amountFen: 500_000,
        });
      });
    spec.given(through('serve')).when(pay('2026-04-09', 500_000)).thenThrows('CASE.INVALID_COMMAND'); // after today
    spec
      .given(through('serve'))
      .when(pay('2026-03-16', 500_000))
      .thenThrows('CASE.OCCURRED_BEFORE_PREVIOUS_FACT'); // before service
  });

  it('DemandPayment → PaymentDemanded once overdue: 10 working days, then the court window', () => {
    spec
      .given(until('demand'))
      .when(c.DemandPayment(m('2026-04-01T23:00:00+08:00')))
      .thenThrows('ENFORCEMENT.PAYMENT_NOT_OVERDUE');
    const execution = fold(caseDecider, until('demand'));
    const appeal =
      execution.status !== 'none' && execution.details.caseType === 'enforcement'
        ? execution.details.execution!.appealPeriod
        : undefined;
    spec
      .given(until('demand'))
      .when(c.DemandPayment(m(T.demand)))
      .then([
        {
          type: 'PaymentDemanded',
          data: {
            caseId: id,
            demandedAt: T.demand,
            demandedBy: 'officer-a',
            fineFen: 500_000,
            surchargeFenSoFar: 135_000,
            deadlines: {
              demand: dl(ENFORCEMENT_PERIODS.demand, T.demand),
              courtApplication: dl(ENFORCEMENT_PERIODS.courtApplication, T.demand, appeal!.counting.lastDay),
            },
          },
        },
      ]);
    const demanded = fold(caseDecider, through('demand'));
    expect(deadlinesOf(demanded).demand!.dueAt).toBe('2026-04-25T00:00:00+08:00');
    expect(deadlinesOf(demanded).courtApplication!.dueAt).toBe('2026-12-18T00:00:00+08:00');
    expect(deadlinesOf(demanded).payment).toBeUndefined();
  });

  it('ApplyCourtEnforcement → CourtEnforcementApplied after the demand and the litigation period, within 3 months', () => {
    const t = '2026-09-21T10:00:00+08:00';
    spec
      .given(through('demand'))
      .when(c.ApplyCourtEnforcement(m(t)))
      .then([
        {
          type: 'CourtEnforcementApplied',
          data: {
            caseId: id,
            appliedAt: t,
            appliedBy: 'officer-a',
            court: '区人民法院',
            fineFen: 500_000,
            surchargeFen: 500_000,
          },
        },
      ]);
    spec
      .given(through('demand'))
      .when(c.ApplyCourtEnforcement(m('2026-04-24T10:00:00+08:00')))
      .thenThrows('ENFORCEMENT.DEMAND_PERIOD_RUNNING');
    spec
      .given(through('demand'))
      .when(c.ApplyCourtEnforcement(m('2026-09-17T10:00:00+08:00')))
      .thenThrows('ENFORCEMENT.APPEAL_PERIOD_RUNNING');
    spec
      .given(through('demand'))
      .when(c.ApplyCourtEnforcement(m('2026-12-18T00:00:00+08:00')))
      .thenThrows('ENFORCEMENT.COURT_APPLICATION_WINDOW_CLOSED');
  });

  it('ArchiveEnforcementCase → EnforcementCaseArchived: closed, no clocks left', () => {
    const applied = run([
      ...steps.map(([, cmd]) => cmd),
      c.ApplyCourtEnforcement(m('2026-09-21T10:00:00+08:00')),
    ]).events;
    const t = '2026-09-22T10:00:00+08:00';
    spec
      .given(applied)
      .when(c.ArchiveEnforcementCase(m(t)))
      .then([
        { type: 'EnforcementCaseArchived', data: { caseId: id, archivedAt: t, archivedBy: 'officer-a' } },
      ]);
    spec
      .given(applied)
      .when(c.ArchiveEnforcementCase(m(t)))
      .thenSatisfies((_, s) =>
        expect(s).toMatchObject({
          status: 'closed',
          deadlines: {},
          details: { stage: 'archived', archivedAt: t },
        }),
      );
  });
});

describe('enforcement: HTTP actions', () => {
  it('maps the enforcement actions of docs/api.md; refer-out and extend are shared with the other types', () => {
    expect(caseActions).toMatchObject({
      screen: 'ScreenLead',
      file: 'FileEnforcementCase',
      'refer-out': 'ReferOut',
      'preserve-evidence': 'PreserveEvidence',
      'conclude-investigation': 'ConcludeInvestigation',
      review: 'ReviewEnforcementCase',
      'notify-penalty': 'NotifyProposedPenalty',
      'request-hearing': 'RequestHearing',
      'hold-hearing': 'HoldHearing',
      decide: 'DecidePenalty',
      serve: 'ServeDecision',
      'record-payment': 'RecordPayment',
      'demand-payment': 'DemandPayment',
      'apply-court-enforcement': 'ApplyCourtEnforcement',
      archive: 'ArchiveEnforcementCase',
      'schedule-hearing': 'ScheduleHearing',
      'decide-preserved-evidence': 'DecidePreservedEvidence',
    });
  });
});
