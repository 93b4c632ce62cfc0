import type { EventFieldClasses } from '#domain-kernel';
import type { Deadline } from '../calendar/deadline.js';
import type { CaseEvent, CommonCaseEvent } from './case.events.js';
import { APPROVAL_EVENT_FIELDS } from './approvals/approval.fields.js';
import { ATTACHMENT_EVENT_FIELDS } from './attachments/attachment.fields.js';
import { DISPUTE_EVENT_FIELDS } from './dispute/dispute.fields.js';
import { ENFORCEMENT_EVENT_FIELDS } from './enforcement/enforcement.fields.js';
import { PETITION_EVENT_FIELDS } from './petition/petition.fields.js';

/**
 * What every string field of the common case events holds (docs/adr/0008, "Field classes"):
 * `personal` (a reporter's or party's name, phone, ID number: encrypted per person), `text` (typed
 * by a person, may name anyone: encrypted under the case's text key), `system` (ids, enums, dates,
 * instants, account ids of actors, computed deadlines: clear). A new string field fails `tsc` here
 * until it is classified. Rules of thumb:
 * - typed by a person ⇒ `text`, also a name of staff, a court, a body, a place, a document number;
 * - `*By` fields the API fills with the caller's account id (`reportedBy`, `registeredBy`, …) are
 *   `system`; `approvedBy` is typed (a name) ⇒ `text`;
 * - a handling unit is the registry's: `unitId` and its registry `name` are `system`;
 * - a whole `Deadline` is `system`: every string in it comes from the policy and the calendar.
 */
export const COMMON_CASE_EVENT_FIELDS = {
  CaseReported: {
    caseId: 'system',
    caseType: 'system',
    source: 'system',
    title: 'text',
    description: 'text',
    category: 'text',
    urgency: 'system',
    'location.gridId': 'system',
    'location.buildingId': 'system',
    'location.address': 'text',
    'reporter.name': 'personal',
    'reporter.phone': 'personal',
    'reporter.idNumber': 'personal',
    level: 'system',
    reportedAt: 'system',
    reportedBy: 'system',
    'details.caseType': 'system',
    // dispute
    'details.parties[].name': 'personal',
    'details.parties[].phone': 'personal',
    'details.parties[].idNumber': 'personal',
    'details.parties[].role': 'system',
    // petition
    'details.channel': 'system',
    'details.class': 'system',
    'details.petitioners[].name': 'personal',
    'details.petitioners[].phone': 'personal',
    'details.petitioners[].idNumber': 'personal',
    'details.representatives[].name': 'personal',
    'details.representatives[].phone': 'personal',
    'details.representatives[].idNumber': 'personal',
    'details.matter': 'text',
    'details.request': 'text',
    'details.respondent': 'text',
    // Computed from the matter, or intake's own key (any visible ASCII): it may be typed, so encrypted.
    'details.factsFingerprint': 'text',
    'details.routingDeadline': 'system',
    // enforcement
    'details.team': 'system',
    'details.squadId': 'system',
    'details.brigadeId': 'system',
    'details.party.kind': 'system',
    'details.party.name': 'personal',
    'details.party.idNumber': 'personal',
    'details.leadSource': 'text',
    'details.screeningDeadline': 'system',
  },
  LateEntryJustified: {
    caseId: 'system',
    // The command's type.
    command: 'system',
    occurredAt: 'system',
    recordedAt: 'system',
    reason: 'text',
  },
  CaseRegistered: {
    caseId: 'system',
    registeredAt: 'system',
    registeredBy: 'system',
    urgency: 'system',
    category: 'text',
    level: 'system',
    'deadlines.wholeMediation': 'system',
  },
  CaseRejected: { caseId: 'system', rejectedAt: 'system', rejectedBy: 'system', reason: 'text' },
  CaseDispatched: {
    caseId: 'system',
    dispatchedAt: 'system',
    dispatchedBy: 'system',
    'unit.unitId': 'system',
    'unit.name': 'system',
    level: 'system',
    'deadlines.sign': 'system',
    'deadlines.firstFeedback': 'system',
    'deadlines.level': 'system',
  },
  DispatchAccepted: {
    caseId: 'system',
    acceptedAt: 'system',
    acceptedBy: 'system',
    'unit.unitId': 'system',
    'unit.name': 'system',
  },
  DispatchReturned: {
    caseId: 'system',
    returnedAt: 'system',
    returnedBy: 'system',
    'unit.unitId': 'system',
    'unit.name': 'system',
    reason: 'text',
  },
  WorkStarted: { caseId: 'system', startedAt: 'system', startedBy: 'system' },
  DeadlineExtended: {
    caseId: 'system',
    extendedAt: 'system',
    requestedBy: 'system',
    approvedBy: 'text',
    reason: 'text',
    deadline: 'system',
    previousDueAt: 'system',
    newDeadline: 'system',
  },
  CaseResolved: {
    caseId: 'system',
    resolvedAt: 'system',
    resolvedBy: 'system',
    result: 'text',
    summary: 'text',
  },
  ResolutionVerified: { caseId: 'system', verifiedAt: 'system', verifiedBy: 'system', note: 'text' },
  ReworkRequested: { caseId: 'system', requestedAt: 'system', requestedBy: 'system', reason: 'text' },
  CaseClosed: { caseId: 'system', closedAt: 'system', closedBy: 'system', note: 'text' },
  FollowUpRecorded: {
    caseId: 'system',
    recordedAt: 'system',
    recordedBy: 'system',
    satisfaction: 'system',
    note: 'text',
  },
  CaseReopened: {
    caseId: 'system',
    reopenedAt: 'system',
    reopenedBy: 'system',
    reason: 'text',
    'unit.unitId': 'system',
    'unit.name': 'system',
    'deadlines.level': 'system',
  },
  CaseEscalated: {
    caseId: 'system',
    escalatedAt: 'system',
    escalatedBy: 'system',
    fromLevel: 'system',
    toLevel: 'system',
    trigger: 'system',
    reason: 'text',
    deadline: 'system',
  },
  RiskFlagged: {
    caseId: 'system',
    flaggedAt: 'system',
    flaggedBy: 'system',
    risk: 'text',
    'policeReport.reportedTo': 'text',
    'policeReport.reference': 'text',
  },
  DispatchSupervised: {
    caseId: 'system',
    supervisedAt: 'system',
    supervisedBy: 'system',
    'unit.unitId': 'system',
    'unit.name': 'system',
    reason: 'text',
    // Names of the limits that had passed (`sign`, `level`, …).
    'overdue[]': 'system',
    deadline: 'system',
    deadlineDueAt: 'system',
  },
  CaseParked: {
    caseId: 'system',
    parkedAt: 'system',
    parkedBy: 'system',
    approvedBy: 'text',
    reason: 'text',
    reviewOn: 'system',
  },
  CaseResumed: { caseId: 'system', resumedAt: 'system', resumedBy: 'system', 'deadlines.level': 'system' },
  CaseTransferred: {
    caseId: 'system',
    transferredAt: 'system',
    transferredBy: 'system',
    approvedBy: 'text',
    'fromUnit.unitId': 'system',
    'fromUnit.name': 'system',
    'toUnit.unitId': 'system',
    'toUnit.name': 'system',
    reason: 'text',
    'deadlines.sign': 'system',
    'deadlines.firstFeedback': 'system',
  },
  CaseReferredOut: {
    caseId: 'system',
    referredAt: 'system',
    referredBy: 'system',
    route: 'system',
    body: 'text',
    reason: 'text',
  },
} as const satisfies EventFieldClasses<CommonCaseEvent, Deadline>;

/**
 * Every case event type's field classes: what the personal-data codec encrypts (libs/auth), checked
 * against the event types by `tsc` and against real events by the decider specifications.
 */
export const CASE_EVENT_FIELDS = {
  ...COMMON_CASE_EVENT_FIELDS,
  ...DISPUTE_EVENT_FIELDS,
  ...PETITION_EVENT_FIELDS,
  ...ENFORCEMENT_EVENT_FIELDS,
  ...ATTACHMENT_EVENT_FIELDS,
  ...APPROVAL_EVENT_FIELDS,
} as const satisfies EventFieldClasses<CaseEvent, Deadline>;
