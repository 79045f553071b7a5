/**
 * The operators of the rule graph as data: for each `op` of an expression node, how it binds
 * (precedence) and how it reads in Chinese policy prose, in English and in .pol. A new construct
 * adds one row here (TypeScript refuses a missing one) and every place that shows a rule to a
 * person (documents, reasons, explain, diff) speaks it.
 *
 * Precedence follows grammar/parser.ts: 或 1 < 且 2 < 非 3 < comparison 4 < + − 5 < × ÷ 6 <
 * 每满 7 < primary 99. Chinese prose closes some forms by its words (A与B之和) and gives others
 * (若…, 分档) precedence 0, so they are grouped wherever they are not a whole phrase.
 */
import type { ExprNode, GraphLiteral, GraphNode, ValueType } from './schema.ts';

export type ProseLang = 'zh' | 'en' | 'pol';

/** What a row may ask of the printer (src/ir/prose.ts implements it). */
export interface OpPrinter {
  /** The node in words, grouped when it binds more loosely than `min`. */
  expr(id: string, min?: number, depth?: number): string;
  node(id: string): GraphNode | undefined;
  literal(l: GraphLiteral): string;
  /** A list's title (its id in .pol). */
  list(id: string | undefined): string;
  /** A list as a Chinese noun phrase: …名单. */
  listed(id: string | undefined): string;
  marker(depth: number, k: number): string;
  isLogic(id: string): boolean;
}

export interface OpContext {
  p: OpPrinter;
  n: ExprNode;
  /** Enclosing enumerations (for the markers of nested 且/或). */
  depth: number;
}

export interface OpRow {
  prec: number | Record<ProseLang, number>;
  zh(c: OpContext): string;
  en(c: OpContext): string;
  pol(c: OpContext): string;
}

type Cmp = NonNullable<ExprNode['cmp']>;

/** Operand k of the node, grouped below `min`. */
const arg = (c: OpContext, k: number, min: number, depth = c.depth) => c.p.expr(c.n.args[k] ?? '', min, depth);
const typeOf = (c: OpContext, k: number): ValueType | undefined => {
  const x = c.p.node(c.n.args[k] ?? '');
  return x && 'type' in x ? x.type : undefined;
};

const CMP_POL: Record<Cmp, string> = { '>=': '≥', '<=': '≤', '>': '>', '<': '<', '=': '=', '!=': '≠' };
const NEGATED: Record<Cmp, Cmp> = { '>=': '<', '<': '>=', '>': '<=', '<=': '>', '=': '!=', '!=': '=' };
const CMP_ZH: Record<Cmp, string> = { '>=': '不低于', '<=': '不超过', '>': '超过', '<': '低于', '=': '为', '!=': '不为' };
const CMP_EN: Record<Cmp, string> = { '>=': 'is at least', '<=': 'is at most', '>': 'exceeds', '<': 'is below', '=': 'is', '!=': 'is not' };
const DATE_ZH: Record<Cmp, (d: string) => string> = {
  '>=': (d) => `在${d}（含）以后`,
  '>': (d) => `在${d}以后（不含当日）`,
  '<=': (d) => `在${d}（含）以前`,
  '<': (d) => `在${d}以前（不含当日）`,
  '=': (d) => `为${d}`,
  '!=': (d) => `不为${d}`,
};
const DATE_EN: Record<Cmp, string> = { '>=': 'is on or after', '>': 'is after', '<=': 'is on or before', '<': 'is before', '=': 'is', '!=': 'is not' };

/** A comparison in words, with `op` (the node's own, or its negation under 非). */
function compare(c: OpContext, op: Cmp, lang: 'zh' | 'en'): string {
  const lt = typeOf(c, 0);
  const rt = typeOf(c, 1);
  const l = arg(c, 0, 5);
  const r = arg(c, 1, 5);
  if (lang === 'en') {
    if (rt?.kind === 'date' || lt?.kind === 'date') return `${l} ${DATE_EN[op]} ${r}`;
    return `${l} ${CMP_EN[op]} ${r}`;
  }
  if (rt?.kind === 'date' || lt?.kind === 'date') return `${l}${DATE_ZH[op](r)}`;
  // 达到 for amounts and counts (独立站交易额达到75万美元), 不低于 for rates and the rest.
  const word = op === '>=' && (lt?.kind === 'money' || lt?.kind === 'count') ? '达到' : CMP_ZH[op];
  return `${l}${word}${r}`;
}

/** The operands of a chain of one associative op (a + b + c → [a, b, c]). */
function chain(c: OpContext, op: ExprNode['op']): string[] {
  const out: string[] = [];
  const walk = (id: string) => {
    const x = c.p.node(id);
    if (x?.kind === 'expr' && x.op === op) x.args.forEach(walk);
    else out.push(id);
  };
  c.n.args.forEach(walk);
  return out;
}

function listing(xs: string[], last: string, sep = '、'): string {
  return xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(sep)}${last}${xs[xs.length - 1]}`;
}

/** 且/或: flat operands joined; operands that are themselves 且/或 make it an enumeration, so nothing is ambiguous. */
function logic(c: OpContext, lang: 'zh' | 'en'): string {
  const and = c.n.op === 'and';
  const nested = c.n.args.some((a) => c.p.isLogic(a));
  if (!nested) {
    const parts = c.n.args.map((a) => c.p.expr(a, 3, c.depth));
    if (lang === 'en') return parts.join(and ? ' and ' : ' or ');
    return parts.join(and ? '，且' : '，或');
  }
  const items = c.n.args.map((a, k) => `${c.p.marker(c.depth, k)}${lang === 'en' ? ' ' : ''}${c.p.expr(a, 0, c.depth + 1)}`);
  if (lang === 'en') return `${and ? 'all' : 'any'} of the following: ${items.join('; ')}`;
  return `${and ? '同时满足下列条件' : '满足下列条件之一'}：${items.join('；')}`;
}

function polLogic(c: OpContext): string {
  const and = c.n.op === 'and';
  return c.n.args.map((a) => c.p.expr(a, and ? 3 : 2, c.depth)).join(and ? ' 且 ' : ' 或 ');
}

/** The tier bands' ranges: 1亿元（含）至5亿元（不含）, 5亿元（含）以上. */
function bandRange(c: OpContext, b: NonNullable<ExprNode['bands']>[number], lang: 'zh' | 'en'): string {
  const lo = b.lower ? c.p.literal(b.lower) : undefined;
  const hi = b.upper ? c.p.literal(b.upper) : undefined;
  if (lang === 'en') {
    const l = lo ? `${b.lowerInclusive ? 'at least' : 'above'} ${lo}` : '';
    const h = hi ? `${b.upperInclusive ? 'at most' : 'below'} ${hi}` : '';
    return [l, h].filter(Boolean).join(' and ') || 'any value';
  }
  const inc = (x: boolean) => (x ? '（含）' : '（不含）');
  if (lo && hi) return `${lo}${inc(b.lowerInclusive)}至${hi}${inc(b.upperInclusive)}`;
  if (lo) return b.lowerInclusive ? `${lo}（含）以上` : `超过${lo}`;
  if (hi) return b.upperInclusive ? `${hi}（含）以下` : `不足${hi}`;
  return '任何数额';
}

/** Tiers as the policy states them: 交易额1亿元（含）至5亿元（不含）的，为50万元；5亿元（含）以上的，为100万元 (`verb` 为, 奖励 …). */
export function tierClauses(c: OpContext, verb: string): string {
  const x = arg(c, 0, 5);
  return (c.n.bands ?? []).map((b, k) => `${k === 0 ? x : ''}${bandRange(c, b, 'zh')}的，${verb}${arg(c, k + 1, 1)}`).join('；');
}

/** The conditions of 合计 / 笔数 from operand `from` on: 中日期在…、付款方为申报人的 / " where … and …". */
function itemFilter(c: OpContext, from: number, lang: 'zh' | 'en'): string {
  // conditions joined by 且 read as one list with the others
  const flat = (id: string): string[] => {
    const x = c.p.node(id);
    return x?.kind === 'expr' && x.op === 'and' ? x.args.flatMap(flat) : [id];
  };
  const conds = c.n.args.slice(from).flatMap(flat).map((a) => c.p.expr(a, 3, c.depth));
  if (conds.length === 0) return '';
  return lang === 'zh' ? `中${conds.join('、')}的` : ` where ${conds.join(' and ')}`;
}

/** What 合计 adds up: the field (金额), or the expression over the item's fields. */
function summed(c: OpContext, lang: ProseLang): string {
  return arg(c, 1, lang === 'pol' ? 0 : 5);
}

const literal: OpRow = {
  prec: 99,
  zh: (c) => (c.n.value ? c.p.literal(c.n.value) : ''),
  en: (c) => (c.n.value ? c.p.literal(c.n.value) : ''),
  pol: (c) => (c.n.value ? c.p.literal(c.n.value) : ''),
};

export const OPS: Record<ExprNode['op'], OpRow> = {
  literal,
  add: {
    prec: { zh: 99, en: 99, pol: 5 },
    zh: (c) => `${listing(chain(c, 'add').map((a) => c.p.expr(a, 5, c.depth)), '与')}之和`,
    en: (c) => `the sum of ${listing(chain(c, 'add').map((a) => c.p.expr(a, 5, c.depth)), ' and ', ', ')}`,
    pol: (c) => `${arg(c, 0, 5)} + ${arg(c, 1, 6)}`,
  },
  sub: {
    prec: { zh: 99, en: 5, pol: 5 },
    zh: (c) => `${arg(c, 0, 5)}与${arg(c, 1, 6)}之差`,
    en: (c) => `${arg(c, 0, 5)} minus ${arg(c, 1, 6)}`,
    pol: (c) => `${arg(c, 0, 5)} - ${arg(c, 1, 6)}`,
  },
  mul: {
    prec: 6,
    zh: (c) => {
      const [t0, t1] = [typeOf(c, 0), typeOf(c, 1)];
      // rate × base reads 推广费用的50%; count × per-unit money reads 展位面积每平方米3000元
      if (t1?.kind === 'percent' || t0?.kind === 'percent') {
        const [base, rate] = t1?.kind === 'percent' ? [0, 1] : [1, 0];
        return `${arg(c, base, 6)}的${arg(c, rate, 7)}`;
      }
      if (t1?.kind === 'money' && t1.perUnit) return `${arg(c, 0, 6)}${arg(c, 1, 7)}`;
      if (t0?.kind === 'count' && t0.unit && t1?.kind === 'money') return `${arg(c, 0, 6)}每${t0.unit}${arg(c, 1, 7)}`;
      return `${arg(c, 0, 6)}乘以${arg(c, 1, 7)}`;
    },
    en: (c) => {
      const [t0, t1] = [typeOf(c, 0), typeOf(c, 1)];
      if (t1?.kind === 'percent') return `${arg(c, 1, 7)} of ${arg(c, 0, 6)}`;
      if (t0?.kind === 'percent') return `${arg(c, 0, 7)} of ${arg(c, 1, 6)}`;
      return `${arg(c, 0, 6)} times ${arg(c, 1, 7)}`;
    },
    pol: (c) => `${arg(c, 0, 6)} × ${arg(c, 1, 7)}`,
  },
  div: {
    prec: 6,
    zh: (c) => `${arg(c, 0, 6)}除以${arg(c, 1, 7)}`,
    en: (c) => `${arg(c, 0, 6)} divided by ${arg(c, 1, 7)}`,
    pol: (c) => `${arg(c, 0, 6)} ÷ ${arg(c, 1, 7)}`,
  },
  cmp: {
    prec: 4,
    zh: (c) => compare(c, c.n.cmp ?? '=', 'zh'),
    en: (c) => compare(c, c.n.cmp ?? '=', 'en'),
    pol: (c) => `${arg(c, 0, 5)} ${CMP_POL[c.n.cmp ?? '=']} ${arg(c, 1, 5)}`,
  },
  and: { prec: 2, zh: (c) => logic(c, 'zh'), en: (c) => logic(c, 'en'), pol: polLogic },
  or: { prec: 1, zh: (c) => logic(c, 'zh'), en: (c) => logic(c, 'en'), pol: polLogic },
  not: {
    prec: 3,
    zh: (c) => {
      const x = c.p.node(c.n.args[0] ?? '');
      if (x?.kind === 'expr' && x.op === 'member') return `未入选${c.p.listed(x.list)}`;
      if (x?.kind === 'expr' && x.op === 'cmp') return compare({ ...c, n: x }, NEGATED[x.cmp ?? '='], 'zh');
      if (x?.kind === 'expr' && x.op === 'isApplicant') return `${c.p.expr(x.args[0] ?? '', 5, c.depth)}不是申报人`;
      return `并非${arg(c, 0, 3)}`;
    },
    en: (c) => {
      const x = c.p.node(c.n.args[0] ?? '');
      if (x?.kind === 'expr' && x.op === 'cmp') return compare({ ...c, n: x }, NEGATED[x.cmp ?? '='], 'en');
      if (x?.kind === 'expr' && x.op === 'isApplicant') return `${c.p.expr(x.args[0] ?? '', 5, c.depth)} is not the applicant`;
      return `not ${arg(c, 0, 3)}`;
    },
    pol: (c) => `非 ${arg(c, 0, 3)}`,
  },
  if: {
    prec: 0,
    zh: (c) => `${arg(c, 0, 1)}的，为${arg(c, 1, 1)}；否则为${arg(c, 2, 1)}`,
    en: (c) => `${arg(c, 1, 1)} if ${arg(c, 0, 1)}, otherwise ${arg(c, 2, 1)}`,
    pol: (c) => `若 ${arg(c, 0, 1)} 则 ${arg(c, 1, 1)} 否则 ${arg(c, 2, 1)}`,
  },
  member: {
    prec: 99,
    zh: (c) => `入选${c.p.listed(c.n.list)}`,
    en: (c) => `is on the list of ${c.p.list(c.n.list)}`,
    pol: (c) => `入选(${c.n.list ?? ''})`,
  },
  firstEntry: {
    prec: 99,
    zh: (c) => `首次进入${c.p.listed(c.n.list)}`,
    en: (c) => `entered the list of ${c.p.list(c.n.list)} for the first time`,
    pol: (c) => `首次入选(${c.n.list ?? ''})`,
  },
  since: {
    prec: 99,
    zh: (c) => `${arg(c, 0, 5)}距申报之日`,
    en: (c) => `the time from ${arg(c, 0, 5)} to the application date`,
    pol: (c) => `距今(${arg(c, 0, 0)})`,
  },
  growth: {
    prec: 99,
    zh: (c) => `${arg(c, 0, 5)}较${arg(c, 1, 5)}的增长率`,
    en: (c) => `the growth of ${arg(c, 0, 5)} over ${arg(c, 1, 5)}`,
    pol: (c) => `增长率(${arg(c, 0, 0)}，${arg(c, 1, 0)})`,
  },
  tiers: {
    prec: { zh: 0, en: 0, pol: 99 },
    zh: (c) => tierClauses(c, '为'),
    en: (c) => `by ${arg(c, 0, 5)}: ${(c.n.bands ?? []).map((b, k) => `${bandRange(c, b, 'en')}: ${arg(c, k + 1, 1)}`).join('; ')}`,
    pol: (c) => {
      const bound = (l: NonNullable<ExprNode['bands']>[number]['lower']) => (l ? c.p.literal(l) : '∞');
      const bands = (c.n.bands ?? []).map((b, k) => `${b.lowerInclusive ? '[' : '('}${bound(b.lower)}，${bound(b.upper)}${b.upperInclusive ? ']' : ')'}：${arg(c, k + 1, 5)}`);
      return `分档 ${arg(c, 0, 99)} { ${bands.join('，')} }`;
    },
  },
  // ---- language reach II (#12)
  roundDown: {
    prec: 99,
    zh: (c) => `${arg(c, 0, 5)}按${arg(c, 1, 5)}向下取整`,
    en: (c) => `${arg(c, 0, 5)} rounded down to a multiple of ${arg(c, 1, 5)}`,
    pol: (c) => `取整(${arg(c, 0, 0)}，${arg(c, 1, 0)})`,
  },
  datePlus: {
    prec: 5,
    zh: (c) => `${arg(c, 0, 5)}后${arg(c, 1, 6)}`,
    en: (c) => `${arg(c, 1, 6)} after ${arg(c, 0, 5)}`,
    pol: (c) => `${arg(c, 0, 5)} + ${arg(c, 1, 6)}`,
  },
  dateMinus: {
    prec: 5,
    zh: (c) => `${arg(c, 0, 5)}前${arg(c, 1, 6)}`,
    en: (c) => `${arg(c, 1, 6)} before ${arg(c, 0, 5)}`,
    pol: (c) => `${arg(c, 0, 5)} - ${arg(c, 1, 6)}`,
  },
  yearsBetween: {
    prec: 99,
    zh: (c) => `自${arg(c, 0, 5)}至${arg(c, 1, 5)}的整年数`,
    en: (c) => `the whole years from ${arg(c, 0, 5)} to ${arg(c, 1, 5)}`,
    pol: (c) => `整年数(${arg(c, 0, 0)}，${arg(c, 1, 0)})`,
  },
  monthsBetween: {
    prec: 99,
    zh: (c) => `自${arg(c, 0, 5)}至${arg(c, 1, 5)}的整月数`,
    en: (c) => `the whole months from ${arg(c, 0, 5)} to ${arg(c, 1, 5)}`,
    pol: (c) => `整月数(${arg(c, 0, 0)}，${arg(c, 1, 0)})`,
  },
  appDate: { prec: 99, zh: () => '申报日期', en: () => 'the application date', pol: () => '申报日期' },
  lookup: {
    prec: { zh: 0, en: 0, pol: 99 },
    zh: (c) => (c.n.keys ?? []).map((k, i) => `${i === 0 ? arg(c, 0, 5) : ''}为${k}的，为${arg(c, i + 1, 1)}`).join('；'),
    en: (c) => `by ${arg(c, 0, 5)}: ${(c.n.keys ?? []).map((k, i) => `${k}: ${arg(c, i + 1, 1)}`).join('; ')}`,
    pol: (c) => `按 ${arg(c, 0, 99)} { ${(c.n.keys ?? []).map((k, i) => `${k}：${arg(c, i + 1, 5)}`).join('，')} }`,
  },
  timesGranted: {
    prec: 99,
    zh: (c) => `已获${c.n.benefit ?? ''}的次数`,
    en: (c) => `the number of times ${c.n.benefit ?? ''} was granted`,
    pol: (c) => `已获次数(${c.n.benefit ?? ''})`,
  },
  grantedLastYear: {
    prec: 99,
    zh: (c) => `上一年度已获${c.n.benefit ?? ''}`,
    en: (c) => `${c.n.benefit ?? ''} was granted in the previous year`,
    pol: (c) => `上年度已获(${c.n.benefit ?? ''})`,
  },
  // ---- item lists (#12 item 5)
  itemField: {
    prec: 99,
    zh: (c) => c.n.field ?? '',
    en: (c) => c.n.field ?? '',
    pol: (c) => `${c.n.items ?? ''}.${c.n.field ?? ''}`,
  },
  sumItems: {
    prec: 99,
    zh: (c) => `${c.n.items ?? ''}${itemFilter(c, 2, 'zh')}${summed(c, 'zh')}合计`,
    en: (c) => `the total ${summed(c, 'en')} of the ${c.n.items ?? ''}${itemFilter(c, 2, 'en')}`,
    pol: (c) => `合计(${[summed(c, 'pol'), ...c.n.args.slice(2).map((a) => c.p.expr(a, 0, c.depth))].join('，')})`,
  },
  countItems: {
    prec: 99,
    zh: (c) => `${c.n.items ?? ''}${itemFilter(c, 1, 'zh')}笔数`,
    en: (c) => `the number of ${c.n.items ?? ''}${itemFilter(c, 1, 'en')}`,
    pol: (c) => `笔数(${[c.n.items ?? '', ...c.n.args.slice(1).map((a) => c.p.expr(a, 0, c.depth))].join('，')})`,
  },
  isApplicant: {
    prec: 4,
    zh: (c) => `${arg(c, 0, 5)}为申报人`,
    en: (c) => `${arg(c, 0, 5)} is the applicant`,
    pol: (c) => `${arg(c, 0, 5)} = 申报人`,
  },
  steps: {
    prec: 7,
    zh: (c) => `${arg(c, 0, 8)}每满${arg(c, 1, 8)}给予${arg(c, 2, 8)}`,
    en: (c) => `${arg(c, 2, 8)} for each full ${arg(c, 1, 8)} of ${arg(c, 0, 8)}`,
    pol: (c) => `${arg(c, 0, 8)} 每满 ${arg(c, 1, 8)} 给予 ${arg(c, 2, 8)}`,
  },
};
