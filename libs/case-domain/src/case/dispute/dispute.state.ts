import type { Deadline } from '../../calendar/deadline.js';
import type { JurisdictionLevel } from '../case.types.js';
import type { AgreementForm, DisputeParty } from './dispute.events.js';

export interface MediationSession {
  readonly sessionNo: number;
  readonly heldAt: string;
  readonly level: JurisdictionLevel;
  readonly mediators: ReadonlyArray<string>;
  readonly attendees: ReadonlyArray<string>;
  readonly notes: string;
}

/** People's mediation (人民调解法) details of a dispute case. */
export interface DisputeDetails {
  readonly caseType: 'dispute';
  readonly parties: ReadonlyArray<DisputeParty>;
  /** Everyone who has mediated, in order of first appearance. */
  readonly mediators: ReadonlyArray<string>;
  readonly sessions: ReadonlyArray<MediationSession>;
  readonly agreement: {
    readonly form: AgreementForm;
    readonly terms: string;
    readonly agreedAt: string;
    readonly signedBy: ReadonlyArray<string>;
    readonly level: JurisdictionLevel;
  } | null;
  readonly failures: ReadonlyArray<{
    readonly level: JurisdictionLevel;
    readonly reason: string;
    readonly failedAt: string;
    readonly refusedByParty?: string;
  }>;
  readonly outcome: 'pending' | 'agreement' | 'failed' | 'refused' | 'referred_out';
  readonly judicialConfirmation: {
    /** 30 days after the agreement takes effect (Art. 33); null until a written agreement. */
    readonly deadline: Deadline | null;
    readonly request: {
      readonly court: string;
      readonly applicants: ReadonlyArray<string>;
      readonly requestedAt: string;
    } | null;
  };
}
