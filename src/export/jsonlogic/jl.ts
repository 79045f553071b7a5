/**
 * Portable JSON Logic over exact integers. Every number a rule computes is an integer whose magnitude
 * is bounded at export time below 2^53 (checked here: a bound beyond it throws `TooLarge`, and the
 * export refuses the rule rather than emit one that loses precision on some engine). Only operations
 * of the published JSON Logic spec, in the meaning every engine shares:
 *
 * - `/` only where the quotient is exact: floor(a / d) is written (a − a % d) / d for a ≥ 0;
 * - `%` only on non-negative operands (engines disagree on its sign otherwise);
 * - comparisons only between numbers (dates are day numbers), `===` on strings;
 * - no rule-valued `reduce` initial values, no array literals holding rules.
 */

/** A JSON Logic expression. */
export type JL = null | boolean | number | string | JL[] | { [op: string]: JL };

export const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** An integer expression: |value| ≤ max; nonneg when it is known never to be negative. */
export interface Int {
  e: JL;
  max: number;
  nonneg: boolean;
}

/** A bound that leaves the integers every engine holds exactly. */
export class TooLarge extends Error {}

export function int(e: JL, max: number, nonneg = false): Int {
  if (!(max <= MAX_SAFE)) throw new TooLarge();
  return { e, max, nonneg };
}

/** A constant integer. */
export const c = (n: number): Int => int(n, Math.abs(n), n >= 0);
export const op = (name: string, ...args: JL[]): JL => ({ [name]: args });
const isNum = (e: JL): e is number => typeof e === 'number';

export function add(a: Int, b: Int): Int {
  if (isNum(a.e) && isNum(b.e)) return c(a.e + b.e);
  if (b.e === 0) return a;
  if (a.e === 0) return b;
  return int(op('+', a.e, b.e), a.max + b.max, a.nonneg && b.nonneg);
}

export function sub(a: Int, b: Int): Int {
  if (isNum(a.e) && isNum(b.e)) return c(a.e - b.e);
  if (b.e === 0) return a;
  return int(op('-', a.e, b.e), a.max + b.max);
}

export function neg(a: Int): Int {
  return isNum(a.e) ? c(-a.e) : int(op('-', a.e), a.max);
}

export function mul(a: Int, b: Int): Int {
  if (isNum(a.e) && isNum(b.e)) return c(a.e * b.e);
  if (a.e === 1) return b;
  if (b.e === 1) return a;
  if (a.e === 0 || b.e === 0) return c(0);
  return int(op('*', a.e, b.e), a.max * b.max, a.nonneg && b.nonneg);
}

/** floor(a / d) for d > 0, exactly, with `%` only on non-negative operands. */
export function floorDiv(a: Int, d: Int): Int {
  if (isNum(a.e) && isNum(d.e)) return c(Math.floor(a.e / d.e));
  if (d.e === 1) return a;
  const pos = (x: JL): JL => op('/', op('-', x, op('%', x, d.e)), d.e);
  const max = typeof d.e === 'number' ? Math.ceil(a.max / d.e) + 1 : a.max + 1;
  if (a.nonneg) return int(pos(a.e), max, true);
  // a < 0: floor(a / d) = −floor((−a + d − 1) / d)
  const m = int(op('-', op('+', op('-', a.e), d.e), 1), a.max + d.max);
  return int(op('if', op('>=', a.e, 0), pos(a.e), op('-', pos(m.e))), max);
}

/** [floor(a / d), a − d·floor(a / d)] for d > 0; the product d·floor(a / d) is at most |a| + d. */
export function divMod(a: Int, d: Int): [Int, Int] {
  const q = floorDiv(a, d);
  int(0, a.max + d.max);
  const qd = typeof q.e === 'number' && typeof d.e === 'number' ? q.e * d.e : op('*', q.e, d.e);
  const r = typeof a.e === 'number' && typeof qd === 'number' ? a.e - qd : op('-', a.e, qd);
  return [q, int(r, Math.max(0, d.max - 1), true)];
}

function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * floor(a × b / d) for d > 0, exactly: the product directly where its bound allows, else split on a
 * (a = q·d + r with r in [0, d): q·b + floor(r·b / d)), whose products stay below the result and d·b.
 */
export function mulFloor(a: Int, b: Int, d: Int): Int {
  if (d.e === 1) return mul(a, b);
  if (isNum(a.e) && !isNum(b.e)) [a, b] = [b, a];
  if (isNum(b.e) && isNum(d.e)) {
    const g = gcd(b.e, d.e);
    if (g > 1) return mulFloor(a, c(b.e / g), c(d.e / g));
  }
  try {
    return floorDiv(mul(a, b), d);
  } catch (e) {
    if (!(e instanceof TooLarge)) throw e;
  }
  const [q, r] = divMod(a, d);
  return add(mul(q, b), floorDiv(mul(r, b), d));
}

export type Cmp = '>=' | '<=' | '>' | '<' | '=' | '!=';
const JL_CMP: Record<Cmp, string> = { '>=': '>=', '<=': '<=', '>': '>', '<': '<', '=': '===', '!=': '!==' };

const FLIP: Record<Cmp, Cmp> = { '>=': '<=', '<=': '>=', '>': '<', '<': '>', '=': '=', '!=': '!=' };
const simple = (e: JL): boolean => typeof e === 'number' || (typeof e === 'object' && e !== null && !Array.isArray(e) && 'var' in e);

/**
 * a OP b on integers (`===` and `!==` for equality). A computed right operand is compared as
 * (a − b) OP 0: json-logic-engine 5's compiled comparisons check the right operand against a variable
 * that computing it may have overwritten, and throw. The sign of a difference of two integers below
 * 2^53 is exact in floating point.
 */
export function cmpInt(cmp: Cmp, a: JL, b: JL): JL {
  if (typeof a === 'number' && typeof b === 'number') return test(cmp, a, b);
  // floor(h) against an integer is h against it (h ≥ 0: `%` is only used on non-negative operands)
  const h = floored(a);
  if (h !== undefined && Number.isSafeInteger(b)) {
    const n = b as number;
    if (cmp === '>=' || cmp === '<') return op(cmp, h, n);
    if (cmp === '>') return op('>=', h, n + 1);
    if (cmp === '<=') return op('<', h, n + 1);
  }
  if (simple(b)) return op(JL_CMP[cmp], a, b);
  if (simple(a)) return op(JL_CMP[FLIP[cmp]], b, a);
  return op(JL_CMP[cmp], op('-', a, b), 0);
}

/** h where e is h − h % 1 (floor(h), the same h written twice: how yuan become fen), else undefined. */
function floored(e: JL): JL | undefined {
  const d = typeof e === 'object' && e !== null && !Array.isArray(e) ? e['-'] : undefined;
  if (!Array.isArray(d) || d.length !== 2) return undefined;
  const m = d[1];
  const r = typeof m === 'object' && m !== null && !Array.isArray(m) ? m['%'] : undefined;
  return Array.isArray(r) && r.length === 2 && r[1] === 1 && JSON.stringify(r[0]) === JSON.stringify(d[0]) ? d[0] : undefined;
}

/** Folded on constants. */
export function test(cmp: Cmp, x: number, y: number): boolean {
  return { '>=': x >= y, '<=': x <= y, '>': x > y, '<': x < y, '=': x === y, '!=': x !== y }[cmp];
}

/**
 * n1/d1 OP n2/d2 for d1, d2 > 0, exactly: crosswise where the products are bounded; else by the integer
 * parts, and where those are equal by the remainders (r1·d2 against r2·d1, both below d1·d2).
 */
export function cmpRatio(cmp: Cmp, n1: Int, d1: Int, n2: Int, d2: Int): JL {
  if (isNum(n1.e) && isNum(d1.e) && isNum(n2.e) && isNum(d2.e)) return test(cmp, n1.e * d2.e, n2.e * d1.e);
  if (isNum(d1.e) && d1.e === d2.e) return cmpInt(cmp, n1.e, n2.e);
  try {
    return cmpInt(cmp, mul(n1, d2).e, mul(n2, d1).e);
  } catch (e) {
    if (!(e instanceof TooLarge)) throw e;
  }
  const fixed = isNum(n2.e) && isNum(d1.e) ? againstConstant(cmp, n1, d2, n2.e * d1.e) : isNum(n1.e) && isNum(d2.e) ? againstConstant(FLIP[cmp], n2, d1, n1.e * d2.e) : undefined;
  if (fixed !== undefined) return fixed;
  const [f1, r1] = divMod(n1, d1);
  const [f2, r2] = divMod(n2, d2);
  return op('if', op('!==', f1.e, f2.e), cmpInt(cmp, f1.e, f2.e), cmpInt(cmp, mul(r1, d2).e, mul(r2, d1).e));
}

/**
 * n·d OP k for an integer n, d > 0 and a constant k ≥ 1 (one side of a ratio comparison constant: an
 * amount in a foreign currency against a stated one), without the product: n against floor(m / d) for
 * m = k or k − 1 (n·d ≥ k ⟺ n > floor((k − 1) / d); n·d > k ⟺ n > floor(k / d)). Undefined where k is not such a constant.
 */
function againstConstant(cmp: Cmp, n: Int, d: Int, k: number): JL | undefined {
  if (!Number.isSafeInteger(k) || k < 1) return undefined;
  const below = floorDiv(c(k - 1), d).e;
  const at = floorDiv(c(k), d).e;
  return {
    '>=': cmpInt('>', n.e, below),
    '<': cmpInt('<=', n.e, below),
    '>': cmpInt('>', n.e, at),
    '<=': cmpInt('<=', n.e, at),
    '=': and(cmpInt('>', n.e, below), cmpInt('<=', n.e, at)),
    '!=': or(cmpInt('<=', n.e, below), cmpInt('>', n.e, at)),
  }[cmp];
}

// ---- booleans, with constants folded

export function and(...xs: JL[]): JL {
  if (xs.some((x) => x === false)) return false;
  const rest = flat('and', xs.filter((x) => x !== true));
  return rest.length === 0 ? true : rest.length === 1 ? rest[0]! : op('and', ...rest);
}

export function or(...xs: JL[]): JL {
  if (xs.some((x) => x === true)) return true;
  const rest = flat('or', xs.filter((x) => x !== false));
  return rest.length === 0 ? false : rest.length === 1 ? rest[0]! : op('or', ...rest);
}

/**
 * The operands of `and` (or `or`) with the operands of an `and` among them in their place, each written
 * once: the same truth value (every operand a truth value; `and` gives the first false one, else true).
 */
function flat(name: 'and' | 'or', xs: JL[]): JL[] {
  const seen = new Set<string>();
  const out: JL[] = [];
  const put = (x: JL): void => {
    const inner = typeof x === 'object' && x !== null && !Array.isArray(x) ? x[name] : undefined;
    if (Array.isArray(inner)) inner.forEach(put);
    else if (!seen.has(JSON.stringify(x))) {
      seen.add(JSON.stringify(x));
      out.push(x);
    }
  };
  xs.forEach(put);
  return out;
}

export function not(x: JL): JL {
  return typeof x === 'boolean' ? !x : op('!', x);
}

/** if / else if / else, with branches under a constant condition folded away. */
export function iff(...a: JL[]): JL {
  const out: JL[] = [];
  for (let i = 0; i < a.length; i += 2) {
    if (i === a.length - 1) {
      out.push(a[i]!);
      break;
    }
    if (typeof a[i] === 'boolean') {
      if (a[i]) {
        out.push(a[i + 1]!);
        break;
      }
      continue;
    }
    out.push(a[i]!, a[i + 1]!);
  }
  // every branch the same: that value, whatever the conditions
  const branches = out.filter((_, i) => i % 2 === 1 || i === out.length - 1);
  if (out.length % 2 === 1 && branches.every((b) => JSON.stringify(b) === JSON.stringify(branches[0]))) return branches[0]!;
  return out.length === 0 ? null : out.length === 1 ? out[0]! : op('if', ...out);
}

/** A value read from the data; `fallback` when absent. */
export const read = (path: string, fallback?: JL): JL => (fallback === undefined ? { var: path } : { var: [path, fallback] });
