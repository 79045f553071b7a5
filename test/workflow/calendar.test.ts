// The working-day calendar: dates as day numbers, Chinese public holidays and make-up working days
// (调休) from the chinese-days package, checked against the State Council's notices for 2024–2026.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addDays,
  addMonths,
  addWorkdays,
  calendarCoverage,
  dayKind,
  dayNumber,
  fromDayNumber,
  isCalendarDate,
  isWorkday,
  lateness,
  periodEnd,
  todayInShanghai,
  weekday,
  workdaysBetween,
} from '../../src/workflow/calendar.ts';

describe('calendar dates', () => {
  it('day numbers round-trip and agree with Date.UTC', () => {
    fc.assert(
      fc.property(fc.integer({ min: -200_000, max: 200_000 }), (z) => {
        const d = fromDayNumber(z);
        expect(dayNumber(d)).toBe(z);
        expect(Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / 86_400_000).toBe(z);
      }),
    );
  });

  it('knows weekdays, leap years and invalid dates', () => {
    expect(weekday('2025-03-03')).toBe(1); // Monday
    expect(weekday('2024-02-29')).toBe(4);
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2025-02-29')).toBe(false);
    expect(isCalendarDate('2025-13-01')).toBe(false);
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2025-11-15', 3)).toBe('2026-02-15');
  });

  it("today in Shanghai is Intl's date in Asia/Shanghai, before and after its last daylight-saving time (1991)", () => {
    const intl = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
    const edges = ['1991-07-01T15:30:00Z', '1991-09-14T16:59:59.999Z', '1991-09-14T17:00:00Z', '1991-09-14T15:59:59Z', '1991-09-14T16:00:00Z', '2025-06-30T15:59:59.999Z', '2025-06-30T16:00:00Z', '1970-01-01T00:00:00Z'];
    for (const t of edges) expect(todayInShanghai(new Date(t)), t).toBe(intl.format(new Date(t)));
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }), (t) => {
        expect(todayInShanghai(new Date(t))).toBe(intl.format(new Date(t)));
      }),
      { numRuns: 300 },
    );
    expect(todayInShanghai()).toBe(intl.format(new Date()));
  });
});

describe('working days (chinese-days data)', () => {
  it('covers at least 2024–2026', () => {
    const c = calendarCoverage();
    expect(c.firstYear).toBeLessThanOrEqual(2024);
    expect(c.lastYear).toBeGreaterThanOrEqual(2026);
  });

  it.each([
    // 2024 春节 2月10日至17日放假，2月4日（周日）、2月18日（周日）上班
    ['2024-02-12', false, 'holiday'],
    ['2024-02-04', true, 'makeup'],
    ['2024-02-18', true, 'makeup'],
    // 2024 国庆 10月1日至7日放假，9月29日（周日）、10月12日（周六）上班
    ['2024-10-07', false, 'holiday'],
    ['2024-09-29', true, 'makeup'],
    ['2024-10-12', true, 'makeup'],
    // 2025 国庆、中秋 10月1日至8日放假，9月28日（周日）、10月11日（周六）上班
    ['2025-10-08', false, 'holiday'],
    ['2025-09-28', true, 'makeup'],
    ['2025-10-11', true, 'makeup'],
    // 2025 春节 1月28日至2月4日放假，1月26日（周日）、2月8日（周六）上班
    ['2025-01-26', true, 'makeup'],
    ['2025-02-08', true, 'makeup'],
    // 2026 春节 2月15日至23日放假，2月14日（周六）、2月28日（周六）上班
    ['2026-02-16', false, 'holiday'],
    ['2026-02-14', true, 'makeup'],
    ['2026-02-28', true, 'makeup'],
    // 2026 国庆 10月1日至7日放假，9月20日（周日）、10月10日（周六）上班
    ['2026-10-05', false, 'holiday'],
    ['2026-09-20', true, 'makeup'],
    // ordinary days
    ['2025-03-03', true, 'weekday'],
    ['2025-03-08', false, 'weekend'],
  ] as const)('%s is %s (%s)', (date, work, why) => {
    expect(dayKind(date)).toMatchObject({ work, why });
    expect(isWorkday(date)).toBe(work);
  });

  it('counts working days after the start day, across holidays and make-up days', () => {
    expect(addWorkdays('2025-03-03', 10)).toBe('2025-03-17'); // two plain weeks
    expect(addWorkdays('2025-09-30', 1)).toBe('2025-10-09'); // over the National Day week
    expect(addWorkdays('2025-09-26', 1)).toBe('2025-09-28'); // a Sunday that is a make-up working day
    expect(addWorkdays('2026-02-13', 1)).toBe('2026-02-14'); // a Saturday make-up day
    expect(addWorkdays('2026-02-14', 1)).toBe('2026-02-24'); // over the Spring Festival
    expect(addWorkdays('2025-12-31', 2)).toBe('2026-01-05'); // 2026-01-01..03 off, 01-04 (Sun) make-up day
  });

  it('counts working days between two dates as the inverse of adding them', () => {
    fc.assert(
      fc.property(fc.integer({ min: dayNumber('2024-01-01'), max: dayNumber('2026-11-30') }), fc.integer({ min: 0, max: 40 }), (z, n) => {
        const start = fromDayNumber(z);
        expect(workdaysBetween(start, addWorkdays(start, n))).toBe(n);
      }),
    );
  });

  it('ends a limit in 日 on the next working day when its last day is a holiday', () => {
    expect(periodEnd('2025-03-03', { amount: 30, unit: 'day' })).toBe('2025-04-02');
    expect(periodEnd('2025-09-05', { amount: 30, unit: 'day' })).toBe('2025-10-09'); // 10-05 is a holiday
    expect(periodEnd('2025-03-03', { amount: 10, unit: 'workday' })).toBe('2025-03-17');
  });

  it('says how late in the limit’s own unit', () => {
    expect(lateness('2025-09-30', '2025-10-10', 'workday')).toEqual({ amount: 2, unit: 'workday' }); // 10-09, 10-10
    expect(lateness('2025-09-30', '2025-10-10', 'day')).toEqual({ amount: 10, unit: 'day' });
    expect(lateness('2025-09-30', '2025-09-30', 'day')).toEqual({ amount: 0, unit: 'day' });
  });
});
