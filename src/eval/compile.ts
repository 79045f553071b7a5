/**
 * The rule graph compiled into closures, once per graph (cached in a WeakMap): one closure per
 * executable node in `graph.order`, each reading its operands from a flat array of values. Values
 * by type: money → integer fen (number), count/percent/number → exact rational (Q), bool → boolean,
 * date/text → string, since → the date counted from, duration → {amount, unit}; undefined = unknown
 * (a fact not given, or a ratio over zero).
 */
import { wholeMonthsBetween } from '../calendar/dates.ts';
import { reachable } from '../ir/walk.ts';
import { printCap, Prose } from '../ir/prose.ts';
import type { Benefit, ExprNode, Graph, GraphNode, ValueType } from '../ir/schema.ts';
import { addDur, bandOf, cmpTest, literalValue, stepCount, type Duration, type Value } from './ops.ts';
import type { Application } from './types.ts';
import { parseDuration } from '../values/duration.ts';
import { mulFloor, Q, Q_ZERO, toSafe } from './values.ts';

export type { Duration, Value } from './ops.ts';

/** A node closure: its value from its operands' values and the application. */
export type NodeFn = (v: Value[], app: Application) => Value;

/** CNY per unit of a foreign currency, from the application's exchangeRates. */
function rateOf(app: Application, currency: string): Q | undefined {
  if (currency === 'CNY') return Q_ONE;
  const r = app.exchangeRates?.[currency];
  return r === undefined ? undefined : Q.fromNumber(r);
}

const Q_ONE = Q.of(1);

export interface CompiledCap {
  idx: number;
  /** Node indices its value needs, in order (literals left out: they are always in the scratch array). */
  reads: number[];
  scope: 'once' | 'perYear' | 'total';
  text: string;
}

export interface CompiledBenefit {
  benefit: Benefit;
  applicants: readonly string[];
  conditions: { idx: number; text: string; reads: number[] }[];
  base: number;
  baseReads: number[];
  caps: CompiledCap[];
  /** Node indices this benefit reads, in graph order (its trace). */
  reads: number[];
}

export interface CompiledGraph {
  graph: Graph;
  nodes: GraphNode[];
  /** node id → index into the value array */
  index: Map<string, number>;
  fns: NodeFn[];
  /** Values of one evaluation without explanations (reused: evaluation is synchronous). */
  scratch: Value[];
  /** Which scratch values belong to the current evaluation (== gen), so nodes are computed only when a benefit needs them. */
  stamp: Uint32Array;
  gen: number;
  /** The validity window of the last issuance date asked for. */
  lastWindow?: { key: string; value: { window?: { from?: string; to?: string; text: string }; error?: string } };
  benefits: CompiledBenefit[];
  inputNames: Set<string>;
  listNames: Set<string>;
  /** Comparisons across currencies: the foreign currencies they need a rate for, and the inputs they read. */
  currencyNeeds: { currencies: string[]; inputs: string[] }[];
}

const cache = new WeakMap<Graph, CompiledGraph>();
let last: CompiledGraph | undefined;

export function compiled(graph: Graph): CompiledGraph {
  if (last?.graph === graph) return last; // the common case: many applications to one policy
  let c = cache.get(graph);
  if (!c) {
    c = compileGraph(graph);
    cache.set(graph, c);
  }
  last = c;
  return c;
}

const isMoney = (t: ValueType) => t.kind === 'money';
const isRational = (t: ValueType) => t.kind === 'count' || t.kind === 'percent' || t.kind === 'number';

function compileGraph(graph: Graph): CompiledGraph {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const nodes: GraphNode[] = graph.order.map((id) => byId.get(id)!);
  const index = new Map(graph.order.map((id, i) => [id, i]));
  const typeOf = (id: string): ValueType => {
    const n = byId.get(id);
    return n && (n.kind === 'expr' || n.kind === 'input' || n.kind === 'define') ? n.type : { kind: 'number' };
  };
  const reachableIndexes = (roots: string[]): number[] =>
    [...reachable(roots, byId)].map((id) => index.get(id)).filter((i): i is number => i !== undefined).sort((a, b) => a - b);

  const currencyNeeds: CompiledGraph['currencyNeeds'] = [];
  const fns = nodes.map((n) => compileNode(n, index, typeOf, byId, currencyNeeds));

  // literals never change: their values sit in the scratch array once and for all, and lazy reads skip them
  const scratch: Value[] = new Array(fns.length);
  const constant = nodes.map((n) => n.kind === 'expr' && n.op === 'literal');
  constant.forEach((isConstant, i) => {
    if (isConstant) scratch[i] = fns[i]!([], undefined as unknown as Application);
  });
  const lazyReads = (roots: string[]) => reachableIndexes(roots).filter((i) => !constant[i]);

  const prose = new Prose(graph, 'zh');
  const benefits = graph.benefits
    .filter((b) => b.hasAmount)
    .map((b) => ({
      benefit: b,
      applicants: b.applicants,
      conditions: b.conditions.map((c) => ({ idx: index.get(c.node)!, text: prose.expr(c.node), reads: lazyReads([c.node]) })),
      base: b.base ? index.get(b.base)! : -1,
      baseReads: b.base ? lazyReads([b.base]) : [],
      caps: b.caps.map((c) => ({ idx: index.get(c.node)!, reads: lazyReads([c.node]), scope: c.scope, text: printCap(graph, b, c, 'zh', prose) })),
      reads: reachableIndexes([...b.conditions.map((c) => c.node), ...(b.base ? [b.base] : []), ...b.caps.map((c) => c.node)]),
    }));

  return {
    graph,
    nodes,
    index,
    fns,
    scratch,
    stamp: new Uint32Array(fns.length),
    gen: 0,
    benefits,
    inputNames: new Set(graph.inputs.map((i) => i.name)),
    listNames: new Set(graph.lists.map((l) => l.id)),
    currencyNeeds,
  };

  /** Input names a node reads. */
  function inputsOf(id: string): string[] {
    return reachableIndexes([id])
      .map((i) => nodes[i]!)
      .flatMap((n) => (n.kind === 'input' ? [n.name] : []));
  }

  function compileNode(
    n: GraphNode,
    idx: Map<string, number>,
    type: (id: string) => ValueType,
    all: Map<string, GraphNode>,
    needs: CompiledGraph['currencyNeeds'],
  ): NodeFn {
    if (n.kind === 'input') return compileInput(n.name, n.type);
    if (n.kind === 'define') {
      const a = idx.get(n.args[0]!)!;
      return (v) => v[a];
    }
    if (n.kind !== 'expr') return () => undefined;
    const e = n;
    const a = e.args.map((id) => idx.get(id)!);
    const t = e.args.map(type);
    const [a0 = -1, a1 = -1, a2 = -1] = a;
    switch (e.op) {
      case 'literal': {
        const c = e.value ? literalValue(e.value) : undefined;
        return () => c;
      }
      case 'add':
      case 'sub': {
        const sign = e.op === 'add' ? 1 : -1;
        if (isMoney(t[0]!)) {
          return (v) => {
            const x = v[a0] as number | undefined;
            const y = v[a1] as number | undefined;
            return x === undefined || y === undefined ? undefined : x + sign * y;
          };
        }
        return (v) => {
          const x = v[a0] as Q | undefined;
          const y = v[a1] as Q | undefined;
          return x === undefined || y === undefined ? undefined : sign > 0 ? x.add(y) : x.sub(y);
        };
      }
      case 'mul':
        return compileMul(e, a0, a1, t[0]!, t[1]!, all);
      case 'div': {
        if (isMoney(t[0]!) && isMoney(t[1]!)) {
          return (v) => {
            const x = v[a0] as number | undefined;
            const y = v[a1] as number | undefined;
            return x === undefined || y === undefined || y === 0 ? undefined : Q.of(x, y);
          };
        }
        if (isMoney(t[0]!)) {
          // money ÷ number: rounded down to the fen
          return (v) => {
            const x = v[a0] as number | undefined;
            const y = v[a1] as Q | undefined;
            return x === undefined || y === undefined || y.isZero() ? undefined : mulFloor(x, y.n < 0n ? -y.d : y.d, y.n < 0n ? -y.n : y.n);
          };
        }
        return (v) => {
          const x = v[a0] as Q | undefined;
          const y = v[a1] as Q | undefined;
          return x === undefined || y === undefined ? undefined : x.div(y);
        };
      }
      case 'cmp':
        return compileCmp(e, a0, a1, t[0]!, t[1]!, needs, e.args);
      case 'and':
        return (v) => {
          let unknown = false;
          for (const i of a) {
            const x = v[i];
            if (x === false) return false;
            if (x === undefined) unknown = true;
          }
          return unknown ? undefined : true;
        };
      case 'or':
        return (v) => {
          let unknown = false;
          for (const i of a) {
            const x = v[i];
            if (x === true) return true;
            if (x === undefined) unknown = true;
          }
          return unknown ? undefined : false;
        };
      case 'not':
        return (v) => (v[a0] === undefined ? undefined : !v[a0]);
      case 'if':
        return (v) => (v[a0] === undefined ? undefined : v[a0] ? v[a1] : v[a2]);
      case 'member': {
        const list = e.list!;
        return (_v, c) => c.lists?.[list]?.member === true;
      }
      case 'firstEntry': {
        const list = e.list!;
        return (_v, c) => {
          const s = c.lists?.[list];
          return s?.member === true && s.firstTime === true;
        };
      }
      case 'since':
        return (v) => v[a0];
      case 'growth': {
        if (isMoney(t[0]!)) {
          return (v) => {
            const x = v[a0] as number | undefined;
            const y = v[a1] as number | undefined;
            return x === undefined || y === undefined || y === 0 ? undefined : Q.of(x - y, y);
          };
        }
        return (v) => {
          const x = v[a0] as Q | undefined;
          const y = v[a1] as Q | undefined;
          return x === undefined || y === undefined || y.isZero() ? undefined : x.sub(y).div(y);
        };
      }
      case 'tiers':
        return compileTiers(e, a, t[0]!);
      case 'roundDown':
        // floor(x / unit) × unit, in fen
        return (v) => {
          const x = v[a0] as number | undefined;
          const u = v[a1] as number | undefined;
          return x === undefined || u === undefined || u <= 0 ? undefined : toSafe(Q.of(x, u).floor() * BigInt(u));
        };
      case 'datePlus':
      case 'dateMinus': {
        const sign = e.op === 'datePlus' ? 1 : -1;
        return (v) => {
          const x = v[a0] as string | undefined;
          const d = v[a1] as Duration | undefined;
          return x === undefined || d === undefined ? undefined : addDur(x, { amount: sign * d.amount, unit: d.unit });
        };
      }
      case 'yearsBetween':
      case 'monthsBetween': {
        const per = e.op === 'yearsBetween' ? 12 : 1;
        return (v) => {
          const x = v[a0] as string | undefined;
          const y = v[a1] as string | undefined;
          if (x === undefined || y === undefined) return undefined;
          const m = wholeMonthsBetween(x, y);
          return Q.of(m < 0 ? -Math.floor(-m / per) : Math.floor(m / per));
        };
      }
      case 'appDate':
        return (_v, c) => c.date;
      case 'timesGranted': {
        const b = e.benefit!;
        return (_v, c) => {
          let n = 0;
          for (const g of c.history ?? []) if (g.benefit === b) n++;
          return Q.of(n);
        };
      }
      case 'grantedLastYear': {
        const b = e.benefit!;
        return (_v, c) => {
          const last = `${String(Number(c.date.slice(0, 4)) - 1).padStart(4, '0')}-`;
          return (c.history ?? []).some((g) => g.benefit === b && g.date.startsWith(last));
        };
      }
      case 'lookup': {
        const keys = e.keys ?? [];
        return (v) => {
          const x = v[a0] as string | undefined;
          const k = x === undefined ? -1 : keys.indexOf(x);
          return k < 0 ? undefined : v[a[k + 1]!];
        };
      }
      case 'steps': {
        const money = isMoney(t[0]!);
        return (v) => {
          const x = v[a0];
          const step = v[a1];
          const each = v[a2] as number | undefined;
          if (x === undefined || step === undefined || each === undefined) return undefined;
          const k = stepCount(x as number | Q, step as number | Q, money);
          return k === undefined ? undefined : toSafe(k * BigInt(each));
        };
      }
    }
  }

  function compileInput(name: string, t: ValueType): NodeFn {
    switch (t.kind) {
      case 'money':
        // validated: a number with at most two decimals, so ×100 rounds to its exact fen
        return (_v, c) => {
          const x = c.facts[name];
          return x === undefined ? undefined : Math.round((x as number) * 100);
        };
      case 'percent':
        return (_v, c) => {
          const x = c.facts[name];
          if (x === undefined) return undefined;
          const q = Q.fromNumber(x as number);
          return new Q(q.n, q.d * 100n);
        };
      case 'count':
      case 'number':
        return (_v, c) => {
          const x = c.facts[name];
          return x === undefined ? undefined : Q.fromNumber(x as number);
        };
      case 'duration':
        // validated: "5年", "6个月", "30日"
        return (_v, c) => {
          const x = c.facts[name];
          return x === undefined ? undefined : parseDuration(x as string);
        };
      default:
        return (_v, c) => c.facts[name];
    }
  }

  function compileMul(e: ExprNode, a0: number, a1: number, t0: ValueType, t1: ValueType, all: Map<string, GraphNode>): NodeFn {
    const moneyFirst = isMoney(t0);
    const moneySecond = isMoney(t1);
    if (moneyFirst && moneySecond) {
      // 出口额（美元）× 0.01元/美元: foreign fen × yuan-fen per foreign unit ÷ 100
      const [m, r] = t1.perUnit ? [a0, a1] : [a1, a0];
      return (v) => {
        const x = v[m] as number | undefined;
        const y = v[r] as number | undefined;
        return x === undefined || y === undefined ? undefined : mulFloor(x, y, 100);
      };
    }
    if (moneyFirst || moneySecond) {
      const [m, r] = moneyFirst ? [a0, a1] : [a1, a0];
      const rid = moneyFirst ? e.args[1]! : e.args[0]!;
      const rn = all.get(rid);
      if (rn?.kind === 'expr' && rn.op === 'literal' && rn.value) {
        // a constant rate (50%): plain number arithmetic, exact, bigint only past 2^53
        const q = literalValue(rn.value) as Q;
        const safe = q.n <= BigInt(Number.MAX_SAFE_INTEGER) && q.d <= BigInt(Number.MAX_SAFE_INTEGER);
        const n = safe ? Number(q.n) : q.n;
        const d = safe ? Number(q.d) : q.d;
        return (v) => {
          const x = v[m] as number | undefined;
          return x === undefined ? undefined : mulFloor(x, n, d);
        };
      }
      return (v) => {
        const x = v[m] as number | undefined;
        const y = v[r] as Q | undefined;
        return x === undefined || y === undefined ? undefined : mulFloor(x, y.n, y.d);
      };
    }
    return (v) => {
      const x = v[a0] as Q | undefined;
      const y = v[a1] as Q | undefined;
      return x === undefined || y === undefined ? undefined : x.mul(y);
    };
  }

  function compileCmp(e: ExprNode, a0: number, a1: number, t0: ValueType, t1: ValueType, needs: CompiledGraph['currencyNeeds'], args: string[]): NodeFn {
    const test = cmpTest(e.cmp ?? '=');
    if (t0.kind === 'money' && t1.kind === 'money' && t0.currency !== t1.currency) {
      const c0 = t0.currency;
      const c1 = t1.currency;
      needs.push({ currencies: [c0, c1].filter((c) => c !== 'CNY'), inputs: [...new Set([...inputsOf(args[0]!), ...inputsOf(args[1]!)])] });
      return (v, c) => {
        const x = v[a0] as number | undefined;
        const y = v[a1] as number | undefined;
        if (x === undefined || y === undefined) return undefined;
        const r0 = rateOf(c, c0);
        const r1 = rateOf(c, c1);
        if (!r0 || !r1) return undefined;
        return test(Q.of(x).mul(r0).cmp(Q.of(y).mul(r1)));
      };
    }
    if (t0.kind === 'money') {
      return (v) => {
        const x = v[a0] as number | undefined;
        const y = v[a1] as number | undefined;
        return x === undefined || y === undefined ? undefined : test(x < y ? -1 : x > y ? 1 : 0);
      };
    }
    if (isRational(t0)) {
      return (v) => {
        const x = v[a0] as Q | undefined;
        const y = v[a1] as Q | undefined;
        return x === undefined || y === undefined ? undefined : test(x.cmp(y));
      };
    }
    if (t0.kind === 'since') {
      // since(x) ≤ d ⟺ the application date ≤ x + d (x lies within d before the date)
      return (v, c) => {
        const x = v[a0] as string | undefined;
        const d = v[a1] as Duration | undefined;
        if (x === undefined || d === undefined) return undefined;
        const limit = addDur(x, d);
        const date = c.date;
        return test(date < limit ? -1 : date > limit ? 1 : 0);
      };
    }
    if (t0.kind === 'duration') {
      return (v) => {
        const x = v[a0] as Duration | undefined;
        const y = v[a1] as Duration | undefined;
        if (x === undefined || y === undefined) return undefined;
        const p = addDur('2000-01-01', x);
        const q = addDur('2000-01-01', y);
        return test(p < q ? -1 : p > q ? 1 : 0);
      };
    }
    return (v) => {
      const x = v[a0] as string | boolean | undefined;
      const y = v[a1] as string | boolean | undefined;
      if (x === undefined || y === undefined) return undefined;
      return test(x === y ? 0 : x < y ? -1 : 1);
    };
  }

  function compileTiers(e: ExprNode, a: number[], t0: ValueType): NodeFn {
    const money = isMoney(t0);
    const zero = isMoney(e.type) ? 0 : Q_ZERO;
    const bands = (e.bands ?? []).map((b, i) => ({
      lower: b.lower ? (literalValue(b.lower) as number | Q) : undefined,
      upper: b.upper ? (literalValue(b.upper) as number | Q) : undefined,
      lowerInclusive: b.lowerInclusive,
      upperInclusive: b.upperInclusive,
      value: a[i + 1]!,
    }));
    return (v) => {
      const x = v[a[0]!];
      if (x === undefined) return undefined;
      const i = bandOf(x as number | Q, bands, money);
      return i < 0 ? zero : v[bands[i]!.value];
    };
  }
}

