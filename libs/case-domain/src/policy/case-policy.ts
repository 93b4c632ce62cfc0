import { DomainError, isLocalDate } from '#domain-kernel';
import { PERIOD_UNITS, type DeadlineBasis, type PeriodUnit } from '../calendar/deadline.js';
import type { CalendarOverrides } from '../calendar/working-day-calendar.js';

export const CASE_TYPES = ['dispute', 'petition', 'enforcement'] as const;
export type CaseType = (typeof CASE_TYPES)[number];
export const URGENCIES = ['emergency', 'utility', 'general', 'complex'] as const;
/** emergency; utility = water/power/gas/heating; general; complex. */
export type Urgency = (typeof URGENCIES)[number];
export const JURISDICTION_LEVELS = ['building', 'community', 'street', 'district'] as const;
/** Escalation ladder, bottom to top: 楼院 → 社区 → 街道 → 区. */
export type JurisdictionLevel = (typeof JURISDICTION_LEVELS)[number];

/** A time limit as configuration: how long, in what unit, and on what legal basis. */
export interface PeriodRule {
  readonly amount: number;
  readonly unit: PeriodUnit;
  readonly basis: DeadlineBasis;
}

/** How business time (`occurredAt`) is bounded and judged. */
export interface BusinessTimePolicy {
  /** A client clock may run this far ahead of the server's; a later `occurredAt` is refused. */
  readonly maxClockSkewSeconds: number;
  /** A fact older than this is recorded only with a `backdatingReason`. */
  readonly backdatingWindowDays: number;
  /** A fact recorded more than this after it happened counts as "recorded late" in the assessment. */
  readonly recordedLateAfterHours: number;
}

/**
 * The deadline policy: plain data, validated once at start-up with `validateCasePolicy`.
 * Limits vary by urgency (dispatch), by case type and jurisdiction level (handling), and by
 * dispute-specific rules.
 */
export interface CasePolicy {
  /** Sign (签收) limit after dispatch, per urgency. */
  readonly sign: Readonly<Record<Urgency, PeriodRule>>;
  /** First feedback (首次反馈) limit after dispatch, per urgency. */
  readonly firstFeedback: Readonly<Record<Urgency, PeriodRule>>;
  /** Time allowed to settle the case at each level, per case type (for disputes: the mediation ladder). */
  readonly levelLimits: Readonly<Record<CaseType, Readonly<Record<JurisdictionLevel, PeriodRule>>>>;
  readonly dispute: {
    /** Whole mediation, counted from registration ("normally within 1 month"). */
    readonly wholeMediation: PeriodRule;
    /** Joint application for judicial confirmation after the agreement takes effect (人民调解法 Art. 33). */
    readonly judicialConfirmation: PeriodRule;
  };
  /** How many centre-approved extensions a case may have (延期, once). */
  readonly maxExtensions: number;
  readonly calendar: CalendarOverrides;
  /** Bounds of business time; optional in a policy file (defaults: 300 s skew, 30 days, 24 hours). */
  readonly businessTime: BusinessTimePolicy;
}

const dispatchRule = (amount: number, unit: PeriodUnit, ruleId: string, note: string): PeriodRule => ({
  amount,
  unit,
  basis: { ruleId, law: '本地派单规则（12345 热线派单默认值）', note },
});

const ladder = (ruleId: string, days: number, level: string): PeriodRule => ({
  amount: days,
  unit: 'working_days',
  basis: { ruleId, law: '本地矛盾纠纷化解规则（"四级七天"）', note: `${level}: ${days} working day(s)` },
});

/** The defaults of docs/domain.md §3: 12345-style dispatch limits and the "four levels, seven days" ladder. */
export const defaultCasePolicy: CasePolicy = {
  sign: {
    emergency: dispatchRule(1, 'hours', 'dispatch.sign.emergency', 'emergency: sign within 1 hour'),
    utility: dispatchRule(
      2,
      'hours',
      'dispatch.sign.utility',
      'water/power/gas/heating: sign within 2 hours',
    ),
    general: dispatchRule(24, 'hours', 'dispatch.sign.general', 'general: sign within 24 hours'),
    complex: dispatchRule(24, 'hours', 'dispatch.sign.complex', 'complex: sign within 24 hours'),
  },
  firstFeedback: {
    emergency: dispatchRule(
      2,
      'hours',
      'dispatch.feedback.emergency',
      'emergency: first feedback within 2 hours',
    ),
    utility: dispatchRule(
      24,
      'hours',
      'dispatch.feedback.utility',
      'utility: first feedback within 24 hours',
    ),
    general: dispatchRule(
      7,
      'calendar_days',
      'dispatch.feedback.general',
      'general: first feedback within 7 days',
    ),
    complex: dispatchRule(
      15,
      'calendar_days',
      'dispatch.feedback.complex',
      'complex: first feedback within 15 days',
    ),
  },
  levelLimits: {
    dispute: {
      building: ladder('dispute.ladder.building', 1, 'building'),
      community: ladder('dispute.ladder.community', 2, 'community'),
      street: ladder('dispute.ladder.street', 2, 'street'),
      district: ladder('dispute.ladder.district', 2, 'district'),
    },
    petition: Object.fromEntries(
      JURISDICTION_LEVELS.map((level) => [
        level,
        {
          amount: 60,
          unit: 'calendar_days',
          basis: { ruleId: `petition.handling.${level}`, law: '信访工作条例', article: '第三十四条' },
        },
      ]),
    ) as Record<JurisdictionLevel, PeriodRule>,
    enforcement: Object.fromEntries(
      JURISDICTION_LEVELS.map((level) => [
        level,
        {
          amount: 90,
          unit: 'calendar_days',
          basis: { ruleId: `enforcement.decision.${level}`, law: '行政处罚法', article: '第六十条' },
        },
      ]),
    ) as Record<JurisdictionLevel, PeriodRule>,
  },
  dispute: {
    wholeMediation: {
      amount: 1,
      unit: 'months',
      basis: {
        ruleId: 'dispute.whole',
        law: '本地矛盾纠纷化解规则',
        note: 'whole mediation normally within 1 month, extendable',
      },
    },
    judicialConfirmation: {
      amount: 30,
      unit: 'calendar_days',
      basis: { ruleId: 'dispute.judicial-confirmation', law: '人民调解法', article: '第三十三条' },
    },
  },
  maxExtensions: 1,
  calendar: {},
  businessTime: { maxClockSkewSeconds: 300, backdatingWindowDays: 30, recordedLateAfterHours: 24 },
};

export class CasePolicyError extends DomainError {
  constructor(readonly errors: ReadonlyArray<string>) {
    super('CASE_POLICY.INVALID', 'invalid', `invalid case policy:\n  - ${errors.join('\n  - ')}`, { errors });
    this.name = 'CasePolicyError';
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function checkKeys(
  value: Record<string, unknown>,
  allowed: readonly string[],
  path: string,
  errors: string[],
): void {
  for (const key of Object.keys(value))
    if (!allowed.includes(key)) errors.push(`${path}.${key}: unknown field`);
}

function checkRule(value: unknown, path: string, errors: string[]): void {
  if (!isRecord(value)) {
    errors.push(`${path}: must be an object {amount, unit, basis}`);
    return;
  }
  checkKeys(value, ['amount', 'unit', 'basis'], path, errors);
  if (typeof value.amount !== 'number' || !Number.isInteger(value.amount) || value.amount <= 0) {
    errors.push(`${path}.amount: must be a positive whole number, got ${JSON.stringify(value.amount)}`);
  }
  if (!PERIOD_UNITS.includes(value.unit as PeriodUnit)) {
    errors.push(`${path}.unit: must be one of ${PERIOD_UNITS.join(', ')}, got ${JSON.stringify(value.unit)}`);
  }
  const basis = value.basis;
  if (!isRecord(basis)) {
    errors.push(`${path}.basis: must be an object {ruleId, law, article?, note?}`);
    return;
  }
  checkKeys(basis, ['ruleId', 'law', 'article', 'note'], `${path}.basis`, errors);
  for (const key of ['ruleId', 'law'] as const) {
    if (typeof basis[key] !== 'string' || (basis[key] as string).trim() === '')
      errors.push(`${path}.basis.${key}: must be a non-empty string`);
  }
  for (const key of ['article', 'note'] as const) {
    if (basis[key] !== undefined && typeof basis[key] !== 'string')
      errors.push(`${path}.basis.${key}: must be a string`);
  }
}

function checkRuleTable(value: unknown, keys: readonly string[], path: string, errors: string[]): void {
  if (!isRecord(value)) {
    errors.push(`${path}: must be an object with keys ${keys.join(', ')}`);
    return;
  }
  checkKeys(value, keys, path, errors);
  for (const key of keys) checkRule(value[key], `${path}.${key}`, errors);
}

function checkDayList(value: unknown, path: string, errors: string[]): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    errors.push(`${path}: must be an array of {date, name}`);
    return;
  }
  value.forEach((entry, index) => {
    if (!isRecord(entry) || !isLocalDate(entry.date) || typeof entry.name !== 'string' || entry.name === '') {
      errors.push(`${path}[${index}]: must be {date: "YYYY-MM-DD" (a real date), name: non-empty string}`);
    }
  });
}

function checkBusinessTime(value: unknown, errors: string[]): BusinessTimePolicy {
  const defaults = defaultCasePolicy.businessTime;
  if (value === undefined) return defaults;
  if (!isRecord(value)) {
    errors.push(
      'businessTime: must be an object {maxClockSkewSeconds?, backdatingWindowDays?, recordedLateAfterHours?}',
    );
    return defaults;
  }
  checkKeys(value, Object.keys(defaults), 'businessTime', errors);
  const whole = (key: keyof BusinessTimePolicy, min: number, max: number): number => {
    const v = value[key];
    if (v === undefined) return defaults[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      errors.push(
        `businessTime.${key}: must be a whole number from ${min} to ${max}, got ${JSON.stringify(v)}`,
      );
      return defaults[key];
    }
    return v;
  };
  return {
    maxClockSkewSeconds: whole('maxClockSkewSeconds', 0, 3600),
    backdatingWindowDays: whole('backdatingWindowDays', 1, 3660),
    recordedLateAfterHours: whole('recordedLateAfterHours', 1, 8784),
  };
}

/**
 * Checks a policy read from configuration and returns it typed. Throws `CasePolicyError`
 * (code `CASE_POLICY.INVALID`) listing every bad field, e.g. `sign.emergency.amount: must be a
 * positive whole number, got 0`.
 */
export function validateCasePolicy(input: unknown): CasePolicy {
  const errors: string[] = [];
  if (!isRecord(input)) throw new CasePolicyError(['(root): must be an object']);
  checkKeys(
    input,
    ['sign', 'firstFeedback', 'levelLimits', 'dispute', 'maxExtensions', 'calendar', 'businessTime'],
    '(root)',
    errors,
  );
  checkRuleTable(input.sign, URGENCIES, 'sign', errors);
  checkRuleTable(input.firstFeedback, URGENCIES, 'firstFeedback', errors);
  if (!isRecord(input.levelLimits)) {
    errors.push(`levelLimits: must be an object with keys ${CASE_TYPES.join(', ')}`);
  } else {
    checkKeys(input.levelLimits, CASE_TYPES, 'levelLimits', errors);
    for (const type of CASE_TYPES)
      checkRuleTable(input.levelLimits[type], JURISDICTION_LEVELS, `levelLimits.${type}`, errors);
  }
  checkRuleTable(input.dispute, ['wholeMediation', 'judicialConfirmation'], 'dispute', errors);
  if (
    typeof input.maxExtensions !== 'number' ||
    !Number.isInteger(input.maxExtensions) ||
    input.maxExtensions < 0
  ) {
    errors.push(`maxExtensions: must be a whole number ≥ 0, got ${JSON.stringify(input.maxExtensions)}`);
  }
  const calendar = input.calendar;
  if (!isRecord(calendar)) {
    errors.push('calendar: must be an object {holidays?, workingDays?, publishedYears?}');
  } else {
    checkKeys(calendar, ['holidays', 'workingDays', 'publishedYears'], 'calendar', errors);
    checkDayList(calendar.holidays, 'calendar.holidays', errors);
    checkDayList(calendar.workingDays, 'calendar.workingDays', errors);
    if (calendar.publishedYears !== undefined) {
      if (
        !Array.isArray(calendar.publishedYears) ||
        !calendar.publishedYears.every((y) => Number.isInteger(y) && y >= 1949 && y <= 2100)
      ) {
        errors.push('calendar.publishedYears: must be an array of years (1949–2100)');
      }
    }
    if (Array.isArray(calendar.holidays) && Array.isArray(calendar.workingDays)) {
      const rest = new Set(calendar.holidays.map((d: unknown) => (isRecord(d) ? d.date : undefined)));
      for (const day of calendar.workingDays) {
        if (isRecord(day) && rest.has(day.date))
          errors.push(`calendar: ${String(day.date)} is both a holiday and a working day`);
      }
    }
  }
  const businessTime = checkBusinessTime(input.businessTime, errors);
  if (errors.length > 0) throw new CasePolicyError(errors);
  return { ...(input as unknown as CasePolicy), businessTime };
}
