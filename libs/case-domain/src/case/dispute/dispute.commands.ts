import type { CommandMetadata, HandlingUnit, ReferralRoute } from '../case.types.js';
import type { AgreementForm } from './dispute.events.js';

type Command<Type extends string, Data> = {
  readonly type: Type;
  readonly data: Data;
  readonly metadata: CommandMetadata;
};

export type RecordMediationSession = Command<
  'RecordMediationSession',
  { heldAt?: string; mediators: string[]; attendees?: string[]; notes: string }
>;
export type RecordMediationAgreement = Command<
  'RecordMediationAgreement',
  { form: AgreementForm; terms: string; signedBy?: string[] }
>;
/**
 * Mediation failed at this level (调解不成) or a party refused it. `next: 'escalate'` climbs one
 * level (re-dispatched at once when `unit` is given); `next: 'refer_out'` terminates mediation and
 * refers to `route` (Art. 26). A refusal by a party must be referred out (Art. 17).
 */
export type RecordMediationFailure = Command<
  'RecordMediationFailure',
  {
    reason: string;
    refusedByParty?: string;
    next: 'escalate' | 'refer_out';
    unit?: HandlingUnit;
    route?: ReferralRoute;
    body?: string;
  }
>;
export type RequestJudicialConfirmation = Command<
  'RequestJudicialConfirmation',
  { court: string; applicants: string[] }
>;

export type DisputeCommand =
  RecordMediationSession | RecordMediationAgreement | RecordMediationFailure | RequestJudicialConfirmation;
export const DISPUTE_COMMAND_TYPES: readonly DisputeCommand['type'][] = [
  'RecordMediationSession',
  'RecordMediationAgreement',
  'RecordMediationFailure',
  'RequestJudicialConfirmation',
];
