import { describe, expect, it } from '@jest/globals';
import { CasePolicyError, defaultCasePolicy, validateCasePolicy } from './case-policy.js';

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('case policy', () => {
  it('has the domain defaults', () => {
    expect(defaultCasePolicy.sign.emergency).toMatchObject({ amount: 1, unit: 'hours' });
    expect(defaultCasePolicy.sign.utility).toMatchObject({ amount: 2, unit: 'hours' });
    expect(defaultCasePolicy.sign.general).toMatchObject({ amount: 24, unit: 'hours' });
    expect(defaultCasePolicy.firstFeedback.emergency).toMatchObject({ amount: 2, unit: 'hours' });
    expect(defaultCasePolicy.firstFeedback.utility).toMatchObject({ amount: 24, unit: 'hours' });
    expect(defaultCasePolicy.firstFeedback.general).toMatchObject({ amount: 7, unit: 'calendar_days' });
    expect(defaultCasePolicy.firstFeedback.complex).toMatchObject({ amount: 15, unit: 'calendar_days' });
    const ladder = defaultCasePolicy.levelLimits.dispute;
    expect(
      [ladder.building, ladder.community, ladder.street, ladder.district].map((r) => `${r.amount} ${r.unit}`),
    ).toEqual(['1 working_days', '2 working_days', '2 working_days', '2 working_days']);
    expect(defaultCasePolicy.dispute.wholeMediation).toMatchObject({ amount: 1, unit: 'months' });
    expect(defaultCasePolicy.dispute.judicialConfirmation).toMatchObject({
      amount: 30,
      unit: 'calendar_days',
      basis: { law: '人民调解法', article: '第三十三条' },
    });
    expect(defaultCasePolicy.maxExtensions).toBe(1);
  });

  it('accepts the defaults as read back from JSON', () => {
    expect(validateCasePolicy(clone(defaultCasePolicy))).toEqual(defaultCasePolicy);
  });

  it('lists every bad field at once', () => {
    const bad = clone(defaultCasePolicy) as unknown as Record<string, any>;
    bad.sign.emergency.amount = 0;
    bad.firstFeedback.general.unit = 'weeks';
    delete bad.levelLimits.dispute.street;
    bad.dispute.judicialConfirmation.basis.law = '';
    bad.maxExtensions = -1;
    bad.calendar = { holidays: [{ date: '2026-02-30', name: 'x' }], surprise: true };
    bad.extra = 1;
    let caught: unknown;
    try {
      validateCasePolicy(bad);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CasePolicyError);
    const error = caught as CasePolicyError;
    expect(error.code).toBe('CASE_POLICY.INVALID');
    expect(error.errors).toEqual([
      '(root).extra: unknown field',
      'sign.emergency.amount: must be a positive whole number, got 0',
      'firstFeedback.general.unit: must be one of hours, calendar_days, working_days, months, got "weeks"',
      'levelLimits.dispute.street: must be an object {amount, unit, basis}',
      'dispute.judicialConfirmation.basis.law: must be a non-empty string',
      'maxExtensions: must be a whole number ≥ 0, got -1',
      'calendar.surprise: unknown field',
      'calendar.holidays[0]: must be {date: "YYYY-MM-DD" (a real date), name: non-empty string}',
    ]);
    expect(error.message).toContain('sign.emergency.amount');
  });

  it('refuses a non-object', () => {
    expect(() => validateCasePolicy(null)).toThrow(/\(root\): must be an object/);
  });

  it('refuses a day both holiday and working day', () => {
    const bad = clone(defaultCasePolicy) as unknown as Record<string, any>;
    bad.calendar = {
      holidays: [{ date: '2026-03-10', name: 'a' }],
      workingDays: [{ date: '2026-03-10', name: 'b' }],
    };
    expect(() => validateCasePolicy(bad)).toThrow(/2026-03-10 is both a holiday and a working day/);
  });
});
