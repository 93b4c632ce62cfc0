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
    basis: {
      ruleId: 'admission.review',
      law: LOCAL_RULE,
      note: 'review opinion within 15 working days of submission',
    },
  },
  decision: {
    amount: 5,
    unit: 'working_days',
    basis: {
      ruleId: 'admission.decision',
      law: LOCAL_RULE,
      note: 'decision within 5 working days of the review opinion',
    },
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
    if (!Number.isInteger(rule.amount) || rule.amount <= 0)
      problems.push(`${name}.amount must be a positive whole number`);
    if (!PERIOD_UNITS.includes(rule.unit))
      problems.push(`${name}.unit must be one of ${PERIOD_UNITS.join(', ')}`);
    if (typeof rule.basis?.ruleId !== 'string' || rule.basis.ruleId === '')
      problems.push(`${name}.basis.ruleId is required`);
    if (typeof rule.basis?.law !== 'string' || rule.basis.law === '')
      problems.push(`${name}.basis.law is required`);
  }
  if (typeof policy?.calendar !== 'object' || policy.calendar === null)
    problems.push('calendar must be an object (overrides, may be empty)');
  if (problems.length > 0)
    throw new DomainError('ADMISSION.INVALID_POLICY', 'invalid', `admission policy: ${problems.join('; ')}`, {
      problems,
    });
  return policy;
}

/** The two time limits as a deployment configures them (`ADMISSION_REVIEW_WORKING_DAYS`, `ADMISSION_DECISION_WORKING_DAYS`). */
export interface AdmissionTimeLimits {
  readonly reviewWorkingDays: number;
  readonly decisionWorkingDays: number;
}

/** Longest limit accepted: a working year. */
export const MAX_ADMISSION_WORKING_DAYS = 250;

/**
 * The policy for configured limits: working days on the official calendar, the basis naming the
 * configured figure. Validated here, so a bad figure refuses to start (`ADMISSION.INVALID_POLICY`).
 */
export function admissionPolicyWith(
  limits: AdmissionTimeLimits,
  calendar: CalendarOverrides = {},
): AdmissionPolicy {
  const problems: string[] = [];
  for (const [name, value] of [
    ['reviewWorkingDays', limits.reviewWorkingDays],
    ['decisionWorkingDays', limits.decisionWorkingDays],
  ] as const) {
    if (!Number.isInteger(value) || value < 1 || value > MAX_ADMISSION_WORKING_DAYS)
      problems.push(
        `${name} must be a whole number from 1 to ${MAX_ADMISSION_WORKING_DAYS}, got ${String(value)}`,
      );
  }
  if (problems.length > 0)
    throw new DomainError('ADMISSION.INVALID_POLICY', 'invalid', `admission policy: ${problems.join('; ')}`, {
      problems,
    });
  const { review, decision } = defaultAdmissionPolicy;
  return validateAdmissionPolicy({
    review: {
      amount: limits.reviewWorkingDays,
      unit: 'working_days',
      basis: {
        ...review.basis,
        note: `review opinion within ${limits.reviewWorkingDays} working days of submission`,
      },
    },
    decision: {
      amount: limits.decisionWorkingDays,
      unit: 'working_days',
      basis: {
        ...decision.basis,
        note: `decision within ${limits.decisionWorkingDays} working days of the review opinion`,
      },
    },
    calendar,
  });
}
