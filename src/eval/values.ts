/**
 * Exact values for evaluation: money is integer fen (a JS number, always a safe integer); ratios,
 * percentages and counts are exact rationals over bigint; dates are calendar dates, never milliseconds.
 */
import { addDays, addMonths, LAST_DATE } from '../calendar/dates.ts';
import type { DurationUnit } from '../values/duration.ts';

/** An exact rational n/d with d > 0 (not necessarily reduced). */
export class Q {
  constructor(
    readonly n: bigint,
    readonly d: bigint,
  ) {}

  static of(n: bigint | number, d: bigint | number = 1n): Q {
    let nn = BigInt(n);
    let dd = BigInt(d);
    if (dd < 0n) {
      nn = -nn;
      dd = -dd;
    }
    return new Q(nn, dd);
  }

  /** A JS number read by its shortest decimal form (0.1 → 1/10, 12.5 → 125/10), so 0.1 means exactly one tenth. */
  static fromNumber(x: number): Q {
    if (Number.isSafeInteger(x)) return new Q(BigInt(x), 1n);
    const s = String(x);
    const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(s);
    if (!m) throw new Error(`not a finite number: ${s}`);
    const frac = m[3] ?? '';
    let n = BigInt(m[2]! + frac);
    let d = 10n ** BigInt(frac.length);
    const e = Number(m[4] ?? 0);
    if (e > 0) n *= 10n ** BigInt(e);
    else if (e < 0) d *= 10n ** BigInt(-e);
    return new Q(m[1] ? -n : n, d);
  }

  add(o: Q): Q {
    return this.d === o.d ? new Q(this.n + o.n, this.d) : reduce(this.n * o.d + o.n * this.d, this.d * o.d);
  }
  sub(o: Q): Q {
    return this.d === o.d ? new Q(this.n - o.n, this.d) : reduce(this.n * o.d - o.n * this.d, this.d * o.d);
  }
  mul(o: Q): Q {
    return reduce(this.n * o.n, this.d * o.d);
  }
  /** this / o; undefined when o is 0. */
  div(o: Q): Q | undefined {
    if (o.n === 0n) return undefined;
    return o.n < 0n ? reduce(-this.n * o.d, this.d * -o.n) : reduce(this.n * o.d, this.d * o.n);
  }
  cmp(o: Q): number {
    const a = this.n * o.d;
    const b = o.n * this.d;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  /** Largest integer ≤ this. */
  floor(): bigint {
    const q = this.n / this.d;
    return this.n < 0n && q * this.d !== this.n ? q - 1n : q;
  }
  toNumber(): number {
    return Number(this.n) / Number(this.d);
  }
  isZero(): boolean {
    return this.n === 0n;
  }
  /** Exact decimal when it has one with ≤ `max` decimals, else rounded to `max` decimals with a ≈ prefix. */
  toDecimal(max = 4): string {
    const r = reduce(this.n, this.d);
    const neg = r.n < 0n;
    const n = neg ? -r.n : r.n;
    const scale = 10n ** BigInt(max);
    const scaled = n * scale;
    const exact = scaled % r.d === 0n;
    const v = exact ? scaled / r.d : (scaled * 2n + r.d) / (2n * r.d);
    const int = v / scale;
    let frac = (v % scale).toString().padStart(max, '0').replace(/0+$/, '');
    const s = `${neg ? '-' : ''}${int}${frac ? '.' + frac : ''}`;
    return exact ? s : `约${s}`;
  }
}

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  while (b) [a, b] = [b, a % b];
  return a;
}

function reduce(n: bigint, d: bigint): Q {
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  if (d === 1n) return new Q(n, d);
  const g = gcd(n, d);
  return g > 1n ? new Q(n / g, d / g) : new Q(n, d);
}

export const Q_ZERO = new Q(0n, 1n);

const MAX = Number.MAX_SAFE_INTEGER;

/** floor(fen × n / d) exactly: number arithmetic while it is exact, bigint beyond 2^53. */
export function mulFloor(fen: number, n: bigint | number, d: bigint | number): number {
  if (typeof n === 'number' && typeof d === 'number') {
    const x = fen * n;
    if (x <= MAX && x >= -MAX) {
      let q = Math.floor(x / d);
      // the float division may be off by one near an integer: correct it exactly
      if (q * d > x) q -= 1;
      else if ((q + 1) * d <= x) q += 1;
      return q;
    }
  }
  return toSafe(Q.of(BigInt(fen) * BigInt(n), BigInt(d)).floor());
}

export function toSafe(x: bigint): number {
  if (x > BigInt(MAX) || x < -BigInt(MAX)) throw new RangeError('金额超出可精确表示的范围');
  return Number(x);
}

/** A ratio as a percentage: 1/2 → "50%", 1/8 → "12.5%". */
export function formatPercent(q: Q): string {
  return `${q.mul(new Q(100n, 1n)).toDecimal(4)}%`;
}

// ---- calendar dates: src/calendar/dates.ts (YYYY-MM-DD strings compare in calendar order)

export { addDays, addMonths, dayNumber, daysInMonth, fromDayNumber, isLeap } from '../calendar/dates.ts';

/** date + a duration; workdays follow the Chinese public-holiday calendar (chinese-days). */
export function addDuration(date: string, amount: number, unit: DurationUnit, workdays?: (date: string, n: number) => string): string {
  switch (unit) {
    case 'year':
      return addMonths(date, 12 * amount);
    case 'month':
      return addMonths(date, amount);
    case 'day':
      return addDays(date, amount);
    case 'workday':
      if (!workdays) throw new Error('workday arithmetic needs a holiday calendar');
      return workdays(date, amount);
  }
}

/** The last valid day of "自印发之日起 N年": the day before the N-th anniversary (2024-01-01, 3年 → 2026-12-31). */
export function lastDayFromIssuance(issued: string, amount: number, unit: DurationUnit, workdays?: (date: string, n: number) => string): string {
  const end = addDuration(issued, amount, unit, workdays);
  // past the last date pol knows, the validity simply runs to it (never a last day before the first)
  return end === LAST_DATE ? LAST_DATE : addDays(end, -1);
}
