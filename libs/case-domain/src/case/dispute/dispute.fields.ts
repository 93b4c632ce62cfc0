import type { EventFieldClasses } from '#domain-kernel';
import type { Deadline } from '../../calendar/deadline.js';
import type { DisputeEvent } from './dispute.events.js';

/**
 * What every string field of the dispute events holds (see case.fields.ts for the classes and
 * rules). Names typed into a session, an agreement or an application (mediators, attendees,
 * signatories, applicants, the refusing party) are `text`: they name parties and third persons.
 */
export const DISPUTE_EVENT_FIELDS = {
  MediationSessionRecorded: {
    caseId: 'system',
    heldAt: 'system',
    level: 'system',
    'mediators[]': 'text',
    'attendees[]': 'text',
    notes: 'text',
    recordedAt: 'system',
    recordedBy: 'system',
  },
  MediationAgreementRecorded: {
    caseId: 'system',
    agreedAt: 'system',
    recordedBy: 'system',
    level: 'system',
    form: 'system',
    terms: 'text',
    'signedBy[]': 'text',
    judicialConfirmationDeadline: 'system',
  },
  MediationFailed: {
    caseId: 'system',
    failedAt: 'system',
    recordedBy: 'system',
    level: 'system',
    reason: 'text',
    refusedByParty: 'text',
    next: 'system',
  },
  JudicialConfirmationRequested: {
    caseId: 'system',
    requestedAt: 'system',
    requestedBy: 'system',
    court: 'text',
    'applicants[]': 'text',
  },
} as const satisfies EventFieldClasses<DisputeEvent, Deadline>;
