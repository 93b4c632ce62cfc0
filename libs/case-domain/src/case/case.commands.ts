import type { ApprovalCommand } from './approvals/approval.commands.js';
import type { AttachmentCommand } from './attachments/attachment.commands.js';
import type {
  CaseLocation,
  CaseSource,
  CaseType,
  CommandMetadata,
  EscalationTrigger,
  HandlingUnit,
  JurisdictionLevel,
  LocalDate,
  PersonRef,
  ReferralRoute,
  Satisfaction,
  Urgency,
} from './case.types.js';
import type { ExtendableDeadline, SupervisedDeadline } from './case.events.js';
import type { DisputeCommand } from './dispute/dispute.commands.js';
import type { DisputeParty } from './dispute/dispute.events.js';
import type { PeriodUnit } from '../calendar/deadline.js';
import type { EnforcementCommand } from './enforcement/enforcement.commands.js';
import type { EnforcementReferralRoute, EnforcementReport } from './enforcement/enforcement.events.js';
import type { PetitionCommand } from './petition/petition.commands.js';
import type { PetitionReport } from './petition/petition.events.js';

type Command<Type extends string, Data> = {
  readonly type: Type;
  readonly data: Data;
  readonly metadata: CommandMetadata;
};

export type ReportCase = Command<
  'ReportCase',
  {
    caseId: string;
    caseType: CaseType;
    source: CaseSource;
    title: string;
    description: string;
    category: string;
    urgency: Urgency;
    location: CaseLocation;
    reporter?: PersonRef;
    /** Level the case starts at; default `building` (小事不出楼院). */
    level?: JurisdictionLevel;
    /** Dispute: the parties (at least one). */
    dispute?: { parties: DisputeParty[] };
    /** Petition (信访): channel, class, petitioners, facts. Required when caseType is petition. */
    petition?: PetitionReport;
    /** Law enforcement: team, squad, party. Required when caseType is enforcement. */
    enforcement?: EnforcementReport;
  }
>;
export type RegisterCase = Command<
  'RegisterCase',
  { urgency?: Urgency; category?: string; level?: JurisdictionLevel }
>;
export type RejectCase = Command<'RejectCase', { reason: string }>;
export type DispatchCase = Command<'DispatchCase', { unit: HandlingUnit }>;
export type AcceptDispatch = Command<'AcceptDispatch', Record<string, never>>;
export type ReturnDispatch = Command<'ReturnDispatch', { reason: string }>;
export type StartWork = Command<'StartWork', Record<string, never>>;
export type ExtendDeadline = Command<
  'ExtendDeadline',
  {
    reason: string;
    amount: number;
    unit?: PeriodUnit;
    deadline?: ExtendableDeadline;
  }
>;
export type ResolveCase = Command<'ResolveCase', { result: string; summary?: string }>;
export type VerifyResolution = Command<'VerifyResolution', { note?: string }>;
export type RequestRework = Command<'RequestRework', { reason: string }>;
export type CloseCase = Command<'CloseCase', { note?: string }>;
export type RecordFollowUp = Command<
  'RecordFollowUp',
  { satisfaction: Satisfaction; reporterSaysResolved: boolean; note?: string }
>;
export type ReopenCase = Command<'ReopenCase', { reason: string }>;
export type EscalateCase = Command<
  'EscalateCase',
  { reason: string; trigger?: EscalationTrigger; unit?: HandlingUnit }
>;
export type FlagRisk = Command<
  'FlagRisk',
  { risk: string; policeReport: { reportedTo: string; reference?: string }; unit?: HandlingUnit }
>;
/**
 * 督办. Without `deadline`: the handling unit of a dispatched / accepted / in-progress work order (the
 * common loop only). With `deadline`: a named running limit that has passed, on any case type whose
 * clock it is (whole mediation, first feedback, petition and enforcement limits; see SUPERVISED_DEADLINES).
 */
export type SuperviseDispatch = Command<
  'SuperviseDispatch',
  { reason: string; deadline?: SupervisedDeadline }
>;
export type ParkCase = Command<'ParkCase', { reason: string; reviewOn?: LocalDate }>;
export type ResumeCase = Command<'ResumeCase', Record<string, never>>;
export type TransferCase = Command<'TransferCase', { toUnit: HandlingUnit; reason: string }>;
/** Dispute: litigation / arbitration / administrative. Enforcement lead: competent_body / judiciary (body required). */
export type ReferOut = Command<
  'ReferOut',
  { route: ReferralRoute | EnforcementReferralRoute; body?: string; reason: string }
>;

export type CommonCaseCommand =
  | ReportCase
  | RegisterCase
  | RejectCase
  | DispatchCase
  | AcceptDispatch
  | ReturnDispatch
  | StartWork
  | ExtendDeadline
  | ResolveCase
  | VerifyResolution
  | RequestRework
  | CloseCase
  | RecordFollowUp
  | ReopenCase
  | EscalateCase
  | FlagRisk
  | SuperviseDispatch
  | ParkCase
  | ResumeCase
  | TransferCase
  | ReferOut;

export type CaseCommand =
  | CommonCaseCommand
  | DisputeCommand
  | PetitionCommand
  | EnforcementCommand
  | AttachmentCommand
  | ApprovalCommand;
export type CaseCommandType = CaseCommand['type'];
