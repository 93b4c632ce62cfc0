import type { CaseCommand, CaseCommandType } from '../case/case.commands.js';
import type { CommandMetadata } from '../case/case.types.js';

/**
 * Test helpers: a valid command of every type, so specs (here and in apps) can build histories.
 * Each call takes its own caseId; nothing is shared between tests.
 */
export const metadataAt = (now: string, actor = 'operator-1'): CommandMetadata => ({ actor, now });

type Sample = { [T in CaseCommandType]: (metadata: CommandMetadata) => Extract<CaseCommand, { type: T }> };

export function sampleCommands(caseId: string): Sample {
  return {
    ReportCase: (metadata) => ({
      type: 'ReportCase',
      metadata,
      data: {
        caseId, caseType: 'dispute', source: 'grid_patrol', title: '楼上漏水纠纷', description: '3 单元 502 漏水至 402，双方协商未果',
        category: 'neighbour', urgency: 'general', location: { gridId: 'grid-7', buildingId: 'b-3', address: '幸福小区 3 号楼' },
        reporter: { name: '张三', phone: '13800000000' },
        dispute: { parties: [{ name: '张三', phone: '13800000000', role: 'applicant' }, { name: '李四', phone: '13900000000', role: 'respondent' }] },
      },
    }),
    RegisterCase: (metadata) => ({ type: 'RegisterCase', metadata, data: {} }),
    RejectCase: (metadata) => ({ type: 'RejectCase', metadata, data: { reason: '不属于受理范围' } }),
    DispatchCase: (metadata) => ({ type: 'DispatchCase', metadata, data: { unit: { unitId: 'unit-b3', name: '3 号楼楼长' } } }),
    AcceptDispatch: (metadata) => ({ type: 'AcceptDispatch', metadata, data: {} }),
    ReturnDispatch: (metadata) => ({ type: 'ReturnDispatch', metadata, data: { reason: '不属于本单位职责' } }),
    StartWork: (metadata) => ({ type: 'StartWork', metadata, data: {} }),
    ExtendDeadline: (metadata) => ({ type: 'ExtendDeadline', metadata, data: { approvedBy: 'centre-chief', reason: '当事人出差', amount: 2 } }),
    ResolveCase: (metadata) => ({ type: 'ResolveCase', metadata, data: { result: '已维修，双方和解' } }),
    VerifyResolution: (metadata) => ({ type: 'VerifyResolution', metadata, data: {} }),
    RequestRework: (metadata) => ({ type: 'RequestRework', metadata, data: { reason: '仍在漏水' } }),
    CloseCase: (metadata) => ({ type: 'CloseCase', metadata, data: {} }),
    RecordFollowUp: (metadata) => ({ type: 'RecordFollowUp', metadata, data: { satisfaction: 'satisfied', reporterSaysResolved: true } }),
    ReopenCase: (metadata) => ({ type: 'ReopenCase', metadata, data: { reason: '回访不满意' } }),
    EscalateCase: (metadata) => ({ type: 'EscalateCase', metadata, data: { reason: '超出楼院处置能力' } }),
    FlagRisk: (metadata) => ({ type: 'FlagRisk', metadata, data: { risk: '一方扬言报复', policeReport: { reportedTo: '幸福路派出所' } } }),
    SuperviseDispatch: (metadata) => ({ type: 'SuperviseDispatch', metadata, data: { reason: '超时未签收' } }),
    ParkCase: (metadata) => ({ type: 'ParkCase', metadata, data: { approvedBy: 'centre-chief', reason: '需待房屋鉴定' } }),
    ResumeCase: (metadata) => ({ type: 'ResumeCase', metadata, data: {} }),
    TransferCase: (metadata) => ({ type: 'TransferCase', metadata, data: { approvedBy: 'centre-chief', toUnit: { unitId: 'unit-property', name: '物业公司' }, reason: '属物业维修范围' } }),
    ReferOut: (metadata) => ({ type: 'ReferOut', metadata, data: { route: 'litigation', reason: '当事人要求诉讼', body: '区人民法院' } }),
    RecordMediationSession: (metadata) => ({ type: 'RecordMediationSession', metadata, data: { mediators: ['王调解员'], attendees: ['张三', '李四'], notes: '首次调解' } }),
    RecordMediationAgreement: (metadata) => ({ type: 'RecordMediationAgreement', metadata, data: { form: 'written', terms: '李四承担维修费 800 元', signedBy: ['张三', '李四'] } }),
    RecordMediationFailure: (metadata) => ({ type: 'RecordMediationFailure', metadata, data: { reason: '双方分歧较大', next: 'escalate' } }),
    RequestJudicialConfirmation: (metadata) => ({ type: 'RequestJudicialConfirmation', metadata, data: { court: '区人民法院', applicants: ['张三', '李四'] } }),
  };
}

export const ALL_CASE_COMMAND_TYPES = Object.keys(sampleCommands('x')) as CaseCommandType[];
