/** Exact readings of the literal tokens: money to integer fen, percentages to ratios, dates checked. */
import type { DurationUnit, Literal } from './ast.ts';

export const CURRENCY_CODES: Record<string, string> = {
  元: 'CNY',
  CNY: 'CNY',
  美元: 'USD',
  USD: 'USD',
  港元: 'HKD',
  HKD: 'HKD',
  欧元: 'EUR',
  EUR: 'EUR',
  日元: 'JPY',
  JPY: 'JPY',
  英镑: 'GBP',
  GBP: 'GBP',
};

/** How a currency is written after an amount, for messages and documents. */
export const CURRENCY_WORDS: Record<string, string> = { CNY: '元', USD: '美元', HKD: '港元', EUR: '欧元', JPY: '日元', GBP: '英镑' };

const MULT: Record<string, number> = { '': 0, 万: 4, 亿: 8 };

export type LiteralError = { error: 'precision' | 'tooLarge' | 'badDate' };

/** `digits` scaled by 10^exp, exactly, or an error when it is not a whole number or too large. */
function scaled(digits: string, exp: number): number | LiteralError {
  const [int, frac = ''] = digits.split('.');
  const all = BigInt(int + frac);
  const shift = exp - frac.length;
  let v: bigint;
  if (shift >= 0) v = all * 10n ** BigInt(shift);
  else {
    const d = 10n ** BigInt(-shift);
    if (all % d !== 0n) return { error: 'precision' };
    v = all / d;
  }
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) return { error: 'tooLarge' };
  return Number(v);
}

export function readMoney(text: string): Literal | LiteralError {
  const m = /^(\d+(?:\.\d+)?)(万|亿)?([^/每]+?)(?:(?:\/|每)(.+))?$/.exec(text);
  if (!m) return { error: 'precision' };
  const fen = scaled(m[1]!, MULT[m[2] ?? '']! + 2);
  if (typeof fen !== 'number') return fen;
  const currency = CURRENCY_CODES[m[3]!] ?? m[3]!;
  return m[4] ? { type: 'money', fen, currency, perUnit: m[4], text } : { type: 'money', fen, currency, text };
}

export function readPercent(text: string): Literal | LiteralError {
  // 50% or 3个百分点 (percentage points)
  const digits = text.replace(/(?:[%％]|个百分点)$/, '');
  const frac = digits.split('.')[1] ?? '';
  const num = scaled(digits, frac.length);
  if (typeof num !== 'number') return num;
  return { type: 'percent', num, den: 100 * 10 ** frac.length, text };
}

export function readCount(text: string): Literal | LiteralError {
  const m = /^(\d+(?:\.\d+)?)(万|亿)?(.+)$/.exec(text)!;
  const value = Number(m[1]) * 10 ** MULT[m[2] ?? '']!;
  if (!Number.isFinite(value) || value > Number.MAX_SAFE_INTEGER) return { error: 'tooLarge' };
  return { type: 'count', value, unit: m[3]!, text };
}

export function readNumber(text: string): Literal | LiteralError {
  const m = /^(\d+(?:\.\d+)?)(万|亿)?$/.exec(text)!;
  const value = Number(m[1]) * 10 ** MULT[m[2] ?? '']!;
  if (!Number.isFinite(value) || value > Number.MAX_SAFE_INTEGER) return { error: 'tooLarge' };
  return { type: 'number', value, text };
}

const DURATION_UNITS: Record<string, DurationUnit> = { 年: 'year', 个月: 'month', 日: 'day', 天: 'day', 工作日: 'workday' };

export function readDuration(text: string): Literal | LiteralError {
  const m = /^(\d+)(.+)$/.exec(text)!;
  const amount = Number(m[1]);
  if (!Number.isSafeInteger(amount)) return { error: 'tooLarge' };
  return { type: 'duration', amount, unit: DURATION_UNITS[m[2]!]!, text };
}

/** A real calendar date YYYY-MM-DD (no time, no zone: calendar dates in Asia/Shanghai). */
export { isCalendarDate } from '../calendar/dates.ts';
import { isCalendarDate } from '../calendar/dates.ts';

export function readDate(text: string): Literal | LiteralError {
  return isCalendarDate(text) ? { type: 'date', value: text, text } : { error: 'badDate' };
}

export function isLiteralError(x: Literal | LiteralError): x is LiteralError {
  return 'error' in x;
}
