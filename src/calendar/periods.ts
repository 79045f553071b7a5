/**
 * Periods counted on the calendar: step deadlines and publicity periods (公示期), for the workflow and the
 * documents alike. Date arithmetic lives in dates.ts and the holiday calendar in workdays.ts.
 *
 * Counting rules (民法典 第二百零一条、第二百零三条): a period starts the day after the day it is counted from;
 * a limit in 日 whose last day is not a working day ends on the next working day; a limit in 工作日 ends on
 * the N-th working day after the start.
 */
import { addDays, addMonths, daysBetween, type CalendarDate } from './dates.ts';
import { addWorkdays, onOrNextWorkday, workdaysBetween } from './workdays.ts';

export type LimitUnit = 'workday' | 'day' | 'month' | 'year';

/** A time limit as the rule graph states it (限 10工作日, 限 30日). */
export interface Limit {
  amount: number;
  unit: LimitUnit;
}

/** The last day of a period of `limit` counted from `start` (start day excluded). */
export function periodEnd(start: CalendarDate, limit: Limit): CalendarDate {
  switch (limit.unit) {
    case 'workday':
      return addWorkdays(start, limit.amount);
    case 'day':
      return onOrNextWorkday(addDays(start, limit.amount));
    case 'month':
      return onOrNextWorkday(addMonths(start, limit.amount));
    case 'year':
      return onOrNextWorkday(addMonths(start, 12 * limit.amount));
  }
}

/**
 * A publicity period (公示期) published on `date`: it opens on that day (or the next working day) and the
 * opening day counts, as public notices state it (公示期为3月11日至3月17日（5个工作日）).
 */
export function publicityWindow(date: CalendarDate, period: Limit): { from: CalendarDate; until: CalendarDate } {
  const from = onOrNextWorkday(date);
  const until = period.unit === 'workday' ? addWorkdays(from, period.amount - 1) : periodEnd(from, period);
  return { from, until };
}

const lateWorkdays = new Map<string, number>();

/** How late `today` is after the deadline `due`, in the limit's own unit (working days for 工作日, days otherwise). */
export function lateness(due: CalendarDate, today: CalendarDate, unit: LimitUnit): { amount: number; unit: 'workday' | 'day' } {
  if (unit === 'workday') {
    // A page of applications shares few deadlines: count the working days once per (due, today).
    const key = `${due}|${today}`;
    let amount = lateWorkdays.get(key);
    if (amount === undefined) {
      if (lateWorkdays.size > 4096) lateWorkdays.clear();
      lateWorkdays.set(key, (amount = workdaysBetween(due, today)));
    }
    return { amount, unit: 'workday' };
  }
  return { amount: Math.max(0, daysBetween(due, today)), unit: 'day' };
}

/** 10工作日, 30日, 2个月, 1年. */
export function limitText(limit: Limit): string {
  return `${limit.amount}${{ workday: '工作日', day: '日', month: '个月', year: '年' }[limit.unit]}`;
}
