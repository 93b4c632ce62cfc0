import { describe, expect, it } from '@jest/globals';
import { BadRequestException } from '@nestjs/common';
import { AsOfPipe, asOfLocalDate, readAsOf } from './as-of.js';

const NOW = Date.parse('2026-03-10T12:00:00+08:00');
const read = (value: string, future: 'refuse' | 'allow' = 'refuse') => readAsOf(value, { future, now: NOW });

describe('asOf: one meaning on every route', () => {
  it('given a date, it names the end of that day in China Standard Time', () => {
    expect(read('2026-03-01')).toEqual({ instant: new Date('2026-03-01T23:59:59.999+08:00') });
    expect(read('2026-03-01', 'allow')).toEqual({ instant: new Date('2026-03-01T23:59:59.999+08:00') });
  });

  it('given a date-time with an offset, it names that instant, whatever the offset', () => {
    expect(read('2026-03-01T08:30:00+08:00')).toEqual({ instant: new Date('2026-03-01T00:30:00Z') });
    expect(read('2026-03-01T00:30Z')).toEqual({ instant: new Date('2026-03-01T00:30:00Z') });
  });

  it('refuses a date-time without an offset instead of reading it in the server zone', () => {
    expect(read('2026-03-01T08:30:00')).toMatchObject({ problem: expect.stringContaining('offset') });
  });

  it('refuses dates that do not exist, in both forms', () => {
    expect(read('2026-02-30')).toHaveProperty('problem');
    expect(read('2026-02-30T00:00:00Z')).toHaveProperty('problem');
    expect(read('2026-13-01')).toHaveProperty('problem');
    expect(read('yesterday')).toHaveProperty('problem');
  });

  it('where the future is refused, today is now and tomorrow or a later instant is refused', () => {
    expect(read('2026-03-10')).toEqual({ instant: new Date(NOW) });
    expect(read('2026-03-11')).toEqual({ problem: 'asOf must not be in the future' });
    expect(read('2026-03-10T13:00:00+08:00')).toEqual({ problem: 'asOf must not be in the future' });
  });

  it('where the future is allowed (the case page projects its clocks), a later day stays its end', () => {
    expect(read('2026-03-11', 'allow')).toEqual({ instant: new Date('2026-03-11T23:59:59.999+08:00') });
    expect(read('2027-01-01T00:00:00Z', 'allow')).toEqual({ instant: new Date('2027-01-01T00:00:00Z') });
  });

  it('a date read by the registry comes back as that same CST day, an instant as the CST day it falls in', () => {
    const endOfDay = read('2026-03-01', 'allow') as { instant: Date };
    expect(asOfLocalDate(endOfDay.instant)).toBe('2026-03-01');
    expect(asOfLocalDate(new Date('2026-03-01T17:00:00Z'))).toBe('2026-03-02');
  });

  it('the pipe answers 400 naming asOf, and passes an absent asOf through', () => {
    const pipe = new AsOfPipe('refuse');
    expect(pipe.transform(undefined)).toBeUndefined();
    expect(() => pipe.transform('2026-03-01T08:30:00')).toThrow(BadRequestException);
    const refusal = (() => {
      try {
        pipe.transform(['2026-03-01', '2026-03-02']);
        return undefined;
      } catch (error) {
        return (error as BadRequestException).getResponse();
      }
    })();
    expect(refusal).toMatchObject({ code: 'VALIDATION.FAILED', errors: [{ field: 'asOf' }] });
  });
});
