import { DomainError, parseInstant } from '#domain-kernel';
import type { CaseCommand } from '../case.commands.js';
import { CaseErrorCode, invalidCommand } from '../case.errors.js';
import type { CaseEvent } from '../case.events.js';
import { checker } from '../case.rules.js';
import type { ReportedCase } from '../case.state.js';
import type { Moment } from '../case.types.js';
import type { ApprovalCommand } from './approval.commands.js';
import type {
  ApprovalEvent,
  ApprovalRequestData,
  ApprovalRequested,
  ApprovalRequiredCommand,
  ApprovingPostRef,
  CaseApprovals,
  PendingApproval,
} from './approval.events.js';

export type { CaseApprovals, PendingApproval };

const NO_APPROVALS: CaseApprovals = { requested: 0, pending: [] };

/** The approvals of a case (none in states folded before approvals existed). */
export function approvalsOf(state: ReportedCase): CaseApprovals {
  return state.approvals ?? NO_APPROVALS;
}

/**
 * A command that needs approval, once its guard, fields and rules have passed: it becomes a request.
 * One request per command type waits at a time (409 `CASE.APPROVAL_ALREADY_PENDING`).
 */
export function approvalRequested(
  command: Extract<CaseCommand, { type: ApprovalRequiredCommand }>,
  state: ReportedCase,
  moment: Moment,
): ApprovalRequested {
  const approvals = approvalsOf(state);
  const waiting = approvals.pending.find((pending) => pending.command === command.type);
  if (waiting) {
    throw new DomainError(
      CaseErrorCode.approvalAlreadyPending,
      'illegal_transition',
      `${command.type}: request ${waiting.requestId} of ${waiting.requestedAt} still waits for approval`,
      { command: command.type, requestId: waiting.requestId },
    );
  }
  return {
    type: 'ApprovalRequested',
    data: {
      caseId: state.caseId,
      requestId: `approval-${approvals.requested + 1}`,
      command: command.type,
      request: command.data as ApprovalRequestData,
      requestedAt: moment.at,
      requestedBy: moment.actor,
    },
  };
}

/** Runs a requested command again, now approved: guard, fields and rules on the case as it is now. */
export type RunApproved = (command: CaseCommand, moment: Moment) => CaseEvent[];

/**
 * ApproveRequest / DeclineRequest: by an account holding the approving post for the case (the
 * application checks the registry and names the post in `metadata.approvingPost`; without one 403
 * `CASE.APPROVER_NOT_ENTITLED`), never by the account that asked (403 `CASE.SELF_APPROVAL`), of a
 * request that waits (409 `CASE.NO_PENDING_REQUEST`). An approval runs the requested command again
 * at its own business time, so a limit that lapsed meanwhile is not extended.
 */
export function decideApproval(
  command: ApprovalCommand,
  state: ReportedCase,
  momentOf: () => Moment,
  runApproved: RunApproved,
): CaseEvent[] {
  const waiting = approvalsOf(state).pending;
  if (waiting.length === 0) throw noPendingRequest(command);
  const check = checker(command.type);
  check.text(command.data.requestId, 'requestId');
  if (command.type === 'DeclineRequest') check.text(command.data.reason, 'reason');
  else check.text(command.data.note, 'note', true);
  check.done();
  const pending = waiting.find((p) => p.requestId === command.data.requestId);
  if (!pending) throw noPendingRequest(command);
  const moment = momentOf();
  if (moment.actor === pending.requestedBy) {
    throw new DomainError(
      CaseErrorCode.selfApproval,
      'forbidden',
      `${command.type}: ${pending.command} was asked for by this account; another account must approve it`,
      { command: command.type, requestId: pending.requestId },
    );
  }
  const post = approvingPostOf(command);
  if (parseInstant(moment.at) < parseInstant(pending.requestedAt)) {
    throw new DomainError(
      CaseErrorCode.occurredBeforePreviousFact,
      'unprocessable',
      `${command.type}: occurredAt ${moment.at} is before the request (${pending.requestedAt})`,
      { command: command.type, occurredAt: moment.at, previousFactAt: pending.requestedAt },
    );
  }
  if (command.type === 'DeclineRequest') {
    return [
      {
        type: 'ApprovalDeclined',
        data: {
          caseId: state.caseId,
          requestId: pending.requestId,
          command: pending.command,
          declinedAt: moment.at,
          declinedBy: moment.actor,
          approvingPost: post,
          reason: command.data.reason,
        },
      },
    ];
  }
  const requested = {
    type: pending.command,
    data: pending.request,
    metadata: command.metadata,
  } as CaseCommand;
  const effects = runApproved(requested, {
    actor: pending.requestedBy,
    at: moment.at,
    now: moment.now,
    approvedBy: moment.actor,
  });
  return [
    {
      type: 'ApprovalGranted',
      data: {
        caseId: state.caseId,
        requestId: pending.requestId,
        command: pending.command,
        approvedAt: moment.at,
        approvedBy: moment.actor,
        approvingPost: post,
        requestedBy: pending.requestedBy,
        ...(command.data.note !== undefined ? { note: command.data.note } : {}),
      },
    },
    ...effects,
  ];
}

const noPendingRequest = (command: ApprovalCommand): DomainError =>
  new DomainError(
    CaseErrorCode.noPendingRequest,
    'illegal_transition',
    `${command.type}: no request ${String(command.data.requestId)} waits for approval on this case`,
    { command: command.type, requestId: command.data.requestId },
  );

function approvingPostOf(command: ApprovalCommand): ApprovingPostRef {
  const post = command.metadata.approvingPost;
  if (post === undefined) {
    throw new DomainError(
      CaseErrorCode.approverNotEntitled,
      'forbidden',
      `${command.type}: the account holds no approving post for this case (checked against the registry on the date of the approval)`,
      { command: command.type, requestId: command.data.requestId },
    );
  }
  if (typeof post.unitId !== 'string' || typeof post.title !== 'string')
    throw invalidCommand(command.type, ['metadata.approvingPost must name a unitId and a title']);
  return { unitId: post.unitId, title: post.title };
}

/** Folds the approval events; the approved command's own events follow and fold as usual. */
export function evolveApproval<S extends ReportedCase>(state: S, event: ApprovalEvent): S {
  const approvals = approvalsOf(state);
  if (event.type === 'ApprovalRequested') {
    const { caseId: _caseId, ...pending } = event.data;
    return {
      ...state,
      approvals: { requested: approvals.requested + 1, pending: [...approvals.pending, pending] },
    };
  }
  return {
    ...state,
    approvals: {
      ...approvals,
      pending: approvals.pending.filter((p) => p.requestId !== event.data.requestId),
    },
  };
}
