import type { CommandMetadata } from '../case.types.js';

type Command<Type extends string, Data> = {
  readonly type: Type;
  readonly data: Data;
  readonly metadata: CommandMetadata;
};

/** The approving account grants a pending request (`requestId` from its ApprovalRequested). */
export type ApproveRequest = Command<'ApproveRequest', { requestId: string; note?: string }>;
/** The approving account refuses a pending request, with the reason. */
export type DeclineRequest = Command<'DeclineRequest', { requestId: string; reason: string }>;

export type ApprovalCommand = ApproveRequest | DeclineRequest;
export const APPROVAL_COMMAND_TYPES = ['ApproveRequest', 'DeclineRequest'] as const;
