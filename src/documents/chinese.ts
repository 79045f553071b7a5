/**
 * Chinese formatting for official documents: dates as documents write them (2025年3月1日) and the numbering
 * of levels (一、（一）1.（1）). Amounts (capitals, figures) and numerals are in src/values/.
 */
import { isCalendarDate } from '../calendar/dates.ts';
import { chineseNumber } from '../values/numerals.ts';

/** A calendar date as documents write it: 2025-03-01 → 2025年3月1日 (no zero padding). */
export function chineseDate(date: string): string {
  if (!isCalendarDate(date)) throw new RangeError(`不是有效的日期：${date}`);
  return `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}

/** Today's calendar date in Asia/Shanghai, YYYY-MM-DD. */
export function todayInShanghai(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Ordinal numbering of levels in official text: 一、 （一） 1. （1）. */
export function levelNumber(level: 1 | 2 | 3 | 4, n: number): string {
  switch (level) {
    case 1:
      return `${chineseNumber(n)}、`;
    case 2:
      return `（${chineseNumber(n)}）`;
    case 3:
      return `${n}.`;
    case 4:
      return `（${n}）`;
  }
}
