import { describe, expect, it } from '@jest/globals';
import { countWorkingDays, officialCalendar } from '#case-domain';
import { deciderSpecification } from '#domain-kernel/testing';
import { listItemId, responsibilityListId } from '../admission-ids.js';
import {
  FIXTURE_DISTRICT,
  metadataAt,
  sampleAdmissionCommands,
  sampleResources,
  sampleWork,
  seededListsInForce,
} from '../testing/index.js';
import type { AdmissionCommand, SubmitAdmissionRequest, WorkItemProposal } from './admission.commands.js';
import { admissionDecider, createAdmissionDecider } from './admission.decider.js';
import type { AdmissionEvent } from './admission.events.js';
import { admissionPolicyWith, defaultAdmissionPolicy, validateAdmissionPolicy } from './admission-policy.js';

const T0 = '2026-03-02T09:00:00+08:00'; // a Monday
const T1 = '2026-03-10T10:00:00+08:00';
const T2 = '2026-03-12T15:00:00+08:00';
const spec = deciderSpecification(admissionDecider);
const s = sampleAdmissionCommands('req-1');
const submit = (
  work: Partial<WorkItemProposal> = {},
  data: Partial<SubmitAdmissionRequest['data']> = {},
  now = T0,
): SubmitAdmissionRequest => {
  const base = s.SubmitAdmissionRequest(metadataAt(now, 'dept-1'));
  return { ...base, data: { ...base.data, work: { ...sampleWork, ...work }, ...data } };
};
const with_ = <C extends AdmissionCommand>(command: C, data: Partial<C['data']>): C => ({
  ...command,
  data: { ...command.data, ...data },
});

function history(...commands: AdmissionCommand[]): AdmissionEvent[] {
  const events: AdmissionEvent[] = [];
  let state = admissionDecider.initialState();
  for (const command of commands) {
    const produced = admissionDecider.decide(command, state);
    for (const event of produced) state = admissionDecider.evolve(state, event);
    events.push(...produced);
  }
  return events;
}
const underReview = history(submit());
const reviewed = history(submit(), s.RecordReviewOpinion(metadataAt(T1, 'reviewer-1')));

const reviewBasis = defaultAdmissionPolicy.review.basis;

describe('SubmitAdmissionRequest', () => {
  it('opens review with a deadline of 15 working days, with its basis and counting', () => {
    const command = submit();
    spec
      .given([])
      .when(command)
      .then([
        {
          type: 'AdmissionRequestSubmitted',
          data: {
            requestId: 'req-1',
            districtCode: FIXTURE_DISTRICT,
            department: '区应急管理局',
            work: sampleWork,
            reason: command.data.reason,
            resources: sampleResources,
            startFrom: '2026-03-02',
            checkedAgainst: {
              asOf: '2026-03-02',
              versions: {
                comprehensive_support: 1,
                party_and_mass_work: 1,
                community_building: 1,
                two_committee_duties: 1,
                assisting_government: 1,
                certificates_and_plaques: 1,
                negative: 1,
              },
            },
            submittedBy: 'dept-1',
            submittedAt: T0,
          },
        },
        {
          type: 'AdmissionReviewStarted',
          data: {
            requestId: 'req-1',
            reviewDeadline: countWorkingDays(officialCalendar, {
              trigger: T0,
              amount: 15,
              basis: reviewBasis,
            }),
            startedAt: T0,
          },
        },
      ]);
  });
  it('counts the review period in working days: Monday 2 March 2026 → end of Monday 23 March', () => {
    spec
      .given([])
      .when(submit())
      .thenSatisfies((_events, state) => {
        if (state.status !== 'under_review') throw new Error(state.status);
        expect(state.reviewDeadline.dueAt).toBe('2026-03-24T00:00:00+08:00');
        expect(state.reviewDeadline.basis).toEqual(reviewBasis);
        expect(state.reviewDeadline.counting).toMatchObject({
          unit: 'working_days',
          amount: 15,
          startDay: '2026-03-03',
          lastDay: '2026-03-23',
        });
      });
  });
  it('skips statutory holidays (National Day 2026) when counting', () => {
    spec
      .given([])
      .when(submit({}, {}, '2026-09-29T09:00:00+08:00'))
      .thenSatisfies((_events, state) => {
        if (state.status !== 'under_review') throw new Error(state.status);
        expect(state.reviewDeadline.counting.skipped.some((day) => day.kind === 'holiday')).toBe(true);
      });
  });
  it('takes the review period from the policy', () => {
    const decider = createAdmissionDecider({
      policy: { ...defaultAdmissionPolicy, review: { ...defaultAdmissionPolicy.review, amount: 10 } },
    });
    deciderSpecification(decider)
      .given([])
      .when(submit())
      .thenSatisfies((_events, state) => {
        expect(state.status === 'under_review' && state.reviewDeadline.counting.lastDay).toBe('2026-03-16');
      });
  });

  it('finds admission not required when the claimed list code covers the item at that level', () => {
    spec
      .given([])
      .when(submit({ listItemCode: 'ZHBZ-01', title: '社区隐患排查（部门表述）' }))
      .thenSatisfies((events, state) => {
        expect(events.map((event) => event.type)).toEqual([
          'AdmissionRequestSubmitted',
          'AdmissionFoundNotRequired',
        ]);
        expect(events[1]!.data).toEqual({
          requestId: 'req-1',
          outcome: 'AdmissionNotRequired',
          listId: responsibilityListId(FIXTURE_DISTRICT, 'comprehensive_support'),
          listKind: 'comprehensive_support',
          listVersion: 1,
          item: {
            itemId: listItemId(FIXTURE_DISTRICT, 'comprehensive_support', 'ZHBZ-01'),
            code: 'ZHBZ-01',
            title: '社区安全隐患排查',
            level: 'community',
          },
          matchedBy: 'code',
          decidedAt: T0,
        });
        expect(state.status).toBe('not_required');
      });
  });
  it('finds admission not required by title (ignoring spaces), community covering two-committee duties', () => {
    spec
      .given([])
      .when(submit({ title: '调解 民间纠纷', targetLevel: 'community' }))
      .thenSatisfies((events) => {
        expect(events[1]).toMatchObject({
          type: 'AdmissionFoundNotRequired',
          data: { listKind: 'two_committee_duties', matchedBy: 'title', item: { code: 'LWZZ-09' } },
        });
      });
  });
  it('does not count a listed item at another level (a street duty pushed to the community needs admission)', () => {
    spec
      .given([])
      .when(submit({ title: '防汛减灾应急值守', targetLevel: 'community' }))
      .thenSatisfies((events) => {
        expect(events[1]!.type).toBe('AdmissionReviewStarted');
      });
  });

  it('refuses a certificate without legal basis automatically, naming the negative-list class', () => {
    spec
      .given([])
      .when(submit({ title: '居民无犯罪记录证明', nature: 'certificate', legalBasis: undefined }))
      .thenSatisfies((events, state) => {
        expect(events[1]).toEqual({
          type: 'AdmissionRefusedByNegativeList',
          data: {
            requestId: 'req-1',
            listId: responsibilityListId(FIXTURE_DISTRICT, 'negative'),
            listVersion: 1,
            negativeClass: {
              entryId: listItemId(FIXTURE_DISTRICT, 'negative', 'FMQD-01'),
              code: 'FMQD-01',
              title: '不得要求社区出具无法定依据的证明',
            },
            matched: [
              {
                entryId: listItemId(FIXTURE_DISTRICT, 'negative', 'FMQD-01'),
                code: 'FMQD-01',
                title: '不得要求社区出具无法定依据的证明',
              },
            ],
            reason: 'FMQD-01 不得要求社区出具无法定依据的证明：申请未载明法律法规依据',
            refusedAt: T0,
          },
        });
        expect(state).toMatchObject({
          status: 'refused',
          refusal: { by: 'negative_list', negativeClass: { code: 'FMQD-01' } },
        });
      });
  });
  it('refuses a duty pushed down with no staff, funding or equipment (不得简单转嫁), at street level too', () => {
    spec
      .given([])
      .when(submit({ targetLevel: 'street' }, { resources: { staff: 0, fundingFen: 0, equipment: [] } }))
      .thenSatisfies((events) => {
        expect(events[1]).toMatchObject({
          type: 'AdmissionRefusedByNegativeList',
          data: { negativeClass: { code: 'FMQD-02' } },
        });
        expect((events[1]!.data as { reason: string }).reason).toContain('费随事转');
      });
  });
  it('refuses an assessment in the community always, even with resources and a legal basis', () => {
    spec
      .given([])
      .when(submit({ title: '文明楼院评比', nature: 'assessment' }))
      .thenSatisfies((events) => {
        expect(events[1]).toMatchObject({
          type: 'AdmissionRefusedByNegativeList',
          data: { negativeClass: { code: 'FMQD-03' } },
        });
      });
  });
  it('refuses a plaque without legal basis', () => {
    spec
      .given([])
      .when(submit({ title: '社区某某工作站', nature: 'plaque', legalBasis: undefined }))
      .thenSatisfies((events) => {
        expect(events[1]).toMatchObject({
          type: 'AdmissionRefusedByNegativeList',
          data: { negativeClass: { code: 'FMQD-04' } },
        });
      });
  });
  it('sends a certificate with a legal basis, or a duty with resources, to review', () => {
    spec
      .given([])
      .when(submit({ nature: 'certificate', title: '新证明' }))
      .thenSatisfies((events) => expect(events[1]!.type).toBe('AdmissionReviewStarted'));
    spec
      .given([])
      .when(submit({}, { resources: { staff: 0, fundingFen: 100, equipment: [] } }))
      .thenSatisfies((events) => expect(events[1]!.type).toBe('AdmissionReviewStarted'));
  });
  it('records every class that caught the request, the first as the list orders them', () => {
    const lists = seededListsInForce('2026-03-02');
    const extra = {
      entryId: 'e-5',
      code: 'FMQD-00',
      title: '不得在社区挂牌（测试）',
      rule: { natures: ['plaque'], levels: ['community'], condition: 'always' },
    } as const;
    const withExtra = {
      ...lists,
      lists: lists.lists.map((list) =>
        list.kind === 'negative' ? { ...list, negativeEntries: [...list.negativeEntries, extra] } : list,
      ),
    };
    spec
      .given([])
      .when(submit({ nature: 'plaque', legalBasis: undefined }, { lists: withExtra }))
      .thenSatisfies((events) => {
        expect(events[1]).toMatchObject({
          data: { negativeClass: { code: 'FMQD-04' }, matched: [{ code: 'FMQD-04' }, { code: 'FMQD-00' }] },
        });
        expect((events[1]!.data as { reason: string }).reason).toContain('；FMQD-00');
      });
  });

  it('checks against the lists in force on the start date', () => {
    const command = submit({}, { startFrom: '2026-04-01', lists: seededListsInForce('2026-04-01') });
    spec
      .given([])
      .when(command)
      .thenSatisfies((events) =>
        expect(events[0]!.data).toMatchObject({
          startFrom: '2026-04-01',
          checkedAgainst: { asOf: '2026-04-01' },
        }),
      );
  });
  it('refuses lists of another date or district', () => {
    spec
      .given([])
      .when(submit({}, { startFrom: '2026-04-01' }))
      .thenThrows('ADMISSION.LISTS_SNAPSHOT_MISMATCH', (error) => {
        expect(error.kind).toBe('unprocessable');
        expect(error.context).toMatchObject({ startFrom: '2026-04-01', listsAsOf: '2026-03-02' });
      });
    spec
      .given([])
      .when(submit({}, { lists: seededListsInForce('2026-03-02', '510000') }))
      .thenThrows('ADMISSION.LISTS_SNAPSHOT_MISMATCH');
  });
  it('refuses lists missing or repeating a kind (the negative list cannot be forgotten)', () => {
    const lists = seededListsInForce('2026-03-02');
    spec
      .given([])
      .when(
        submit({}, { lists: { ...lists, lists: lists.lists.filter((list) => list.kind !== 'negative') } }),
      )
      .thenThrows('ADMISSION.LISTS_INCOMPLETE', (error) =>
        expect(error.context).toMatchObject({ missingOrRepeated: ['negative'] }),
      );
    spec
      .given([])
      .when(submit({}, { lists: { ...lists, lists: [...lists.lists, lists.lists[0]!] } }))
      .thenThrows('ADMISSION.LISTS_INCOMPLETE');
  });
  it('refuses a start before the request', () => {
    spec
      .given([])
      .when(submit({}, { startFrom: '2026-03-01' }))
      .thenThrows('ADMISSION.START_IN_PAST');
  });
  it.each([
    ['no department', submit({}, { department: '' }), /department/],
    ['an unknown nature', submit({ nature: 'favour' as never }), /work\.nature/],
    ['an unknown level', submit({ targetLevel: 'grid' as never }), /work\.targetLevel/],
    [
      'funding in yuan with decimals',
      submit({}, { resources: { ...sampleResources, fundingFen: 12.5 } }),
      /fundingFen/,
    ],
    ['negative staff', submit({}, { resources: { ...sampleResources, staff: -1 } }), /resources\.staff/],
    [
      'equipment without quantity',
      submit({}, { resources: { ...sampleResources, equipment: [{ name: '电脑', quantity: 0 }] } }),
      /quantity/,
    ],
    ['no lists', submit({}, { lists: undefined as never }), /lists must be/],
    ['a bad start date', submit({}, { startFrom: '2026-13-01' }), /startFrom/],
  ])('refuses %s as invalid', (_name, command, message) => {
    spec
      .given([])
      .when(command)
      .thenThrows('ADMISSION.INVALID_COMMAND', (error) => expect(error.message).toMatch(message));
  });
  it('refuses a second submission on the same stream', () => {
    spec.given(underReview).when(submit()).thenThrows('ADMISSION.ALREADY_EXISTS');
  });
});

describe('SubmitAdmissionRequest naming streets or communities', () => {
  const streetA = { id: 'st-1', kind: 'street', name: '东街街道' } as const;
  const streetB = { id: 'st-2', kind: 'street', name: '西街街道' } as const;
  const community = { id: 'co-1', kind: 'community', name: '东门社区' } as const;

  it('records the units named with the request; review starts as for the whole level', () => {
    spec
      .given([])
      .when(submit({ targetLevel: 'street' }, { targetUnits: [streetA, streetB] }))
      .thenSatisfies((events, state) => {
        expect(events.map((event) => event.type)).toEqual([
          'AdmissionRequestSubmitted',
          'AdmissionReviewStarted',
        ]);
        expect(events[0]!.data).toMatchObject({ targetUnits: [streetA, streetB] });
        expect(state.status === 'under_review' && state.request.targetUnits).toEqual([streetA, streetB]);
      });
  });

  it('records no units when none are named (every unit of the level), as before units could be named', () => {
    spec
      .given([])
      .when(submit({}, { targetUnits: [] }))
      .thenSatisfies((events) => {
        expect('targetUnits' in events[0]!.data).toBe(false);
      });
  });

  it('lets community two-committee work name communities', () => {
    spec
      .given([])
      .when(submit({ targetLevel: 'community_committees' }, { targetUnits: [community] }))
      .thenSatisfies((events) => {
        expect(events[0]!.data).toMatchObject({ targetUnits: [community] });
      });
  });

  it('refuses a unit of the other level, with nothing recorded', () => {
    spec
      .given([])
      .when(submit({ targetLevel: 'street' }, { targetUnits: [streetA, community] }))
      .thenThrows('ADMISSION.TARGET_UNIT_LEVEL_MISMATCH', (error) =>
        expect(error.context).toMatchObject({
          targetLevel: 'street',
          expectedKind: 'street',
          misplaced: ['co-1'],
        }),
      );
    spec
      .given([])
      .when(submit({ targetLevel: 'community' }, { targetUnits: [streetA] }))
      .thenThrows('ADMISSION.TARGET_UNIT_LEVEL_MISMATCH', (error) =>
        expect(error.context).toMatchObject({ expectedKind: 'community', misplaced: ['st-1'] }),
      );
  });

  it.each([
    ['a unit named twice', [streetA, streetA], /named twice/],
    ['a unit without a name', [{ ...streetA, name: ' ' }], /targetUnits\[0\]\.name/],
    ['a unit of an unknown kind', [{ ...streetA, kind: 'grid' }], /targetUnits\[0\]\.kind/],
    ['not an array', 'st-1', /targetUnits must be an array/],
    ['too many units', Array.from({ length: 101 }, (_, i) => ({ ...streetA, id: `st-${i}` })), /at most 100/],
  ])('refuses %s', (_label, targetUnits, message) => {
    spec
      .given([])
      .when(submit({ targetLevel: 'street' }, { targetUnits: targetUnits as never }))
      .thenThrows('ADMISSION.INVALID_COMMAND', (error) => expect(error.message).toMatch(message));
  });
});

describe('RecordReviewOpinion', () => {
  it('records the opinion and starts the decision deadline (5 working days)', () => {
    spec
      .given(underReview)
      .when(s.RecordReviewOpinion(metadataAt(T1, 'reviewer-1')))
      .then([
        {
          type: 'AdmissionRequestReviewed',
          data: {
            requestId: 'req-1',
            opinion: 'recommend_approval',
            findings: '有法定依据，人员经费随事转移',
            reviewingOffice: '区委编办',
            reviewedBy: 'reviewer-1',
            reviewedAt: T1,
            overdue: false,
            decisionDeadline: countWorkingDays(officialCalendar, {
              trigger: T1,
              amount: 5,
              basis: defaultAdmissionPolicy.decision.basis,
            }),
          },
        },
      ]);
  });
  it('marks an opinion after the review deadline as overdue (still recorded: a late opinion is a fact)', () => {
    spec
      .given(underReview)
      .when(s.RecordReviewOpinion(metadataAt('2026-03-24T00:00:00+08:00')))
      .thenSatisfies((events) => expect(events[0]!.data).toMatchObject({ overdue: true }));
    spec
      .given(underReview)
      .when(s.RecordReviewOpinion(metadataAt('2026-03-23T23:59:59+08:00')))
      .thenSatisfies((events) => expect(events[0]!.data).toMatchObject({ overdue: false }));
  });
  it('refuses an unknown opinion', () => {
    spec
      .given(underReview)
      .when(with_(s.RecordReviewOpinion(metadataAt(T1)), { opinion: 'maybe' as never }))
      .thenThrows('ADMISSION.INVALID_COMMAND');
  });
});

describe('ApproveAdmission', () => {
  it('approves: the item, its list, the resources and the date it joins', () => {
    spec
      .given(reviewed)
      .when(s.ApproveAdmission(metadataAt(T2, 'office-head')))
      .then([
        {
          type: 'AdmissionApproved',
          data: {
            requestId: 'req-1',
            districtCode: FIXTURE_DISTRICT,
            department: '区应急管理局',
            authorisedOffice: '区委编办',
            listKind: 'comprehensive_support',
            item: {
              code: 'ZHBZ-17',
              title: sampleWork.title,
              itemClass: sampleWork.itemClass,
              level: 'community',
              legalBasis: sampleWork.legalBasis,
            },
            effectiveFrom: '2026-03-12',
            resources: sampleResources,
            documentRef: '市中编发〔2026〕3号（合成）',
            approvedBy: 'office-head',
            approvedAt: T2,
            overdue: false,
          },
        },
      ]);
  });
  it('defaults the effective date to the requested start when that is later', () => {
    const later = history(
      submit({}, { startFrom: '2026-06-01', lists: seededListsInForce('2026-06-01') }),
      s.RecordReviewOpinion(metadataAt(T1)),
    );
    spec
      .given(later)
      .when(s.ApproveAdmission(metadataAt(T2)))
      .thenSatisfies((events) => expect(events[0]!.data).toMatchObject({ effectiveFrom: '2026-06-01' }));
  });
  it('takes an explicit effective date on or after the decision day', () => {
    spec
      .given(reviewed)
      .when(with_(s.ApproveAdmission(metadataAt(T2)), { effectiveFrom: '2026-04-01' }))
      .thenSatisfies((events) => expect(events[0]!.data).toMatchObject({ effectiveFrom: '2026-04-01' }));
  });
  it('refuses an effective date before the decision', () => {
    spec
      .given(reviewed)
      .when(with_(s.ApproveAdmission(metadataAt(T2)), { effectiveFrom: '2026-03-11' }))
      .thenThrows('ADMISSION.EFFECTIVE_DATE_IN_PAST');
  });
  it('refuses a list that does not hold items of the target level', () => {
    spec
      .given(reviewed)
      .when(with_(s.ApproveAdmission(metadataAt(T2)), { listKind: 'two_committee_duties' }))
      .thenThrows('ADMISSION.LIST_LEVEL_MISMATCH', (error) =>
        expect(error.context).toMatchObject({ listKind: 'two_committee_duties', level: 'community' }),
      );
  });
  it('marks a decision after the decision deadline as overdue', () => {
    spec
      .given(reviewed)
      .when(s.ApproveAdmission(metadataAt('2026-04-30T09:00:00+08:00')))
      .thenSatisfies((events) => expect(events[0]!.data).toMatchObject({ overdue: true }));
  });
  it('refuses the negative list as target and a missing item code', () => {
    spec
      .given(reviewed)
      .when(with_(s.ApproveAdmission(metadataAt(T2)), { listKind: 'negative' as never }))
      .thenThrows('ADMISSION.INVALID_COMMAND');
    spec
      .given(reviewed)
      .when(with_(s.ApproveAdmission(metadataAt(T2)), { itemCode: '' }))
      .thenThrows('ADMISSION.INVALID_COMMAND');
  });
});

describe('RefuseAdmission and WithdrawAdmissionRequest', () => {
  it('refuses on review with the reason', () => {
    spec
      .given(reviewed)
      .when(s.RefuseAdmission(metadataAt(T2, 'office-head')))
      .then([
        {
          type: 'AdmissionRefused',
          data: {
            requestId: 'req-1',
            authorisedOffice: '区委编办',
            reason: '属部门自身职责，应由部门自行承担',
            refusedBy: 'office-head',
            refusedAt: T2,
            overdue: false,
          },
        },
      ]);
  });
  it('refuses a refusal without a reason', () => {
    spec
      .given(reviewed)
      .when(with_(s.RefuseAdmission(metadataAt(T2)), { reason: ' ' }))
      .thenThrows('ADMISSION.INVALID_COMMAND');
  });
  it('withdraws under review and after the opinion', () => {
    spec
      .given(underReview)
      .when(s.WithdrawAdmissionRequest(metadataAt(T1, 'dept-1')))
      .then([
        {
          type: 'AdmissionRequestWithdrawn',
          data: { requestId: 'req-1', reason: '部门调整工作方案', withdrawnBy: 'dept-1', withdrawnAt: T1 },
        },
      ]);
    spec
      .given(reviewed)
      .when(s.WithdrawAdmissionRequest(metadataAt(T2)))
      .thenSatisfies((_events, state) => {
        expect(state).toMatchObject({ status: 'withdrawn', withdrawnFrom: 'reviewed' });
      });
  });
});

describe('admission policy', () => {
  it('accepts the default', () =>
    expect(validateAdmissionPolicy(defaultAdmissionPolicy)).toBe(defaultAdmissionPolicy));
  it('builds the policy from configured limits: a decider with 10 + 3 working days counts them', () => {
    const policy = admissionPolicyWith({ reviewWorkingDays: 10, decisionWorkingDays: 3 });
    expect(policy.review).toMatchObject({
      amount: 10,
      unit: 'working_days',
      basis: { ruleId: 'admission.review', note: 'review opinion within 10 working days of submission' },
    });
    const configured = deciderSpecification(createAdmissionDecider({ policy }));
    configured
      .given([])
      .when(submit())
      .thenSatisfies((_events, state) => {
        if (state.status !== 'under_review') throw new Error(state.status);
        expect(state.reviewDeadline.dueAt).toBe(
          countWorkingDays(officialCalendar, { trigger: T0, amount: 10, basis: policy.review.basis }).dueAt,
        );
      });
    configured
      .given(history(submit()))
      .when(s.RecordReviewOpinion(metadataAt(T1)))
      .thenSatisfies((_events, state) => {
        if (state.status !== 'reviewed') throw new Error(state.status);
        expect(state.decisionDeadline.dueAt).toBe(
          countWorkingDays(officialCalendar, { trigger: T1, amount: 3, basis: policy.decision.basis }).dueAt,
        );
      });
  });
  it('refuses configured limits that are not whole working days from 1 to 250, naming each', () => {
    expect(() => admissionPolicyWith({ reviewWorkingDays: 0, decisionWorkingDays: 251 })).toThrow(
      /reviewWorkingDays.*decisionWorkingDays/,
    );
    expect(() => admissionPolicyWith({ reviewWorkingDays: 1.5, decisionWorkingDays: 5 })).toThrow(
      /reviewWorkingDays/,
    );
  });
  it('lists every problem of a bad policy', () => {
    expect(() =>
      validateAdmissionPolicy({
        ...defaultAdmissionPolicy,
        review: { amount: 0, unit: 'weeks' as never, basis: { ruleId: '', law: '' } },
      }),
    ).toThrow(/review\.amount.*review\.unit.*review\.basis\.ruleId.*review\.basis\.law/);
  });
});
