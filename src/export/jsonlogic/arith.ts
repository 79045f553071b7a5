/**
 * The evaluator's exact arithmetic (src/eval/values.ts) rewritten as JSON Logic over floating-point
 * numbers that stay exact: money is integer fen, a rational is an array [n, d] of integers with d > 0,
 * and every product or sum that could leave the exactly representable integers (|x| ≤ 2^53 − 1) is
 * checked (`env.check`) unless bounds known at export time show it cannot: where one would, the
 * rule answers null instead of a wrong number.
 * Calendar dates are "YYYY-MM-DD" strings, taken apart with `substr` and rebuilt with `cat`.
 */
import { add, and, arr, bounded, floorDiv, iff, isNull, k, MAX_SAFE, mod, mul, notNull, op, or, safe, sub, type Env, type H } from './builder.ts';

/** A rational value: [n, d] (or null), with bounds on |n| and d. */
export interface QVal {
  h: H;
  nMax: number;
  dMax: number;
}

/** Math.round(y) for y ≥ 0 (money in yuan × 100): floor(y) + (fraction ≥ 0.5). */
export function roundHalfUp(env: Env, y: H): H {
  const b = env.bind(y);
  const frac = op('%', b, 1);
  return add(sub(b, frac), iff(op('>=', frac, 0.5), 1, 0));
}

/** Nearest integer to y, for y within a hair of one (either sign); y is a small expression, repeated. */
function nearestInt(y: H): H {
  const frac = op('%', y, 1);
  const trunc = sub(y, frac);
  return iff(op('>=', frac, 0.5), add(trunc, 1), op('<=', frac, -0.5), sub(trunc, 1), trunc);
}

/** How many decimals String(x) may show and be read exactly: 10^15 is the last power of ten below 2^53. */
export const MAX_DECIMALS = 15;
/** n < 2^51 keeps x·10^k within rounding distance of n. */
const EXACT_SCALED = 2 ** 51;

/**
 * Q.fromNumber(x): the rational that String(x) spells (0.1 → [1, 10], 12.5 → [125, 10]); null for
 * null. A safe integer is [x, 1]; otherwise the position of "." in String(x) gives the decimals k,
 * and n = x·10^k rounded. An exponent form (1e-7), more than `maxDecimals` decimals or more digits
 * than fit is not exact: checked.
 */
export function rationalOf(env: Env, x: H, maxDecimals = MAX_DECIMALS): QVal {
  const xb = env.bind(x);
  const s = env.bind(op('cat', xb));
  const isInt = env.bind(and(op('===', op('%', xb, 1), 0), op('<=', -MAX_SAFE, xb, MAX_SAFE)));
  // 10^k for the k decimals String(x) shows: where its "." stands from the end
  const tests: H[] = [];
  for (let d = 1; d <= maxDecimals; d++) tests.push(op('===', op('substr', s, -(d + 1), 1), '.'), k(10 ** d));
  const scale = env.bind(iff(isInt, 1, ...tests, null));
  const n = env.bind(nearestInt(mul(xb, scale)));
  const q = env.bind(iff(isNull(xb), null, isNull(scale), null, arr(n, scale)));
  // exact when: unknown, an integer, or a decimal without exponent whose digits fit
  env.check(or(isNull(xb), isInt, and(op('!', op('in', 'e', s)), notNull(scale), op('<', -EXACT_SCALED, n, EXACT_SCALED))));
  return { h: q, nMax: MAX_SAFE, dMax: 10 ** maxDecimals };
}

/** Numerator and denominator of a rational, with their bounds (constants stay constants). */
export function parts(env: Env, q: QVal): [H, H] {
  return [bounded(env.part(q.h, 0), q.nMax), bounded(env.part(q.h, 1), q.dMax)];
}

/** A product that must stay exact (checked unless the bounds of a and b show it does). */
export function mulExact(env: Env, a: H, b: H, guard: H): H {
  if (typeof a.e === 'number' && typeof b.e === 'number') return k(a.e * b.e);
  const p = mul(a, b);
  env.check(or(guard, safe(p)));
  return p;
}

/**
 * mulFloor(fen, n, d): floor(fen × n / d) for d > 0, exactly: floor(p / d) where p = fen × n is exact
 * (|p| ≤ 2^53 − 1), else q·n + floor(r·n / d) with q = floor(fen / d) and r = fen − q·d in [0, d),
 * whose products stay below the result and d·n. `unknown` is true where an operand is null (then
 * nothing is checked).
 */
export function mulFloor(env: Env, fen: H, n: H, d: H, unknown: H): H {
  if (d.e === 1) return mulExact(env, fen, n, unknown);
  const f = env.bind(fen);
  const p = env.bind(mul(f, n));
  const direct = floorDiv(p, d);
  const pSafe = safe(p);
  if (pSafe.e === true) return env.bind(direct);
  const q = env.bind(floorDiv(f, d));
  const r = env.bind(bounded(sub(f, mul(q, d)), d.max));
  const qn = mul(q, n);
  const rn = mul(r, n);
  const split = add(qn, floorDiv(rn, d));
  const splitSafe = and(safe(qn), safe(rn), safe(split));
  // where the bounds show the split form always exact, it alone will do
  if (splitSafe.e === true) return env.bind(split);
  env.check(or(unknown, pSafe, splitSafe));
  return env.bind(iff(pSafe, direct, split));
}

// ---- calendar dates, as src/eval/values.ts computes them

const num = (s: H): H => op('+', s);
/** [year, month, day] of a "YYYY-MM-DD" string, as numbers. */
export function dateParts(env: Env, s: H): [H, H, H] {
  return [env.bind(num(op('substr', s, 0, 4))), env.bind(num(op('substr', s, 5, 2))), env.bind(num(op('substr', s, 8, 2)))];
}

function isLeap(y: H): H {
  return or(and(op('===', op('%', y, 4), 0), op('!==', op('%', y, 100), 0)), op('===', op('%', y, 400), 0));
}

function daysInMonth(y: H, m: H): H {
  return iff(op('===', m, 2), iff(isLeap(y), 29, 28), op('in', m, [4, 6, 9, 11]), 30, 31);
}

function pad(v: H, width: 2 | 4): H {
  return width === 2
    ? op('cat', iff(op('<', v, 10), '0', ''), v)
    : op('cat', iff(op('<', v, 10), '000', op('<', v, 100), '00', op('<', v, 1000), '0', ''), v);
}

function format(y: H, m: H, d: H): H {
  return op('cat', pad(y, 4), '-', pad(m, 2), '-', pad(d, 2));
}

/** addMonths(date, n): a day past the end of the target month becomes its last day. */
export function addMonths(env: Env, s: H, n: number): H {
  const [y, m, d] = dateParts(env, s);
  const total = env.bind(add(add(mul(y, k(12)), m), k(n - 1)));
  const ny = env.bind(floorDiv(total, k(12)));
  const nm = env.bind(add(sub(total, mul(ny, k(12))), k(1)));
  return format(ny, nm, op('min', d, daysInMonth(ny, nm)));
}

/** addDays(date, n) through the day number (days since 1970-01-01), as values.ts does. */
export function addDays(env: Env, s: H, n: number): H {
  const [y0, m, d] = dateParts(env, s);
  const y = env.bind(sub(y0, iff(op('<=', m, 2), 1, 0)));
  const era = env.bind(floorDiv(y, k(400)));
  const yoe = env.bind(sub(y, mul(era, k(400))));
  const doy = sub(add(floorDiv(add(mul(k(153), add(m, iff(op('>', m, 2), -3, 9))), k(2)), k(5)), d), k(1));
  const doe = add(sub(add(mul(yoe, k(365)), floorDiv(yoe, k(4))), floorDiv(yoe, k(100))), doy);
  // z + n + 719468, with z = era·146097 + doe − 719468
  const z = env.bind(add(add(mul(era, k(146097)), doe), k(n)));
  const era2 = env.bind(floorDiv(z, k(146097)));
  const doe2 = env.bind(sub(z, mul(era2, k(146097))));
  const yoe2 = env.bind(floorDiv(add(sub(doe2, floorDiv(doe2, k(1460))), sub(floorDiv(doe2, k(36524)), floorDiv(doe2, k(146096)))), k(365)));
  const doy2 = env.bind(sub(doe2, sub(add(mul(k(365), yoe2), floorDiv(yoe2, k(4))), floorDiv(yoe2, k(100)))));
  const mp = env.bind(floorDiv(add(mul(k(5), doy2), k(2)), k(153)));
  const day = add(sub(doy2, floorDiv(add(mul(k(153), mp), k(2)), k(5))), k(1));
  const month = env.bind(add(mp, iff(op('<', mp, 10), 3, -9)));
  const year = add(add(mul(era2, k(400)), yoe2), iff(op('<=', month, 2), 1, 0));
  return format(year, month, day);
}

// ---- comparing products beyond 2^53

const LIMB = 2 ** 24;

/** v = l₂·2^48 + l₁·2^24 + l₀ with l₀, l₁ in [0, 2^24) and l₂ signed, for a safe integer v. */
function limbs(env: Env, v: H): [H, H, H] {
  const b = env.bind(v);
  const l0 = env.bind(mod(b, LIMB));
  const v1 = env.bind(floorDiv(b, LIMB));
  const l1 = env.bind(mod(v1, LIMB));
  const l2 = env.bind(floorDiv(v1, LIMB));
  return [l0, l1, l2];
}

/**
 * The sign (−1, 0, 1) of x·a − y·b for safe integers, exactly, however large the products: each is
 * written in limbs of 2^24, whose products (< 2^50) and sums stay exact; the difference is then
 * normalised limb by limb (carries by exact floor division) and read from the top.
 */
export function cmpProducts(env: Env, x: H, a: H, y: H, b: H): H {
  const xs = limbs(env, x);
  const as = limbs(env, a);
  const ys = limbs(env, y);
  const bs = limbs(env, b);
  const pos = (u: [H, H, H], w: [H, H, H], i: number): H => {
    const terms: H[] = [];
    for (let j = 0; j <= 2; j++) if (i - j >= 0 && i - j <= 2) terms.push(mul(u[j]!, w[i - j]!));
    return terms.reduce((s, t) => add(s, t));
  };
  let carry: H = k(0);
  const digits: H[] = [];
  for (let i = 0; i <= 4; i++) {
    const d = env.bind(add(sub(pos(xs, as, i), pos(ys, bs, i)), carry));
    if (i === 4) digits.push(d);
    else {
      digits.push(env.bind(mod(d, LIMB)));
      carry = env.bind(floorDiv(d, LIMB));
    }
  }
  const [d0, d1, d2, d3, d4] = digits as [H, H, H, H, H];
  return iff(op('<', d4, 0), -1, op('>', d4, 0), 1, op('>', add(add(d3, d2), add(d1, d0)), 0), 1, 0);
}
