/**
 * The rule graph as calls of a small runtime, for the generated Python and Java (`pol export --format
 * python|java`). One entry per node kind (`NODE_CALLS`): a node becomes one call of a runtime function
 * on its operands' values and constants, and every target implements each runtime function once in its
 * prelude (src/export/code/python.ts, java.ts) with exact integers and fractions, as src/eval does. A
 * new node kind is one entry here and one function per prelude; a kind without an entry is a POL7005
 * diagnostic, never wrong code.
 *
 * Values at run time: money integer fen; count, percent and number exact fractions; truth values;
 * dates YYYY-MM-DD strings; null (None) when unknown.
 */
import { Q } from '../../eval/values.ts';
import type { ExprNode, Graph, GraphLiteral, GraphNode, ValueType } from '../../ir/schema.ts';
import { reachable } from '../../ir/walk.ts';
import { nodeText } from '../window.ts';

/** An argument of a runtime call. */
export type Arg =
  | { ref: number }
  | { s: string }
  | { i: bigint }
  | { q: [bigint, bigint] }
  | { b: boolean }
  | { none: true }
  | { list: Arg[] }
  | { app: true }
  /** the item a 合计 / 笔数 is deciding */
  | { item: true };

export interface Call {
  fn: string;
  args: Arg[];
  /**
   * 合计 / 笔数: the per-item nodes (indices, in order) recomputed for each item, the summed value's
   * index (null for 笔数) and the conditions' indices. The call then takes one more argument: a
   * function of the item that runs those nodes and gives [value, ...conditions].
   */
  each?: { deps: number[]; value: number | null; conds: number[] };
}

/** A node a generator cannot express: POL7005 at its span. */
export class NoCall extends Error {
  constructor(
    readonly node: GraphNode,
    readonly what: string,
  ) {
    super(what);
  }
}

const isMoney = (t: ValueType) => t.kind === 'money';
const isRatio = (t: ValueType) => t.kind === 'count' || t.kind === 'percent' || t.kind === 'number';

/** A literal as a constant argument. */
export function constant(l: GraphLiteral, n: GraphNode): Arg {
  switch (l.type) {
    case 'money':
      return { i: BigInt(l.fen) };
    case 'percent': {
      const q = Q.of(l.num, l.den);
      return { q: [q.n, q.d] };
    }
    case 'count':
    case 'number': {
      const q = Q.fromNumber(l.value);
      return { q: [q.n, q.d] };
    }
    case 'date':
      return { s: l.value };
    case 'duration':
      throw new NoCall(n, `时长常量（只能出现在与“自…起”的比较中）`);
    case 'text' as string:
      return { s: (l as { value: string }).value };
    default:
      throw new NoCall(n, `常量类型“${(l as { type: string }).type}”`);
  }
}

interface Ctx {
  /** Index of a node's value. */
  ref(id: string): Arg;
  node(id: string): GraphNode | undefined;
  typeOf(id: string): ValueType;
}

type Entry = (n: ExprNode, ctx: Ctx, t: ValueType[]) => Call;

const refs = (n: ExprNode, ctx: Ctx): Arg[] => n.args.map((a) => ctx.ref(a));

/** One entry per expression op of the rule graph (src/ir/schema.ts ExprOpSchema). */
export const NODE_CALLS: Partial<Record<string, Entry>> = {
  literal: (n) => {
    if (!n.value) throw new NoCall(n, '空的常量');
    if (n.value.type === 'duration') return { fn: 'constant', args: [{ none: true }] };
    return { fn: 'constant', args: [constant(n.value, n)] };
  },
  add: (n, ctx, t) => ({ fn: isMoney(t[0]!) ? 'add' : 'addQ', args: refs(n, ctx) }),
  sub: (n, ctx, t) => ({ fn: isMoney(t[0]!) ? 'sub' : 'subQ', args: refs(n, ctx) }),
  mul: (n, ctx, t) => {
    const [a, b] = refs(n, ctx);
    // a rate per unit of a foreign currency (0.01元/美元): foreign fen × fen per unit ÷ 100
    if (isMoney(t[0]!) && isMoney(t[1]!)) {
      const perUnitFirst = !!(t[0] as { perUnit?: string }).perUnit;
      return { fn: 'mulMoneyPerUnit', args: perUnitFirst ? [b!, a!] : [a!, b!] };
    }
    if (isMoney(t[0]!) && isRatio(t[1]!)) return { fn: 'mulMoney', args: [a!, b!] };
    if (isRatio(t[0]!) && isMoney(t[1]!)) return { fn: 'mulMoney', args: [b!, a!] };
    if (isRatio(t[0]!) && isRatio(t[1]!)) return { fn: 'mulQ', args: [a!, b!] };
    throw new NoCall(n, '此类乘法');
  },
  div: (n, ctx, t) => {
    if (isMoney(t[0]!) && isMoney(t[1]!)) return { fn: 'divMoney', args: refs(n, ctx) };
    if (isMoney(t[0]!)) return { fn: 'divMoneyQ', args: refs(n, ctx) };
    return { fn: 'divQ', args: refs(n, ctx) };
  },
  cmp: (n, ctx, t) => compareCall(n, ctx, t),
  and: (n, ctx) => ({ fn: 'all', args: [{ list: refs(n, ctx) }] }),
  or: (n, ctx) => ({ fn: 'any', args: [{ list: refs(n, ctx) }] }),
  not: (n, ctx) => ({ fn: 'not', args: refs(n, ctx) }),
  if: (n, ctx) => ({ fn: 'choose', args: refs(n, ctx) }),
  member: (n) => ({ fn: 'member', args: [{ app: true }, { s: n.list! }] }),
  firstEntry: (n) => ({ fn: 'firstEntry', args: [{ app: true }, { s: n.list! }] }),
  since: (n, ctx) => ({ fn: 'same', args: refs(n, ctx) }),
  growth: (n, ctx, t) => ({ fn: isMoney(t[0]!) ? 'growth' : 'growthQ', args: refs(n, ctx) }),
  tiers: (n, ctx, t) => {
    const [x, ...values] = refs(n, ctx);
    const bound = (l: GraphLiteral | null): Arg => (l ? constant(l, n) : { none: true });
    const bands: Arg = { list: (n.bands ?? []).map((b) => ({ list: [bound(b.lower), bound(b.upper), { b: b.lowerInclusive }, { b: b.upperInclusive }] })) };
    return { fn: 'tiers', args: [x!, bands, { list: values }, isMoney(n.type) ? { i: 0n } : { q: [0n, 1n] }, { b: isMoney(t[0]!) }] };
  },
  steps: (n, ctx) => ({ fn: 'steps', args: refs(n, ctx) }),
  // ---- #12: 取整, 申报日期, 日期 ± 期限, 整年数/整月数, 已获次数, 上年度已获, 按 X {…}
  roundDown: (n, ctx) => ({ fn: 'roundDown', args: refs(n, ctx) }),
  appDate: () => ({ fn: 'appDate', args: [{ app: true }] }),
  datePlus: (n, ctx) => ({ fn: 'datePlus', args: [ctx.ref(n.args[0]!), ...durationOf(n, ctx, 1)] }),
  dateMinus: (n, ctx) => ({ fn: 'datePlus', args: [ctx.ref(n.args[0]!), ...durationOf(n, ctx, -1)] }),
  yearsBetween: (n, ctx) => ({ fn: 'monthsBetween', args: [...refs(n, ctx), { i: 12n }] }),
  monthsBetween: (n, ctx) => ({ fn: 'monthsBetween', args: [...refs(n, ctx), { i: 1n }] }),
  timesGranted: (n) => ({ fn: 'timesGranted', args: [{ app: true }, { s: benefitOf(n) }] }),
  grantedLastYear: (n) => ({ fn: 'grantedLastYear', args: [{ app: true }, { s: benefitOf(n) }] }),
  lookup: (n, ctx) => {
    const [x, ...values] = refs(n, ctx);
    const keys = (n as { keys?: string[] }).keys ?? [];
    return { fn: 'lookup', args: [x!, { list: keys.map((k) => ({ s: k })) }, { list: values }] };
  },
  // ---- #12 item lists: a field of the current item, 合计 / 笔数 (with `each`, see Call), 付款方 = 申报人
  itemField: (n) => {
    const field: Arg = { s: n.field ?? '' };
    switch (n.type.kind) {
      case 'money':
        return { fn: 'itemMoney', args: [{ item: true }, field] };
      case 'percent':
        return { fn: 'itemRatio', args: [{ item: true }, field, { i: 100n }] };
      case 'count':
      case 'number':
        return { fn: 'itemRatio', args: [{ item: true }, field, { i: 1n }] };
      case 'bool':
      case 'date':
      case 'text':
        return { fn: 'item', args: [{ item: true }, field] };
      default:
        throw new NoCall(n, `类型为“${n.type.kind}”的清单字段`);
    }
  },
  sumItems: (n, ctx) => ({ fn: 'sumItems', args: [ctx.ref(n.args[0]!), isMoney(n.type) ? { i: 0n } : { q: [0n, 1n] }] }),
  countItems: (n, ctx) => ({ fn: 'countItems', args: [ctx.ref(n.args[0]!)] }),
  isApplicant: (n, ctx) => ({ fn: 'isApplicant', args: [{ app: true }, ctx.ref(n.args[0]!)] }),
};

/**
 * The nodes decided per item (a field of the current item and every node that reads one), as
 * src/eval/compile.ts's itemNodes: they run inside their 合计 / 笔数, once per item.
 */
function perItemNodes(graph: Graph, byId: ReadonlyMap<string, GraphNode>): Set<string> {
  const out = new Set<string>();
  for (const id of graph.order) {
    const n = byId.get(id);
    if (n?.kind !== 'expr' || n.op === 'sumItems' || n.op === 'countItems') continue;
    if (n.op === 'itemField' || n.args.some((a) => out.has(a))) out.add(id);
  }
  return out;
}

function benefitOf(n: ExprNode): string {
  const b = (n as { benefit?: string }).benefit;
  if (!b) throw new NoCall(n, '未指明扶持项目的历史记录');
  return b;
}

/** A constant duration operand as [amount × sign, unit]. */
function durationOf(n: ExprNode, ctx: Ctx, sign: 1 | -1): Arg[] {
  const d = ctx.node(n.args[1]!);
  if (d?.kind !== 'expr' || d.op !== 'literal' || d.value?.type !== 'duration') throw new NoCall(n, '日期加减非常量时长');
  if (d.value.unit === 'workday') throw new NoCall(n, '以工作日计的时长（需要节假日日历）');
  return [{ i: BigInt(sign * d.value.amount) }, { s: d.value.unit }];
}

function compareCall(n: ExprNode, ctx: Ctx, t: ValueType[]): Call {
  const op: Arg = { s: n.cmp ?? '=' };
  const [a, b] = refs(n, ctx);
  const [t0, t1] = t;
  if (t0!.kind === 'money' && t1!.kind === 'money' && t0!.currency !== t1!.currency) {
    return { fn: 'compareCurrencies', args: [op, { app: true }, a!, { s: t0!.currency }, b!, { s: t1!.currency }] };
  }
  if (t0!.kind === 'since') {
    const d = ctx.node(n.args[1]!);
    if (d?.kind !== 'expr' || d.op !== 'literal' || d.value?.type !== 'duration') throw new NoCall(n, '与非常量时长的比较');
    if (d.value.unit === 'workday') throw new NoCall(n, '以工作日计的时长（需要节假日日历）');
    return { fn: 'compareSince', args: [op, { app: true }, a!, { i: BigInt(d.value.amount) }, { s: d.value.unit }] };
  }
  if (t0!.kind === 'duration') {
    const [x, y] = n.args.map((id) => ctx.node(id));
    if (x?.kind !== 'expr' || y?.kind !== 'expr' || x.value?.type !== 'duration' || y.value?.type !== 'duration') throw new NoCall(n, '非常量时长的比较');
    if (x.value.unit === 'workday' || y.value.unit === 'workday') throw new NoCall(n, '以工作日计的时长（需要节假日日历）');
    return { fn: 'compareDurations', args: [op, { i: BigInt(x.value.amount) }, { s: x.value.unit }, { i: BigInt(y.value.amount) }, { s: y.value.unit }] };
  }
  return { fn: 'compare', args: [op, a!, b!] };
}

/** How an input is read from `facts`. */
export function inputCall(name: string, t: ValueType, n: GraphNode): Call {
  switch (t.kind) {
    case 'money':
      return { fn: 'factMoney', args: [{ app: true }, { s: name }] };
    case 'percent':
      return { fn: 'factRatio', args: [{ app: true }, { s: name }, { i: 100n }] };
    case 'count':
    case 'number':
      return { fn: 'factRatio', args: [{ app: true }, { s: name }, { i: 1n }] };
    case 'bool':
    case 'date':
    case 'text':
    case 'items':
      return { fn: 'fact', args: [{ app: true }, { s: name }] };
    default:
      throw new NoCall(n, `类型为“${t.kind}”的输入`);
  }
}

/** Everything a generated module needs: one call per executable node in order, and the benefits. */
export interface CodeModel {
  policy: string;
  title: string;
  source: { file: string; sha256: string };
  version: string;
  validFrom: string | null;
  validTo: string | null;
  noDoubleFunding: { levels: string[]; measure: string | null } | null;
  highestOnly: { measure: string | null } | null;
  /** `perItem`: run inside its 合计 / 笔数 (see Call.each), not among the application's values. */
  calls: { call: Call; id: string; text: string; perItem: boolean }[];
  benefits: {
    id: string;
    measure: string;
    applicants: string[];
    oneTime: boolean;
    conditions: number[];
    base: number | null;
    caps: { idx: number; scope: 'once' | 'perYear' | 'total' }[];
    /** 取整至: the node of the unit the capped amount is rounded down to. */
    round: number | null;
  }[];
  /** 汇率 fixed by the policy: yuan per unit, as decimal strings (they win over the application's exchangeRates). */
  exchangeRates: Record<string, string>;
}

/** The code model of a graph, or the nodes no call expresses. */
export function codeModel(graph: Graph, window: { from?: string; to?: string } | undefined): { model?: CodeModel; unsupported: NoCall[] } {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const index = new Map(graph.order.map((id, i) => [id, i]));
  const ctx: Ctx = {
    ref: (id) => ({ ref: index.get(id)! }),
    node: (id) => byId.get(id),
    typeOf: (id) => {
      const n = byId.get(id);
      return n && (n.kind === 'expr' || n.kind === 'input' || n.kind === 'define') ? n.type : { kind: 'number' };
    },
  };
  const unsupported: NoCall[] = [];
  const calls: CodeModel['calls'] = [];
  const perItem = perItemNodes(graph, byId);
  for (const id of graph.order) {
    const n = byId.get(id)!;
    try {
      let call: Call;
      if (n.kind === 'input') call = inputCall(n.name, n.type, n);
      else if (n.kind === 'define') call = { fn: 'same', args: [ctx.ref(n.args[0]!)] };
      else if (n.kind === 'expr') {
        const entry = NODE_CALLS[n.op];
        if (!entry) throw new NoCall(n, `规则图节点“${n.op}”`);
        call = entry(n, ctx, n.args.map((a) => ctx.typeOf(a)));
        if (n.op === 'sumItems' || n.op === 'countItems') {
          const sum = n.op === 'sumItems';
          const deps = reachable(n.args.slice(1), byId);
          call.each = {
            deps: graph.order.filter((d) => deps.has(d) && perItem.has(d)).map((d) => index.get(d)!),
            value: sum ? index.get(n.args[1]!)! : null,
            conds: n.args.slice(sum ? 2 : 1).map((a) => index.get(a)!),
          };
        }
      } else throw new NoCall(n, `规则图节点“${n.kind}”`);
      calls.push({ call, id, text: n.kind === 'input' ? n.name : nodeText(n), perItem: perItem.has(id) });
    } catch (e) {
      if (!(e instanceof NoCall)) throw e;
      unsupported.push(e);
    }
  }
  if (unsupported.length > 0) return { unsupported };
  const r = graph.rules;
  return {
    unsupported,
    model: {
      policy: graph.policy.id,
      title: graph.policy.title,
      source: graph.source,
      version: graph.compiler.version,
      validFrom: window?.from ?? null,
      validTo: window?.to ?? null,
      noDoubleFunding: r.noDoubleFunding ? { levels: r.noDoubleFunding.levels, measure: r.noDoubleFunding.measure ?? null } : null,
      highestOnly: r.highestOnly ? { measure: r.highestOnly.measure ?? null } : null,
      calls,
      benefits: graph.benefits
        .filter((b) => b.hasAmount)
        .map((b) => ({
          id: b.id,
          measure: b.measure,
          applicants: b.applicants,
          oneTime: b.oneTime,
          conditions: b.conditions.map((c) => index.get(c.node)!),
          base: b.base ? index.get(b.base)! : null,
          caps: b.caps.map((c) => ({ idx: index.get(c.node)!, scope: c.scope })),
          round: b.roundAfter ? index.get(b.roundAfter.node)! : null,
        })),
      exchangeRates: Object.fromEntries(Object.entries(graph.policy.exchangeRates ?? {}).map(([c, r]) => [c, String(r)])),
    },
  };
}
