import { formatCst, localDateOf, parseInstant } from '#domain-kernel';
import type { CaseCommand, CaseCommandType, ReportCase } from '../case/case.commands.js';
import type { CaseType, CommandMetadata } from '../case/case.types.js';
import { caseDecider, evolveCase } from '../case/case.decider.js';
import type { CaseEvent } from '../case/case.events.js';
import type { CaseState } from '../case/case.state.js';

/**
 * Test helpers: a valid command of every type, so specs (here and in apps) can build histories.
 * Each call takes its own caseId; nothing is shared between tests. `caseType` picks the report
 * (dispute by default); every other command is the same for all types.
 */
export const metadataAt = (now: string, actor = 'operator-1'): CommandMetadata => ({ actor, now });

type Sample = { [T in CaseCommandType]: (metadata: CommandMetadata) => Extract<CaseCommand, { type: T }> };

const DAY_MS = 24 * 60 * 60 * 1000;

function sampleReport(caseId: string, caseType: CaseType, metadata: CommandMetadata): ReportCase {
  switch (caseType) {
    case 'dispute':
      return {
        type: 'ReportCase',
        metadata,
        data: {
          caseId,
          caseType: 'dispute',
          source: 'grid_patrol',
          title: '楼上漏水纠纷',
          description: '3 单元 502 漏水至 402，双方协商未果',
          category: 'neighbour',
          urgency: 'general',
          location: { gridId: 'grid-7', buildingId: 'b-3', address: '幸福小区 3 号楼' },
          reporter: { name: '张三', phone: '13800000000' },
          dispute: {
            parties: [
              { name: '张三', phone: '13800000000', role: 'applicant' },
              { name: '李四', phone: '13900000000', role: 'respondent' },
            ],
          },
        },
      };
    case 'petition':
      return {
        type: 'ReportCase',
        metadata,
        data: {
          caseId,
          caseType: 'petition',
          source: 'petition_visit',
          title: '拆迁补偿诉求',
          description: '对幸福小区旧改补偿标准有异议',
          category: 'housing',
          urgency: 'general',
          location: { gridId: 'grid-7', address: '幸福小区' },
          reporter: { name: '王五', phone: '13700000000' },
          petition: {
            channel: 'visit',
            class: 'request',
            petitioners: [
              { name: '王五', phone: '13700000000', idNumber: '370102197001010011' },
              { name: '赵六', phone: '13600000000' },
            ],
            matter: '幸福小区旧改补偿标准低于相邻项目',
            request: '按相邻项目标准补偿',
            respondent: '区住建局',
          },
        },
      };
    case 'enforcement':
      return {
        type: 'ReportCase',
        metadata,
        data: {
          caseId,
          caseType: 'enforcement',
          source: 'grid_patrol',
          title: '占道经营',
          description: '某餐饮公司在人行道摆放桌椅经营',
          category: 'street_occupation',
          urgency: 'general',
          location: { gridId: 'grid-7', address: '幸福路 12 号' },
          enforcement: {
            team: 'urban_management',
            squadId: 'squad-east',
            party: { kind: 'organisation', name: '某餐饮有限公司' },
            leadSource: '网格员巡查',
          },
        },
      };
    default: {
      const never: never = caseType;
      throw new Error(`unknown case type ${String(never)}`);
    }
  }
}

export function sampleCommands(caseId: string, caseType: CaseType = 'dispute'): Sample {
  return {
    ReportCase: (metadata) => sampleReport(caseId, caseType, metadata),
    RegisterCase: (metadata) => ({ type: 'RegisterCase', metadata, data: {} }),
    RejectCase: (metadata) => ({ type: 'RejectCase', metadata, data: { reason: '不属于受理范围' } }),
    DispatchCase: (metadata) => ({
      type: 'DispatchCase',
      metadata,
      data: { unit: { unitId: 'unit-b3', name: '3 号楼楼长' } },
    }),
    AcceptDispatch: (metadata) => ({ type: 'AcceptDispatch', metadata, data: {} }),
    ReturnDispatch: (metadata) => ({
      type: 'ReturnDispatch',
      metadata,
      data: { reason: '不属于本单位职责' },
    }),
    StartWork: (metadata) => ({ type: 'StartWork', metadata, data: {} }),
    ExtendDeadline: (metadata) => ({
      type: 'ExtendDeadline',
      metadata,
      data: { reason: '当事人出差', amount: 1 },
    }),
    ResolveCase: (metadata) => ({ type: 'ResolveCase', metadata, data: { result: '已维修，双方和解' } }),
    VerifyResolution: (metadata) => ({ type: 'VerifyResolution', metadata, data: {} }),
    RequestRework: (metadata) => ({ type: 'RequestRework', metadata, data: { reason: '仍在漏水' } }),
    CloseCase: (metadata) => ({ type: 'CloseCase', metadata, data: {} }),
    RecordFollowUp: (metadata) => ({
      type: 'RecordFollowUp',
      metadata,
      data: { satisfaction: 'satisfied', reporterSaysResolved: true },
    }),
    ReopenCase: (metadata) => ({ type: 'ReopenCase', metadata, data: { reason: '回访不满意' } }),
    EscalateCase: (metadata) => ({ type: 'EscalateCase', metadata, data: { reason: '超出楼院处置能力' } }),
    FlagRisk: (metadata) => ({
      type: 'FlagRisk',
      metadata,
      data: { risk: '一方扬言报复', policeReport: { reportedTo: '幸福路派出所' } },
    }),
    SuperviseDispatch: (metadata) => ({
      type: 'SuperviseDispatch',
      metadata,
      data: { reason: '超时未签收' },
    }),
    ParkCase: (metadata) => ({
      type: 'ParkCase',
      metadata,
      data: { reason: '需待房屋鉴定' },
    }),
    ResumeCase: (metadata) => ({ type: 'ResumeCase', metadata, data: {} }),
    TransferCase: (metadata) => ({
      type: 'TransferCase',
      metadata,
      data: {
        toUnit: { unitId: 'unit-property', name: '物业公司' },
        reason: '属物业维修范围',
      },
    }),
    ReferOut: (metadata) =>
      caseType === 'enforcement'
        ? {
            type: 'ReferOut',
            metadata,
            data: { route: 'competent_body', reason: '属市场监管职责', body: '区市场监督管理局' },
          }
        : {
            type: 'ReferOut',
            metadata,
            data: { route: 'litigation', reason: '当事人要求诉讼', body: '区人民法院' },
          },
    RecordMediationSession: (metadata) => ({
      type: 'RecordMediationSession',
      metadata,
      data: { mediators: ['王调解员'], attendees: ['张三', '李四'], notes: '首次调解' },
    }),
    RecordMediationAgreement: (metadata) => ({
      type: 'RecordMediationAgreement',
      metadata,
      data: { form: 'written', terms: '李四承担维修费 800 元', signedBy: ['张三', '李四'] },
    }),
    RecordMediationFailure: (metadata) => ({
      type: 'RecordMediationFailure',
      metadata,
      data: { reason: '双方分歧较大', next: 'escalate' },
    }),
    RequestJudicialConfirmation: (metadata) => ({
      type: 'RequestJudicialConfirmation',
      metadata,
      data: { court: '区人民法院', applicants: ['张三', '李四'] },
    }),
    // Petition.
    RoutePetition: (metadata) => ({
      type: 'RoutePetition',
      metadata,
      data: { mode: 'assign', toBody: { unitId: 'unit-housing', name: '区住建局' } },
    }),
    NotifyPetitioner: (metadata) => ({
      type: 'NotifyPetitioner',
      metadata,
      data: { content: '已受理，将于 60 日内办结并书面答复' },
    }),
    ObjectToRouting: (metadata) => ({
      type: 'ObjectToRouting',
      metadata,
      data: { reason: '补偿标准由区征收办负责' },
    }),
    DivertPetition: (metadata) => ({
      type: 'DivertPetition',
      metadata,
      data: {
        route: 'administrative_review',
        body: '区人民政府',
        reason: '对征收补偿决定不服，应申请行政复议',
      },
    }),
    AnswerPetition: (metadata) => ({
      type: 'AnswerPetition',
      metadata,
      data: {
        answer: 'not_support',
        opinion: '补偿标准符合规定',
        legalBasis: '国有土地上房屋征收与补偿条例第十九条',
      },
    }),
    RequestReview: (metadata) => ({
      type: 'RequestReview',
      metadata,
      data: { reviewBody: { unitId: 'unit-district-gov', name: '区人民政府' }, reason: '不服处理意见' },
    }),
    AnswerReview: (metadata) => ({
      type: 'AnswerReview',
      metadata,
      data: { answer: 'not_support', opinion: '维持原处理意见' },
    }),
    RequestReReview: (metadata) => ({
      type: 'RequestReReview',
      metadata,
      data: { reReviewBody: { unitId: 'unit-city-gov', name: '市人民政府' }, reason: '不服复查意见' },
    }),
    RecordReReviewHearing: (metadata) => ({
      type: 'RecordReReviewHearing',
      metadata,
      data: { startedOn: localDateOf(metadata.now), endedOn: localDateOf(metadata.now) },
    }),
    AnswerReReview: (metadata) => ({
      type: 'AnswerReReview',
      metadata,
      data: { answer: 'not_support', opinion: '维持复查意见' },
    }),
    ClosePetitionForNoRequest: (metadata) => ({ type: 'ClosePetitionForNoRequest', metadata, data: {} }),
    // Law enforcement.
    ScreenLead: (metadata) => ({
      type: 'ScreenLead',
      metadata,
      data: { outcome: 'not_filed', reason: '现场核查已整改，违法事实不成立' },
    }),
    FileEnforcementCase: (metadata) => ({
      type: 'FileEnforcementCase',
      metadata,
      data: { officers: ['officer-a', 'officer-b'], caseNo: '城管立〔2026〕1 号' },
    }),
    PreserveEvidence: (metadata) => ({
      type: 'PreserveEvidence',
      metadata,
      data: { items: ['桌椅 6 套'] },
    }),
    DecidePreservedEvidence: (metadata) => ({
      type: 'DecidePreservedEvidence',
      metadata,
      data: { preservationNo: 1, decision: 'release' },
    }),
    ConcludeInvestigation: (metadata) => ({
      type: 'ConcludeInvestigation',
      metadata,
      data: { summary: '占道经营事实清楚' },
    }),
    ReviewEnforcementCase: (metadata) => ({
      type: 'ReviewEnforcementCase',
      metadata,
      data: {
        outcome: 'proposed_penalty',
        reason: '违法事实清楚，证据确凿',
        proposedPenalty: { kinds: ['fine'], fineFen: 500_000 },
        legalReview: { reviewer: 'legal-1', opinion: '同意', passed: true },
      },
    }),
    NotifyProposedPenalty: (metadata) => ({
      type: 'NotifyProposedPenalty',
      metadata,
      data: { hearingRight: true, content: '拟罚款 5000 元' },
    }),
    RequestHearing: (metadata) => ({ type: 'RequestHearing', metadata, data: {} }),
    ScheduleHearing: (metadata) => ({
      type: 'ScheduleHearing',
      metadata,
      data: {
        hearingAt: formatCst(parseInstant(metadata.now) + 30 * DAY_MS),
        place: '大队听证室',
        presidedBy: 'officer-h',
      },
    }),
    HoldHearing: (metadata) => ({
      type: 'HoldHearing',
      metadata,
      data: { partyAttended: true, record: '当事人陈述申辩，调查人员质证' },
    }),
    DecidePenalty: (metadata) => ({
      type: 'DecidePenalty',
      metadata,
      data: {
        outcome: 'penalty',
        penalty: { kinds: ['fine'], fineFen: 500_000 },
        reason: '占道经营',
        decisionNo: '城管罚〔2026〕1 号',
      },
    }),
    ServeDecision: (metadata) => ({ type: 'ServeDecision', metadata, data: { method: 'in_person' } }),
    RecordPayment: (metadata) => ({
      type: 'RecordPayment',
      metadata,
      data: { amountFen: 500_000, paidOn: localDateOf(metadata.now) },
    }),
    DemandPayment: (metadata) => ({ type: 'DemandPayment', metadata, data: {} }),
    ApplyCourtEnforcement: (metadata) => ({
      type: 'ApplyCourtEnforcement',
      metadata,
      data: { court: '区人民法院' },
    }),
    ArchiveEnforcementCase: (metadata) => ({ type: 'ArchiveEnforcementCase', metadata, data: {} }),
    AddAttachment: (metadata) => ({
      type: 'AddAttachment',
      metadata,
      data: {
        sha256: 'a'.repeat(64),
        size: 1_234_567,
        mediaType: 'image/jpeg',
        fileName: 'IMG_0001.jpg',
        caption: '消防通道被占用',
        image: { width: 4032, height: 3024 },
        limits: { maxCount: 50, maxTotalBytes: 500 * 1024 * 1024 },
      },
    }),
    ApproveRequest: (metadata) => ({
      type: 'ApproveRequest',
      metadata: { ...metadata, approvingPost: { unitId: 'unit-centre', title: '综治中心主任' } },
      data: { requestId: 'approval-1' },
    }),
    DeclineRequest: (metadata) => ({
      type: 'DeclineRequest',
      metadata: { ...metadata, approvingPost: { unitId: 'unit-centre', title: '综治中心主任' } },
      data: { requestId: 'approval-1', reason: '理由不充分' },
    }),
  };
}

export const ALL_CASE_COMMAND_TYPES = Object.keys(sampleCommands('x')) as CaseCommandType[];

/** Commands every reported case takes, of any type and in any status or stage (evidence arrives at any time). */
export const EVERY_STATE_COMMAND_TYPES: readonly CaseCommandType[] = ['AddAttachment'];

/** The approval commands: refused with CASE.NO_PENDING_REQUEST on a case where nothing waits. */
export const APPROVAL_COMMAND_TYPES: readonly CaseCommandType[] = ['ApproveRequest', 'DeclineRequest'];

/** The account that approves in specs, and the post it is taken to hold. */
export const SPEC_APPROVER = 'approver-1';
export const SPEC_APPROVING_POST = { unitId: 'unit-centre', title: '综治中心主任' } as const;

/**
 * Decides `command` on `state`, and when it needs approval (ADR 0019) lets SPEC_APPROVER approve the
 * request at the same instant: the request's events and the approval's, as a history would hold them.
 */
export function decideApproved(
  command: CaseCommand,
  state: CaseState,
  approver = SPEC_APPROVER,
): CaseEvent[] {
  const requested = caseDecider.decide(command, state);
  const request = requested.find((event) => event.type === 'ApprovalRequested');
  if (!request || request.type !== 'ApprovalRequested') return requested;
  const approve: CaseCommand = {
    type: 'ApproveRequest',
    metadata: { ...command.metadata, actor: approver, approvingPost: SPEC_APPROVING_POST },
    data: { requestId: request.data.requestId },
  };
  const after = requested.reduce(evolveCase, state);
  return [...requested, ...caseDecider.decide(approve, after)];
}
