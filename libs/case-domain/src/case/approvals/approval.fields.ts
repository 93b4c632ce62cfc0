import type { EventFieldClasses } from '#domain-kernel';
import type { ApprovalEvent } from './approval.events.js';

/**
 * Field classes of the approval events (see case.fields.ts). Accounts, units, post titles of the
 * registry and enums are `system`; the request's reason and items, a note and a decline's reason are
 * typed ⇒ `text`. The request carries the command's own data as its event would.
 */
export const APPROVAL_EVENT_FIELDS = {
  ApprovalRequested: {
    caseId: 'system',
    requestId: 'system',
    command: 'system',
    requestedAt: 'system',
    requestedBy: 'system',
    'request.reason': 'text',
    'request.unit': 'system',
    'request.deadline': 'system',
    'request.reviewOn': 'system',
    'request.toUnit.unitId': 'system',
    'request.toUnit.name': 'system',
    'request.items[]': 'text',
  },
  ApprovalGranted: {
    caseId: 'system',
    requestId: 'system',
    command: 'system',
    approvedAt: 'system',
    approvedBy: 'system',
    'approvingPost.unitId': 'system',
    'approvingPost.title': 'system',
    requestedBy: 'system',
    note: 'text',
  },
  ApprovalDeclined: {
    caseId: 'system',
    requestId: 'system',
    command: 'system',
    declinedAt: 'system',
    declinedBy: 'system',
    'approvingPost.unitId': 'system',
    'approvingPost.title': 'system',
    reason: 'text',
  },
} as const satisfies EventFieldClasses<ApprovalEvent>;
