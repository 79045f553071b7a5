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
import { canonicalApplicantId } from '../values/uscc.ts';

export type { Duration, Value } from './ops.ts';

/** A node closure: its value from its operands' values and the application. */
export type NodeFn = (v: Value[], app: Application) => Value;

/** What each item of a 合计 / 笔数 did: whether it counted, its value, and each condition's value. */
export interface ItemOutcome {
  counted: boolean | undefined;
  /** The summed value (合计), in the field's unit. */
  value: Value;
  /** The conditions' node indices, in order. */
  conditions: number[];
  /** The value of every per-item node for this item. */
  values: Map<number, Value>;
}

const breakdowns = new WeakMap<NodeFn[], (i: number, v: Value[], app: Application) => ItemOutcome[]>();

/** The items of the 合计 / 笔数 node at index `i`, decided one by one again (for reasons and traces). */
export function itemBreakdown(cg: CompiledGraph, i: number, v: Value[], app: Application): ItemOutcome[] {
  return breakdowns.get(cg.fns)?.(i, v, app) ?? [];
}

/** The nodes evaluated per item (a field of the current item and every node that reads one), by index. */
function itemNodes(nodes: GraphNode[], index: Map<string, number>): Set<number> {
  const out = new Set<number>();
  nodes.forEach((n, i) => {
    if (n.kind !== 'expr' || n.op === 'sumItems' || n.op === 'countItems') return;
    if (n.op === 'itemField' || n.args.some((id) => out.has(index.get(id) ?? -1))) out.add(i);
  });
  return out;
}

/** A field of an item as a runtime value (validated: money in yuan with ≤ 2 decimals, dates YYYY-MM-DD …). */
function itemValue(x: unknown, t: ValueType): Value {
  if (x === undefined || x === null) return undefined;
  switch (t.kind) {
    case 'money':
      return Math.round((x as number) * 100);
    case 'percent': {
      const q = Q.fromNumber(x as number);
      return new Q(q.n, q.d * 100n);
    }
    case 'count':
    case 'number':
      return Q.fromNumber(x as number);
    case 'duration':
      return parseDuration(x as string);
    default:
      return x as Value;
  }
}

/** 付款方 = 申报人: the text is the applicant's id (统一社会信用代码, compared in canonical form) or its name. */
export function namesApplicant(x: string, app: Application): boolean {
  if (canonicalApplicantId(x) === canonicalApplicantId(app.applicant.id)) return true;
  const name = app.applicant.name?.trim();
  return name !== undefined && name !== '' && x.trim() === name;
}

/** CNY per unit of a foreign currency: the policy's own rate (汇率：1美元 = 7.1元) wins over the application's exchangeRates. */
export function rateOf(app: Application, currency: string, fixed?: Record<string, number>): Q | undefined {
  if (currency === 'CNY') return Q_ONE;
  const r = fixed?.[currency] ?? app.exchangeRates?.[currency];
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
  /** 取整至: the node of the unit the capped amount is rounded down to (-1 without), and what it reads. */
  round: number;
  roundReads: number[];
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
  /** Per applicant kind, which benefits (by index in `benefits`) it may apply for: 1, else 0 (a few kinds: compared, not hashed). */
  kindMasks: { kind: string; mask: Uint8Array }[];
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

/** Per applicant kind, which benefits it may apply for. */
function kindMasks(benefits: CompiledBenefit[]): { kind: string; mask: Uint8Array }[] {
  const kinds = new Set(benefits.flatMap((b) => b.applicants));
  return [...kinds].map((kind) => ({ kind, mask: Uint8Array.from(benefits, (b) => (b.applicants.includes(kind) ? 1 : 0)) }));
}

const isMoney = (t: ValueType) => t.kind === 'money';
const isRational = (t: ValueType) => t.kind === 'count' || t.kind === 'percent' || t.kind === 'number';

/**
 * The graph compiled: its nodes in evaluation order with their indices, one closure per node, literals
 * computed once, and per benefit what each check reads (its trace) — in named steps.
 */
function compileGraph(graph: Graph): CompiledGraph {
  const ctx = graphContext(graph);
  ctx.fns.push(...ctx.nodes.map((n) => compileNode(ctx, n)));
  const { fns, nodes, index } = ctx;
  const { scratch, constant } = constants(nodes, fns);
  breakdowns.set(fns, (i, v, app) => breakdown(ctx, i, v, app));
  const benefits = compileBenefits(ctx, constant);
  return {
    graph,
    nodes,
    index,
    fns,
    scratch,
    stamp: new Uint32Array(fns.length),
    gen: 0,
    benefits,
    kindMasks: kindMasks(benefits),
    inputNames: new Set(graph.inputs.map((i) => i.name)),
    listNames: new Set(graph.lists.map((l) => l.id)),
    currencyNeeds: ctx.needs,
  };
}

/** What compiling one graph's nodes shares: the nodes by id and in order, their types, what they read, the item cursor. */
interface GraphContext {
  graph: Graph;
  byId: Map<string, GraphNode>;
  nodes: GraphNode[];
  /** node id → index into the value array */
  index: Map<string, number>;
  typeOf(id: string): ValueType;
  /** Indices of the nodes the roots read (themselves included), in evaluation order. */
  reachableIndexes(roots: string[]): number[];
  /** Input names a node reads. */
  inputsOf(id: string): string[];
  /** Comparisons across currencies, found while compiling. */
  needs: CompiledGraph['currencyNeeds'];
  /** Item lists: the nodes read per item (a field of the item, and what depends on one), recomputed by 合计 / 笔数. */
  perItem: Set<number>;
  /** The item those nodes read while a 合计 / 笔数 runs. */
  cursor: { item?: Record<string, unknown> };
  /** The node closures, filled once every node is compiled (合计 / 笔数 call them per item). */
  fns: NodeFn[];
}

function graphContext(graph: Graph): GraphContext {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const nodes: GraphNode[] = graph.order.map((id) => byId.get(id)!);
  const index = new Map(graph.order.map((id, i) => [id, i]));
  const typeOf = (id: string): ValueType => {
    const n = byId.get(id);
    return n && (n.kind === 'expr' || n.kind === 'input' || n.kind === 'define') ? n.type : { kind: 'number' };
  };
  const reachableIndexes = (roots: string[]): number[] =>
    [...reachable(roots, byId)].map((id) => index.get(id)).filter((i): i is number => i !== undefined).sort((a, b) => a - b);
  const inputsOf = (id: string): string[] =>
    reachableIndexes([id])
      .map((i) => nodes[i]!)
      .flatMap((n) => (n.kind === 'input' ? [n.name] : []));
  return { graph, byId, nodes, index, typeOf, reachableIndexes, inputsOf, needs: [], perItem: itemNodes(nodes, index), cursor: {}, fns: [] };
}

/** Literals never change: their values sit in the scratch array once and for all (lazy reads skip them). */
function constants(nodes: GraphNode[], fns: NodeFn[]): { scratch: Value[]; constant: boolean[] } {
  const scratch: Value[] = new Array(fns.length);
  const constant = nodes.map((n) => n.kind === 'expr' && n.op === 'literal');
  constant.forEach((isConstant, i) => {
    if (isConstant) scratch[i] = fns[i]!([], undefined as unknown as Application);
  });
  return { scratch, constant };
}

/** The items of the 合计 / 笔数 node at index `i` decided one by one again, for reasons and traces. */
function breakdown(ctx: GraphContext, i: number, v: Value[], app: Application): ItemOutcome[] {
  const e = ctx.nodes[i] as ExprNode;
  const a = e.args.map((id) => ctx.index.get(id)!);
  const sum = e.op === 'sumItems';
  const deps = ctx.reachableIndexes(e.args.slice(1)).filter((k) => ctx.perItem.has(k));
  const conds = a.slice(sum ? 2 : 1);
  const items = (v[a[0]!] as unknown as Record<string, unknown>[] | undefined) ?? [];
  const out = items.map((item) => {
    const counted = itemCounts(ctx, item, v, app, deps, conds);
    return { counted, value: sum ? v[a[1]!] : undefined, conditions: conds, values: new Map(deps.map((k) => [k, v[k]])) };
  });
  ctx.cursor.item = undefined;
  for (const k of deps) v[k] = undefined;
  return out;
}

/** Each benefit that states an amount: its conditions, base, caps and rounding, with the nodes each reads (literals and per-item nodes left out). */
function compileBenefits(ctx: GraphContext, constant: boolean[]): CompiledBenefit[] {
  const { graph, index, reachableIndexes, perItem } = ctx;
  const lazyReads = (roots: string[]) => reachableIndexes(roots).filter((i) => !constant[i] && !perItem.has(i));
  const prose = new Prose(graph, 'zh');
  return graph.benefits
    .filter((b) => b.hasAmount)
    .map((b) => ({
      benefit: b,
      applicants: b.applicants,
      conditions: b.conditions.map((c) => ({ idx: index.get(c.node)!, text: prose.expr(c.node), reads: lazyReads([c.node]) })),
      base: b.base ? index.get(b.base)! : -1,
      baseReads: b.base ? lazyReads([b.base]) : [],
      caps: b.caps.map((c) => ({ idx: index.get(c.node)!, reads: lazyReads([c.node]), scope: c.scope, text: printCap(graph, b, c, 'zh', prose) })),
      round: b.roundAfter ? index.get(b.roundAfter.node)! : -1,
      roundReads: b.roundAfter ? lazyReads([b.roundAfter.node]) : [],
      reads: reachableIndexes([...b.conditions.map((c) => c.node), ...(b.base ? [b.base] : []), ...b.caps.map((c) => c.node), ...(b.roundAfter ? [b.roundAfter.node] : [])]).filter((i) => !perItem.has(i)),
    }));
}

/** One node's closure: an input, a definition (its expression's value), or an expression by its operator family. */
function compileNode(ctx: GraphContext, n: GraphNode): NodeFn {
  if (n.kind === 'input') return compileInput(n.name, n.type);
  if (n.kind === 'define') {
    const a = ctx.index.get(n.args[0]!)!;
    return (v) => v[a];
  }
  if (n.kind !== 'expr') return () => undefined;
  const a = n.args.map((id) => ctx.index.get(id)!);
  const t = n.args.map(ctx.typeOf);
  const fn = arithmeticOp(ctx, n, a, t) ?? logicOp(n, a) ?? dateOp(n, a) ?? factOp(n) ?? itemOp(ctx, n, a) ?? choiceOp(ctx, n, a, t);
  return fn ?? (() => undefined);
}

/** Operand indices a0, a1, a2 of an expression (-1 where it has fewer). */
function operands(a: number[]): [number, number, number] {
  const [a0 = -1, a1 = -1, a2 = -1] = a;
  return [a0, a1, a2];
}

/** + − × ÷, growth, 取整, base plus steps. */
function arithmeticOp(ctx: GraphContext, e: ExprNode, a: number[], t: ValueType[]): NodeFn | undefined {
  const [a0, a1, a2] = operands(a);
  switch (e.op) {
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
      return compileMul(e, a0, a1, t[0]!, t[1]!, ctx.byId);
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
    case 'roundDown':
      // floor(x / unit) × unit, in fen
      return (v) => {
        const x = v[a0] as number | undefined;
        const u = v[a1] as number | undefined;
        return x === undefined || u === undefined || u <= 0 ? undefined : toSafe(Q.of(x, u).floor() * BigInt(u));
      };
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
  return undefined;
}

/** 且, 或, 非, 若…则…否则. */
function logicOp(e: ExprNode, a: number[]): NodeFn | undefined {
  const [a0, a1, a2] = operands(a);
  switch (e.op) {
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
  }
  return undefined;
}

/** Dates: since, date ± duration, whole years/months between, the application's date. */
function dateOp(e: ExprNode, a: number[]): NodeFn | undefined {
  const [a0, a1] = operands(a);
  switch (e.op) {
    case 'since':
      return (v) => v[a0];
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
  }
  return undefined;
}

/** What the application states besides its facts: list membership and the history of grants. */
function factOp(e: ExprNode): NodeFn | undefined {
  switch (e.op) {
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
  }
  return undefined;
}

/** Item lists: a field of the current item, 合计 / 笔数, and 付款方 = 申报人. */
function itemOp(ctx: GraphContext, e: ExprNode, a: number[]): NodeFn | undefined {
  const [a0] = operands(a);
  switch (e.op) {
    case 'itemField': {
      const field = e.field!;
      const ft = e.type;
      const cursor = ctx.cursor;
      return () => (cursor.item ? itemValue(cursor.item[field], ft) : undefined);
    }
    case 'sumItems':
    case 'countItems':
      return compileItems(ctx, e, a);
    case 'isApplicant':
      return (v, c) => {
        const x = v[a0] as string | undefined;
        return x === undefined ? undefined : namesApplicant(x, c);
      };
  }
  return undefined;
}

/** Literals, comparisons, 分档 (tiers) and 按…取值 (lookup). */
function choiceOp(ctx: GraphContext, e: ExprNode, a: number[], t: ValueType[]): NodeFn | undefined {
  const [a0, a1] = operands(a);
  switch (e.op) {
    case 'literal': {
      const c = e.value ? literalValue(e.value) : undefined;
      return () => c;
    }
    case 'cmp':
      return compileCmp(ctx, e, a0, a1, t[0]!, t[1]!);
    case 'tiers':
      return compileTiers(e, a, t[0]!);
    case 'lookup': {
      const keys = e.keys ?? [];
      return (v) => {
        const x = v[a0] as string | undefined;
        const k = x === undefined ? -1 : keys.indexOf(x);
        return k < 0 ? undefined : v[a[k + 1]!];
      };
    }
  }
  return undefined;
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
      // text, dates, bools; an item list (清单) stays its array, read by 合计 / 笔数
      return (_v, c) => c.facts[name] as Value;
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

function compileCmp(ctx: GraphContext, e: ExprNode, a0: number, a1: number, t0: ValueType, t1: ValueType): NodeFn {
  const args = e.args;
  const test = cmpTest(e.cmp ?? '=');
  if (t0.kind === 'money' && t1.kind === 'money' && t0.currency !== t1.currency) {
    const c0 = t0.currency;
    const c1 = t1.currency;
    const fixed = ctx.graph.policy.exchangeRates;
    ctx.needs.push({ currencies: [c0, c1].filter((c) => c !== 'CNY' && fixed?.[c] === undefined), inputs: [...new Set([...ctx.inputsOf(args[0]!), ...ctx.inputsOf(args[1]!)])] });
    return (v, c) => {
      const x = v[a0] as number | undefined;
      const y = v[a1] as number | undefined;
      if (x === undefined || y === undefined) return undefined;
      const r0 = rateOf(c, c0, fixed);
      const r1 = rateOf(c, c1, fixed);
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

/**
 * 合计 / 笔数: for each item, the per-item nodes it reads are recomputed with the item as the cursor, then its
 * conditions decide whether it counts. Unknown (undefined) when the list is not given or a condition cannot be decided.
 */
function compileItems(ctx: GraphContext, e: ExprNode, a: number[]): NodeFn {
  const sum = e.op === 'sumItems';
  const money = isMoney(e.type);
  const deps = ctx.reachableIndexes(e.args.slice(1)).filter((i) => ctx.perItem.has(i));
  const value = sum ? a[1]! : -1;
  const conds = a.slice(sum ? 2 : 1);
  const list = a[0]!;
  return (v, c) => {
    const items = v[list] as unknown as Record<string, unknown>[] | undefined;
    if (items === undefined) return undefined;
    let fen = 0;
    let q = Q_ZERO;
    let n = 0;
    let unknown = false;
    for (const item of items) {
      const r = itemCounts(ctx, item, v, c, deps, conds);
      if (r === undefined) unknown = true;
      if (r !== true) continue;
      n++;
      if (!sum) continue;
      const x = v[value];
      if (x === undefined) unknown = true;
      else if (money) fen += x as number;
      else q = q.add(x as Q);
    }
    ctx.cursor.item = undefined;
    for (const i of deps) v[i] = undefined;
    if (unknown) return undefined;
    return sum ? (money ? toSafe(BigInt(fen)) : q) : Q.of(n);
  };
}

/** Whether one item meets the conditions (its per-item nodes recomputed into `v`); undefined when one cannot be decided. */
function itemCounts(ctx: GraphContext, item: Record<string, unknown>, v: Value[], c: Application, deps: number[], conds: number[]): boolean | undefined {
  ctx.cursor.item = item;
  const fns = ctx.fns;
  for (const i of deps) v[i] = fns[i]!(v, c);
  let unknown = false;
  for (const k of conds) {
    if (v[k] === false) return false;
    if (v[k] === undefined) unknown = true;
  }
  return unknown ? undefined : true;
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
