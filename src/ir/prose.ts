/**
 * The rule graph in words: expressions and conditions printed from the nodes, never quoted from the
 * source. Three languages: `zh` (Chinese policy prose: 推广费用的50%, 2023年1月1日（含）以后),
 * `en` (English, for `--lang en`) and `pol` (valid .pol text with Chinese keywords, for round trips).
 * What each operator says lives in one table (src/ir/ops.ts); this file is the engine around it:
 * operands, literals, names, grouping.
 */
import { durationText } from '../values/duration.ts';
import { moneyInScale } from '../values/money.ts';
import { decimal, grouped } from '../values/numerals.ts';
import { OPS, type OpPrinter, type ProseLang } from './ops.ts';
import type { Benefit, ExprNode, Graph, GraphLiteral, GraphNode } from './schema.ts';

export type { ProseLang };

const CJK = /[\u3400-\u9fff]/;

const COUNT_EN: Record<string, string> = { 平方米: 'square metre', 场: 'session', 家: 'firm', 个: 'item', 次: 'time', 人: 'person', 项: 'item', 间: 'room', 批: 'batch', 件: 'piece' };

function countEn(value: string, unit: string): string {
  const word = COUNT_EN[unit];
  if (!word) return `${value} ${unit}`;
  return `${grouped(value)} ${word}${value === '1' ? '' : word.endsWith('s') ? 'es' : 's'}`;
}

/** A literal in the chosen language: 100万元 / 1,000,000 yuan / 100万元; 2023年1月1日 / 2023-01-01. */
export function literalText(l: GraphLiteral, lang: ProseLang): string {
  switch (l.type) {
    case 'money': {
      if (lang === 'en') {
        const amount = `${l.currency === 'CNY' ? '' : `${l.currency} `}${grouped(decimal(l.fen, 2))}${l.currency === 'CNY' ? ' yuan' : ''}`;
        return l.perUnit ? `${amount} per ${COUNT_EN[l.perUnit] ?? l.perUnit}` : amount;
      }
      const amount = moneyInScale(l.fen, l.scale, l.currency);
      if (lang === 'pol') return l.perUnit ? `${amount}/${l.perUnit}` : amount;
      return l.perUnit ? `每${l.perUnit}${amount}` : amount;
    }
    case 'percent': {
      const digits = Math.round(Math.log10(l.den / 100));
      return `${decimal(l.num, digits)}%`;
    }
    case 'count':
      return lang === 'en' ? countEn(String(l.value), l.unit) : `${l.value}${l.unit}`;
    case 'number':
      return lang === 'en' ? grouped(String(l.value)) : String(l.value);
    case 'duration':
      return durationText(l.amount, l.unit, lang);
    case 'text':
      // an option of a choice input (国家级), written bare in .pol
      return l.value;
    case 'date': {
      if (lang !== 'zh') return l.value;
      const [y, m, d] = l.value.split('-').map(Number);
      return `${y}年${m}月${d}日`;
    }
  }
}

/**
 * Prints expressions of one graph. `expr(id, min)` is the node in words, grouped where it binds more
 * loosely than `min` (the table's precedence): in parentheses for .pol and English, in （） for Chinese.
 */
export class Prose implements OpPrinter {
  private readonly byId: Map<string, GraphNode>;

  constructor(
    readonly graph: Graph,
    readonly lang: ProseLang,
    byId?: Map<string, GraphNode>,
  ) {
    this.byId = byId ?? new Map(graph.nodes.map((n) => [n.id, n]));
  }

  node(id: string): GraphNode | undefined {
    return this.byId.get(id);
  }

  /** The binding strength of a node as printed: names and literals do not need grouping. */
  prec(id: string): number {
    const n = this.node(id);
    if (n?.kind === 'define' && this.lang === 'zh' && !CJK.test(n.name)) return this.prec(n.args[0]!);
    if (n?.kind !== 'expr') return 99;
    const row = OPS[n.op];
    return typeof row.prec === 'number' ? row.prec : row.prec[this.lang];
  }

  /** The node `id` in words, grouped when it binds more loosely than `min`. `depth` counts enclosing enumerations. */
  expr(id: string, min = 0, depth = 0): string {
    const text = this.bare(id, depth);
    return this.prec(id) < min ? this.group(text) : text;
  }

  group(text: string): string {
    return this.lang === 'zh' ? `（${text}）` : `(${text})`;
  }

  private bare(id: string, depth: number): string {
    const n = this.node(id);
    if (!n) return id;
    switch (n.kind) {
      case 'input':
        // a yes/no fact reads in Chinese by what it asks: 是否租赁海关特殊监管区域仓库 → 租赁海关特殊监管区域仓库
        if (this.lang === 'zh' && n.type.kind === 'bool') return (n.description ?? n.name).replace(/^是否/, '');
        return this.inputName(n.name, n.description);
      case 'define':
        // A definition with a Latin name reads better in Chinese prose by what it computes.
        return this.lang === 'zh' && !CJK.test(n.name) ? this.bare(n.args[0]!, depth) : n.name;
      case 'expr':
        return OPS[n.op][this.lang]({ p: this, n, depth });
      default:
        return n.label;
    }
  }

  /** How an input is named: its name, or in Chinese prose its description when the name is Latin (booth-area → 展位面积). */
  inputName(name: string, description?: string): string {
    if (this.lang !== 'zh' || CJK.test(name)) return name;
    const d = description ?? this.graph.inputs.find((i) => i.name === name)?.description;
    return d ?? name;
  }

  literal(l: GraphLiteral): string {
    return literalText(l, this.lang);
  }

  /** A list as named in words: its title (跨境电商“品牌出海”企业), or its id in .pol. */
  list(id: string | undefined): string {
    if (this.lang === 'pol') return id ?? '';
    return this.graph.lists.find((l) => l.id === id)?.title ?? id ?? '';
  }

  /** A list as a noun phrase in Chinese: 跨境电商“品牌出海”企业名单 (名单 added unless the title ends with it). */
  listed(id: string | undefined): string {
    const t = this.list(id);
    return /名单$/.test(t) ? t : `${t}名单`;
  }

  /** Enumeration markers by depth: （1）, ①, a) for Chinese; (1), (i), (a) for English. */
  marker(depth: number, k: number): string {
    if (this.lang === 'zh') return [`（${k + 1}）`, String.fromCodePoint(0x2460 + k), `${String.fromCharCode(97 + k)})`][Math.min(depth, 2)]!;
    return [`(${k + 1})`, `(${['i', 'ii', 'iii', 'iv', 'v', 'vi', 'vii', 'viii', 'ix', 'x'][k] ?? k + 1})`, `(${String.fromCharCode(97 + k)})`][Math.min(depth, 2)]!;
  }

  /** Whether a node is a 且/或 (whose operands then need an enumeration when nested). */
  isLogic(id: string): boolean {
    const n = this.node(id);
    if (n?.kind === 'define' && this.lang === 'zh' && !CJK.test(n.name)) return this.isLogic(n.args[0]!);
    return n?.kind === 'expr' && (n.op === 'and' || n.op === 'or');
  }
}

/** One expression node of `graph` in words. */
export function printExpr(graph: Graph, id: string, lang: ProseLang = 'zh'): string {
  return new Prose(graph, lang).expr(id);
}

/** A benefit's conditions in words, one per condition (they all must hold). */
export function printConditions(graph: Graph, b: Benefit, lang: ProseLang = 'zh', prose = new Prose(graph, lang)): string[] {
  return b.conditions.map((c) => prose.expr(c.node));
}

const PER_APPLICANT_ZH = (titles: string[]) => (titles.length === 1 && /企业$/.test(titles[0]!) ? '每家企业' : '每个申报主体');

/**
 * One ceiling in words: 每家企业每年最高100万元 / at most 1,000,000 yuan per applicant per year /
 * `不超过 100万元 每年` (.pol).
 */
export function printCap(graph: Graph, b: Benefit, cap: Benefit['caps'][number], lang: ProseLang = 'zh', prose = new Prose(graph, lang)): string {
  const amount = prose.expr(cap.node, lang === 'zh' ? 0 : lang === 'pol' ? 5 : 1);
  if (lang === 'pol') return `不超过 ${amount}${cap.scope === 'perYear' ? ' 每年' : cap.scope === 'total' ? ' 累计' : ''}`;
  if (lang === 'en') return `at most ${amount}${cap.scope === 'perYear' ? ' per applicant per year' : cap.scope === 'total' ? ' in total per applicant over the validity' : ''}`;
  const who = PER_APPLICANT_ZH(b.applicants.map((c) => graph.kinds.find((k) => k.code === c)?.title ?? c));
  const scope = cap.scope === 'perYear' ? `${who}每年` : cap.scope === 'total' ? `${who}在政策有效期内累计` : '';
  // a ceiling chosen by a condition: 每家企业每年最高100万元；入选…名单的，最高150万元
  const n = prose.node(cap.node);
  if (n?.kind === 'expr' && n.op === 'if') return `${scope}最高${prose.expr(n.args[2]!, 1)}；${prose.expr(n.args[0]!, 1)}的，最高${prose.expr(n.args[1]!, 1)}`;
  return `${scope}最高${amount}`;
}

export type { ExprNode };
