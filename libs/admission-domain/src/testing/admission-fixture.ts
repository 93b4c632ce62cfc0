import { fold, localDateOf, type LocalDate } from '#domain-kernel';
import type {
  AdmissionCommand,
  AdmissionCommandType,
  AdmissionResources,
  WorkItemProposal,
} from '../admission/admission.commands.js';
import { responsibilityListDecider } from '../list/responsibility-list.decider.js';
import type { ResponsibilityListState } from '../list/responsibility-list.state.js';
import { listsInForce } from '../list/responsibility-list.view.js';
import type { ListKind, ListsInForce } from '../list/responsibility-list.types.js';
import { buildResponsibilityListsSeed } from '../seed/responsibility-lists.seed.js';
import type { CommandMetadata } from '../shared.types.js';

/** The district the fixtures use (the registry demo district). */
export const FIXTURE_DISTRICT = '519902';
/** The date the seeded lists take effect in fixtures. */
export const FIXTURE_LISTS_EFFECTIVE: LocalDate = '2021-03-01';

export const metadataAt = (now: string, actor = 'office-1'): CommandMetadata => ({ actor, now });

/** The seeded lists, each folded from its version-1 event. */
export function seededListStates(
  effectiveDate: LocalDate = FIXTURE_LISTS_EFFECTIVE,
  districtCode = FIXTURE_DISTRICT,
): Record<ListKind, ResponsibilityListState> {
  const states = {} as Record<ListKind, ResponsibilityListState>;
  for (const command of buildResponsibilityListsSeed(effectiveDate, { districtCode })) {
    states[command.data.kind] = fold(
      responsibilityListDecider,
      responsibilityListDecider.decide(command, responsibilityListDecider.initialState()),
    );
  }
  return states;
}

/** The seeded lists as in force on `asOf`. */
export const seededListsInForce = (asOf: LocalDate, districtCode = FIXTURE_DISTRICT): ListsInForce =>
  listsInForce(districtCode, asOf, seededListStates(FIXTURE_LISTS_EFFECTIVE, districtCode));

/** A new duty with staff and funding: not listed, not caught by the negative list, so it goes to review. */
export const sampleWork: WorkItemProposal = {
  title: '社区电动自行车集中充电设施巡查',
  description: '每月巡查辖区集中充电设施运行情况并报送隐患',
  itemClass: '安全稳定',
  nature: 'duty',
  targetLevel: 'community',
  legalBasis: '四川省消防条例（合成引用）',
};

export const sampleResources: AdmissionResources = {
  staff: 1,
  fundingFen: 3_600_000,
  equipment: [{ name: '测温仪', quantity: 2 }],
};

/**
 * A valid command of every admission type for `requestId`. `SubmitAdmissionRequest` carries the
 * seeded lists in force on the command's day (its `startFrom`).
 */
export function sampleAdmissionCommands(requestId: string): {
  [T in AdmissionCommandType]: (metadata: CommandMetadata) => Extract<AdmissionCommand, { type: T }>;
} {
  return {
    SubmitAdmissionRequest: (metadata) => ({
      type: 'SubmitAdmissionRequest',
      data: {
        requestId,
        districtCode: FIXTURE_DISTRICT,
        department: '区应急管理局',
        work: sampleWork,
        reason: '电动自行车火灾多发，需社区协助日常巡查',
        resources: sampleResources,
        lists: seededListsInForce(localDateOf(metadata.now)),
      },
      metadata,
    }),
    RecordReviewOpinion: (metadata) => ({
      type: 'RecordReviewOpinion',
      data: {
        opinion: 'recommend_approval',
        findings: '有法定依据，人员经费随事转移',
        reviewingOffice: '区委编办',
      },
      metadata,
    }),
    ApproveAdmission: (metadata) => ({
      type: 'ApproveAdmission',
      data: {
        authorisedOffice: '区委编办',
        listKind: 'comprehensive_support',
        itemCode: 'ZHBZ-17',
        documentRef: '市中编发〔2026〕3号（合成）',
      },
      metadata,
    }),
    RefuseAdmission: (metadata) => ({
      type: 'RefuseAdmission',
      data: { authorisedOffice: '区委编办', reason: '属部门自身职责，应由部门自行承担' },
      metadata,
    }),
    WithdrawAdmissionRequest: (metadata) => ({
      type: 'WithdrawAdmissionRequest',
      data: { reason: '部门调整工作方案' },
      metadata,
    }),
  };
}

export const ALL_ADMISSION_COMMAND_TYPES: readonly AdmissionCommandType[] = [
  'SubmitAdmissionRequest',
  'RecordReviewOpinion',
  'ApproveAdmission',
  'RefuseAdmission',
  'WithdrawAdmissionRequest',
];
