import { PERIOD_UNITS, type CalendarOverrides, type DeadlineBasis, type PeriodUnit } from '#case-domain';
import { DomainError } from '#domain-kernel';

/** A time limit as configuration: how long, in what unit, on what basis. */
export interface AdmissionPeriodRule {
  readonly amount: number;
  readonly unit: PeriodUnit;
  readonly basis: DeadlineBasis;
}

/**
 * Time limits of the admission procedure. The source sets no figures; these are local defaults
 * to be replaced by the district's published admission rules.
 */
export interface AdmissionPolicy {
  /** From submission to the review opinion (审查). Default 15 working days. */
  readonly review: AdmissionPeriodRule;
  /** From the review opinion to the authorised office's decision (核准或不予准入). Default 5 working days. */
  readonly decision: AdmissionPeriodRule;
  readonly calendar: CalendarOverrides;
}

const LOCAL_RULE = '本地街道（社区）工作准入审批规则（默认值）';

export const defaultAdmissionPolicy: AdmissionPolicy = {
  review: {
    amount: 15,
    unit: 'working_days',
    basis: { ruleId: 'admission.review', law: LOCAL_RULE, note: 'review opinion within 15 working days of submission' },
  },
  decision: {
    amount: 5,
    unit: 'working_days',
    basis: { ruleId: 'admission.decision', law: LOCAL_RULE, note: 'decision within 5 working days of the review opinion' },
  },
  calendar: {},
};

/**
 * Checks a policy once at start-up; throws a DomainError (`ADMISSION.INVALID_POLICY`) listing every
 * problem, so that a bad configuration stops the process with a clear message.
 */
export function validateAdmissionPolicy(policy: AdmissionPolicy): AdmissionPolicy {
  const problems: string[] = [];
  for (const name of ['review', 'decision'] as const) {
    const rule = policy?.[name];
    if (!rule) {
      problems.push(`${name} is missing`);
      continue;
    }
    if (!Number.isInteger(rule.amount) || rule.amount <= 0) problems.push(`${name}.amount must be a positive whole number`);
    if (!PERIOD_UNITS.includes(rule.unit)) problems.push(`${name}.unit must be one of ${PERIOD_UNITS.join(', ')}`);
    if (typeof rule.basis?.ruleId !== 'string' || rule.basis.ruleId === '') problems.push(`${name}.basis.ruleId is required`);
    if (typeof rule.basis?.law !== 'string' || rule.basis.law === '') problems.push(`${name}.basis.law is required`);
  }
  if (typeof policy?.calendar !== 'object' || policy.calendar === null) problems.push('calendar must be an object (overrides, may be empty)');
  if (problems.length > 0) throw new DomainError('ADMISSION.INVALID_POLICY', 'invalid', `admission policy: ${problems.join('; ')}`, { problems });
  return policy;
}
