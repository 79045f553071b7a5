/**
 * The rule graph's executable nodes as portable JSON Logic: one entry per node kind (`NODE_KINDS`), so
 * that a new kind of node is one entry. A kind without an entry, or a construct an entry cannot express
 * exactly, is an `Unsupported` error at that node: the export then refuses, never writes a wrong rule.
 *
 * Values: money is integer fen; a rational is an integer numerator over a positive integer denominator;
 * a date is its day number (days since 1970-01-01, the data gives dates so); a truth value is a pair
 * (holds, fails), neither when unknown. Every value carries `known`: false where the evaluator's value
 * is undefined (a fact not given, a division by zero); the value expression is then 0, never null, so
 * that no engine does arithmetic on null.
 */
import { addDuration, dayNumber, fromDayNumber, Q } from '../../eval/values.ts';
import { formatDuration } from '../../values/duration.ts';
import type { ExprNode, Graph, GraphLiteral, GraphNode, ValueType } from '../../ir/schema.ts';
import { isApplicant, itemField, items } from './items.ts';
import { boolOf, DOMAIN, known_, truth, Unsupported, valueAt, type Val } from './val.ts';

export { DOMAIN, Unsupported, type Val } from './val.ts';
import { add, and, c, cmpInt, cmpRatio, floorDiv, iff, int, mul, mulFloor, neg, not, op, or, read, sub, test, TooLarge, type Cmp, type Int, type JL } from './jl.ts';

/** The days an application may be dated, as day numbers. */
export interface DayWindow {
  from?: number;
  to?: number;
}

export class NodeCompiler {
  private readonly values = new Map<string, Val>();
  constructor(
    private readonly byId: ReadonlyMap<string, GraphNode>,
    private readonly window: DayWindow,
    /** 汇率 fixed by the policy (yuan per unit): constants in the rules instead of exchangeRates. */
    readonly rates: Readonly<Record<string, number>> = {},
  ) {}

  /** The value of a node (compiled once; its expression is written where it is read). */
  value(id: string): Val {
    const known = this.values.get(id);
    if (known) return known;
    const n = this.byId.get(id);
    if (!n) throw new Error(`no node ${id}`);
    let v: Val;
    try {
      v = this.compile(n);
    } catch (e) {
      if (e instanceof TooLarge) throw new Unsupported(n, '可能超出 2^53 的整数运算（数据范围见 docs/export.md）');
      throw e;
    }
    this.values.set(id, v);
    return v;
  }

  private compile(n: GraphNode): Val {
    if (n.kind === 'input') return input(n.name, n.type, n);
    if (n.kind === 'define') return this.value(n.args[0]!);
    if (n.kind !== 'expr') throw new Unsupported(n, `节点“${n.kind}”`, true);
    const entry = NODE_KINDS[n.op];
    if (!entry) throw new Unsupported(n, `节点“${n.op}”`, true);
    return entry(n, n.args.map((a) => this.value(a)), this);
  }

  /** A node of the graph, through definitions (计算 X = …) to the expression they name. */
  node(id: string): GraphNode | undefined {
    const n = this.byId.get(id);
    return n?.kind === 'define' ? this.node(n.args[0]!) : n;
  }

  typeOf(id: string): ValueType {
    const n = this.byId.get(id);
    return n && (n.kind === 'expr' || n.kind === 'input' || n.kind === 'define') ? n.type : { kind: 'number' };
  }

  /** The window's months, for durations in months: needs both ends. */
  months(n: GraphNode): { start: number; end: number; y: number; m: number }[] {
    const { from, to } = this.window;
    if (from === undefined || to === undefined) throw new Unsupported(n, '按月或年计的时长（需要有截止日期的有效期）');
    const out: { start: number; end: number; y: number; m: number }[] = [];
    let [y, m] = civil(from);
    for (;;) {
      const start = monthStart(y, m);
      if (start > to) break;
      out.push({ start, end: monthStart(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1) - 1, y, m });
      [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
    }
    // an empty window (a repealed policy): no date is in it, the month of `from` stands for all
    if (out.length === 0) out.push({ start: monthStart(civil(from)[0], civil(from)[1]), end: from, y: civil(from)[0], m: civil(from)[1] });
    return out;
  }
}

/** The application's date, as a day number. */
export const DATE: JL = read('date');

type Entry = (n: ExprNode, args: Val[], nc: NodeCompiler) => Val;

/** One entry per expression op of the rule graph (src/ir/schema.ts ExprOpSchema). */
export const NODE_KINDS: Partial<Record<string, Entry>> = {
  literal: (n) => literal(n.value, n),
  add: (n, [x, y]) => arith(n, x!, y!, 1),
  sub: (n, [x, y]) => arith(n, x!, y!, -1),
  mul: (n, [x, y], nc) => {
    if (x!.t === 'int' && y!.t === 'int') {
      // a rate per unit of a foreign currency (0.01元/美元): foreign fen × fen per unit ÷ 100
      const perUnitFirst = !!(nc.typeOf(n.args[0]!) as { perUnit?: string }).perUnit;
      const [m, r] = perUnitFirst ? [y!, x!] : [x!, y!];
      return money(mulFloor(m.v, r.v, c(100)), and(x!.known, y!.known), m.currency);
    }
    if (x!.t === 'int' && y!.t === 'q') return money(mulFloor(x!.v, y!.n, y!.d), and(x!.known, y!.known), x!.currency);
    if (x!.t === 'q' && y!.t === 'int') return money(mulFloor(y!.v, x!.n, x!.d), and(x!.known, y!.known), y!.currency);
    if (x!.t === 'q' && y!.t === 'q') return { t: 'q', n: mul(x!.n, y!.n), d: mul(x!.d, y!.d), known: and(x!.known, y!.known) };
    throw new Unsupported(n, '此类乘法');
  },
  div: (n, [x, y]) => divide(n, x!, y!),
  cmp: (n, [x, y], nc) => compare(n, x!, y!, nc),
  and: (_n, args) => ({ t: 'bool', yes: and(...args.map((a) => truth(a).yes)), no: or(...args.map((a) => truth(a).no)) }),
  or: (_n, args) => ({ t: 'bool', yes: or(...args.map((a) => truth(a).yes)), no: and(...args.map((a) => truth(a).no)) }),
  not: (_n, [x]) => ({ t: 'bool', yes: truth(x!).no, no: truth(x!).yes }),
  if: (n, [cond, a, b]) => choose(n, truth(cond!), a!, b!),
  member: (n) => ({ t: 'bool', yes: op('===', read(`lists.${n.list}.member`), true), no: op('!==', read(`lists.${n.list}.member`), true) }),
  firstEntry: (n) => {
    const yes = and(op('===', read(`lists.${n.list}.member`), true), op('===', read(`lists.${n.list}.firstTime`), true));
    return { t: 'bool', yes, no: not(yes) };
  },
  since: (n, [x]) => {
    if (x!.t !== 'day') throw new Unsupported(n, '非日期的“自…起”');
    return x!;
  },
  growth: (n, [x, y]) => divide(n, arith(n, x!, y!, -1), y!),
  tiers: (n, args) => tiers(n, args),
  // ---- #12
  appDate: () => ({ t: 'day', v: int(DATE, DOMAIN.day), known: true, app: true }),
  roundDown: (n, [x, unit]) => {
    if (x!.t !== 'int' || unit!.t !== 'int') throw new Unsupported(n, '非金额的取整');
    const ok = typeof unit!.v.e === 'number' ? unit!.v.e > 0 : op('>', unit!.v.e, 0);
    const u = positive(unit!.v);
    return { t: 'int', v: mul(floorDiv(x!.v, u), u), known: and(x!.known, unit!.known, ok), currency: x!.currency };
  },
  timesGranted: (n) => {
    const b = (n as { benefit?: string }).benefit;
    if (!b) throw new Unsupported(n, '未指明扶持项目的历史记录');
    const count = { reduce: [{ filter: [read('history', []), op('in', read('benefit'), [b])] }, op('+', read('accumulator'), 1), 0] };
    return { t: 'q', n: int(count, DOMAIN.number, true), d: c(1), known: true };
  },
  lookup: (n, [x, ...values]) => {
    if (x!.t !== 'text') throw new Unsupported(n, '非选项的“按…”');
    const keys = (n as { keys?: string[] }).keys ?? [];
    const conds = keys.map((k) => op('in', x!.e, [k]));
    const pick = (f: (v: Val) => JL, zero: JL): JL => iff(...conds.flatMap((cond, i) => [cond, f(values[i]!)]), zero);
    const known = and(x!.known, or(...conds), pick(known_, false));
    if (values.every((v) => v.t === 'int')) {
      const vs = values as Extract<Val, { t: 'int' }>[];
      return { t: 'int', v: int(pick((v) => (v as (typeof vs)[number]).v.e, 0), Math.max(0, ...vs.map((v) => v.v.max)), vs.every((v) => v.v.nonneg)), known, currency: vs[0]?.currency ?? 'CNY' };
    }
    if (values.every((v) => v.t === 'q')) {
      const vs = values as Extract<Val, { t: 'q' }>[];
      return { t: 'q', n: int(pick((v) => (v as (typeof vs)[number]).n.e, 0), Math.max(0, ...vs.map((v) => v.n.max))), d: int(pick((v) => (v as (typeof vs)[number]).d.e, 1), Math.max(1, ...vs.map((v) => v.d.max)), true), known };
    }
    throw new Unsupported(n, '此类“按…”取值');
  },
  // ---- #12 item lists (jsonlogic/items.ts)
  itemField: (n) => itemField(n),
  isApplicant: (n, args, nc) => isApplicant(n, args, nc),
  sumItems: (n, args) => items(n, args),
  countItems: (n, args) => items(n, args),
  datePlus: (n, [x, d]) => shifted(n, x!, d!, 1),
  dateMinus: (n, [x, d]) => shifted(n, x!, d!, -1),
  steps: (n, [x, step, each]) => {
    if (each!.t !== 'int') throw new Unsupported(n, '非金额的逐级奖励');
    let count: Int;
    let known: JL;
    const isPositive = (e: JL): JL => (typeof e === 'number' ? e > 0 : op('>', e, 0));
    if (x!.t === 'int' && step!.t === 'int') {
      known = and(x!.known, step!.known, isPositive(step!.v.e));
      count = floorDiv(x!.v, positive(step!.v));
    } else if (x!.t === 'q' && step!.t === 'q') {
      known = and(x!.known, step!.known, isPositive(step!.n.e));
      count = floorDiv(mul(x!.n, step!.d), positive(mul(x!.d, step!.n)));
    } else throw new Unsupported(n, '此类逐级奖励');
    return { t: 'int', v: mul(count, each!.v), known: and(known, each!.known), currency: each!.currency };
  },
};

/** A date plus or minus a constant duration: days stay a day number; months compare with the application's date only. */
function shifted(n: GraphNode, x: Val, d: Val, sign: 1 | -1): Val {
  if (x.t !== 'day' || d.t !== 'dur') throw new Unsupported(n, '日期加减非常量时长');
  if (d.unit === 'workday') throw new Unsupported(n, `以工作日计的时长“${formatDuration(d.amount, d.unit)}”（需要节假日日历）`);
  if (d.unit === 'day') return { t: 'day', v: add(x.v, c(sign * d.amount)), known: x.known };
  return { t: 'shift', x, months: sign * (d.unit === 'year' ? 12 : 1) * d.amount, known: x.known };
}

function money(v: Int, known: JL, currency: string): Val {
  return { t: 'int', v, known, currency };
}

/** A divisor known positive where it is used (a zero divisor is caught by `known` first). */
function positive(d: Int): Int {
  if (typeof d.e === 'number') return d.e > 0 ? d : c(1);
  return int(iff(op('>', d.e, 0), d.e, 1), d.max, true);
}

function input(name: string, t: ValueType, n: GraphNode): Val {
  return valueAt(`facts.${name}`, t, n);
}

function literal(l: GraphLiteral | undefined, n: GraphNode): Val {
  if (!l) throw new Unsupported(n, '空的常量');
  switch (l.type) {
    case 'money':
      return { t: 'int', v: c(l.fen), known: true, currency: l.currency };
    case 'percent':
      return ratio(Q.of(l.num, l.den));
    case 'count':
    case 'number':
      return ratio(Q.fromNumber(l.value));
    case 'duration':
      return { t: 'dur', amount: l.amount, unit: l.unit };
    case 'date':
      return { t: 'day', v: c(dayNumber(l.value)), known: true };
    case 'text' as string:
      return { t: 'text', e: (l as { value: string }).value, known: true };
    default:
      throw new Unsupported(n, `常量类型“${(l as { type: string }).type}”`, true);
  }
}

function ratio(q: Q): Val {
  return { t: 'q', n: c(safeNumber(q.n)), d: c(safeNumber(q.d)), known: true };
}

function safeNumber(x: bigint): number {
  if (x > BigInt(Number.MAX_SAFE_INTEGER) || x < -BigInt(Number.MAX_SAFE_INTEGER)) throw new TooLarge();
  return Number(x);
}

function arith(n: GraphNode, x: Val, y: Val, sign: 1 | -1): Val {
  const known = and(known_(x), known_(y));
  if (x.t === 'int' && y.t === 'int') return { t: 'int', v: sign > 0 ? add(x.v, y.v) : sub(x.v, y.v), known, currency: x.currency };
  if (x.t === 'q' && y.t === 'q') {
    if (typeof x.d.e === 'number' && x.d.e === y.d.e) return { t: 'q', n: sign > 0 ? add(x.n, y.n) : sub(x.n, y.n), d: x.d, known };
    const a = mul(x.n, y.d);
    const b = mul(y.n, x.d);
    return { t: 'q', n: sign > 0 ? add(a, b) : sub(a, b), d: mul(x.d, y.d), known };
  }
  throw new Unsupported(n, sign > 0 ? '此类加法' : '此类减法');
}

function divide(n: GraphNode, x: Val, y: Val): Val {
  if (x.t === 'int' && y.t === 'int') {
    const nz = op('!==', y.v.e, 0);
    const neg_ = op('<', y.v.e, 0);
    return {
      t: 'q',
      n: int(iff(neg_, neg(x.v).e, x.v.e), x.v.max),
      d: int(iff(op('>', y.v.e, 0), y.v.e, neg_, neg(y.v).e, 1), y.v.max, true),
      known: and(x.known, y.known, nz),
    };
  }
  if (x.t === 'int' && y.t === 'q') {
    // money ÷ number: floor(x · d / n), the sign carried by the multiplier
    const neg_ = op('<', y.n.e, 0);
    const b = int(iff(neg_, neg(y.d).e, y.d.e), y.d.max);
    const d = int(iff(op('>', y.n.e, 0), y.n.e, neg_, neg(y.n).e, 1), y.n.max, true);
    return { t: 'int', v: mulFloor(x.v, b, d), known: and(x.known, y.known, op('!==', y.n.e, 0)), currency: x.currency };
  }
  if (x.t === 'q' && y.t === 'q') {
    const neg_ = op('<', y.n.e, 0);
    const num = mul(x.n, y.d);
    const den = mul(x.d, y.n);
    return {
      t: 'q',
      n: int(iff(neg_, neg(num).e, num.e), num.max),
      d: int(iff(op('>', den.e, 0), den.e, op('<', den.e, 0), neg(den).e, 1), den.max, true),
      known: and(x.known, y.known, op('!==', y.n.e, 0)),
    };
  }
  throw new Unsupported(n, '此类除法');
}

function choose(n: GraphNode, cond: { yes: JL; no: JL }, a: Val, b: Val): Val {
  const known = or(and(cond.yes, known_(a)), and(cond.no, known_(b)));
  if (a.t === 'int' && b.t === 'int') return { t: 'int', v: int(iff(cond.yes, a.v.e, b.v.e), Math.max(a.v.max, b.v.max), a.v.nonneg && b.v.nonneg), known, currency: a.currency };
  if (a.t === 'q' && b.t === 'q') {
    return {
      t: 'q',
      n: int(iff(cond.yes, a.n.e, b.n.e), Math.max(a.n.max, b.n.max), a.n.nonneg && b.n.nonneg),
      d: int(iff(cond.yes, a.d.e, b.d.e), Math.max(a.d.max, b.d.max), true),
      known,
    };
  }
  if (a.t === 'day' && b.t === 'day') return { t: 'day', v: int(iff(cond.yes, a.v.e, b.v.e), Math.max(a.v.max, b.v.max)), known };
  if (a.t === 'bool' && b.t === 'bool') return { t: 'bool', yes: or(and(cond.yes, a.yes), and(cond.no, b.yes)), no: or(and(cond.yes, a.no), and(cond.no, b.no)) };
  if (a.t === 'text' && b.t === 'text') return { t: 'text', e: iff(cond.yes, a.e, b.e), known };
  throw new Unsupported(n, '此类条件取值');
}

function compare(n: ExprNode, x: Val, y: Val, nc: NodeCompiler): Val {
  const cmp = (n.cmp ?? '=') as Cmp;
  const known = and(known_(x), known_(y));
  if (x.t === 'int' && y.t === 'int') {
    if (x.currency === y.currency) return boolOf(known, cmpInt(cmp, x.v.e, y.v.e));
    // across currencies: x·r₀ against y·r₁, with each rate from exchangeRates as a decimal
    const rate = (cur: string): { v: Int; known: JL } => {
      if (cur === 'CNY') return { v: c(1), known: true };
      if (cur.includes('.')) throw new Unsupported(n, `货币代码“${cur}”`);
      const fixed = nc.rates[cur];
      if (fixed !== undefined) {
        // the policy's own rate (汇率：1美元 = 7.1元) wins over the application's, as in evaluation
        const scaled = fixed * DOMAIN.scale;
        if (Math.abs(scaled - Math.round(scaled)) > 1e-6 || fixed > DOMAIN.rate) throw new Unsupported(n, '超过6位小数或大于1000元的政策汇率');
        return { v: c(Math.round(scaled)), known: true };
      }
      const h = op('+', op('*', read(`exchangeRates.${cur}`, 1), DOMAIN.scale), 0.5);
      return { v: int(op('-', h, op('%', h, 1)), DOMAIN.rate * DOMAIN.scale, true), known: op('!==', read(`exchangeRates.${cur}`), null) };
    };
    const r0 = rate(x.currency);
    const r1 = rate(y.currency);
    const s0 = x.currency === 'CNY' ? c(1) : c(DOMAIN.scale);
    const s1 = y.currency === 'CNY' ? c(1) : c(DOMAIN.scale);
    // x·r₀/s₀ OP y·r₁/s₁  ⟺  x/(s₀·r₁) OP y/(s₁·r₀) — every rate positive
    return boolOf(and(known, r0.known, r1.known), cmpRatio(cmp, x.v, mul(s0, r1.v), y.v, mul(s1, r0.v)));
  }
  if (x.t === 'q' && y.t === 'q') return boolOf(known, cmpRatio(cmp, x.n, x.d, y.n, y.d));
  if (x.t === 'day' && y.t === 'dur' && nc.typeOf(n.args[0]!).kind === 'since') return since(n, cmp, x, y, nc);
  // 申报日期 ≤ 成立日期 + 2年: the application's date against a date plus months
  if (x.t === 'day' && x.app && y.t === 'shift') return sinceMonths(n, cmp, y.x, y.months, nc);
  if (x.t === 'shift' && y.t === 'day' && y.app) return sinceMonths(n, FLIP_CMP[cmp], x.x, x.months, nc);
  if (x.t === 'day' && y.t === 'day') return boolOf(known, cmpInt(cmp, x.v.e, y.v.e));
  if (x.t === 'dur' && y.t === 'dur') {
    if (x.unit === 'workday' || y.unit === 'workday') throw new Unsupported(n, '以工作日计的时长比较');
    const p = dayNumber(addDuration('2000-01-01', x.amount, x.unit));
    const q = dayNumber(addDuration('2000-01-01', y.amount, y.unit));
    return { t: 'bool', yes: test(cmp, p, q), no: !test(cmp, p, q) };
  }
  if (cmp === '=' || cmp === '!=') {
    if (x.t === 'text' && y.t === 'text') {
      // strings are matched with `in` against a constant (json-logic-engine's compiled `===` on strings, see jl.ts)
      const same = typeof y.e === 'string' ? op('in', x.e, [y.e]) : typeof x.e === 'string' ? op('in', y.e, [x.e]) : op('===', x.e, y.e);
      return boolOf(known, cmp === '=' ? same : not(same));
    }
    if (x.t === 'bool' && y.t === 'bool') return boolOf(known, op(cmp === '=' ? '===' : '!==', x.yes, y.yes));
  }
  throw new Unsupported(n, '此类比较（JSON Logic 只比较数值）');
}

/**
 * since(x) OP duration: the application date D against L = x + duration. In days, D OP x + N. In months
 * (a year is 12), L = addMonths(x, M) is monotone in x, so D ≤ L ⟺ x ≥ t(D) and L ≤ D ⟺ x ≤ s(D),
 * where t and s are, within each month of the validity window, a clamped shift of D by M months.
 */
function since(n: ExprNode, cmp: Cmp, x: Extract<Val, { t: 'day' }>, d: Extract<Val, { t: 'dur' }>, nc: NodeCompiler): Val {
  if (d.unit === 'workday') throw new Unsupported(n, `以工作日计的时长“${formatDuration(d.amount, d.unit)}”（需要节假日日历）`);
  if (d.unit === 'day') return boolOf(x.known, cmpInt(cmp, DATE, add(x.v, c(d.amount)).e));
  return sinceMonths(n, cmp, x, d.unit === 'year' ? 12 * d.amount : d.amount, nc);
}

const FLIP_CMP: Record<Cmp, Cmp> = { '>=': '<=', '<=': '>=', '>': '<', '<': '>', '=': '=', '!=': '!=' };

/** The application's date OP addMonths(x, shift). */
function sinceMonths(n: ExprNode, cmp: Cmp, x: Extract<Val, { t: 'day' }>, shift: number, nc: NodeCompiler): Val {
  const t: JL[] = [];
  const s: JL[] = [];
  for (const { start, end, y, m } of nc.months(n)) {
    const [py, pm] = addMonthsYM(y, m, -shift);
    const pStart = monthStart(py, pm);
    const pEnd = monthStart(pm === 12 ? py + 1 : py, pm === 12 ? 1 : pm + 1) - 1;
    const shifted = pStart === start ? DATE : op('+', DATE, pStart - start);
    t.push(cmpInt('<=', DATE, end), op('min', shifted, pEnd + 1));
    s.push(cmpInt('<=', DATE, end), iff(cmpInt('=', DATE, end), pEnd, op('min', shifted, pEnd)));
  }
  // past the last month: the last month's shape (the date is outside the window then)
  const tD = iff(...t.slice(0, -2), t[t.length - 1]!);
  const sD = iff(...s.slice(0, -2), s[s.length - 1]!);
  const xv = x.v.e;
  const holds = {
    '<=': cmpInt('>=', xv, tD),
    '>': cmpInt('<', xv, tD),
    '>=': cmpInt('<=', xv, sD),
    '<': cmpInt('>', xv, sD),
    '=': and(cmpInt('>=', xv, tD), cmpInt('<=', xv, sD)),
    '!=': or(cmpInt('<', xv, tD), cmpInt('>', xv, sD)),
  }[cmp];
  return boolOf(x.known, holds);
}

function tiers(n: ExprNode, args: Val[]): Val {
  const x = args[0]!;
  const values = args.slice(1);
  const at = (bound: GraphLiteral, cmp: Cmp): JL => {
    const b = literal(bound, n);
    if (x.t === 'int' && b.t === 'int') return cmpInt(cmp, x.v.e, b.v.e);
    if (x.t === 'q' && b.t === 'q') return cmpRatio(cmp, x.n, x.d, b.n, b.d);
    throw new Unsupported(n, '此类分档');
  };
  const branches: JL[] = [];
  (n.bands ?? []).forEach((band, i) => {
    const inside: JL[] = [];
    if (band.lower) inside.push(at(band.lower, band.lowerInclusive ? '>=' : '>'));
    if (band.upper) inside.push(at(band.upper, band.upperInclusive ? '<=' : '<'));
    branches.push(and(...inside), i);
  });
  const pick = (f: (v: Val) => JL, zero: JL): JL =>
    iff(...(n.bands ?? []).flatMap((_, i) => [branches[2 * i]!, f(values[i]!)]), zero);
  const known = and(known_(x), iff(...(n.bands ?? []).flatMap((_, i) => [branches[2 * i]!, known_(values[i]!)]), true));
  if (values.every((v) => v.t === 'int')) {
    const vs = values as Extract<Val, { t: 'int' }>[];
    return { t: 'int', v: int(pick((v) => (v as typeof vs[number]).v.e, 0), Math.max(0, ...vs.map((v) => v.v.max)), vs.every((v) => v.v.nonneg)), known, currency: vs[0]?.currency ?? 'CNY' };
  }
  if (values.every((v) => v.t === 'q')) {
    const vs = values as Extract<Val, { t: 'q' }>[];
    return {
      t: 'q',
      n: int(pick((v) => (v as typeof vs[number]).n.e, 0), Math.max(0, ...vs.map((v) => v.n.max))),
      d: int(pick((v) => (v as typeof vs[number]).d.e, 1), Math.max(1, ...vs.map((v) => v.d.max)), true),
      known,
    };
  }
  throw new Unsupported(n, '此类分档取值');
}

// ---- calendar helpers (export time)

function civil(day: number): [number, number] {
  const s = fromDayNumber(day);
  return [Number(s.slice(0, 4)), Number(s.slice(5, 7))];
}

export function monthStart(y: number, m: number): number {
  // beyond four-digit years (the month after a window ending 9999-12-31): the same month one Gregorian
  // cycle nearer, moved by that cycle's 146,097 days
  if (y > 9999) return monthStart(y - 400, m) + 146_097;
  if (y < 1) return monthStart(y + 400, m) - 146_097;
  return dayNumber(`${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-01`);
}

function addMonthsYM(y: number, m: number, k: number): [number, number] {
  const total = y * 12 + (m - 1) + k;
  return [Math.floor(total / 12), (((total % 12) + 12) % 12) + 1];
}

export type { Graph };
