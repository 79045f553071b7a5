/**
 * Reasons and traces: why a benefit is or is not granted, in Chinese, citing the measure (依据第三条……),
 * quoting its text and spelling out the arithmetic (推广费用300万元的50%为150万元；每企业每年不超过100万元，
 * 本年度已获60万元，尚余40万元). Only built when evaluation is asked to explain.
 */
import { literalText, Prose } from '../ir/prose.ts';
import type { ExprNode, Graph, GraphNode, ValueType } from '../ir/schema.ts';
import { measureCitation } from '../values/numerals.ts';
import type { CompiledBenefit, CompiledCap, CompiledGraph } from './compile.ts';
import { bandOf, literalValue, stepCount, type Duration, type Value } from './ops.ts';
import type { ValidityWindow } from './types.ts';
import type { Application, GrantRecord, OtherFunding, TraceEntry } from './types.ts';
import { formatDuration } from '../values/duration.ts';
import { formatMoney } from '../values/money.ts';
import { formatPercent, Q } from './values.ts';

const CJK = /[\u3400-\u9fff]/;

/** Quoted text inside a quotation: inner “” become ‘’, as Chinese typesetting nests them. */
function quoted(s: string): string {
  return `“${s.replace(/“/g, '‘').replace(/”/g, '’')}”`;
}

const proseOf = new WeakMap<Graph, Prose>();
/** The Chinese printer of a graph's rules (src/ir/prose.ts), one per graph. */
export function prose(g: Graph): Prose {
  let p = proseOf.get(g);
  if (!p) proseOf.set(g, (p = new Prose(g, 'zh')));
  return p;
}

/** A name followed by its value: 推广费用300万元, but `revenue 3.2亿元` for a Latin name. */
function named(name: string, value: string): string {
  return /[A-Za-z0-9_)\-]$/.test(name) ? `${name} ${value}` : `${name}${value}`;
}

/** An expression's text on one line, in parentheses unless it already is. */
function paren(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return /^\(.*\)$/.test(t) ? t : `（${t}）`;
}

const LEVEL_WORDS: Record<OtherFunding['level'], string> = { national: '国家', provincial: '省级', municipal: '市级' };
const CMP_WORDS: Record<NonNullable<ExprNode['cmp']>, string> = { '>=': '不低于', '<=': '不超过', '>': '超过', '<': '低于', '=': '等于', '!=': '不等于' };

/** A node's value as a person reads it: 150万元, 50%, 12平方米, 是. */
export function display(t: ValueType, x: Value): string {
  if (x === undefined) return '未知';
  switch (t.kind) {
    case 'money':
      return t.perUnit ? `${formatMoney(x as number, t.currency)}/${t.perUnit}` : formatMoney(x as number, t.currency);
    case 'percent':
      return formatPercent(x as Q);
    case 'count':
      return `${(x as Q).toDecimal()}${t.unit ?? ''}`;
    case 'number':
      return (x as Q).toDecimal();
    case 'bool':
      return x ? '是' : '否';
    case 'since':
      return `自${x as string}起`;
    case 'duration': {
      const d = x as Duration;
      return formatDuration(d.amount, d.unit);
    }
    default:
      return String(x);
  }
}

function jsonValue(x: Value): TraceEntry['value'] {
  if (x === undefined) return null;
  if (x instanceof Q) return x.toNumber();
  if (typeof x === 'object') return formatDuration(x.amount, x.unit);
  return x;
}

function typeOf(n: GraphNode): ValueType {
  return n.kind === 'expr' || n.kind === 'input' || n.kind === 'define' ? n.type : { kind: 'number' };
}

export function traceOf(cg: CompiledGraph, cb: CompiledBenefit, v: Value[], ex?: BenefitExplainer): TraceEntry[] {
  const nodes: TraceEntry[] = cb.reads.map((i) => {
    const n = cg.nodes[i]!;
    return {
      node: n.id,
      op: n.kind === 'expr' ? n.op : n.kind,
      text: n.kind === 'input' || n.kind === 'define' ? n.name : n.kind === 'expr' ? prose(cg.graph).expr(n.id) : n.label,
      value: jsonValue(v[i]),
      display: display(typeOf(n), v[i]),
      args: n.kind === 'expr' || n.kind === 'define' ? n.args : [],
    };
  });
  // what each cap leaves after past grants, and the resulting ceiling
  for (const c of ex?.capRows ?? []) {
    const k = cb.caps.indexOf(c.cap);
    const scope = c.cap.scope === 'perYear' ? `本年度已获${formatMoney(c.used)}` : c.cap.scope === 'total' ? `此前累计已获${formatMoney(c.used)}` : '';
    nodes.push({
      node: `cap:${cb.benefit.id}/${k + 1}`,
      op: 'capRemaining',
      text: `${c.cap.text}${scope ? `（${scope}）` : ''}`,
      value: c.left,
      display: formatMoney(c.left),
      args: [cb.benefit.caps[k]!.node],
    });
  }
  if (ex?.ceilingFen !== undefined) {
    nodes.push({
      node: `benefit:${cb.benefit.id}`,
      op: 'ceiling',
      text: '可获上限',
      value: ex.ceilingFen,
      display: formatMoney(ex.ceilingFen),
      args: [...(cb.benefit.base ? [cb.benefit.base] : []), ...(ex.capRows.map((_, k) => `cap:${cb.benefit.id}/${k + 1}`))],
    });
  }
  return nodes;
}

/** The sentence of a measure's text that contains `word` (the rule's own wording), without its full stop. */
export function sentenceOf(cg: CompiledGraph, measure: string | undefined, word: string): string | undefined {
  const m = cg.graph.measures.find((x) => x.number === measure);
  if (!m) return undefined;
  const sentences = m.text.split(/(?<=[。；;！？\n])/).map((s) => s.trim().replace(/[。；;！？]$/, ''));
  return sentences.find((s) => s.includes(word)) ?? m.text;
}

function ruleCitation(cg: CompiledGraph, measure: string | undefined, word: string, name: string): string {
  const s = sentenceOf(cg, measure, word);
  return measure ? `依据${measureCitation(measure)}“${s ?? name}”` : `依据本政策“${name}”规则`;
}

function kindTitle(cg: CompiledGraph, code: string): string {
  return cg.graph.kinds.find((k) => k.code === code)?.title ?? code;
}

/** Collects what happened to one benefit, as the evaluator decides it, and words it. */
export class BenefitExplainer {
  private readonly failures: string[] = [];
  private readonly met: string[] = [];
  private readonly arithmetic: string[] = [];
  private readonly byId: Map<string, number>;
  /** Each cap with what past grants leave of it (for the trace). */
  readonly capRows: { cap: CompiledCap; capFen: number; used: number; left: number }[] = [];
  ceilingFen: number | undefined;

  constructor(
    private readonly cg: CompiledGraph,
    private readonly cb: CompiledBenefit,
    private readonly v: Value[],
    private readonly app: Application,
    private readonly window: ValidityWindow | undefined,
  ) {
    this.byId = cg.index;
  }

  private get b() {
    return this.cb.benefit;
  }

  reasons(eligible: boolean): string[] {
    const cite = `依据${measureCitation(this.b.measure)}`;
    const measure = this.cg.graph.measures.find((m) => m.number === this.b.measure);
    const clause = measure?.clauses.find((c) => c.id === this.b.clause);
    const quote = (this.b.text ?? clause?.text ?? measure?.text ?? this.b.title).trim().replace(/[。；;]$/, '');
    if (eligible) return [`${cite}${quoted(quote)}：${this.arithmetic.join('；')}。`, ...this.met.map((m) => `符合条件：${m}。`)];
    if (this.failures.length === 0 && this.arithmetic.length > 0) {
      return [`${cite}${quoted(quote)}：${this.arithmetic.join('；')}，无可给予的金额，不予支持。`, ...this.met.map((m) => `符合条件：${m}。`)];
    }
    const [first, ...rest] = this.failures;
    return [`${cite}${quoted(quote)}，不予支持：${first ?? '不符合条件'}。`, ...rest.map((f) => `${f}。`)];
  }

  outsideValidity(): void {
    this.failures.push(`申报日期${this.app.date}不在本政策有效期内（${this.window?.text ?? ''}）`);
  }

  wrongKind(): void {
    const want = this.cb.applicants.map((k) => kindTitle(this.cg, k)).join('、');
    this.failures.push(`本项扶持对象为${want}，申报主体为${kindTitle(this.cg, this.app.applicant.kind)}（${this.app.applicant.kind}），不属于扶持对象`);
  }

  doubleFunded(f: OtherFunding): void {
    const rule = this.cg.graph.rules.noDoubleFunding;
    const amount = f.amountFen !== undefined ? formatMoney(f.amountFen) : '';
    this.failures.push(
      `${ruleCitation(this.cg, rule?.measure, '重复', '不重复支持')}：项目${f.project}已获${LEVEL_WORDS[f.level]}资金奖补${amount}，不重复支持`,
    );
  }

  alreadyGranted(g: GrantRecord): void {
    this.failures.push(`本项为一次性${this.b.kind === 'award' ? '奖励' : '扶持'}，申报主体已于${g.date}获得${formatMoney(g.grantedFen)}，不再重复给予`);
  }

  conditionFailed(c: { idx: number; text: string }, x: Value): void {
    if (x === undefined) this.failures.push(`条件${quoted(c.text)}无法判断：${this.cause(c.idx)}`);
    else this.failures.push(`不符合条件${quoted(c.text)}：${this.condition(c.idx)}`);
  }

  conditionMet(c: { idx: number; text: string }): void {
    this.met.push(this.condition(c.idx));
  }

  amountUnknown(idx: number): void {
    this.failures.push(`无法计算金额：${this.cause(idx)}`);
  }

  base(idx: number): void {
    this.arithmetic.push(...this.computation(idx));
  }

  cap(cap: CompiledCap, capFen: number, used: number, left: number): void {
    this.capRows.push({ cap, capFen, used, left });
    const c = formatMoney(capFen);
    if (cap.scope === 'once') {
      this.arithmetic.push(`最高${c}`);
    } else if (cap.scope === 'perYear') {
      const k = this.cg.graph.kinds.find((x) => x.code === this.app.applicant.kind);
      const who = k ? (CJK.test(k.id) ? k.id : k.title) : '申报主体';
      this.arithmetic.push(`每${who}每年不超过${c}，本年度已获${formatMoney(used)}，尚余${formatMoney(left)}`);
    } else {
      this.arithmetic.push(`累计不超过${c}，此前已获${formatMoney(used)}，尚余${formatMoney(left)}`);
    }
  }

  /** 补足差额: funds already received for the project are deducted from the ceiling. */
  toppedUp(before: number, received: number, after: number): void {
    const rule = this.cg.graph.rules.topUp;
    this.arithmetic.push(
      `${ruleCitation(this.cg, rule?.measure, '差额', '补足差额')}：项目${this.app.project ?? ''}已获上级资金${formatMoney(received)}，按就高原则补足差额，${formatMoney(before)}减${formatMoney(received)}为${formatMoney(after)}`,
    );
  }

  /** 参照: the conditions hold; the amount follows another policy or a case-by-case decision. */
  byReference(reference: string): void {
    this.arithmetic.push(`按“${reference}”给予支持，本政策未规定金额，不计算上限`);
    this.met.unshift(`申报主体为${kindTitle(this.cg, this.app.applicant.kind)}，属于扶持对象`);
  }

  ceiling(fen: number): void {
    this.ceilingFen = fen;
    const several = (this.cb.base >= 0 ? 1 : 0) + this.cb.caps.length > 1;
    this.arithmetic.push(`${several ? '取其较小者，' : ''}可获上限为${formatMoney(fen)}`);
    this.met.unshift(`申报主体为${kindTitle(this.cg, this.app.applicant.kind)}，属于扶持对象`);
  }

  // ---- wording of nodes

  private node(i: number): GraphNode {
    return this.cg.nodes[i]!;
  }

  private idx(id: string): number {
    return this.byId.get(id)!;
  }

  private show(i: number): string {
    return display(typeOf(this.node(i)), this.v[i]);
  }

  /** How an operand is named in a sentence: 推广费用300万元, 50%, （A + B）150万元. */
  private ref(i: number): string {
    const n = this.node(i);
    if (n.kind === 'input') return named(prose(this.cg.graph).inputName(n.name, n.description), this.show(i));
    if (n.kind === 'define') return named(n.name, this.show(i));
    if (n.kind === 'expr' && n.op === 'literal') return this.show(i);
    return named(paren(this.words(n.id)), this.show(i));
  }

  private compound(i: number): boolean {
    const n = this.node(i);
    return n.kind === 'expr' && n.op !== 'literal';
  }

  /** The arithmetic of an amount, operands computed before the step that uses them. */
  computation(i: number): string[] {
    const n = this.node(i);
    if (n.kind === 'input') return [this.ref(i)];
    if (n.kind === 'define') {
      const a = this.idx(n.args[0]!);
      return this.compound(a) ? [...this.computation(a).slice(0, -1), `${n.name}：${this.computation(a).at(-1)}`] : [`${n.name}为${this.show(i)}`];
    }
    if (n.kind !== 'expr') return [];
    if (n.op === 'literal') return [this.show(i)];
    const args = n.args.map((id) => this.idx(id));
    const before = (ks: number[]) => ks.filter((k) => this.compound(k)).flatMap((k) => this.computation(k));
    const [a0 = -1, a1 = -1, a2 = -1] = args;
    switch (n.op) {
      case 'mul': {
        const t0 = typeOf(this.node(a0));
        const t1 = typeOf(this.node(a1));
        const [m, r] = t0.kind === 'money' && !t0.perUnit ? [a0, a1] : t1.kind === 'money' && !t1.perUnit ? [a1, a0] : [a0, a1];
        const rt = typeOf(this.node(r));
        const sentence = rt.kind === 'percent' ? `${this.ref(m)}的${this.ref(r)}为${this.show(i)}` : `${this.ref(a0)}×${this.ref(a1)}为${this.show(i)}`;
        return [...before([a0, a1]), sentence];
      }
      case 'add':
      case 'sub':
        return [...before([a0, a1]), `${this.ref(a0)}${n.op === 'add' ? '加' : '减'}${this.ref(a1)}为${this.show(i)}`];
      case 'div':
        return [...before([a0, a1]), `${this.ref(a0)}除以${this.ref(a1)}为${this.show(i)}`];
      case 'if': {
        const cond = this.v[a0];
        const chosen = cond ? a1 : a2;
        const cn = this.node(a0);
        return [
          ...before([chosen]),
          `${cond ? '符合' : '不符合'}${quoted(cn.kind === 'expr' ? this.words(cn.id) : this.label(a0))}（${this.condition(a0)}），取${this.ref(chosen)}`,
        ];
      }
      case 'tiers': {
        const x = this.v[a0];
        const bands = n.bands ?? [];
        const bounds = bands.map((b) => ({
          lower: b.lower ? (literalValue(b.lower) as number | Q) : undefined,
          upper: b.upper ? (literalValue(b.upper) as number | Q) : undefined,
          lowerInclusive: b.lowerInclusive,
          upperInclusive: b.upperInclusive,
        }));
        const k = x === undefined ? -1 : bandOf(x as number | Q, bounds, typeOf(this.node(a0)).kind === 'money');
        if (k < 0) return [...before([a0]), `${this.ref(a0)}不在任何一档内，为${this.show(i)}`];
        const b = bands[k]!;
        const bound = (l: typeof b.lower) => (l ? literalText(l, 'zh') : '∞');
        const bandText = `${b.lowerInclusive ? '[' : '('}${bound(b.lower)}, ${bound(b.upper)}${b.upperInclusive ? ']' : ')'}`;
        return [...before([a0, args[k + 1]!]), `${this.ref(a0)}属于${bandText}一档，为${this.show(i)}`];
      }
      case 'steps': {
        const x = this.v[a0];
        const step = this.v[a1];
        const k = x === undefined || step === undefined ? undefined : stepCount(x as number | Q, step as number | Q, typeOf(this.node(a0)).kind === 'money');
        return [...before([a0, a1, a2]), `${this.ref(a0)}每满${this.show(a1)}给予${this.show(a2)}，满${k ?? '?'}个${this.show(a1)}，为${this.show(i)}`];
      }
      case 'lookup': {
        const key = this.v[a0] as string | undefined;
        const k = key === undefined ? -1 : (n.keys ?? []).indexOf(key);
        if (k < 0) return [...before([a0]), `${this.ref(a0)}不在所列选项内`];
        return [...before([args[k + 1]!]), `${this.ref(a0)}为“${key}”，取${this.ref(args[k + 1]!)}`];
      }
      case 'roundDown':
        return [...before([a0]), `${this.ref(a0)}按${this.show(a1)}向下取整为${this.show(i)}`];
      case 'datePlus':
      case 'dateMinus':
        return [...before([a0]), `${this.ref(a0)}${n.op === 'datePlus' ? '加' : '减'}${this.show(a1)}为${this.show(i)}`];
      case 'yearsBetween':
      case 'monthsBetween':
        return [...before([a0, a1]), `自${this.ref(a0)}至${this.ref(a1)}满${this.show(i)}${n.op === 'yearsBetween' ? '年' : '个月'}`];
      default:
        return [...before(args), `${paren(this.words(n.id))}为${this.show(i)}`];
    }
  }

  /** A node's rule in Chinese words, printed from the graph. */
  private words(id: string): string {
    return prose(this.cg.graph).expr(id);
  }

  private label(i: number): string {
    const n = this.node(i);
    return n.kind === 'input' || n.kind === 'define' ? n.name : n.kind === 'expr' ? this.words(n.id) : n.id;
  }

  /** Why a condition holds or not, in words. */
  condition(i: number): string {
    const n = this.node(i);
    const x = this.v[i];
    if (x === undefined) return this.cause(i);
    if (n.kind === 'input') return `${n.description ?? n.name}：${this.show(i)}`;
    if (n.kind === 'define') return `${n.name}：${this.condition(this.idx(n.args[0]!))}`;
    if (n.kind !== 'expr') return this.show(i);
    const list = n.list ? (this.cg.graph.lists.find((l) => l.id === n.list)?.title ?? n.list) : '';
    const args = n.args.map((id) => this.idx(id));
    switch (n.op) {
      case 'member':
        return `${x ? '已入选' : '未入选'}${list}名单`;
      case 'firstEntry': {
        if (x) return `首次进入${list}名单`;
        return this.app.lists?.[n.list!]?.member ? `已在${list}名单中，但不是首次进入` : `未入选${list}名单`;
      }
      case 'not':
        return `${this.condition(args[0]!)}，故${quoted(this.words(n.id))}${x ? '成立' : '不成立'}`;
      case 'and':
      case 'or': {
        const parts = args.filter((k) => (n.op === 'and' ? !x || this.v[k] === true : this.v[k] === x)).map((k) => this.condition(k));
        return parts.join('，');
      }
      case 'cmp': {
        const [l, r] = args as [number, number];
        const lt = typeOf(this.node(l));
        const word = CMP_WORDS[n.cmp ?? '='];
        if (lt.kind === 'since') {
          return `${this.ref(this.idx((this.node(l) as ExprNode).args[0]!))}距申报日期${this.app.date}${x ? '' : '并非'}${word}${this.show(r)}`;
        }
        const rates = this.crossCurrency(l, r);
        return `${this.ref(l)}${x ? '' : '并非'}${word}${this.ref(r)}${rates}`;
      }
      default:
        return `${quoted(this.words(n.id))}为${this.show(i)}`;
    }
  }

  private crossCurrency(l: number, r: number): string {
    const a = typeOf(this.node(l));
    const b = typeOf(this.node(r));
    if (a.kind !== 'money' || b.kind !== 'money' || a.currency === b.currency) return '';
    const rates = [a.currency, b.currency].filter((c) => c !== 'CNY').map((c) => `1${formatMoney(100, c).slice(1)}=${this.app.exchangeRates?.[c]}元`);
    return `（按${rates.join('、')}折算）`;
  }

  /** Why a value is unknown: the facts not given, a ratio over zero, a missing exchange rate. */
  cause(i: number): string {
    const seen = new Set<number>();
    const out: string[] = [];
    const walk = (k: number) => {
      if (seen.has(k)) return;
      seen.add(k);
      const n = this.node(k);
      if (this.v[k] !== undefined) return;
      if (n.kind === 'input') {
        out.push(`申报数据未提供“${n.name}”（facts.${n.name}${n.description ? `：${n.description}` : ''}）`);
        return;
      }
      if (n.kind !== 'expr' && n.kind !== 'define') return;
      const args = n.args.map((id) => this.idx(id));
      const known = args.every((a) => this.v[a] !== undefined);
      if (known && n.kind === 'expr') {
        if (n.op === 'growth') out.push(`${quoted(this.words(n.id))}的上期数值为0，无法计算增长率`);
        else if (n.op === 'div') out.push(`${quoted(this.words(n.id))}的除数为0`);
        else if (n.op === 'steps') out.push(`${quoted(this.words(n.id))}的每满数额不是正数`);
        else if (n.op === 'cmp') out.push(`${quoted(this.words(n.id))}需要汇率（exchangeRates）才能比较不同币种的金额`);
        else out.push(`${quoted(this.words(n.id))}无法计算`);
        return;
      }
      for (const a of args) walk(a);
    };
    walk(i);
    return out.length ? [...new Set(out)].join('；') : '数值未知';
  }
}

/** The reason a benefit is dropped under 就高不就低. */
export function excludedByHighest(cg: CompiledGraph, cb: CompiledBenefit, ownFen: number, best: CompiledBenefit, bestFen: number): string {
  const rule = cg.graph.rules.highestOnly;
  return (
    `${ruleCitation(cg, rule?.measure, '就高', '就高不就低')}：本项目同时符合${best.benefit.title}（${best.benefit.id}，` +
    `${measureCitation(best.benefit.measure)}，上限${formatMoney(bestFen)}），按“就高不就低”原则只保留上限最高的一项，` +
    `本项（${cb.benefit.id}，上限${formatMoney(ownFen)}）不予叠加。`
  );
}

/** The note on the benefit kept under 就高不就低. */
export function keptByHighest(cg: CompiledGraph, others: CompiledBenefit[]): string {
  const rule = cg.graph.rules.highestOnly;
  const names = others.map((o) => `${o.benefit.title}（${o.benefit.id}，${measureCitation(o.benefit.measure)}）`).join('、');
  return `${ruleCitation(cg, rule?.measure, '就高', '就高不就低')}：本项目同时符合${names}，按“就高不就低”原则保留上限最高的本项。`;
}
