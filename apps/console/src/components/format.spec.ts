import { describe, expect, it } from '@jest/globals';
import { formatDate, formatFen, formatInstant, formatRate, todayInCst } from './format';

describe('dates and money as read in China', () => {
  it('shows instants in China Standard Time whatever the browser zone', () => {
    expect(formatInstant('2026-03-31T16:30:00Z')).toBe('2026-04-01 00:30');
    expect(formatDate('2026-03-31T16:30:00Z')).toBe('2026-04-01');
    expect(formatInstant(null)).toBe('—');
  });

  it('takes the CST calendar day for today', () => {
    expect(todayInCst(Date.parse('2026-12-07T17:00:00Z'))).toBe('2026-12-08');
  });

  it('writes fen as yuan and rates as percentages', () => {
    expect(formatFen(123456)).toBe('¥1,234.56');
    expect(formatRate(0.8766)).toBe('87.7%');
    expect(formatRate(null)).toBe('—');
  });
});
