import { mayRunCaseAction, type Role } from '#auth';
import { caseDecider, type CaseAction, type CaseCommand, type CaseState } from '#case-domain';
import { isDomainError } from '#domain-kernel';
import { CASE_ACTIONS, commandTypeOf } from './case-action-routes.js';

/**
 * Refusals that depend on the case's state alone: an action refused with one of these cannot be
 * taken now, whatever its body. Any other answer (success, CASE.INVALID_COMMAND for the empty probe
 * body, a missing approval, a window of time) means the state machine takes the action and its
 * data or timing decide.
 */
const REFUSED_BY_STATE = new Set([
  'CASE.ILLEGAL_TRANSITION',
  'CASE.COMMAND_NOT_APPLICABLE',
  'CASE.NOT_FOUND',
  'CASE.ALREADY_EXISTS',
  'CASE.TYPE_NOT_SUPPORTED',
  'CASE.TOP_LEVEL_REACHED',
  'CASE.EXTENSION_ALREADY_USED',
  'CASE.RETURN_NOT_ALLOWED',
  'CASE.JUDICIAL_CONFIRMATION_NOT_AVAILABLE',
  'PETITION.ALREADY_FINAL',
  'CASE.NO_PENDING_REQUEST',
]);

/**
 * The actions this caller may take on the case in its current state: the role rules the action
 * route applies (mayRunCaseAction, for the case's type and level) and the decider itself, asked
 * with an empty body whether the state takes the command. The same two checks the command route
 * makes, so the console offers what the route would not refuse for role or state; the body's
 * fields, approvals and time windows may still refuse it (400/403/422).
 */
export function allowedCaseActions(
  state: Exclude<CaseState, { status: 'none' }>,
  roles: readonly Role[],
  metadata: { actor: string; now: string },
): CaseAction[] {
  return CASE_ACTIONS.filter((action) => {
    if (!mayRunCaseAction(roles, action, { caseType: state.caseType, level: state.level })) return false;
    const probe = {
      type: commandTypeOf(action),
      data: { caseId: state.caseId },
      metadata,
    } as unknown as CaseCommand;
    try {
      caseDecider.decide(probe, state);
      return true;
    } catch (error) {
      if (!isDomainError(error)) throw error;
      return !REFUSED_BY_STATE.has(error.code);
    }
  });
}
