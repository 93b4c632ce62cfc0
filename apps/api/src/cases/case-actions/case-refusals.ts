import { CaseErrorCode } from '#case-domain';
import type { ProblemCodes } from '../../openapi/api-problems.decorator.js';
import type { CaseActionRoute } from './case-action-routes.js';

/**
 * The HTTP status of each refusal code of the case decider (the status of its DomainError kind,
 * libs/platform ProblemDetailsFilter). A full Record: a new code is a compile error here until its
 * status is written down, so the published answers of the action routes stay complete.
 */
export const CASE_REFUSAL_STATUS: Readonly<Record<CaseErrorCode, 400 | 403 | 404 | 409 | 422>> = {
  'CASE.ILLEGAL_TRANSITION': 409,
  'CASE.NOT_FOUND': 404,
  'CASE.ALREADY_EXISTS': 409,
  'CASE.TYPE_NOT_SUPPORTED': 422,
  'CASE.INVALID_COMMAND': 400,
  'CASE.EXTENSION_ALREADY_USED': 409,
  'CASE.RETURN_NOT_ALLOWED': 409,
  'CASE.APPROVAL_REQUIRED': 403,
  'CASE.TOP_LEVEL_REACHED': 422,
  'CASE.COMMAND_NOT_APPLICABLE': 422,
  'CASE.JUDICIAL_CONFIRMATION_NOT_AVAILABLE': 422,
  'CASE.JUDICIAL_CONFIRMATION_WINDOW_CLOSED': 422,
  'CASE.EXTENSION_TOO_LONG': 422,
  'CASE.DEADLINE_NOT_RUNNING': 409,
  'CASE.DEADLINE_NOT_OVERDUE': 409,
  'CASE.OCCURRED_IN_FUTURE': 422,
  'CASE.OCCURRED_BEFORE_PREVIOUS_FACT': 422,
  'CASE.BACKDATING_REASON_REQUIRED': 422,
  'CASE.SELF_APPROVAL': 403,
  'CASE.APPROVER_NOT_ENTITLED': 403,
  'CASE.NO_PENDING_REQUEST': 409,
  'CASE.APPROVAL_ALREADY_PENDING': 409,
  'CASE.EXTENSION_AFTER_LAPSE': 422,
  'CASE.EXTENSION_ENDS_IN_PAST': 422,
  'PETITION.TOO_MANY_REPRESENTATIVES': 422,
  'PETITION.NOT_A_REQUEST': 422,
  'PETITION.OBJECTION_WINDOW_CLOSED': 422,
  'PETITION.REVIEW_WINDOW_CLOSED': 422,
  'PETITION.RE_REVIEW_WINDOW_CLOSED': 422,
  'PETITION.REQUEST_WINDOW_OPEN': 422,
  'PETITION.ALREADY_FINAL': 422,
  'ENFORCEMENT.TOO_FEW_OFFICERS': 422,
  'ENFORCEMENT.SIMPLE_PROCEDURE_LIMIT_EXCEEDED': 422,
  'ENFORCEMENT.EVIDENCE_DECISION_PENDING': 422,
  'ENFORCEMENT.UNKNOWN_PRESERVATION': 422,
  'ENFORCEMENT.LEGAL_REVIEW_REQUIRED': 422,
  'ENFORCEMENT.NO_HEARING_RIGHT': 422,
  'ENFORCEMENT.HEARING_REQUEST_LATE': 422,
  'ENFORCEMENT.HEARING_NOTICE_TOO_SHORT': 422,
  'ENFORCEMENT.HEARING_PRESIDER_NOT_INDEPENDENT': 422,
  'ENFORCEMENT.HEARING_WINDOW_OPEN': 422,
  'ENFORCEMENT.PAYMENT_AMOUNT_MISMATCH': 422,
  'ENFORCEMENT.PAYMENT_NOT_OVERDUE': 422,
  'ENFORCEMENT.DEMAND_PERIOD_RUNNING': 422,
  'ENFORCEMENT.APPEAL_PERIOD_RUNNING': 422,
  'ENFORCEMENT.COURT_APPLICATION_WINDOW_CLOSED': 422,
};

/**
 * What any case action may answer, whatever it is (besides what the toolkit decorators add: the
 * caller's 401/403/503, the body's 400/413/415, the Idempotency-Key's and the If-Match answers).
 */
const EVERY_CASE_ACTION: ProblemCodes = {
  400: ['CASE.INVALID_COMMAND'],
  404: ['CASE.NOT_FOUND'],
  409: ['CASE.ILLEGAL_TRANSITION', 'CONCURRENCY.CONFLICT'],
  422: [
    'CASE.COMMAND_NOT_APPLICABLE',
    // Business time (occurredAt) bounds: every case command may name when its fact happened.
    'CASE.OCCURRED_IN_FUTURE',
    'CASE.OCCURRED_BEFORE_PREVIOUS_FACT',
    'CASE.BACKDATING_REASON_REQUIRED',
  ],
};

/**
 * Actions whose body names a unit: the registry decides it (apps/api/src/cases/case-addressing.service.ts):
 * unknown on the business date, or (work order) off the case's ladder.
 */
const UNIT_NAMING: Readonly<Partial<Record<string, readonly string[]>>> = {
  dispatch: ['ADDRESS.UNKNOWN_UNIT', 'ADDRESS.UNIT_OFF_LADDER'],
  transfer: ['ADDRESS.UNKNOWN_UNIT', 'ADDRESS.UNIT_OFF_LADDER'],
  escalate: ['ADDRESS.UNKNOWN_UNIT', 'ADDRESS.UNIT_OFF_LADDER'],
  'flag-risk': ['ADDRESS.UNKNOWN_UNIT', 'ADDRESS.UNIT_OFF_LADDER'],
  'mediation-failed': ['ADDRESS.UNKNOWN_UNIT', 'ADDRESS.UNIT_OFF_LADDER'],
  route: ['ADDRESS.UNKNOWN_UNIT'],
  'request-review': ['ADDRESS.UNKNOWN_UNIT'],
  'request-re-review': ['ADDRESS.UNKNOWN_UNIT'],
};

const FAMILY_PREFIX: Partial<Record<CaseActionRoute['family'], string>> = {
  petition: 'PETITION.',
  enforcement: 'ENFORCEMENT.',
};

/** Every problem code the route of an action may answer, by status, for its OpenAPI operation. */
export function problemCodesOf(route: CaseActionRoute, action: string): ProblemCodes {
  const codes = new Map<number, Set<string>>();
  const add = (status: number, code: string) => codes.set(status, (codes.get(status) ?? new Set()).add(code));
  for (const [status, list] of Object.entries(EVERY_CASE_ACTION))
    for (const code of list ?? []) add(Number(status), code);
  const prefix = FAMILY_PREFIX[route.family];
  for (const [code, status] of Object.entries(CASE_REFUSAL_STATUS))
    if (prefix && code.startsWith(prefix)) add(status, code);
  for (const code of route.refusals ?? []) add(CASE_REFUSAL_STATUS[code], code);
  for (const code of UNIT_NAMING[action] ?? []) add(422, code);
  return Object.fromEntries([...codes].map(([status, set]) => [status, [...set]]));
}
