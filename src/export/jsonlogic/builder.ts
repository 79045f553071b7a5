/**
 * Building JSON Logic that plain json-logic-js evaluates, with no custom operation.
 *
 * JSON Logic has no variables, so a value used several times would be copied into every place
 * that reads it. Instead a rule binds values in an environment array `[data, v1, v2, …]`, extended
 * batch by batch with `reduce` over a one-element array, whose body sees the array as `current`:
 *
 *     {"reduce": [[ENV], {"merge": [{"var": "current"}, [NEW…]]}, null]}
 *
 * Every bound value is then one `{"var": "current.i"}`, the application itself `current.0`, and
 * each value is computed once. A *block* is a nested environment evaluated only where it stands
 * (inside an `if`): what one benefit computes after its conditions hold costs nothing when they
 * do not. While building, a slot is referred to as `{"var": "@N"}` (`"@N.0"` for a part) and a
 * block as `{"@block": N}`; `finish` gives every slot its index and writes the blocks out.
 */

/** A JSON Logic expression. */
export type JL = null | boolean | number | string | JL[] | { [op: string]: JL };

/**
 * An expression, the slots it reads (to place it after them), and, for a number, a bound on its
 * magnitude when one is known (to leave out checks that always hold).
 */
export interface H {
  e: JL;
  refs: ReadonlySet<number>;
  max?: number;
}

export const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const NONE: ReadonlySet<number> = new Set();

/** A constant. */
export const k = (v: JL): H => (typeof v === 'number' ? { e: v, refs: NONE, max: Math.abs(v) } : { e: v, refs: NONE });

/** The same expression, known to be at most `max` in magnitude. */
export const bounded = (h: H, max: number | undefined): H => (max === undefined ? h : { ...h, max });

function union(hs: H[]): ReadonlySet<number> {
  const withRefs = hs.filter((h) => h.refs.size > 0);
  if (withRefs.length === 0) return NONE;
  if (withRefs.length === 1) return withRefs[0]!.refs;
  const s = new Set<number>();
  for (const h of withRefs) for (const r of h.refs) s.add(r);
  return s;
}

function isH(a: unknown): a is H {
  return typeof a === 'object' && a !== null && !Array.isArray(a) && 'e' in a && 'refs' in a;
}

/** An operation over expressions: `op('+', a, b)` → `{"+": [a, b]}`; folded when every operand is a constant. */
export function op(name: string, ...args: (H | JL)[]): H {
  const hs = args.map(lift);
  const folded = fold(name, hs);
  if (folded !== undefined) return k(folded);
  return { e: { [name]: hs.map((h) => h.e) }, refs: union(hs) };
}

const truthy = (v: JL): boolean => (Array.isArray(v) ? v.length > 0 : !!v);

/** json-logic-js's meaning of the operations worth folding, on constants; undefined when not foldable. */
function fold(name: string, hs: H[]): JL | undefined {
  if (!hs.every((h) => isConst(h.e))) return undefined;
  const v = hs.map((h) => h.e) as (number & string & null)[];
  const [a, b] = v;
  switch (name) {
    // an array literal is a new array each time: never identical to anything
    case '===':
      return Array.isArray(a) || Array.isArray(b) ? false : a === b;
    case '!==':
      return Array.isArray(a) || Array.isArray(b) ? true : a !== b;
    case '!':
      return !truthy(a);
    case '+':
      return v.reduce((x, y) => x + parseFloat(String(y)), 0);
    case '*':
      return v.length === 0 ? undefined : v.slice(1).reduce((x, y) => parseFloat(String(x)) * parseFloat(String(y)), v[0] as number);
    case '-':
      return b === undefined ? -a : a - b;
    case 'max':
      return Math.max(...v);
    case 'min':
      return Math.min(...v);
    default:
      return undefined;
  }
}

/** An array literal of expressions (json-logic-js evaluates each element). */
export function arr(...items: H[]): H {
  return { e: items.map((i) => i.e), refs: union(items) };
}

/** Expressions of at most this many nodes are written again where read rather than bound. */
const SMALL = 4;
function size(e: JL): number {
  if (Array.isArray(e)) return 1 + e.reduce<number>((n, x) => n + size(x), 0);
  if (e === null || typeof e !== 'object') return 1;
  if ('@block' in e) return Number.POSITIVE_INFINITY;
  const args = Object.values(e)[0]!;
  return 1 + (Array.isArray(args) ? args.reduce<number>((n, x) => n + size(x), 0) : typeof args === 'string' ? 0 : size(args));
}

const isConst = (e: JL): boolean => e === null || typeof e !== 'object' || (Array.isArray(e) ? e.every(isConst) : false);
const isVar = (e: JL): boolean => typeof e === 'object' && e !== null && !Array.isArray(e) && 'var' in e && typeof e.var === 'string';
const bothMax = (a: H, b: H, f: (x: number, y: number) => number): number | undefined =>
  a.max !== undefined && b.max !== undefined ? f(a.max, b.max) : undefined;

// ---- common shapes (operands are expressions or plain constants)
export type X = H | JL;
export const lift = (a: X): H => (isH(a) ? a : k(a));
export const isNull = (a: X): H => op('===', a, null);
export const notNull = (a: X): H => op('!==', a, null);
/** a ∧ b ∧ …, with constants folded. */
export function and(...a: H[]): H {
  if (a.some((x) => x.e === false)) return k(false);
  const rest = a.filter((x) => x.e !== true);
  return rest.length === 0 ? k(true) : rest.length === 1 ? rest[0]! : op('and', ...rest);
}
/** a ∨ b ∨ …, with constants folded. */
export function or(...a: H[]): H {
  if (a.some((x) => x.e === true)) return k(true);
  const rest = a.filter((x) => x.e !== false);
  return rest.length === 0 ? k(false) : rest.length === 1 ? rest[0]! : op('or', ...rest);
}
/** JSON Logic's if / else if / else, with branches under a constant condition folded away. */
export function iff(...a: X[]): H {
  const hs = a.map(lift);
  const out: H[] = [];
  for (let i = 0; i < hs.length; i += 2) {
    const c = hs[i]!;
    if (i === hs.length - 1) {
      out.push(c);
      break;
    }
    if (isConst(c.e)) {
      if (truthy(c.e)) {
        out.push(hs[i + 1]!);
        break;
      }
      continue;
    }
    out.push(c, hs[i + 1]!);
  }
  if (out.length === 1) return out[0]!;
  if (out.length === 0) return k(null);
  return op('if', ...out);
}
export const add = (a: X, b: X): H => bounded(op('+', a, b), bothMax(lift(a), lift(b), (x, y) => x + y));
export const sub = (a: X, b: X): H => bounded(op('-', a, b), bothMax(lift(a), lift(b), (x, y) => x + y));
export function mul(a: X, b: X): H {
  const x = lift(a);
  const y = lift(b);
  return x.e === 1 ? y : y.e === 1 ? x : bounded(op('*', x, y), bothMax(x, y, (p, q) => p * q));
}
export const neg = (a: X): H => bounded(op('-', a), lift(a).max);
/** |a| ≤ 2^53 − 1: a product or sum of integers computed in floating point is exact. */
export function safe(a: X): H {
  const x = lift(a);
  return x.max !== undefined && x.max <= MAX_SAFE ? k(true) : op('<=', -MAX_SAFE, x, MAX_SAFE);
}

/**
 * floor(a / b) for integers a and b > 0, exactly: (a − ((a % b) + b) % b) / b. `%` and the
 * subtraction are exact on integers, and the quotient is an integer.
 */
export function floorDiv(a: X, b: X): H {
  const x = lift(a);
  const y = lift(b);
  if (y.e === 1) return x;
  // |floor(a / b)| ≤ |a| + 1 for b ≥ 1 (the +1 for a negative a)
  const max = x.max === undefined ? undefined : typeof y.e === 'number' ? Math.ceil(x.max / y.e) : x.max + 1;
  return bounded(op('/', sub(x, mod(x, y)), y), max);
}

/** a mod b in [0, b) for b > 0. */
export function mod(a: X, b: X): H {
  return bounded(op('%', add(op('%', a, b), b), b), lift(b).max);
}

/** What the environments of one rule share: slot numbers, the blocks, and the final indices. */
interface Shared {
  next: number;
  blocks: Map<number, { env: Env; result: H }>;
  index: Map<number, number>;
  /** Every slot's expression, and the slots read exactly once, written where they are read instead. */
  exprs: Map<number, { e: JL; refs: ReadonlySet<number> }>;
  inline: Set<number>;
}

/** The environment of one rule (or of a block within it): slots, and the checks of exactness. */
export class Env {
  private slots: { id: number; e: JL; refs: ReadonlySet<number> }[] = [];
  private own = new Set<number>();
  /** Slots by their expression: the same value is bound once. */
  private seen = new Map<string, H>();
  private checks: H[] = [];
  private readonly shared: Shared;

  constructor(readonly parent?: Env) {
    this.shared = parent ? parent.shared : { next: 0, blocks: new Map(), index: new Map(), exprs: new Map(), inline: new Set() };
  }

  /** A field of the application (`facts.推广费用`). */
  data(path: string): H {
    return { e: { var: `current.0.${path}` }, refs: NONE };
  }

  /**
   * Bind a value in a slot (once), unless it is a constant, a plain reference, or small enough that
   * computing it again costs less than a slot (unless `force`d: a part of it is read).
   */
  bind(h: H, force = false): H {
    if (isConst(h.e) || isVar(h.e)) return h;
    if (!force && size(h.e) <= SMALL) return h;
    const key = JSON.stringify(h.e);
    for (let env: Env | undefined = this; env; env = env.parent) {
      const old = env.seen.get(key);
      if (old) return bounded(old, h.max ?? old.max);
    }
    const id = this.shared.next++;
    this.slots.push({ id, e: h.e, refs: h.refs });
    this.shared.exprs.set(id, { e: h.e, refs: h.refs });
    this.own.add(id);
    const ref: H = { e: { var: `@${id}` }, refs: new Set([id]) };
    this.seen.set(key, ref);
    return bounded(ref, h.max);
  }

  /** Part `i` of a bound array value (a rational [n, d], a pair from a reduce). */
  part(h: H, i: number): H {
    if (Array.isArray(h.e)) return { e: h.e[i]!, refs: h.refs };
    const b = this.bind(h, true);
    const v = (b.e as { var: string }).var;
    return { e: { var: `${v}.${i}` }, refs: b.refs };
  }

  /** A condition that must hold for the rule's answer to be exact (else the rule yields null). */
  check(h: H): void {
    if (h.e === true) return;
    this.checks.push(h);
  }

  /** Whether every check holds. */
  exact(): H {
    return and(...this.checks);
  }

  /**
   * `gate ? fn(block) : otherwise`, where everything `fn` binds lives in a block evaluated only
   * when the gate holds; the block's checks count only then.
   */
  lazy(gate: H, fn: (block: Env) => H, otherwise: H): H {
    const child = new Env(this);
    const value = fn(child);
    const exact = child.exact();
    // without checks of its own the block gives its value alone, else [value, exact]
    const result = exact.e === true ? value : arr(value, exact);
    const id = this.shared.next++;
    this.shared.blocks.set(id, { env: child, result });
    const refs = new Set<number>();
    for (const r of union([result, ...child.slots.map((s) => ({ e: null, refs: s.refs }))])) if (!child.own.has(r)) refs.add(r);
    const block: H = { e: { '@block': id }, refs };
    const max = gate.e === true ? value.max : maxOf(value.max, otherwise.max);
    if (exact.e === true) return bounded(this.bind(gate.e === true ? block : iff(gate, block, otherwise), true), max);
    const pair = this.bind(gate.e === true ? block : iff(gate, block, arr(otherwise, k(true))), true);
    this.check(op('===', this.part(pair, 1), true));
    return bounded(this.part(pair, 0), max);
  }

  /** The whole rule: the environment built batch by batch, then `result` evaluated in it. */
  finish(result: H): JL {
    if (this.slots.length === 0 && this.shared.blocks.size === 0) return this.rename(result.e, 1, true);
    this.findSingleUse(result);
    return this.build(result, 1);
  }

  /** Slots read once, as a whole: written where they are read (evaluated there, and only if reached). */
  private findSingleUse(result: H): void {
    const uses = new Map<number, number>();
    const pinned = new Set<number>();
    const walk = (e: JL): void => {
      if (Array.isArray(e)) return e.forEach(walk);
      if (e === null || typeof e !== 'object') return;
      const [key] = Object.keys(e);
      const val = e[key!]!;
      if (key === 'var' && typeof val === 'string') {
        const m = /^@(\d+)(\..*)?$/.exec(val);
        if (m) {
          const id = Number(m[1]);
          uses.set(id, (uses.get(id) ?? 0) + 1);
          if (m[2]) pinned.add(id);
        }
        return;
      }
      walk(val);
    };
    for (const { e } of this.shared.exprs.values()) walk(e);
    for (const { result: r } of this.shared.blocks.values()) walk(r.e);
    walk(result.e);
    for (const [id, n] of uses) if (n === 1 && !pinned.has(id)) this.shared.inline.add(id);
  }

  /** The slots an expression needs bound before it, looking through the ones written in place. */
  private needs(refs: ReadonlySet<number>, out = new Set<number>()): Set<number> {
    for (const r of refs) {
      if (this.shared.inline.has(r)) this.needs(this.shared.exprs.get(r)!.refs, out);
      else out.add(r);
    }
    return out;
  }

  /** This environment's chain over an environment array of length `base` (`current`, or the data at the root). */
  private build(result: H, base: number): JL {
    const slots = this.slots.filter((s) => !this.shared.inline.has(s.id));
    slots.forEach((s, i) => this.shared.index.set(s.id, base + i));
    if (slots.length === 0 && this.parent) return this.rename(result.e, base, false);
    let env: JL = this.parent ? { var: 'current' } : [{ var: '' }];
    let start = 0;
    const flush = (end: number) => {
      if (end === start) return;
      const items = slots.slice(start, end).map((s) => this.rename(s.e, base + start, false));
      env = { reduce: [[env], { merge: [{ var: 'current' }, items] }, null] };
      start = end;
    };
    slots.forEach((s, i) => {
      // a slot that reads one of this batch starts the next batch
      for (const r of this.needs(s.refs)) {
        if (!this.own.has(r)) continue;
        const at = this.shared.index.get(r)! - base;
        if (at >= start) {
          flush(i);
          break;
        }
      }
    });
    flush(slots.length);
    return { reduce: [[env], this.rename(result.e, base + slots.length, false), null] };
  }

  /** Write slot references as `current.i` and blocks as their chains; `length` is the environment's length there. */
  private rename(e: JL, length: number, flat: boolean): JL {
    if (Array.isArray(e)) return e.map((x) => this.rename(x, length, flat));
    if (e === null || typeof e !== 'object') return e;
    const [key] = Object.keys(e);
    const val = e[key!]!;
    if (key === 'var' && typeof val === 'string') {
      const m = /^@(\d+)(\..*)?$/.exec(val);
      if (m) {
        const id = Number(m[1]);
        if (this.shared.inline.has(id)) return this.rename(this.shared.exprs.get(id)!.e, length, flat);
        return { var: `current.${this.shared.index.get(id)!}${m[2] ?? ''}` };
      }
      if (flat && val.startsWith('current.0.')) return { var: val.slice('current.0.'.length) };
      return e;
    }
    if (key === '@block') {
      const b = this.shared.blocks.get(val as number)!;
      return b.env.build(b.result, length);
    }
    // the bodies of scoped operations (some, reduce over history …) read their own data: leave them
    if (key === 'some' || key === 'all' || key === 'none' || key === 'filter' || key === 'map' || key === 'reduce') {
      const args = val as JL[];
      return { [key]: [this.rename(args[0]!, length, flat), args[1]!, ...args.slice(2).map((x) => this.rename(x, length, flat))] };
    }
    return { [key!]: this.rename(val, length, flat) };
  }
}

function maxOf(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : Math.max(a, b);
}
