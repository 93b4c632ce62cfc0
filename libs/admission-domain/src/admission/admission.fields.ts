import type { Deadline } from '#case-domain';
import type { EventFieldClasses } from '#domain-kernel';
import type { AdmissionEvent } from './admission.events.js';

/**
 * What every string field of the admission events holds (docs/adr/0008, "Field classes"; the
 * classes are explained in libs/case-domain/src/case/case.fields.ts). An admission request is an
 * official record between a district department and the reviewing and authorised offices about a
 * work item to push down (准入): the item, its legal basis, the reasons, findings and notes are
 * written by civil servants in their office about duties, never about a reporter or party, and the
 * approved items are published in the responsibility lists (政务公开), matched there by code and
 * title. All `system`: kept clear, outside the crypto-shredding of case data. Should a field ever
 * take text about persons, classify it `text` and give the admission pipeline a key (ADR 0008).
 */
export const ADMISSION_EVENT_FIELDS = {
  AdmissionRequestSubmitted: {
    requestId: 'system',
    districtCode: 'system',
    department: 'system',
    'work.title': 'system',
    'work.description': 'system',
    'work.itemClass': 'system',
    'work.nature': 'system',
    'work.targetLevel': 'system',
    'work.legalBasis': 'system',
    'work.listItemCode': 'system',
    reason: 'system',
    'resources.equipment[].name': 'system',
    startFrom: 'system',
    'targetUnits[].id': 'system',
    'targetUnits[].kind': 'system',
    'targetUnits[].name': 'system',
    'checkedAgainst.asOf': 'system',
    submittedBy: 'system',
    submittedAt: 'system',
  },
  AdmissionFoundNotRequired: {
    requestId: 'system',
    outcome: 'system',
    listId: 'system',
    listKind: 'system',
    'item.itemId': 'system',
    'item.code': 'system',
    'item.title': 'system',
    'item.level': 'system',
    matchedBy: 'system',
    decidedAt: 'system',
  },
  AdmissionRefusedByNegativeList: {
    requestId: 'system',
    listId: 'system',
    'negativeClass.entryId': 'system',
    'negativeClass.code': 'system',
    'negativeClass.title': 'system',
    'matched[].entryId': 'system',
    'matched[].code': 'system',
    'matched[].title': 'system',
    reason: 'system',
    refusedAt: 'system',
  },
  AdmissionReviewStarted: { requestId: 'system', reviewDeadline: 'system', startedAt: 'system' },
  AdmissionRequestReviewed: {
    requestId: 'system',
    opinion: 'system',
    findings: 'system',
    reviewingOffice: 'system',
    reviewedBy: 'system',
    reviewedAt: 'system',
    decisionDeadline: 'system',
  },
  AdmissionApproved: {
    requestId: 'system',
    districtCode: 'system',
    department: 'system',
    authorisedOffice: 'system',
    listKind: 'system',
    'item.code': 'system',
    'item.title': 'system',
    'item.itemClass': 'system',
    'item.level': 'system',
    'item.legalBasis': 'system',
    effectiveFrom: 'system',
    'resources.equipment[].name': 'system',
    documentRef: 'system',
    note: 'system',
    approvedBy: 'system',
    approvedAt: 'system',
  },
  AdmissionRefused: {
    requestId: 'system',
    authorisedOffice: 'system',
    reason: 'system',
    documentRef: 'system',
    refusedBy: 'system',
    refusedAt: 'system',
  },
  AdmissionRequestWithdrawn: {
    requestId: 'system',
    reason: 'system',
    withdrawnBy: 'system',
    withdrawnAt: 'system',
  },
} as const satisfies EventFieldClasses<AdmissionEvent, Deadline>;
