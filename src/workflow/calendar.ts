/**
 * Calendar dates (YYYY-MM-DD, Asia/Shanghai) and the working-day calendar (工作日) used for step deadlines.
 *
 * Dates are handled as day numbers (days since 1970-01-01 in the proleptic Gregorian calendar), never as
 * millisecond arithmetic on `Date`. Public holidays (法定节假日) and make-up working days (调休上班) come from
 * the npm package `chinese-days` (https://github.com/vsme/chinese-days, MIT), whose data follow the State
 * Council's yearly holiday notices (国务院办公厅关于部分节假日安排的通知) and cover 2004–2026 in the version pinned
 * here (1.5.7). Its data file `dist/chinese-days.json` is read once, on first use.
 *
 * Counting rules (民法典 第二百零一条、第二百零三条): a period starts the day after the day it is counted from;
 * a limit in 日 whose last day is not a working day ends on the next working day; a limit in 工作日 ends on
 * the N-th working day after the start.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** A calendar date written YYYY-MM-DD. */
export type CalendarDate = string;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 for a civil date (H. Hinnant's days_from_civil). */
export function dayNumber(date: CalendarDate): number {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  let y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  y -= mo <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The civil date of a day number (H. Hinnant's civil_from_days). */
export function fromDayNumber(z: number): CalendarDate {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Whether the text is a real calendar date (2025-02-30 is not). */
export function isCalendarDate(s: unknown): s is CalendarDate {
  if (typeof s !== 'string' || !DATE_RE.test(s)) return false;
  return fromDayNumber(dayNumber(s)) === s;
}

export function addDays(date: CalendarDate, n: number): CalendarDate {
  return fromDayNumber(dayNumber(date) + n);
}

/** Add calendar months, keeping the day of month where it exists (01-31 + 1 month → 02-28/29). */
export function addMonths(date: CalendarDate, n: number): CalendarDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + n;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = dayNumber(`${String(nm === 12 ? ny + 1 : ny).padStart(4, '0')}-${String(nm === 12 ? 1 : nm + 1).padStart(2, '0')}-01`) - 1;
  const first = dayNumber(`${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-01`);
  return fromDayNumber(Math.min(first + d - 1, last));
}

/** Days from `a` to `b` (positive when b is later). */
export function daysBetween(a: CalendarDate, b: CalendarDate): number {
  return dayNumber(b) - dayNumber(a);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: CalendarDate): number {
  return (((dayNumber(date) + 4) % 7) + 7) % 7;
}

/** Today in Asia/Shanghai. */
export function todayInShanghai(): CalendarDate {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

interface HolidayData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

let data: { holidays: Map<string, string>; workdays: Map<string, string>; firstYear: number; lastYear: number } | undefined;

function holidayData(): NonNullable<typeof data> {
  if (data) return data;
  const require = createRequire(import.meta.url);
  const pkgJson = require.resolve('chinese-days/package.json');
  const raw = JSON.parse(readFileSync(pkgJson.replace(/package\.json$/, 'dist/chinese-days.json'), 'utf8')) as HolidayData;
  const years = Object.keys(raw.holidays).map((d) => Number(d.slice(0, 4)));
  data = {
    holidays: new Map(Object.entries(raw.holidays)),
    workdays: new Map(Object.entries(raw.workdays)),
    firstYear: Math.min(...years),
    lastYear: Math.max(...years),
  };
  return data;
}

/** The years whose holidays the calendar knows (outside them only weekends are days off). */
export function calendarCoverage(): { firstYear: number; lastYear: number; source: string } {
  const d = holidayData();
  return { firstYear: d.firstYear, lastYear: d.lastYear, source: 'chinese-days (npm), 国务院办公厅节假日安排' };
}

/** Whether the calendar knows the holidays of the year of `date`. */
export function isCovered(date: CalendarDate): boolean {
  const y = Number(date.slice(0, 4));
  const d = holidayData();
  return y >= d.firstYear && y <= d.lastYear;
}

/** What kind of day a date is, and why. */
export function dayKind(date: CalendarDate): { work: boolean; why: 'weekday' | 'weekend' | 'holiday' | 'makeup'; name?: string } {
  const d = holidayData();
  const makeup = d.workdays.get(date);
  if (makeup !== undefined) return { work: true, why: 'makeup', name: makeup.split(',')[1] };
  const holiday = d.holidays.get(date);
  if (holiday !== undefined) return { work: false, why: 'holiday', name: holiday.split(',')[1] };
  const wd = weekday(date);
  return wd === 0 || wd === 6 ? { work: false, why: 'weekend' } : { work: true, why: 'weekday' };
}

/** A working day (工作日): Monday to Friday except public holidays, plus make-up working days (调休上班). */
export function isWorkday(date: CalendarDate): boolean {
  return dayKind(date).work;
}

/** The N-th working day after `date` (the day itself not counted). */
export function addWorkdays(date: CalendarDate, n: number): CalendarDate {
  let z = dayNumber(date);
  let left = n;
  while (left > 0) {
    z += 1;
    if (isWorkday(fromDayNumber(z))) left -= 1;
  }
  return fromDayNumber(z);
}

/** Working days in (a, b]: how many working days later b is than a (0 when b ≤ a). */
export function workdaysBetween(a: CalendarDate, b: CalendarDate): number {
  let n = 0;
  for (let z = dayNumber(a) + 1; z <= dayNumber(b); z++) if (isWorkday(fromDayNumber(z))) n += 1;
  return n;
}

/** The next working day on or after `date`. */
export function onOrNextWorkday(date: CalendarDate): CalendarDate {
  let z = dayNumber(date);
  while (!isWorkday(fromDayNumber(z))) z += 1;
  return fromDayNumber(z);
}

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

/** How late `today` is after the deadline `due`, in the limit's own unit (working days for 工作日, days otherwise). */
export function lateness(due: CalendarDate, today: CalendarDate, unit: LimitUnit): { amount: number; unit: 'workday' | 'day' } {
  if (unit === 'workday') return { amount: workdaysBetween(due, today), unit: 'workday' };
  return { amount: Math.max(0, daysBetween(due, today)), unit: 'day' };
}

/** 10工作日, 30日, 2个月, 1年. */
export function limitText(limit: Limit): string {
  return `${limit.amount}${{ workday: '工作日', day: '日', month: '个月', year: '年' }[limit.unit]}`;
}
