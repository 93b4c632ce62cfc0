import { assertNever } from '#domain-kernel';
import type { CaseEvent } from '../case.events.js';
import type { DisputeCase } from '../case.handler.js';
import type { ReportedCase } from '../case.state.js';
import type { DisputeEvent, DisputeReportDetails } from './dispute.events.js';
import type { DisputeDetails } from './dispute.state.js';

const DISPUTE_EVENT_TYPES: ReadonlySet<string> = new Set<DisputeEvent['type']>([
  'MediationSessionRecorded',
  'MediationAgreementRecorded',
  'MediationFailed',
  'JudicialConfirmationRequested',
]);

export function isDisputeEvent(event: CaseEvent): event is DisputeEvent {
  return DISPUTE_EVENT_TYPES.has(event.type);
}

export function initialDisputeDetails(report: DisputeReportDetails): DisputeDetails {
  return {
    caseType: 'dispute',
    parties: report.parties,
    mediators: [],
    sessions: [],
    agreement: null,
    failures: [],
    outcome: 'pending',
    judicialConfirmation: { deadline: null, request: null },
  };
}

export function evolveDispute(state: DisputeCase, event: DisputeEvent): ReportedCase {
  const details = state.details;
  switch (event.type) {
    case 'MediationSessionRecorded': {
      const mediators = [...details.mediators];
      for (const name of event.data.mediators) if (!mediators.includes(name)) mediators.push(name);
      const { caseId: _caseId, recordedAt: _recordedAt, recordedBy: _recordedBy, ...session } = event.data;
      return {
        ...state,
        // Sessions record when they were held; a heldAt after its recording (allowed before business time was checked) is not taken as fact time.
        lastChangedAt:
          Date.parse(event.data.heldAt) <= Date.parse(event.data.recordedAt)
            ? event.data.heldAt
            : event.data.recordedAt,
        details: { ...details, mediators, sessions: [...details.sessions, session] },
      };
    }
    case 'MediationAgreementRecorded':
      return {
        ...state,
        lastChangedAt: event.data.agreedAt,
        details: {
          ...details,
          outcome: 'agreement',
          agreement: {
            form: event.data.form,
            terms: event.data.terms,
            agreedAt: event.data.agreedAt,
            signedBy: event.data.signedBy,
            level: event.data.level,
          },
          judicialConfirmation: { deadline: event.data.judicialConfirmationDeadline, request: null },
        },
      };
    case 'MediationFailed':
      return {
        ...state,
        lastChangedAt: event.data.failedAt,
        details: {
          ...details,
          outcome: event.data.refusedByParty ? 'refused' : 'failed',
          failures: [
            ...details.failures,
            {
              level: event.data.level,
              reason: event.data.reason,
              failedAt: event.data.failedAt,
              ...(event.data.refusedByParty ? { refusedByParty: event.data.refusedByParty } : {}),
            },
          ],
        },
      };
    case 'JudicialConfirmationRequested':
      return {
        ...state,
        lastChangedAt: event.data.requestedAt,
        details: {
          ...details,
          judicialConfirmation: {
            ...details.judicialConfirmation,
            request: {
              court: event.data.court,
              applicants: event.data.applicants,
              requestedAt: event.data.requestedAt,
            },
          },
        },
      };
    default:
      return assertNever(event, 'dispute event');
  }
}
