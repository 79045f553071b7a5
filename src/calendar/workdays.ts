/**
 * The working-day calendar (工作日): public holidays (法定节假日) and make-up working days (调休上班) from the npm
 * package `chinese-days` (https://github.com/vsme/chinese-days, MIT), whose data follow the State Council's
 * yearly holiday notices (国务院办公厅关于部分节假日安排的通知) and cover 2004–2026 in the version pinned here
 * (1.5.7). Its data file `dist/chinese-days.json` is read once, on first use.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dayNumber, fromDayNumber, weekday, type CalendarDate } from './dates.ts';

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
  const end = dayNumber(b);
  for (let z = dayNumber(a) + 1; z <= end; z++) if (isWorkday(fromDayNumber(z))) n += 1;
  return n;
}

/** The next working day on or after `date`. */
export function onOrNextWorkday(date: CalendarDate): CalendarDate {
  let z = dayNumber(date);
  while (!isWorkday(fromDayNumber(z))) z += 1;
  return fromDayNumber(z);
}
