import { describe, expect, it } from '@jest/globals';
import { fold } from '#domain-kernel';
import { isInForce, listAsOf, listsInForce } from '../list/responsibility-list.view.js';
import { responsibilityListDecider } from '../list/responsibility-list.decider.js';
import type { ListKind } from '../list/responsibility-list.types.js';
import type { ResponsibilityListState } from '../list/responsibility-list.state.js';
import { metadataAt, sampleAdmissionCommands, sampleWork, seededListStates } from '../testing/index.js';
import type { AdmissionCommand, SubmitAdmissionRequest } from './admission.commands.js';
import { admissionDecider } from './admission.decider.js';
import type { AdmissionApproved, AdmissionEvent } from './admission.events.js';
import { listCommandFromApproval } from './approval-to-list-command.js';

/**
 * End to end, still pure: the application's part (read the list streams, pass the lists in force,
 * run the derived list command after an approval) is played here by folding in memory.
 */
const D = '519902';

function run(commands: AdmissionCommand[]) {
  const events: AdmissionEvent[] = [];
  for (const command of commands)
    events.push(...admissionDecider.decide(command, fold(admissionDecider, events)));
  return { events, state: fold(admissionDecider, events) };
}

function submitAgainst(
  lists: Record<ListKind, ResponsibilityListState>,
  requestId: string,
  now: string,
  work = sampleWork,
  startFrom = now.slice(0, 10),
): SubmitAdmissionRequest {
  const base = sampleAdmissionCommands(requestId).SubmitAdmissionRequest(metadataAt(now, 'dept-1'));
  return { ...base, data: { ...base.data, work, startFrom, lists: listsInForce(D, startFrom, lists) } };
}

describe('an approved request', () => {
  it('joins the list from its effective date; a later request for the same item needs no admission', () => {
    const lists = seededListStates('2021-03-01', D);
    const s = sampleAdmissionCommands('req-approve');
    const { events, state } = run([
      submitAgainst(lists, 'req-approve', '2026-03-02T09:00:00+08:00'),
      s.RecordReviewOpinion(metadataAt('2026-03-10T10:00:00+08:00', 'reviewer-1')),
      {
        ...s.ApproveAdmission(metadataAt('2026-03-12T15:00:00+08:00', 'office-head')),
        data: {
          ...s.ApproveAdmission(metadataAt('2026-03-12T15:00:00+08:00')).data,
          effectiveFrom: '2026-04-01',
        },
      },
    ]);
    expect(state.status).toBe('approved');
    const approved = events.at(-1) as AdmissionApproved;

    const listCommand = listCommandFromApproval(approved);
    expect(listCommand).toMatchObject({
      type: 'AddListItem',
      data: {
        districtCode: D,
        kind: 'comprehensive_support',
        effectiveFrom: '2026-04-01',
        admissionRequestId: 'req-approve',
        item: { code: 'ZHBZ-17', title: sampleWork.title },
      },
      metadata: { actor: 'office-head', now: '2026-03-12T15:00:00+08:00' },
    });
    const listState = lists.comprehensive_support;
    const listEvents = responsibilityListDecider.decide(listCommand, listState);
    const after = listEvents.reduce(responsibilityListDecider.evolve, listState);

    expect(isInForce(after, 'ZHBZ-17', '2026-03-31')).toBe(false);
    expect(isInForce(after, 'ZHBZ-17', '2026-04-01')).toBe(true);
    expect(listAsOf(after, '2026-03-31')!.items).toHaveLength(16);
    expect(listAsOf(after, '2026-04-01')!.items).toHaveLength(17);
    expect(listAsOf(after, '2026-04-01')!.items.find((item) => item.code === 'ZHBZ-17')).toMatchObject({
      admissionRequestId: 'req-approve',
      level: 'community',
    });
    // Running the derived command twice is refused: the list already holds the item.
    expect(() => responsibilityListDecider.decide(listCommand, after)).toThrow(
      expect.objectContaining({ code: 'LIST.ITEM_ALREADY_IN_FORCE' }),
    );

    const updated = { ...lists, comprehensive_support: after };
    const before = run([submitAgainst(updated, 'req-again-early', '2026-03-20T09:00:00+08:00')]);
    expect(before.state.status).toBe('under_review');
    const later = run([submitAgainst(updated, 'req-again', '2026-04-02T09:00:00+08:00')]);
    expect(later.state).toMatchObject({
      status: 'not_required',
      match: { listKind: 'comprehensive_support', item: { code: 'ZHBZ-17' }, matchedBy: 'title' },
    });
  });
});

describe('a refused request', () => {
  it('on the negative list: refused at once, nothing to review, the list unchanged', () => {
    const lists = seededListStates('2021-03-01', D);
    const { events, state } = run([
      submitAgainst(lists, 'req-neg', '2026-03-02T09:00:00+08:00', {
        ...sampleWork,
        title: '社区卫生先进评比',
        nature: 'assessment',
      }),
    ]);
    expect(events.map((event) => event.type)).toEqual([
      'AdmissionRequestSubmitted',
      'AdmissionRefusedByNegativeList',
    ]);
    expect(state).toMatchObject({
      status: 'refused',
      refusal: {
        by: 'negative_list',
        negativeClass: { code: 'FMQD-03', title: '不得以社区名义开展与其无关的考核评比' },
      },
    });
    expect(() =>
      admissionDecider.decide(
        sampleAdmissionCommands('req-neg').RecordReviewOpinion(metadataAt('2026-03-03T09:00:00+08:00')),
        state,
      ),
    ).toThrow(expect.objectContaining({ code: 'ADMISSION.ILLEGAL_TRANSITION' }));
  });
  it('on review: refused by the authorised office with the reason; the item never joins a list', () => {
    const lists = seededListStates('2021-03-01', D);
    const s = sampleAdmissionCommands('req-refuse');
    const { events, state } = run([
      submitAgainst(lists, 'req-refuse', '2026-03-02T09:00:00+08:00'),
      {
        ...s.RecordReviewOpinion(metadataAt('2026-03-10T10:00:00+08:00')),
        data: { opinion: 'recommend_refusal', findings: '属部门自身职责', reviewingOffice: '区委编办' },
      },
      s.RefuseAdmission(metadataAt('2026-03-12T15:00:00+08:00', 'office-head')),
    ]);
    expect(events.map((event) => event.type)).toEqual([
      'AdmissionRequestSubmitted',
      'AdmissionReviewStarted',
      'AdmissionRequestReviewed',
      'AdmissionRefused',
    ]);
    expect(state).toMatchObject({
      status: 'refused',
      refusal: {
        by: 'review',
        reason: '属部门自身职责，应由部门自行承担',
        authorisedOffice: '区委编办',
        review: { opinion: 'recommend_refusal' },
      },
    });
    expect(events.some((event) => event.type === 'AdmissionApproved')).toBe(false);
    expect(isInForce(lists.comprehensive_support, 'ZHBZ-17', '2026-12-31')).toBe(false);
  });
});
