import type { EventFieldClasses } from '#domain-kernel';
import type { Deadline } from '../../calendar/deadline.js';
import type { PetitionEvent } from './petition.events.js';

/**
 * What every string field of the petition events holds (see case.fields.ts for the classes and
 * rules). Bodies given as a registry unit (`toBody`, `reviewBody`, …) are `system`; bodies, legal
 * bases and opinions typed as text are `text`.
 */
export const PETITION_EVENT_FIELDS = {
  PetitionRouted: {
    caseId: 'system',
    routedAt: 'system',
    routedBy: 'system',
    mode: 'system',
    'toBody.unitId': 'system',
    'toBody.name': 'system',
    competentBody: 'text',
    note: 'text',
    'deadlines.notice': 'system',
    'deadlines.objection': 'system',
  },
  PetitionerNotified: {
    caseId: 'system',
    notifiedAt: 'system',
    notifiedBy: 'system',
    'body.unitId': 'system',
    'body.name': 'system',
    content: 'text',
    'deadlines.handling': 'system',
  },
  PetitionRoutingObjected: {
    caseId: 'system',
    objectedAt: 'system',
    objectedBy: 'system',
    'body.unitId': 'system',
    'body.name': 'system',
    reason: 'text',
    'deadlines.routing': 'system',
  },
  PetitionDiverted: {
    caseId: 'system',
    divertedAt: 'system',
    divertedBy: 'system',
    route: 'system',
    body: 'text',
    reason: 'text',
  },
  PetitionAnswered: {
    caseId: 'system',
    answeredAt: 'system',
    answeredBy: 'system',
    'body.unitId': 'system',
    'body.name': 'system',
    answer: 'system',
    opinion: 'text',
    legalBasis: 'text',
    servedAt: 'system',
    'deadlines.reviewRequest': 'system',
  },
  PetitionReviewRequested: {
    caseId: 'system',
    requestedAt: 'system',
    recordedBy: 'system',
    'reviewBody.unitId': 'system',
    'reviewBody.name': 'system',
    reason: 'text',
    'deadlines.reviewAnswer': 'system',
  },
  PetitionReviewAnswered: {
    caseId: 'system',
    answeredAt: 'system',
    answeredBy: 'system',
    'reviewBody.unitId': 'system',
    'reviewBody.name': 'system',
    answer: 'system',
    opinion: 'text',
    servedAt: 'system',
    'deadlines.reReviewRequest': 'system',
  },
  PetitionReReviewRequested: {
    caseId: 'system',
    requestedAt: 'system',
    recordedBy: 'system',
    'reReviewBody.unitId': 'system',
    'reReviewBody.name': 'system',
    reason: 'text',
    'deadlines.reReviewAnswer': 'system',
  },
  PetitionReReviewHearingRecorded: {
    caseId: 'system',
    recordedAt: 'system',
    recordedBy: 'system',
    startedOn: 'system',
    endedOn: 'system',
    note: 'text',
    'deadlines.reReviewAnswer': 'system',
  },
  PetitionReReviewAnswered: {
    caseId: 'system',
    answeredAt: 'system',
    answeredBy: 'system',
    'reReviewBody.unitId': 'system',
    'reReviewBody.name': 'system',
    answer: 'system',
    opinion: 'text',
    servedAt: 'system',
    // A copy of the report's (possibly typed) key of the same facts.
    factsFingerprint: 'text',
  },
  PetitionClosedForNoRequest: {
    caseId: 'system',
    closedAt: 'system',
    closedBy: 'system',
    window: 'system',
    windowEndedAt: 'system',
  },
} as const satisfies EventFieldClasses<PetitionEvent, Deadline>;
