import type { LocalDate } from '#domain-kernel';
import type { CaseType, JurisdictionLevel, Urgency } from '../policy/case-policy.js';

export type { CaseType, JurisdictionLevel, Urgency };

/** Who sends the command and when: the domain's only source of time and identity. */
export interface CommandMetadata {
  readonly actor: string;
  /** When the command is decided (recorded): ISO-8601 instant with offset. */
  readonly now: string;
  /**
   * Business time: when the fact happened in the world (a letter received, a notice served, a request
   * made, a payment made), ISO-8601 with offset; default `now`. Every clock the fact starts counts from it.
   */
  readonly occurredAt?: string;
  /** Why a fact older than the backdating window is recorded only now (required then, recorded with it). */
  readonly backdatingReason?: string;
  /**
   * ApproveRequest / DeclineRequest: the approving post (负责人) the actor holds, on the business date, for
   * the body that approves the request, as the application found it in the registry (ADR 0019).
   */
  readonly approvingPost?: { readonly unitId: string; readonly title: string };
}

/** Who decides a command, and when. */
export interface Moment {
  readonly actor: string;
  /** Business time of the fact (CST notation): when it happened in the world. Clocks count from it. */
  readonly at: string;
  /** When the command is decided, i.e. recorded (CST notation). */
  readonly now: string;
  /**
   * The account that approved the command: set only when an ApproveRequest runs a command that needs
   * approval (ADR 0019); `actor` is then the account that asked for it.
   */
  readonly approvedBy?: string;
}

export type CaseSource =
  | 'grid_patrol'
  | 'walk_in'
  | 'phone'
  | 'hotline_12345'
  | 'online'
  | 'video_alert'
  | 'petition_visit'
  | 'petition_letter'
  | 'department_transfer'
  | 'task_from_above';
export const CASE_SOURCES: readonly CaseSource[] = [
  'grid_patrol',
  'walk_in',
  'phone',
  'hotline_12345',
  'online',
  'video_alert',
  'petition_visit',
  'petition_letter',
  'department_transfer',
  'task_from_above',
];

export interface CaseLocation {
  readonly gridId: string;
  readonly buildingId?: string;
  readonly address?: string;
  readonly lat?: number;
  readonly lng?: number;
}

/** Personal data: opaque strings here (encrypted per person elsewhere, PIPL). */
export interface PersonRef {
  readonly name: string;
  readonly phone: string;
  readonly idNumber?: string;
}

export interface HandlingUnit {
  readonly unitId: string;
  readonly name?: string;
}

export type Satisfaction = 'satisfied' | 'basically_satisfied' | 'unsatisfied';
export const SATISFACTIONS: readonly Satisfaction[] = ['satisfied', 'basically_satisfied', 'unsatisfied'];

export type ReferralRoute = 'litigation' | 'arbitration' | 'administrative';
export const REFERRAL_ROUTES: readonly ReferralRoute[] = ['litigation', 'arbitration', 'administrative'];
/**
 * Every route a case can leave by: a dispute's (ReferralRoute), an enforcement lead's
 * (`competent_body`, `judiciary`) and a petition's legal routes (信访工作条例第三十一条).
 */
export type CaseReferralRoute =
  | ReferralRoute
  | 'competent_body'
  | 'judiciary'
  | 'administrative_review'
  | 'administrative_procedure'
  | 'party_appeal';

/** Why a case climbed a level (docs/domain.md §4). */
export type EscalationTrigger =
  'manual' | 'deadline_passed' | 'sign_overdue' | 'mediation_failed' | 'risk_flag';
export const ESCALATION_TRIGGERS: readonly EscalationTrigger[] = [
  'manual',
  'deadline_passed',
  'sign_overdue',
  'mediation_failed',
  'risk_flag',
];

/** The common status every case type shows (lists, dashboards); petitions and enforcement cases derive it from their stage. */
export type CaseStatus =
  | 'reported'
  | 'registered'
  | 'rejected'
  | 'dispatched'
  | 'accepted'
  | 'in_progress'
  | 'resolved'
  | 'verified'
  | 'closed'
  | 'followed_up'
  | 'parked'
  | 'referred_out';
export const CASE_STATUSES: readonly CaseStatus[] = [
  'reported',
  'registered',
  'rejected',
  'dispatched',
  'accepted',
  'in_progress',
  'resolved',
  'verified',
  'closed',
  'followed_up',
  'parked',
  'referred_out',
];

export type { LocalDate };
