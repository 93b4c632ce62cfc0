import type { CaseAction, CaseType, JurisdictionLevel } from '#case-domain';
import type { Role } from './roles.js';

/**
 * Who may run which case action (docs/domain.md §6, the transitions of §3). Jurisdiction (which
 * cases) is decided separately (jurisdiction.ts); the case decider's state rules apply after
 * both. The table is pure data so it can be printed in apps/api/src/auth/README.md and checked
 * cell by cell; a role that is not listed for an action may never run it (deny by default, so a
 * new role gets no case action until it is written in here).
 *
 * The escalation process manager does not pass through this table: it issues its commands
 * (escalate, supervise, re-dispatch, close-for-no-request) as the system, straight to the
 * command pipeline, and is not a login.
 */

/** The centre (综治中心): intake, register, dispatch, supervise, verify, close, follow-up calls; also the district-level handling unit. */
const CENTRE: readonly Role[] = ['centre_operator'];
/** Units that accept and handle a dispatched case: the centre at district level, street and community staff, grid workers at building level. */
const HANDLING: readonly Role[] = ['centre_operator', 'street_staff', 'community_staff', 'grid_worker'];
/** Handling that needs the weight of a street or community body (parking, referral out of mediation). */
const AREA_BODIES: readonly Role[] = ['centre_operator', 'street_staff', 'community_staff'];
/** Verification on site: the centre, or the grid worker of the grid (docs/domain.md §6). */
const VERIFIERS: readonly Role[] = ['centre_operator', 'grid_worker'];
/** Staff roles that may hold an approving post (负责人) in the registry: centres, offices, committees, teams. */
const APPROVERS: readonly Role[] = ['centre_operator', 'street_staff', 'community_staff', 'squad_officer'];
/** The enforcement lifecycle belongs to the squad that has the case (行政处罚法: the agency decides). */
const SQUAD: readonly Role[] = ['squad_officer'];

/**
 * Role lists per action, for every case type the action applies to. An action the decider
 * refuses for a case type (e.g. `register` on an enforcement lead: 422 `CASE.COMMAND_NOT_APPLICABLE`)
 * keeps the lists of the types it serves, so the domain gives that answer.
 */
export const CASE_ACTION_ROLES: Readonly<Record<CaseAction, readonly Role[]>> = {
  // The common work-order loop (disputes and every other non-petition, non-enforcement case).
  register: CENTRE,
  reject: CENTRE,
  dispatch: CENTRE,
  supervise: CENTRE,
  transfer: CENTRE,
  close: CENTRE,
  'follow-up': CENTRE,
  reopen: CENTRE,
  accept: HANDLING,
  return: HANDLING,
  start: HANDLING,
  resolve: HANDLING,
  escalate: HANDLING,
  'flag-risk': HANDLING,
  // Shared by type: see CASE_ACTION_ROLES_BY_TYPE. This list is the union (who may ever run it).
  extend: [...HANDLING, 'squad_officer'],
  park: AREA_BODIES,
  resume: AREA_BODIES,
  verify: VERIFIERS,
  rework: VERIFIERS,
  // People's mediation.
  'record-session': HANDLING,
  'record-agreement': HANDLING,
  'mediation-failed': HANDLING,
  'request-judicial-confirmation': HANDLING,
  'refer-out': [...AREA_BODIES, 'squad_officer'],
  // Petitions (信访工作条例): the petition office sits in the centre and records every step; the
  // bodies it routes to object, answer or divert; a street reviews its communities' answers.
  route: CENTRE,
  notify: CENTRE,
  object: AREA_BODIES,
  divert: AREA_BODIES,
  answer: AREA_BODIES,
  'request-review': CENTRE,
  'answer-review': ['centre_operator', 'street_staff'],
  'request-re-review': CENTRE,
  'record-hearing': CENTRE,
  'answer-re-review': CENTRE,
  'close-for-no-request': CENTRE,
  // Law enforcement (行政处罚法, 行政强制法).
  screen: SQUAD,
  file: SQUAD,
  'preserve-evidence': SQUAD,
  'decide-preserved-evidence': SQUAD,
  'conclude-investigation': SQUAD,
  review: SQUAD,
  'notify-penalty': SQUAD,
  'request-hearing': SQUAD,
  'schedule-hearing': SQUAD,
  'hold-hearing': SQUAD,
  decide: SQUAD,
  serve: SQUAD,
  'record-payment': SQUAD,
  'demand-payment': SQUAD,
  'apply-court-enforcement': SQUAD,
  archive: SQUAD,
  // Approvals (ADR 0019): staff who may hold an approving post; the post itself is checked against the
  // registry when the approval is given, and the requester never approves its own request.
  approve: APPROVERS,
  'decline-approval': APPROVERS,
};

/** The actions shared between case types whose holders differ by type. */
export const CASE_ACTION_ROLES_BY_TYPE: Readonly<
  Partial<Record<CaseAction, Readonly<Record<CaseType, readonly Role[]>>>>
> = {
  // The dispute's level deadline, the petition's handling period (the handling body), the enforcement decision clock (the squad).
  extend: { dispute: HANDLING, petition: AREA_BODIES, enforcement: SQUAD },
  // A dispute leaves mediation for litigation / arbitration / an administrative route; an enforcement lead goes to the competent body.
  'refer-out': { dispute: AREA_BODIES, petition: AREA_BODIES, enforcement: SQUAD },
};

/**
 * Actions a grid worker may run only while the case sits at building level ("小事不出楼院": the
 * grid settles what the building can settle). Verification, rework and a risk flag are not
 * bound to the level: a grid worker checks results and reports risks in the grid whatever level
 * handled the case.
 */
export const GRID_WORKER_BUILDING_LEVEL_ACTIONS: ReadonlySet<CaseAction> = new Set<CaseAction>([
  'accept',
  'return',
  'start',
  'resolve',
  'escalate',
  'extend',
  'record-session',
  'record-agreement',
  'mediation-failed',
  'request-judicial-confirmation',
]);

/** What the rule needs to know of the case (from the folded state). */
export interface CaseActionFacts {
  readonly caseType: CaseType;
  readonly level: JurisdictionLevel;
}

/** True when one of the roles may ever run the action, on some case: checked before the case is read. */
export function mayEverRunCaseAction(roles: readonly Role[], action: CaseAction): boolean {
  const holders = CASE_ACTION_ROLES[action];
  return roles.some((role) => holders.includes(role));
}

/** True when one of the roles may run the action on this case (its type and current level). */
export function mayRunCaseAction(
  roles: readonly Role[],
  action: CaseAction,
  facts: CaseActionFacts,
): boolean {
  const holders = CASE_ACTION_ROLES_BY_TYPE[action]?.[facts.caseType] ?? CASE_ACTION_ROLES[action];
  return roles.some((role) => {
    if (!holders.includes(role)) return false;
    if (role === 'grid_worker' && GRID_WORKER_BUILDING_LEVEL_ACTIONS.has(action))
      return facts.level === 'building';
    return true;
  });
}
