import { describe, expect, it } from '@jest/globals';
import {
  formatBytes,
  formatDate,
  formatFen,
  formatInstant,
  formatRate,
  instantOfCst,
  todayInCst,
} from './format';

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

  it('reads a time typed for an attachment as CST, the zone every instant is shown in', () => {
    expect(instantOfCst('2026-04-01T00:30')).toBe('2026-03-31T16:30:00.000Z');
    expect(formatInstant(instantOfCst('2026-12-08T09:05'))).toBe('2026-12-08 09:05');
    expect(instantOfCst('')).toBeUndefined();
    expect(instantOfCst('yesterday')).toBeUndefined();
  });

  it('writes file sizes as people read them', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(3_000)).toBe('2.9 KB');
    expect(formatBytes(150_000)).toBe('146 KB');
    expect(formatBytes(2_621_440)).toBe('2.5 MB');
  });
});
