import { v5 as uuidv5 } from 'uuid';
import {
  listCommandFromApproval,
  responsibilityListStreamName,
  type AddListItem,
  type AdmissionApproved,
} from '#admission-domain';
import type { CommandContext } from '#command-pipeline';
import type { RecordedEvent } from '#event-store';

/**
 * The list amendment an approval implies, with the command id derived from the approval's command
 * id. Shared (not copied) by the API's synchronous path (`execute-admission-command.ts`) and the
 * worker's `admission-listing` service: both run exactly this command with exactly this id, so
 * whichever comes second is answered from the list stream and the item joins its list once.
 * No Nest here: the worker imports this file.
 */

/** Never change: the list command's id derives from the approval's command id through it, and ids are stored. */
const APPROVAL_LIST_NAMESPACE = '2b8e6f14-93c5-5d0a-a7e2-4f1c8d3b9e60';

/** The command id of the list amendment an approval implies: the same approval always yields the same id. */
export function listCommandIdFor(approvalCommandId: string): string {
  return uuidv5(`${approvalCommandId}/list-item`, APPROVAL_LIST_NAMESPACE);
}

/** Where an approval came from: its command id (from which the list command id derives) and correlation. */
export interface ApprovalOrigin {
  readonly commandId: string;
  readonly correlationId: string;
}

export interface ApprovalListCommand {
  /** `responsibility-list-<district>-<kind>`. */
  readonly stream: string;
  readonly command: AddListItem;
  readonly context: CommandContext;
}

/** The `AddListItem` an approval implies and the pipeline context to run it with (actor: the approver). */
export function approvalListCommand(
  approved: AdmissionApproved,
  origin: ApprovalOrigin,
): ApprovalListCommand {
  return {
    stream: responsibilityListStreamName(approved.data.districtCode, approved.data.listKind),
    command: listCommandFromApproval(approved),
    context: {
      commandId: listCommandIdFor(origin.commandId),
      actor: approved.data.approvedBy,
      correlationId: origin.correlationId,
      causationId: origin.commandId,
      occurredAt: approved.data.approvedAt,
    },
  };
}

/** A recorded `AdmissionApproved` as the domain event and its origin; undefined for any other event, or one without a command id. */
export function approvalFromRecorded(
  recorded: RecordedEvent,
): { approved: AdmissionApproved; origin: ApprovalOrigin } | undefined {
  const commandId = recorded.metadata.commandId;
  if (recorded.type !== 'AdmissionApproved' || typeof commandId !== 'string') return undefined;
  return {
    approved: { type: 'AdmissionApproved', data: recorded.data } as unknown as AdmissionApproved,
    origin: { commandId, correlationId: recorded.metadata.correlationId },
  };
}
