import type { DomainEvent } from '#domain-kernel';
import type { Deadline } from '../../calendar/deadline.js';
import type { JurisdictionLevel, PersonRef } from '../case.types.js';

export interface DisputeParty extends PersonRef {
  readonly role: 'applicant' | 'respondent' | 'other';
}

export interface DisputeReportDetails {
  readonly caseType: 'dispute';
  readonly parties: ReadonlyArray<DisputeParty>;
}

export type AgreementForm = 'written' | 'oral';

export type MediationSessionRecorded = DomainEvent<
  'MediationSessionRecorded',
  {
    caseId: string;
    sessionNo: number;
    heldAt: string;
    level: JurisdictionLevel;
    mediators: string[];
    attendees: string[];
    notes: string;
    recordedAt: string;
    recordedBy: string;
  }
>;
export type MediationAgreementRecorded = DomainEvent<
  'MediationAgreementRecorded',
  {
    caseId: string;
    agreedAt: string;
    recordedBy: string;
    level: JurisdictionLevel;
    form: AgreementForm;
    terms: string;
    signedBy: string[];
    /** Window for a joint application for judicial confirmation (人民调解法 Art. 33); null for an oral agreement. */
    judicialConfirmationDeadline: Deadline | null;
  }
>;
export type MediationFailed = DomainEvent<
  'MediationFailed',
  {
    caseId: string;
    failedAt: string;
    recordedBy: string;
    level: JurisdictionLevel;
    reason: string;
    /** Set when a party refused mediation (Art. 17: then it may not be mediated). */
    refusedByParty?: string;
    next: 'escalate' | 'refer_out';
  }
>;
export type JudicialConfirmationRequested = DomainEvent<
  'JudicialConfirmationRequested',
  {
    caseId: string;
    requestedAt: string;
    requestedBy: string;
    court: string;
    applicants: string[];
  }
>;

export type DisputeEvent =
  MediationSessionRecorded | MediationAgreementRecorded | MediationFailed | JudicialConfirmationRequested;
