import { describe, expect, it } from '@jest/globals';
import { addMonths, endOfLocalDay, isInstant, isLocalDate, localDateOf } from './local-date.js';

describe('local dates in China Standard Time', () => {
  it('takes the CST date of an instant, whatever its offset', () => {
    expect(localDateOf('2026-09-25T20:00:00Z')).toBe('2026-09-26');
    expect(localDateOf('2026-09-25T15:59:59.999Z')).toBe('2026-09-25');
    expect(localDateOf('2026-09-26T00:00:00+08:00')).toBe('2026-09-26');
  });
  it('writes 24:00 of a day as 00:00 of the next day in +08:00', () => {
    expect(endOfLocalDay('2026-10-09')).toBe('2026-10-10T00:00:00+08:00');
    expect(endOfLocalDay('2026-12-31')).toBe('2027-01-01T00:00:00+08:00');
  });
  it('clamps month arithmetic to the month end', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-12-15', 2)).toBe('2027-02-15');
  });
  it('accepts only real calendar dates written YYYY-MM-DD', () => {
    expect(isLocalDate('2024-02-29')).toBe(true);
    expect(isLocalDate('2026-02-30')).toBe(false);
    expect(isLocalDate('2026-2-3')).toBe(false);
    expect(isLocalDate(20260203)).toBe(false);
  });
  it('accepts only ISO-8601 instants that carry an offset or Z', () => {
    expect(isInstant('2026-09-25T20:00:00Z')).toBe(true);
    expect(isInstant('2026-09-25T20:00+08:00')).toBe(true);
    expect(isInstant('2026-09-25T20:00:00')).toBe(false);
    expect(isInstant('2026-09-25')).toBe(false);
    expect(isInstant('2026-13-25T20:00:00Z')).toBe(false);
  });
});
