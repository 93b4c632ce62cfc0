import type { CommandMetadata } from '../case.types.js';

/** The approving account grants a pending request (`requestId` from its ApprovalRequested). */
export interface ApproveRequest {
  readonly type: 'ApproveRequest';
  readonly data: { requestId: string; note?: string };
  readonly metadata: CommandMetadata;
}
/** The approving account refuses a pending request, with the reason. */
export interface DeclineRequest {
  readonly type: 'DeclineRequest';
  readonly data: { requestId: string; reason: string };
  readonly metadata: CommandMetadata;
}

export type ApprovalCommand = ApproveRequest | DeclineRequest;
export const APPROVAL_COMMAND_TYPES = ['ApproveRequest', 'DeclineRequest'] as const;
