import { describe, expect, it } from '@jest/globals';
import chineseDays from 'chinese-days';
import {
  countCalendarDays,
  countHours,
  countMonths,
  countPeriod,
  countWorkingDays,
  createWorkingDayCalendar,
  deadlineStatus,
  LUNAR_ANCHORS,
  officialCalendar,
  type DeadlineBasis,
} from './index.js';

const basis: DeadlineBasis = { ruleId: 'test.rule', law: '行政处罚法', article: '第六十四条' };
const cal = officialCalendar;

describe('WorkingDayCalendar on the official 2026 schedule (chinese-days data)', () => {
  it('publishes 2004–2026 and nothing later', () => {
    expect(cal.publishedYears[0]).toBe(2004);
    expect(cal.publishedYears.at(-1)).toBe(2026);
    expect(cal.publishedYears).not.toContain(2027);
  });
  it('knows the Spring Festival 2026 holidays and make-up working days', () => {
    for (const date of [
      '2026-02-15',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-02-21',
      '2026-02-22',
      '2026-02-23',
    ]) {
      expect(cal.dayInfo(date)).toMatchObject({
        working: false,
        kind: 'holiday',
        name: '春节',
        source: 'official',
        provisional: false,
      });
    }
    expect(cal.dayInfo('2026-02-14')).toMatchObject({ working: true, kind: 'makeup_workday', name: '春节' });
    expect(cal.dayInfo('2026-02-28')).toMatchObject({ working: true, kind: 'makeup_workday', name: '春节' });
    expect(cal.dayInfo('2026-02-24')).toMatchObject({ working: true, kind: 'workday' });
  });
  it('knows Mid-Autumn and National Day 2026 with their make-up days', () => {
    expect(cal.dayInfo('2026-09-25')).toMatchObject({ working: false, name: '中秋' });
    expect(cal.dayInfo('2026-10-07')).toMatchObject({ working: false, name: '国庆节' });
    expect(cal.dayInfo('2026-09-20')).toMatchObject({
      working: true,
      kind: 'makeup_workday',
      name: '国庆节',
    });
    expect(cal.dayInfo('2026-10-10')).toMatchObject({
      working: true,
      kind: 'makeup_workday',
      name: '国庆节',
    });
    expect(cal.dayInfo('2026-10-11')).toMatchObject({ working: false, kind: 'weekend' });
  });
});

describe('fallback for unpublished years (2027)', () => {
  it('treats 2027-01-01 as a provisional holiday, where chinese-days says it is a working day', () => {
    expect(chineseDays.isWorkday('2027-01-01')).toBe(true); // the package's blind spot
    expect(cal.dayInfo('2027-01-01')).toEqual({
      date: '2027-01-01',
      working: false,
      kind: 'holiday',
      name: '元旦',
      source: 'fallback',
      provisional: true,
    });
  });
  it('applies the 2024 statutory holidays with real lunar dates', () => {
    for (const date of ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08'])
      expect(cal.dayInfo(date)).toMatchObject({ working: false, name: '春节' });
    expect(cal.dayInfo('2027-02-09')).toMatchObject({ working: true, provisional: true });
    expect(cal.dayInfo('2027-04-05')).toMatchObject({ working: false, name: '清明节' });
    expect(cal.dayInfo('2027-05-01')).toMatchObject({ working: false, name: '劳动节' });
    expect(cal.dayInfo('2027-05-02')).toMatchObject({ working: false, name: '劳动节' });
    // No bridging days or make-up days are invented for an unpublished year.
    expect(cal.dayInfo('2027-05-03')).toMatchObject({ working: true, kind: 'workday', provisional: true });
    expect(cal.dayInfo('2027-06-09')).toMatchObject({ working: false, name: '端午节' });
    expect(cal.dayInfo('2027-09-15')).toMatchObject({ working: false, name: '中秋节' });
    expect(cal.dayInfo('2027-10-03')).toMatchObject({ working: false, name: '国庆节' });
    expect(cal.dayInfo('2027-10-04')).toMatchObject({ working: true });
  });
  it('has lunar anchors matching the chinese-days conversion', () => {
    // The package reads the host time zone; west of UTC it shifts by one day, so compare only east of it.
    if (new Date(Date.UTC(2027, 0, 1)).getTimezoneOffset() > 0) return;
    for (const [year, anchors] of Object.entries(LUNAR_ANCHORS)) {
      expect(chineseDays.getSolarDateFromLunar(`${year}-01-01`).date).toBe(anchors.springFestival);
      expect(chineseDays.getSolarDateFromLunar(`${year}-05-05`).date).toBe(anchors.dragonBoat);
      expect(chineseDays.getSolarDateFromLunar(`${year}-08-15`).date).toBe(anchors.midAutumn);
      expect(chineseDays.getSolarTermDate(Number(year), 4, 'pure_brightness')).toBe(anchors.qingming);
    }
  });
  it('refuses a year it cannot answer', () => {
    expect(() => cal.dayInfo('2041-03-01')).toThrow(/does not cover 2041/);
    expect(cal.covers(2040)).toBe(true);
    expect(cal.covers(2041)).toBe(false);
  });
});

describe('working days (行政处罚法 Art. 85 style)', () => {
  it('crosses Spring Festival 2026, counting the Saturday make-up day 2026-02-14', () => {
    const deadline = countWorkingDays(cal, { trigger: '2026-02-12T10:00:00+08:00', amount: 5, basis });
    expect(deadline.dueAt).toBe('2026-02-27T00:00:00+08:00');
    expect(deadline.basis).toBe(basis);
    expect(deadline.counting).toMatchObject({
      trigger: '2026-02-12T10:00:00+08:00',
      startDay: '2026-02-13',
      unit: 'working_days',
      amount: 5,
      lastDay: '2026-02-26',
      makeupWorkdaysCounted: ['2026-02-14'],
      endMovedPastHoliday: false,
      provisional: false,
    });
    expect(deadline.counting.skipped.map((d) => d.date)).toEqual([
      '2026-02-15',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-02-21',
      '2026-02-22',
      '2026-02-23',
    ]);
    expect(deadline.counting.skipped.every((d) => d.kind === 'holiday' && d.name === '春节')).toBe(true);
    expect(deadline.counting.explanation).toContain('2026-02-26');
  });
  it('crosses National Day 2026, counting the Saturday make-up day 2026-10-10', () => {
    const deadline = countWorkingDays(cal, { trigger: '2026-09-30T15:00:00+08:00', amount: 7, basis });
    expect(deadline.counting.lastDay).toBe('2026-10-15');
    expect(deadline.dueAt).toBe('2026-10-16T00:00:00+08:00');
    expect(deadline.counting.makeupWorkdaysCounted).toEqual(['2026-10-10']);
    expect(deadline.counting.skipped.map((d) => `${d.date}:${d.kind}`)).toEqual([
      '2026-10-01:holiday',
      '2026-10-02:holiday',
      '2026-10-03:holiday',
      '2026-10-04:holiday',
      '2026-10-05:holiday',
      '2026-10-06:holiday',
      '2026-10-07:holiday',
      '2026-10-11:weekend',
    ]);
  });
  it('counts the Sunday make-up day 2026-09-20 before Mid-Autumn', () => {
    const deadline = countWorkingDays(cal, { trigger: '2026-09-18T09:00:00+08:00', amount: 3, basis });
    expect(deadline.counting.makeupWorkdaysCounted).toEqual(['2026-09-20']);
    expect(deadline.counting.lastDay).toBe('2026-09-22');
  });
  it('does not count the trigger day even when the trigger is late at night UTC', () => {
    // 2026-02-12T17:00Z is 2026-02-13 01:00 CST: the trigger day is the 13th.
    const deadline = countWorkingDays(cal, { trigger: '2026-02-12T17:00:00Z', amount: 1, basis });
    expect(deadline.counting.trigger).toBe('2026-02-13T01:00:00+08:00');
    expect(deadline.counting.startDay).toBe('2026-02-14');
    expect(deadline.counting.lastDay).toBe('2026-02-14');
  });
  it('is provisional when it runs into 2027', () => {
    const deadline = countWorkingDays(cal, { trigger: '2026-12-30T09:00:00+08:00', amount: 3, basis });
    expect(deadline.counting.lastDay).toBe('2027-01-05');
    expect(deadline.counting.skipped.map((d) => d.date)).toEqual(['2027-01-01', '2027-01-02', '2027-01-03']);
    expect(deadline.counting.provisional).toBe(true);
    expect(deadline.counting.explanation).toContain('provisional');
  });
  it('is not provisional within 2026', () => {
    expect(
      countWorkingDays(cal, { trigger: '2026-12-01T09:00:00+08:00', amount: 3, basis }).counting.provisional,
    ).toBe(false);
  });
  it('counts from the day after afterDay when given (extensions)', () => {
    const deadline = countWorkingDays(cal, {
      trigger: '2026-09-01T09:00:00+08:00',
      afterDay: '2026-09-30',
      amount: 1,
      basis,
    });
    expect(deadline.counting.lastDay).toBe('2026-10-08');
  });
});

describe('calendar days (民法典 Arts. 201–203)', () => {
  it('ends on the day after the holiday when the last day falls in National Day 2026', () => {
    const deadline = countCalendarDays(cal, { trigger: '2026-09-25T20:00:00Z', amount: 7, basis });
    expect(deadline.counting).toMatchObject({
      startDay: '2026-09-27',
      nominalLastDay: '2026-10-03',
      lastDay: '2026-10-08',
      endMovedPastHoliday: true,
      provisional: false,
    });
    expect(deadline.counting.skipped.map((d) => d.date)).toEqual([
      '2026-10-03',
      '2026-10-04',
      '2026-10-05',
      '2026-10-06',
      '2026-10-07',
    ]);
    expect(deadline.dueAt).toBe('2026-10-09T00:00:00+08:00');
    expect(deadline.counting.explanation).toContain('民法典第二百零三条');
  });
  it('ends after Spring Festival 2026 when the last day falls in it', () => {
    const deadline = countCalendarDays(cal, { trigger: '2026-02-01T10:00:00+08:00', amount: 15, basis });
    expect(deadline.counting.nominalLastDay).toBe('2026-02-16');
    expect(deadline.counting.lastDay).toBe('2026-02-24');
  });
  it('does not move a last day that is a make-up working Saturday', () => {
    const deadline = countCalendarDays(cal, { trigger: '2026-10-03T10:00:00+08:00', amount: 7, basis });
    expect(deadline.counting.lastDay).toBe('2026-10-10');
    expect(deadline.counting.endMovedPastHoliday).toBe(false);
  });
  it('moves a last day on an ordinary weekend to Monday', () => {
    const deadline = countCalendarDays(cal, { trigger: '2026-03-04T10:00:00+08:00', amount: 3, basis });
    expect(deadline.counting.lastDay).toBe('2026-03-09');
    expect(deadline.counting.skipped).toEqual([
      { date: '2026-03-07', kind: 'weekend' },
      { date: '2026-03-08', kind: 'weekend' },
    ]);
  });
  it('keeps the plain case plain', () => {
    const deadline = countCalendarDays(cal, { trigger: '2026-03-02T10:00:00+08:00', amount: 15, basis });
    expect(deadline.dueAt).toBe('2026-03-18T00:00:00+08:00');
    expect(deadline.counting).toMatchObject({
      lastDay: '2026-03-17',
      skipped: [],
      endMovedPastHoliday: false,
    });
  });
  it('treats 2027-01-01 as a holiday and marks the result provisional', () => {
    const deadline = countCalendarDays(cal, { trigger: '2026-12-25T10:00:00+08:00', amount: 7, basis });
    expect(deadline.counting.nominalLastDay).toBe('2027-01-01');
    expect(deadline.counting.lastDay).toBe('2027-01-04');
    expect(deadline.counting.provisional).toBe(true);
  });
});

describe('months (民法典 Art. 202)', () => {
  it('clamps Jan 31 + 1 month to the end of February (2026-02-28 is a make-up working Saturday)', () => {
    const deadline = countMonths(cal, { trigger: '2026-01-31T10:00:00+08:00', amount: 1, basis });
    expect(deadline.counting.lastDay).toBe('2026-02-28');
    expect(deadline.counting.endMovedPastHoliday).toBe(false);
  });
  it('clamps on a published weekday (2025-02-28)', () => {
    expect(
      countMonths(cal, { trigger: '2025-01-31T10:00:00+08:00', amount: 1, basis }).counting.lastDay,
    ).toBe('2025-02-28');
  });
  it('clamps then moves off a weekend in 2027, provisionally', () => {
    const deadline = countMonths(cal, { trigger: '2027-01-31T10:00:00+08:00', amount: 1, basis });
    expect(deadline.counting).toMatchObject({
      nominalLastDay: '2027-02-28',
      lastDay: '2027-03-01',
      endMovedPastHoliday: true,
      provisional: true,
    });
  });
  it('takes the same date of the final month', () => {
    const deadline = countMonths(cal, { trigger: '2026-03-16T10:00:00+08:00', amount: 1, basis });
    expect(deadline.dueAt).toBe('2026-04-17T00:00:00+08:00');
  });
});

describe('hours', () => {
  it('runs round the clock over holidays', () => {
    const deadline = countHours(cal, { trigger: '2026-10-01T23:30:00+08:00', amount: 2, basis });
    expect(deadline.dueAt).toBe('2026-10-02T01:30:00+08:00');
    expect(deadline.counting).toMatchObject({ unit: 'hours', amount: 2, skipped: [], provisional: false });
  });
  it('normalises a UTC trigger to +08:00', () => {
    expect(countPeriod(cal, 'hours', { trigger: '2026-10-01T00:00:00.250Z', amount: 24, basis }).dueAt).toBe(
      '2026-10-02T08:00:00.250+08:00',
    );
  });
  it('refuses non-positive or fractional amounts', () => {
    expect(() => countHours(cal, { trigger: '2026-10-01T00:00:00Z', amount: 0, basis })).toThrow(RangeError);
    expect(() => countWorkingDays(cal, { trigger: '2026-10-01T00:00:00Z', amount: 1.5, basis })).toThrow(
      RangeError,
    );
    expect(() => countWorkingDays(cal, { trigger: '2026-10-01', amount: 1, basis })).toThrow(RangeError);
  });
});

describe('overrides', () => {
  it('adds local holidays and working days', () => {
    const local = createWorkingDayCalendar({
      holidays: [{ date: '2026-03-10', name: '地方纪念日' }],
      workingDays: [{ date: '2026-03-08', name: '地方调休' }],
    });
    const deadline = countWorkingDays(local, { trigger: '2026-03-06T10:00:00+08:00', amount: 3, basis });
    // 03-07 Sat skipped, 03-08 Sun worked (override), 03-09 Mon, 03-10 holiday skipped, 03-11 Wed
    expect(deadline.counting.lastDay).toBe('2026-03-11');
    expect(deadline.counting.makeupWorkdaysCounted).toEqual(['2026-03-08']);
    expect(deadline.counting.skipped).toEqual([
      { date: '2026-03-07', kind: 'weekend' },
      { date: '2026-03-10', kind: 'holiday', name: '地方纪念日' },
    ]);
  });
  it('declares a newly published year, replacing the fallback', () => {
    const published2027 = createWorkingDayCalendar({
      publishedYears: [2027],
      holidays: [
        { date: '2027-01-01', name: '元旦' },
        { date: '2027-01-02', name: '元旦' },
      ],
    });
    expect(published2027.dayInfo('2027-01-01')).toMatchObject({
      working: false,
      source: 'override',
      provisional: false,
    });
    expect(published2027.dayInfo('2027-02-08')).toMatchObject({ working: true, provisional: false });
    expect(
      countWorkingDays(published2027, { trigger: '2026-12-30T09:00:00+08:00', amount: 3, basis }).counting
        .provisional,
    ).toBe(false);
  });
  it('refuses contradictory or malformed overrides', () => {
    expect(() =>
      createWorkingDayCalendar({
        holidays: [{ date: '2026-03-10', name: 'a' }],
        workingDays: [{ date: '2026-03-10', name: 'b' }],
      }),
    ).toThrow(/both/);
    expect(() => createWorkingDayCalendar({ holidays: [{ date: '2026-02-30', name: 'a' }] })).toThrow(
      RangeError,
    );
  });
});

describe('deadlineStatus', () => {
  const nationalDay = countWorkingDays(cal, { trigger: '2026-09-30T15:00:00+08:00', amount: 7, basis });
  it('counts working days left after today', () => {
    expect(deadlineStatus(nationalDay, '2026-10-09T10:00:00+08:00')).toEqual({
      dueAt: '2026-10-16T00:00:00+08:00',
      daysLeft: 5,
      hoursLeft: 158,
      overdue: false,
    });
    expect(deadlineStatus(nationalDay, '2026-10-15T23:59:59+08:00')).toMatchObject({
      daysLeft: 0,
      overdue: false,
    });
  });
  it('is overdue from 24:00 of the last day, with negative days', () => {
    expect(deadlineStatus(nationalDay, '2026-10-16T00:00:00+08:00')).toMatchObject({
      daysLeft: -1,
      hoursLeft: 0,
      overdue: true,
    });
    expect(deadlineStatus(nationalDay, '2026-10-19T09:00:00+08:00')).toMatchObject({
      daysLeft: -2,
      overdue: true,
    });
  });
  it('counts calendar days for calendar periods', () => {
    const calendarDays = countCalendarDays(cal, { trigger: '2026-03-02T10:00:00+08:00', amount: 15, basis });
    expect(deadlineStatus(calendarDays, '2026-03-10T10:00:00Z')).toMatchObject({
      daysLeft: 7,
      overdue: false,
    });
  });
});
