/**
 * The executable nodes of the rule graph (input, define, expr) as JSON Logic values, one closure of
 * src/eval/compile.ts at a time, with the same meaning: null where the evaluator has `undefined`
 * (a fact not given, a ratio over zero), booleans true/false/null, money in integer fen, rationals
 * [n, d], dates and texts as strings. A construct that has no such rewriting throws `Unsupported`,
 * which the export turns into a POL7001 diagnostic at the node's span.
 */
import { addDuration, Q } from '../../eval/values.ts';
import type { ExprNode, GraphLiteral, GraphNode, ValueType } from '../../ir/schema.ts';
import { addDays, addMonths, cmpProducts, MAX_DECIMALS, mulExact, mulFloor, parts, rationalOf, roundHalfUp, type QVal } from './arith.ts';
import { add, and, arr, bounded, floorDiv, iff, isNull, k, MAX_SAFE, mul, neg, op, or, safe, sub, type Env, type H, type JL } from './builder.ts';

/** A construct JSON Logic cannot express here; `what` names it in Chinese. */
export class Unsupported extends Error {
  constructor(
    readonly node: GraphNode,
    readonly what: string,
  ) {
    super(what);
  }
}

type Kind = 'money' | 'q' | 'bool' | 'str' | 'dur';

/** A node's value: its expression; for a rational, bounds on |n| and d; for a duration, its constant. */
export interface Val {
  kind: Kind;
  h: H;
  nMax?: number;
  dMax?: number;
  dur?: { amount: number; unit: 'year' | 'month' | 'day' | 'workday' };
}

function kindOf(t: ValueType): Kind {
  switch (t.kind) {
    case 'money':
      return 'money';
    case 'count':
    case 'percent':
    case 'number':
      return 'q';
    case 'bool':
      return 'bool';
    case 'duration':
      return 'dur';
    default:
      return 'str';
  }
}

const UNIT_WORDS = { year: '年', month: '个月', day: '日', workday: '工作日' } as const;
const INF = Number.POSITIVE_INFINITY;

/** A rational as a constant [n, d], when both fit in exact integers. */
function qConst(q: Q, node: GraphNode): Val {
  if (q.n > BigInt(MAX_SAFE) || -q.n > BigInt(MAX_SAFE) || q.d > BigInt(MAX_SAFE)) {
    throw new Unsupported(node, '超出精确整数范围的数值');
  }
  const n = Number(q.n);
  const d = Number(q.d);
  return { kind: 'q', h: k([n, d]), nMax: Math.abs(n), dMax: d };
}

function literal(l: GraphLiteral, node: GraphNode): Val {
  switch (l.type) {
    case 'money':
      return { kind: 'money', h: k(l.fen) };
    case 'percent':
      return qConst(Q.of(l.num, l.den), node);
    case 'count':
    case 'number':
      return qConst(Q.fromNumber(l.value), node);
    case 'duration':
      return { kind: 'dur', h: k(null), dur: { amount: l.amount, unit: l.unit } };
    case 'date':
    case 'text':
      return { kind: 'str', h: k(l.value) };
  }
}

/** A constant fraction in lowest terms (50% → 1/2): the same floor(x·n/d), with smaller numbers. */
function lowest(v: Val): Val {
  if (!Array.isArray(v.h.e)) return v;
  const [n, d] = v.h.e as [number, number];
  let [a, b] = [Math.abs(n), d];
  while (b) [a, b] = [b, a % b];
  return a > 1 ? { ...v, h: k([n / a, d / a]), nMax: Math.abs(n / a), dMax: d / a } : v;
}

const qv = (v: Val): QVal => ({ h: v.h, nMax: v.nMax ?? INF, dMax: v.dMax ?? INF });
const maxOf = (...m: (number | undefined)[]): number | undefined => (m.some((x) => x === undefined) ? undefined : Math.max(...(m as number[])));

/**
 * Compiles the nodes a rule reads, each once per environment: a node already compiled in an
 * enclosing environment is reused by the blocks within it.
 */
export class NodeCompiler {
  private memo = new Map<Env, Map<string, Val>>();

  constructor(
    private env: Env,
    private readonly byId: Map<string, GraphNode>,
  ) {}

  /** Run `fn` with values compiled into `env` (a block of the current environment). */
  within<T>(env: Env, fn: () => T): T {
    const saved = this.env;
    this.env = env;
    try {
      return fn();
    } finally {
      this.env = saved;
    }
  }

  value(id: string): Val {
    for (let env: Env | undefined = this.env; env; env = env.parent) {
      const v = this.memo.get(env)?.get(id);
      if (v) return v;
    }
    const n = this.byId.get(id);
    if (!n) throw new Error(`node ${id} missing from the graph`);
    const v = this.compile(n);
    let m = this.memo.get(this.env);
    if (!m) this.memo.set(this.env, (m = new Map()));
    m.set(id, v);
    return v;
  }

  private compile(n: GraphNode): Val {
    const env = this.env;
    if (n.kind === 'define') return this.value(n.args[0]!);
    if (n.kind === 'input') {
      if (n.name.includes('.')) throw new Unsupported(n, `名称中含“.”的输入“${n.name}”`);
      const x = env.data(`facts.${n.name}`);
      switch (n.type.kind) {
        case 'money':
          // validated: yuan with at most two decimals, so the fen fit in 2^53
          return { kind: 'money', h: bounded(env.bind(iff(isNull(x), null, roundHalfUp(env, mul(x, k(100))))), MAX_SAFE) };
        case 'percent': {
          // a number of percent: n / (d·100), with at most 13 decimals so that d·100 stays below 10^15
          const q = rationalOf(env, x, MAX_DECIMALS - 2);
          const [qn, qd] = parts(env, q);
          return { kind: 'q', h: env.bind(iff(isNull(q.h), null, arr(qn, mul(qd, k(100))))), nMax: q.nMax, dMax: q.dMax * 100 };
        }
        case 'count':
        case 'number':
          return { kind: 'q', ...rationalOf(env, x) };
        case 'duration':
          throw new Unsupported(n, `时长类型的输入“${n.name}”`);
        default:
          return { kind: kindOf(n.type), h: x };
      }
    }
    if (n.kind !== 'expr') throw new Error(`node ${n.id} is not executable`);
    return this.expr(n);
  }

  private expr(e: ExprNode): Val {
    const env = this.env;
    const args = e.args.map((a) => this.value(a));
    const [x, y, z] = args;
    const kind = kindOf(e.type);
    const money = (h: H, max: number | undefined): Val => ({ kind: 'money', h: bounded(env.bind(h), max) });
    const rational = (h: H, nMax: number, dMax: number): Val => ({ kind: 'q', h: env.bind(h), nMax, dMax });
    const unknown = (...vs: Val[]): H => or(...vs.map((v) => isNull(v.h)));
    switch (e.op) {
      case 'literal':
        if (!e.value) throw new Unsupported(e, '没有值的常量');
        return literal(e.value, e);
      case 'add':
      case 'sub': {
        const f = e.op === 'add' ? add : sub;
        if (x!.kind === 'money') {
          const r = f(x!.h, y!.h);
          return money(iff(unknown(x!, y!), null, r), r.max);
        }
        const [n1, d1] = parts(env, qv(x!));
        const [n2, d2] = parts(env, qv(y!));
        const u = env.bind(unknown(x!, y!));
        const cross = f(mul(n1, d2), mul(n2, d1));
        const dd = mul(d1, d2);
        env.check(or(u, iff(op('===', d1, d2), safe(f(n1, n2)), and(safe(mul(n1, d2)), safe(mul(n2, d1)), safe(dd), safe(cross)))));
        return rational(iff(u, null, op('===', d1, d2), arr(f(n1, n2), d1), arr(cross, dd)), cross.max ?? INF, dd.max ?? INF);
      }
      case 'mul': {
        if (x!.kind === 'money' && y!.kind === 'money') {
          // a rate per unit of a foreign currency: foreign fen × yuan-fen per unit ÷ 100
          const u = env.bind(unknown(x!, y!));
          const p = mulFloor(env, x!.h, y!.h, k(100), u);
          return money(iff(u, null, p), p.max);
        }
        if (x!.kind === 'money' || y!.kind === 'money') {
          const [m, r] = x!.kind === 'money' ? [x!, y!] : [y!, x!];
          if (r.kind !== 'q') throw new Unsupported(e, '金额与非数值相乘');
          const u = env.bind(unknown(m, r));
          const [n, d] = parts(env, qv(lowest(r)));
          const p = mulFloor(env, m.h, n, d, u);
          return money(iff(u, null, p), p.max);
        }
        const [n1, d1] = parts(env, qv(x!));
        const [n2, d2] = parts(env, qv(y!));
        const u = env.bind(unknown(x!, y!));
        const nn = mulExact(env, n1, n2, u);
        const dd = mulExact(env, d1, d2, u);
        return rational(iff(u, null, arr(nn, dd)), nn.max ?? INF, dd.max ?? INF);
      }
      case 'div': {
        if (x!.kind === 'money' && y!.kind === 'money') {
          return rational(
            iff(unknown(x!, y!), null, op('===', y!.h, 0), null, op('<', y!.h, 0), arr(neg(x!.h), neg(y!.h)), arr(x!.h, y!.h)),
            x!.h.max ?? INF,
            y!.h.max ?? INF,
          );
        }
        const [n2, d2] = parts(env, qv(y!));
        const u = env.bind(or(unknown(x!, y!), op('===', n2, 0)));
        const negative = op('<', n2, 0);
        if (x!.kind === 'money') {
          // money ÷ number: rounded down to the fen
          const n = bounded(env.bind(iff(negative, neg(d2), d2)), d2.max);
          const d = bounded(env.bind(iff(negative, neg(n2), n2)), n2.max);
          const p = mulFloor(env, x!.h, n, d, u);
          return money(iff(u, null, p), p.max);
        }
        const [n1, d1] = parts(env, qv(x!));
        const nn = mulExact(env, n1, d2, u);
        const dd = mulExact(env, d1, n2, u);
        return rational(iff(u, null, negative, arr(neg(nn), neg(dd)), arr(nn, dd)), nn.max ?? INF, dd.max ?? INF);
      }
      case 'cmp':
        return { kind: 'bool', h: env.bind(this.cmp(e, x!, y!)) };
      case 'and':
        return { kind, h: env.bind(iff(or(...args.map((a) => op('===', a.h, false))), false, or(...args.map((a) => isNull(a.h))), null, true)) };
      case 'or':
        return { kind, h: env.bind(iff(or(...args.map((a) => op('===', a.h, true))), true, or(...args.map((a) => isNull(a.h))), null, false)) };
      case 'not':
        return { kind, h: env.bind(iff(isNull(x!.h), null, op('!', x!.h))) };
      case 'if': {
        if (y!.kind === 'dur') throw new Unsupported(e, '结果为时长的“若…则…否则…”');
        const h = env.bind(iff(isNull(x!.h), null, op('===', x!.h, true), y!.h, z!.h));
        return { kind: y!.kind, h: bounded(h, maxOf(y!.h.max, z!.h.max)), nMax: maxOf(y!.nMax, z!.nMax), dMax: maxOf(y!.dMax, z!.dMax) };
      }
      case 'member':
      case 'firstEntry': {
        const list = e.list!;
        if (list.includes('.')) throw new Unsupported(e, `名称中含“.”的名单“${list}”`);
        const member = op('===', env.data(`lists.${list}.member`), true);
        return { kind, h: env.bind(e.op === 'member' ? member : and(member, op('===', env.data(`lists.${list}.firstTime`), true))) };
      }
      case 'since':
        return { kind: 'str', h: x!.h };
      case 'growth': {
        if (x!.kind === 'money') {
          const diff = env.bind(sub(x!.h, y!.h));
          const h = iff(unknown(x!, y!), null, op('===', y!.h, 0), null, op('<', y!.h, 0), arr(neg(diff), neg(y!.h)), arr(diff, y!.h));
          return rational(h, diff.max ?? INF, y!.h.max ?? INF);
        }
        // (x − y) / y over rationals
        const [n1, d1] = parts(env, qv(x!));
        const [n2, d2] = parts(env, qv(y!));
        const u = env.bind(or(unknown(x!, y!), op('===', n2, 0)));
        const same = op('===', d1, d2);
        const cross = sub(mul(n1, d2), mul(n2, d1));
        const dd = mul(d1, d2);
        env.check(or(u, iff(same, safe(sub(n1, n2)), and(safe(mul(n1, d2)), safe(mul(n2, d1)), safe(dd), safe(cross)))));
        const a = bounded(env.bind(iff(same, sub(n1, n2), cross)), cross.max);
        const b = bounded(env.bind(iff(same, d1, dd)), dd.max);
        const nn = mulExact(env, a, d2, u);
        const nd = mulExact(env, b, n2, u);
        return rational(iff(u, null, op('<', n2, 0), arr(neg(nn), neg(nd)), arr(nn, nd)), nn.max ?? INF, nd.max ?? INF);
      }
      case 'tiers':
        return this.tiers(e, args);
      case 'appDate':
        return { kind: 'str', h: env.data('date') };
      case 'timesGranted': {
        // the number of history entries of this benefit: a reduce with a constant initial value
        const body: JL = { if: [{ '===': [{ var: 'current.benefit' }, e.benefit!] }, { '+': [{ var: 'accumulator' }, 1] }, { var: 'accumulator' }] };
        const n = bounded(env.bind(op('reduce', env.data('history'), k(body), k(0))), MAX_SAFE);
        return rational(arr(n, k(1)), MAX_SAFE, 1);
      }
      case 'grantedLastYear':
        throw new Unsupported(e, '按年份读取历史记录（上年度已获）');
      case 'lookup': {
        // the value of the entry whose option the choice input holds; null for none
        const vals = args.slice(1);
        if (vals.length === 0 || vals.some((v) => v.kind === 'dur')) throw new Unsupported(e, '结果为时长的“按…”');
        const arms = (e.keys ?? []).flatMap((key, i) => [op('===', x!.h, key), vals[i]!.h]);
        const h = env.bind(iff(...arms, null));
        return { kind: vals[0]!.kind, h: bounded(h, maxOf(...vals.map((v) => v.h.max))), nMax: maxOf(...vals.map((v) => v.nMax)), dMax: maxOf(...vals.map((v) => v.dMax)) };
      }
      case 'datePlus':
      case 'dateMinus': {
        if (y!.kind !== 'dur' || !y!.dur) throw new Unsupported(e, '日期加减非常量时长');
        const d = y!.dur;
        if (d.unit === 'workday') throw new Unsupported(e, `以工作日计的时长“${d.amount}${UNIT_WORDS[d.unit]}”（需要节假日日历）`);
        const n = (e.op === 'datePlus' ? 1 : -1) * d.amount;
        return { kind: 'str', h: env.bind(iff(isNull(x!.h), null, d.unit === 'day' ? addDays(env, x!.h, n) : addMonths(env, x!.h, d.unit === 'year' ? 12 * n : n))) };
      }
      case 'yearsBetween':
      case 'monthsBetween':
        throw new Unsupported(e, '两个日期之间的整年数/整月数');
      case 'roundDown':
      case 'steps': {
        // floor(x / step) × each; no count when the step is not positive (取整: each = step)
        const each = e.op === 'roundDown' ? y! : z!;
        let count: H;
        let u: H;
        if (x!.kind === 'money') {
          u = env.bind(or(unknown(x!, y!, each), op('<=', y!.h, 0)));
          count = floorDiv(x!.h, y!.h);
        } else {
          const [n1, d1] = parts(env, qv(x!));
          const [n2, d2] = parts(env, qv(y!));
          u = env.bind(or(unknown(x!, y!, each), op('<=', n2, 0)));
          count = floorDiv(mulExact(env, n1, d2, u), mulExact(env, d1, n2, u));
        }
        const c = bounded(env.bind(count), count.max);
        const p = mulExact(env, c, each.h, u);
        return money(iff(u, null, p), p.max);
      }
    }
  }

  private cmp(e: ExprNode, x: Val, y: Val): H {
    const env = this.env;
    const test = (a: H, b: H): H => op(e.cmp === '=' ? '===' : e.cmp === '!=' ? '!==' : e.cmp!, a, b);
    const unknown = or(isNull(x.h), isNull(y.h));
    const tx = this.typeOf(e.args[0]!);
    const ty = this.typeOf(e.args[1]!);
    if (tx.kind === 'money' && ty.kind === 'money' && tx.currency !== ty.currency) {
      // across currencies: x·r₀ against y·r₁, with each rate read from exchangeRates as an exact rational
      const rate = (c: string): QVal => {
        if (c === 'CNY') return { h: k([1, 1]), nMax: 1, dMax: 1 };
        if (c.includes('.')) throw new Unsupported(e, `货币代码“${c}”`);
        return rationalOf(env, env.data(`exchangeRates.${c}`));
      };
      const r0 = rate(tx.currency);
      const r1 = rate(ty.currency);
      const u = env.bind(or(unknown, isNull(r0.h), isNull(r1.h)));
      const [a0, b0] = parts(env, r0);
      const [a1, b1] = parts(env, r1);
      // x·a₀·b₁ against y·a₁·b₀, compared exactly (the factors of each side multiplied first, checked)
      const left = mulExact(env, a0, b1, u);
      const right = mulExact(env, a1, b0, u);
      const sign = env.bind(cmpProducts(env, bounded(x.h, MAX_SAFE), left, bounded(y.h, MAX_SAFE), right));
      return iff(u, null, test(sign, k(0)));
    }
    if (x.kind === 'money' || x.kind === 'bool' || (x.kind === 'str' && tx.kind !== 'since')) return iff(unknown, null, test(x.h, y.h));
    if (x.kind === 'q') {
      const [n1, d1] = parts(env, qv(x));
      const [n2, d2] = parts(env, qv(y));
      const u = env.bind(unknown);
      return iff(u, null, test(mulExact(env, n1, d2, u), mulExact(env, n2, d1, u)));
    }
    if (tx.kind === 'since') {
      // since(x) ≤ d ⟺ the application date ≤ x + d
      if (y.kind !== 'dur' || !y.dur) throw new Unsupported(e, '与非常量时长的比较');
      const d = y.dur;
      if (d.unit === 'workday') throw new Unsupported(e, `以工作日计的时长“${d.amount}${UNIT_WORDS[d.unit]}”（需要节假日日历）`);
      const limit = env.bind(iff(isNull(x.h), null, d.unit === 'day' ? addDays(env, x.h, d.amount) : addMonths(env, x.h, d.unit === 'year' ? 12 * d.amount : d.amount)));
      return iff(isNull(x.h), null, test(env.data('date'), limit));
    }
    if (x.kind === 'dur' && y.kind === 'dur' && x.dur && y.dur) {
      if (x.dur.unit === 'workday' || y.dur.unit === 'workday') throw new Unsupported(e, '以工作日计的时长比较');
      // both constants: decided now, as the evaluator does, from 2000-01-01
      const p = addDuration('2000-01-01', x.dur.amount, x.dur.unit);
      const q = addDuration('2000-01-01', y.dur.amount, y.dur.unit);
      const c = p < q ? -1 : p > q ? 1 : 0;
      const r = { '>=': c >= 0, '<=': c <= 0, '>': c > 0, '<': c < 0, '=': c === 0, '!=': c !== 0 }[e.cmp ?? '='];
      return k(r);
    }
    throw new Unsupported(e, '此类比较');
  }

  private tiers(e: ExprNode, args: Val[]): Val {
    const env = this.env;
    const x = args[0]!;
    const kind = kindOf(e.type);
    const zero = kind === 'money' ? k(0) : k([0, 1]);
    const cmpTo = (bound: GraphLiteral): { lt: H; eq: H } => {
      const b = literal(bound, e);
      if (x.kind === 'money') return { lt: op('<', x.h, b.h), eq: op('===', x.h, b.h) };
      const [n1, d1] = parts(env, qv(x));
      const [n2, d2] = parts(env, qv(b));
      const u = isNull(x.h);
      const l = env.bind(mulExact(env, n1, d2, u));
      const r = env.bind(mulExact(env, n2, d1, u));
      return { lt: op('<', l, r), eq: op('===', l, r) };
    };
    const branches: H[] = [];
    (e.bands ?? []).forEach((band, i) => {
      const inside: H[] = [];
      if (band.lower) {
        const c = cmpTo(band.lower);
        // not below the lower edge (and not on it when it is open)
        inside.push(band.lowerInclusive ? op('!', c.lt) : and(op('!', c.lt), op('!', c.eq)));
      }
      if (band.upper) {
        const c = cmpTo(band.upper);
        inside.push(band.upperInclusive ? or(c.lt, c.eq) : c.lt);
      }
      branches.push(and(...inside), args[i + 1]!.h);
    });
    const values = args.slice(1);
    const h = env.bind(iff(isNull(x.h), null, ...branches, zero));
    return kind === 'money'
      ? { kind, h: bounded(h, maxOf(0, ...values.map((v) => v.h.max))) }
      : { kind, h, nMax: maxOf(0, ...values.map((v) => v.nMax)) ?? INF, dMax: maxOf(1, ...values.map((v) => v.dMax)) ?? INF };
  }

  private typeOf(id: string): ValueType {
    const n = this.byId.get(id);
    return n && (n.kind === 'expr' || n.kind === 'input' || n.kind === 'define') ? n.type : { kind: 'number' };
  }
}

