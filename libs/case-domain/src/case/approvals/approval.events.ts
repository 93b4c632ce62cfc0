import type { DomainEvent } from '#domain-kernel';
import type { PeriodUnit } from '../../calendar/deadline.js';
import type { HandlingUnit, LocalDate } from '../case.types.js';

/** The commands that are only a request until an entitled account approves them (ADR 0019). */
export const APPROVAL_REQUIRED_COMMANDS = [
  'ExtendDeadline',
  'ParkCase',
  'TransferCase',
  'PreserveEvidence',
] as const;
export type ApprovalRequiredCommand = (typeof APPROVAL_REQUIRED_COMMANDS)[number];

/** The approving post an approval was given under, as the registry lists it on the approval's date. */
export interface ApprovingPostRef {
  readonly unitId: string;
  readonly title: string;
}

/** The data of a command that needs approval, as asked for. */
export type ApprovalRequestData =
  | {
      reason: string;
      amount: number;
      unit?: PeriodUnit;
      deadline?: 'level' | 'wholeMediation' | 'handling' | 'decision';
    }
  | { reason: string; reviewOn?: LocalDate }
  | { toUnit: HandlingUnit; reason: string }
  | { items: string[] };

/**
 * A command that needs approval, checked against the case and asked for: nothing else changes until an
 * entitled account other than `requestedBy` approves it. `request` is the command's own data.
 */
export type ApprovalRequested = DomainEvent<
  'ApprovalRequested',
  {
    caseId: string;
    requestId: string;
    command: ApprovalRequiredCommand;
    request: ApprovalRequestData;
    requestedAt: string;
    requestedBy: string;
  }
>;

/** The request is granted; the command's own events follow in the same decision. */
export type ApprovalGranted = DomainEvent<
  'ApprovalGranted',
  {
    caseId: string;
    requestId: string;
    command: ApprovalRequiredCommand;
    approvedAt: string;
    approvedBy: string;
    approvingPost: ApprovingPostRef;
    requestedBy: string;
    note?: string;
  }
>;

export type ApprovalDeclined = DomainEvent<
  'ApprovalDeclined',
  {
    caseId: string;
    requestId: string;
    command: ApprovalRequiredCommand;
    declinedAt: string;
    declinedBy: string;
    approvingPost: ApprovingPostRef;
    reason: string;
  }
>;

export type ApprovalEvent = ApprovalRequested | ApprovalGranted | ApprovalDeclined;

const APPROVAL_EVENT_TYPES: ReadonlySet<string> = new Set([
  'ApprovalRequested',
  'ApprovalGranted',
  'ApprovalDeclined',
]);

export const isApprovalEvent = (event: { type: string }): event is ApprovalEvent =>
  APPROVAL_EVENT_TYPES.has(event.type);

export const isApprovalRequired = (type: string): type is ApprovalRequiredCommand =>
  (APPROVAL_REQUIRED_COMMANDS as readonly string[]).includes(type);

/** A request waiting for its approval, as the case holds it. */
export type PendingApproval = Omit<ApprovalRequested['data'], 'caseId'>;

/** The approvals of a case: how many were ever asked for, and which wait. */
export interface CaseApprovals {
  readonly requested: number;
  readonly pending: readonly PendingApproval[];
}
