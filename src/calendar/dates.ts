/**
 * Calendar dates: YYYY-MM-DD strings in Asia/Shanghai, handled as day numbers (days since 1970-01-01 in the
 * proleptic Gregorian calendar), never as millisecond arithmetic on `Date`. The one place pol does date
 * arithmetic; evaluation, workflow, documents and the checker all use it.
 */

/** A calendar date written YYYY-MM-DD. */
export type CalendarDate = string;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The range of dates: arithmetic past it (a policy "issued" 9999-12-31, valid 3 years) stops at its ends
 * rather than writing a five-digit year that is no longer YYYY-MM-DD and compares wrongly as text.
 */
export const FIRST_DATE: CalendarDate = '0000-01-01';
export const LAST_DATE: CalendarDate = '9999-12-31';
const FIRST_DAY = -719528; // dayNumber('0000-01-01')
const LAST_DAY = 2932896; // dayNumber('9999-12-31')

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
  if (z >= LAST_DAY) return LAST_DATE;
  if (z <= FIRST_DAY) return FIRST_DATE;
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
  if (ny > 9999) return LAST_DATE;
  if (ny < 0) return FIRST_DATE;
  const last = nm === 12 ? dayNumber(`${String(ny).padStart(4, '0')}-12-31`) : dayNumber(`${String(ny).padStart(4, '0')}-${String(nm + 1).padStart(2, '0')}-01`) - 1;
  const first = dayNumber(`${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-01`);
  return fromDayNumber(Math.min(first + d - 1, last));
}

/**
 * Whole calendar months from `a` to `b` (注册满N个月): the largest n with a + n months ≤ b; negative
 * when b is earlier. 2023-01-31 → 2023-02-28 is one month (month ends clamp as in addMonths).
 */
export function wholeMonthsBetween(a: CalendarDate, b: CalendarDate): number {
  if (b < a) return -wholeMonthsBetween(b, a);
  const [ay, am] = a.split('-').map(Number) as [number, number];
  const [by, bm] = b.split('-').map(Number) as [number, number];
  let n = (by - ay) * 12 + (bm - am);
  while (n > 0 && addMonths(a, n) > b) n--;
  return n;
}

/** Days from `a` to `b` (positive when b is later). */
export function daysBetween(a: CalendarDate, b: CalendarDate): number {
  return dayNumber(b) - dayNumber(a);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: CalendarDate): number {
  return (((dayNumber(date) + 4) % 7) + 7) % 7;
}

/** From this instant (1991-09-15 01:00 in Shanghai, when its last daylight-saving time ended) Asia/Shanghai is UTC+8 all year. */
const UTC8_FROM = Date.UTC(1991, 8, 14, 17);
const UTC8_UNTIL = Date.UTC(10000, 0, 1);
let shanghai: Intl.DateTimeFormat | undefined;

/**
 * Today in Asia/Shanghai (at `now`). Since 1991 that is the UTC date 8 hours later: Intl's time-zone data,
 * which costs a fresh process ~30 ms to load (every `pol wf` command asks for today), answers only before then.
 */
export function todayInShanghai(now: Date = new Date()): CalendarDate {
  const t = now.getTime();
  if (t >= UTC8_FROM && t < UTC8_UNTIL) return new Date(t + 8 * 3_600_000).toISOString().slice(0, 10);
  shanghai ??= new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
  return shanghai.format(now);
}


export function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
}
