/**
 * The values the JSON Logic compiler works with (nodes.ts, items.ts): money integer fen; a rational an
 * integer numerator over a positive integer denominator; a date its day number; a truth value a pair
 * (holds, fails), neither when unknown; each with `known` (false where the evaluator's value is
 * undefined, the value expression then 0, never null). And the bounds of the data the rules are exact on.
 */
import type { GraphNode, ValueType } from '../../ir/schema.ts';
import { and, c, iff, int, not, op, or, read, type Int, type JL } from './jl.ts';

export type Val =
  | { t: 'int'; v: Int; known: JL; currency: string }
  | { t: 'day'; v: Int; known: JL; app?: true }
  /** a date plus whole months (日期 + 2年): comparable with the application's date only */
  | { t: 'shift'; x: Extract<Val, { t: 'day' }>; months: number; known: JL }
  | { t: 'q'; n: Int; d: Int; known: JL }
  | { t: 'bool'; yes: JL; no: JL }
  | { t: 'text'; e: JL; known: JL }
  | { t: 'dur'; amount: number; unit: 'year' | 'month' | 'day' | 'workday' }
  /** an item list (清单): read only by 合计 / 笔数 (jsonlogic/items.ts) */
  | { t: 'list'; e: JL; known: JL };

/** A node JSON Logic cannot express exactly: the construct, in Chinese, for POL7001. */
export class Unsupported extends Error {
  constructor(
    readonly node: GraphNode,
    readonly what: string,
    /** POL7005: a node kind with no entry in the table. */
    readonly unknownKind = false,
  ) {
    super(what);
  }
}

/** The bounds of the data the rules are exact on (docs/export.md). */
export const DOMAIN = {
  /** Money facts up to 1000亿元 (10^13 fen). */
  moneyFen: 1e13,
  /** Counts, numbers, percents and exchange rates: |x| ≤ 10^9, at most 6 decimals. */
  scale: 1e6,
  number: 1e9,
  /** Exchange rates: at most 1000 yuan per unit of a foreign currency. */
  rate: 1e3,
  /** Day numbers of dates in years 0000–9999. */
  day: 3e6,
  /** A sum of granted amounts in `history`. */
  grantsFen: 1e15,
};

/** The value at a path of the data (a fact, or a field of the current item), typed. */
export function valueAt(path: string, t: ValueType, n: GraphNode): Val {
  // the value read with a default, so that no engine computes on null, and whether it was given
  const x = read(path, 0);
  const known = op('!==', read(path), null);
  // round(y) for y ≥ 0, where y is within a hair of an integer: floor(y + 0.5)
  const round = (y: JL): JL => {
    const h = op('+', y, 0.5);
    return op('-', h, op('%', h, 1));
  };
  switch (t.kind) {
    case 'money':
      return { t: 'int', v: int(round(op('*', x, 100)), DOMAIN.moneyFen, true), known, currency: t.currency };
    case 'count':
      return { t: 'q', n: int(round(op('*', x, DOMAIN.scale)), DOMAIN.number * DOMAIN.scale, true), d: c(DOMAIN.scale), known };
    case 'number':
    case 'percent': {
      const signed = iff(op('<', x, 0), op('-', round(op('*', op('-', x), DOMAIN.scale))), round(op('*', x, DOMAIN.scale)));
      return { t: 'q', n: int(signed, DOMAIN.number * DOMAIN.scale), d: c(t.kind === 'percent' ? 100 * DOMAIN.scale : DOMAIN.scale), known };
    }
    case 'bool':
      return { t: 'bool', yes: op('===', read(path), true), no: op('===', read(path), false) };
    case 'date':
      return { t: 'day', v: int(x, DOMAIN.day), known };
    case 'text':
      return { t: 'text', e: read(path), known };
    case 'items':
      return { t: 'list', e: read(path, []), known };
    default:
      throw new Unsupported(n, `类型为“${t.kind}”的输入`);
  }
}

export function known_(v: Val): JL {
  return v.t === 'bool' ? or(v.yes, v.no) : v.t === 'dur' ? true : v.known;
}

/** A value as a truth value (a bool node). */
export function truth(v: Val): { yes: JL; no: JL } {
  if (v.t !== 'bool') throw new Error('not a truth value');
  return v;
}

export function boolOf(known: JL, holds: JL): Val {
  return { t: 'bool', yes: and(known, holds), no: and(known, not(holds)) };
}

