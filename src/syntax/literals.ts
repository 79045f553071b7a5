/** Exact readings of the literal tokens: money to integer fen, percentages to ratios, dates checked. */
import { DURATION_UNITS } from '../values/duration.ts';
import { CURRENCY_CODES } from '../values/money.ts';
import type { Literal } from './ast.ts';

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
