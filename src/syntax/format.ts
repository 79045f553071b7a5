/**
 * The formatter (`pol fmt`): a parsed .pol printed in its canonical layout, with the keywords of one
 * language. Two-space indentation, one item per line, `：，` in Chinese and `:,` in English, strings in
 * ASCII double quotes, literals as written, expressions with only the parentheses the tree needs.
 *
 * Comments are kept. Every comment is attached before printing to a place in the layout tree: a line
 * (declaration, item, band, step …) it leads or trails, the opening line of a block, or the inside of a
 * block before its closing brace. Attachment looks only at the source, layout decisions only at the
 * AST, so formatting is idempotent and the zh and en layouts of one file match line for line.
 */
import type { IToken, TokenType } from 'chevrotain';
import * as T from '../../grammar/tokens.ts';
import type * as A from './ast.ts';
import { unquote } from './build-ast.ts';
import { displayWidth } from '../values/width.ts';
import { fits, prec, tiersIn } from './format-expr.ts';
import { alignTrailing, markFor, quote } from './format-text.ts';

export { quote } from './format-text.ts';

export interface FormatOptions {
  /** Keyword spelling: zh (政策, 措施, 牵头 …, the default of `pol fmt`) or en (policy, measure, lead …). */
  lang: 'zh' | 'en';
  /** Write every keyword in its canonical spelling (最高 → 不超过, 每企业每年 → 每年). By default a drafter's synonym of the same language stays. */
  normalize?: boolean;
}

/** Lines longer than this (in display columns, a Chinese character counting two) wrap their lists. */
const WIDTH = 100;

interface Range {
  offset: number;
  endOffset: number;
}

/** A policy header item (状态：…, 依据：…), kept as its tokens so that repeated items are never lost. */
interface HeaderItem {
  kind: 'header';
  tokens: IToken[];
}

interface Comment {
  text: string;
  /** The source has an empty line after it (kept for comments that lead a line). */
  blankAfter: boolean;
}

interface Slot {
  leading: Comment[];
  trailing: Comment[];
  /** after the `{` of a block */
  head: Comment[];
  /** inside a block, after its last item */
  dangling: Comment[];
}

/** The layout tree comments attach to: lines, blocks (lines with braces) and tiers (braces inside a line). */
interface LNode {
  obj: object;
  role: 'file' | 'line' | 'block' | 'inline';
  range: Range;
  /** offset of the `{` of a block or tiers */
  open: number;
  kids: LNode[];
}

/** Format a parsed .pol. `source` is the text `file` was parsed from (comments and literals are read from it). */
export function format(file: A.PolFile, source: string, opts: FormatOptions): string {
  return new Formatter(file, source, opts.lang, opts.normalize ?? false).run();
}

const ARITH_ZH: Record<A.ArithOp, string> = { '+': '+', '-': '-', '*': '×', '/': '÷' };
const ARITH_EN: Record<A.ArithOp, string> = { '+': '+', '-': '-', '*': '*', '/': '/' };
const CMP_ZH: Record<A.CmpOp, string> = { '>=': '≥', '<=': '≤', '>': '>', '<': '<', '=': '=', '!=': '≠' };
/** A comparison written as a word (不低于, 超过 …) keeps being a word: its op tells which keyword. */
const CMP_WORD: Partial<Record<A.CmpOp, TokenType>> = { '>=': T.AtLeast, '<': T.Below, '>': T.Above, '<=': T.Max };
const CALL: Record<Extract<A.Expr, { kind: 'call' }>['fn'], TokenType> = {
  member: T.Member,
  firstEntry: T.FirstEntry,
  since: T.Since,
  growth: T.Growth,
  roundDown: T.RoundDown,
  yearsBetween: T.YearsBetween,
  monthsBetween: T.MonthsBetween,
  timesGranted: T.TimesGranted,
  grantedLastYear: T.GrantedLastYear,
  sumItems: T.SumItems,
  countItems: T.CountItems,
};
const HEADER_KEYWORDS = new Set([
  T.Status,
  T.Issuer,
  T.DocNumber,
  T.Basis,
  T.Issued,
  T.Validity,
  T.Preamble,
  T.Closing,
  T.Successor,
  T.ExchangeRate,
  T.Budget,
  T.CostShare,
  T.Lead,
  T.Responsible,
  T.Cooperate,
]);

const ind = (depth: number) => '  '.repeat(depth);

/** Index of the last node starting at or before `offset` (-1 if none); nodes are in source order. */
function lastAtOrBefore(nodes: LNode[], offset: number): number {
  let lo = 0;
  let hi = nodes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (nodes[mid]!.range.offset <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

class Formatter {
  private readonly tokens: IToken[];
  private readonly slots = new Map<object, Slot>();
  private readonly headers = new Map<A.PolicyDecl, HeaderItem[]>();
  private readonly eof: Comment[] = [];
  private readonly colon: string;
  private readonly comma: string;
  private readonly mark: string;

  constructor(
    private readonly file: A.PolFile,
    private readonly source: string,
    private readonly lang: 'zh' | 'en',
    private readonly normalize: boolean,
  ) {
    this.tokens = T.lex(source).tokens;
    this.colon = lang === 'zh' ? '：' : ': ';
    this.comma = lang === 'zh' ? '，' : ', ';
    this.mark = markFor(source);
  }

  run(): string {
    const tree = this.tree();
    for (const c of this.file.comments) this.attach(tree, c);
    let out = '';
    let prev: A.TopDecl | undefined;
    for (const d of this.file.decls) {
      if (prev && !this.together(prev, d)) out += '\n';
      out += this.decl(d, 0);
      prev = d;
    }
    if (this.eof.length) out += (out ? '\n' : '') + this.commentLines(this.eof, 0, 'between');
    return alignTrailing(out, this.mark, WIDTH);
  }

  /**
   * The spelling of keyword `t`: canonical in the target language, or, when `within` is given and the
   * source spells that keyword there with a synonym of the same language (最高 for 不超过, 每企业每年
   * for 每年), the drafter's synonym, unless asked to normalize.
   */
  private say(t: TokenType, within?: Range): string {
    const s = T.keywordSpellings.get(t)!;
    const canonical = this.lang === 'zh' ? s.zh : s.en;
    if (!within || this.normalize || !s.alt?.length) return canonical;
    const image = this.tokenIn(t, within)?.image;
    const sameLang = (x: string) => /^[\x00-\x7f]+$/.test(x) === (this.lang === 'en');
    return image && s.alt.includes(image) && sameLang(image) ? image : canonical;
  }

  /** The first token of type `t` inside `r` (tokens are in offset order: a binary search to the range). */
  private tokenIn(t: TokenType, r: Range): IToken | undefined {
    let lo = 0;
    let hi = this.tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.tokens[mid]!.startOffset < r.offset) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.tokens.length && this.tokens[i]!.startOffset < r.endOffset; i++) if (this.tokens[i]!.tokenType === t) return this.tokens[i];
    return undefined;
  }

  private slot(obj: object): Slot {
    let s = this.slots.get(obj);
    if (!s) this.slots.set(obj, (s = { leading: [], trailing: [], head: [], dangling: [] }));
    return s;
  }

  // ---- the layout tree and comment attachment

  /** Index of the first token starting at or after `offset`. */
  private tokenAt(offset: number): number {
    let lo = 0;
    let hi = this.tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.tokens[mid]!.startOffset < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private openBrace(from: number): number {
    for (let i = this.tokenAt(from); i < this.tokens.length; i++) {
      if (this.tokens[i]!.tokenType === T.LBrace) return this.tokens[i]!.startOffset;
    }
    return from;
  }

  /** A span widened to start `back` tokens earlier (the AST's amount and 适用 spans leave out their keyword). */
  private widened(span: Range, back: number): Range {
    const i = Math.max(0, this.tokenAt(span.offset) - back);
    return { offset: Math.min(span.offset, this.tokens[i]?.startOffset ?? span.offset), endOffset: span.endOffset };
  }

  private headerItems(p: A.PolicyDecl): HeaderItem[] {
    const cached = this.headers.get(p);
    if (cached) return cached;
    const items: HeaderItem[] = [];
    const open = this.tokenAt(this.openBrace(p.span.offset));
    for (let i = open + 1; i < this.tokens.length && this.tokens[i]!.startOffset < p.span.endOffset - 1; i++) {
      const t = this.tokens[i]!;
      if (HEADER_KEYWORDS.has(t.tokenType) || items.length === 0) items.push({ kind: 'header', tokens: [t] });
      else items[items.length - 1]!.tokens.push(t);
    }
    this.headers.set(p, items);
    return items;
  }

  private tree(): LNode {
    const node = (obj: object, role: LNode['role'], range: Range, kids: LNode[] = [], open = range.offset): LNode => ({
      obj,
      role,
      range,
      open,
      kids,
    });
    const tiers = (e: A.Expr | undefined): LNode[] =>
      tiersIn(e).map((t) =>
        node(t, 'inline', t.span, [...tiers(t.value), ...t.bands.map((b) => node(b, 'line', b.span, tiers(b.value)))], this.openBrace(t.value.span.endOffset)),
      );
    const block = (obj: A.TopDecl | A.MeasureItem, kids: LNode[]) => node(obj, 'block', obj.span, kids, this.openBrace(obj.span.offset));
    const benefitItem = (it: A.BenefitItem): LNode => {
      if (it.kind === 'amount') return node(it, 'line', this.widened(it.span, 2), [it.base, ...it.caps.map((c) => c.expr)].flatMap((e) => tiers(e)));
      if (it.kind === 'when') return node(it, 'line', it.span, it.exprs.flatMap((e) => tiers(e)));
      return node(it, 'line', it.span);
    };
    const item = (it: A.TopDecl | A.MeasureItem): LNode => {
      switch (it.kind) {
        case 'policy':
          return block(
            it,
            this.headerItems(it).map((h) => node(h, 'line', { offset: h.tokens[0]!.startOffset, endOffset: h.tokens.at(-1)!.endOffset! + 1 })),
          );
        case 'measure':
        case 'clause':
          return block(it, (it.items as A.MeasureItem[]).map(item));
        case 'benefit':
          return block(it, it.items.map(benefitItem));
        case 'rules':
          return block(it, it.items.map((r) => node(r, 'line', r.span)));
        case 'workflow':
          return block(it, it.items.map((w) => node(w, 'line', w.kind === 'applies' ? this.widened(w.span, 2) : w.span)));
        case 'define':
          return node(it, 'line', it.span, tiers(it.expr));
        default:
          return node(it, 'line', it.span);
      }
    };
    return node(this.file, 'file', { offset: 0, endOffset: this.source.length }, this.file.decls.map(item));
  }

  private attach(root: LNode, c: A.PolFile['comments'][number]): void {
    const at = c.span.offset;
    const lineStart = this.source.lastIndexOf('\n', at - 1) + 1;
    const ownLine = /^[\s\u3000\ufeff]*$/.test(this.source.slice(lineStart, at));
    const rest = this.source.slice(c.span.endOffset);
    const comment: Comment = { text: c.text.trimEnd(), blankAfter: /^[ \t\r\u3000]*\n[ \t\r\u3000]*\n/.test(rest) };
    const leadOrDangle = (n: LNode): unknown => {
      if (n.role === 'line') return this.slot(n.obj).leading.push(comment);
      const next = n.kids[lastAtOrBefore(n.kids, at) + 1];
      // (tiers inside the value of tiers: the comment goes inside it)
      if (next?.role === 'inline') return leadOrDangle({ ...next, range: { offset: at, endOffset: next.range.endOffset } });
      if (next) this.slot(next.obj).leading.push(comment);
      else if (n.role === 'file') this.eof.push(comment);
      else this.slot(n.obj).dangling.push(comment);
    };
    if (ownLine) {
      let n = root;
      for (;;) {
        const inner = n.kids[lastAtOrBefore(n.kids, at - 1)];
        if (!inner || at >= inner.range.endOffset) break;
        n = inner;
      }
      return void leadOrDangle(n);
    }
    // A comment at the end of a line belongs where the token before it belongs.
    const prev = this.tokens[this.tokenAt(at) - 1];
    if (!prev) return void this.eof.push(comment);
    const p = prev.startOffset;
    let n = root;
    let line: LNode | undefined;
    for (;;) {
      const inner = n.kids[lastAtOrBefore(n.kids, p)];
      if (!inner || p >= inner.range.endOffset) break;
      n = inner;
      if (n.role !== 'inline') line = n;
    }
    if (n.role === 'line') this.slot(n.obj).trailing.push(comment);
    else if (n.role === 'file') this.eof.push(comment);
    else if (p <= n.open) this.slot(n.obj).head.push(comment);
    else if (p === n.range.endOffset - 1) this.slot(n.role === 'block' || !line ? n.obj : line.obj).trailing.push(comment);
    else leadOrDangle(n);
  }

  // ---- printing lines and blocks with their comments

  /**
   * Comments on lines of their own. An empty line the drafter left after one is kept: after any of a
   * line's leading comments (`lead`), between comments of a group (`between`), or never (`none`).
   */
  private commentLines(cs: Comment[], depth: number, blanks: 'lead' | 'between' | 'none'): string {
    const blank = (c: Comment, i: number) => c.blankAfter && (blanks === 'lead' || (blanks === 'between' && i < cs.length - 1));
    return cs.map((c, i) => `${ind(depth)}${c.text}\n${blank(c, i) ? '\n' : ''}`).join('');
  }

  /** Comments printed on their own lines before a line: its leading ones, then all but the last trailing one. */
  private before(obj: object, depth: number): string {
    const s = this.slots.get(obj);
    if (!s) return '';
    return this.commentLines(s.leading, depth, 'lead') + this.commentLines(s.trailing.slice(0, -1), depth, 'none');
  }

  private after(obj: object): string {
    const t = this.slots.get(obj)?.trailing.at(-1);
    return t ? `${this.mark}${t.text}` : '';
  }

  private line(obj: object, depth: number, body: string): string {
    return `${this.before(obj, depth)}${ind(depth)}${body}${this.after(obj)}\n`;
  }

  private block(obj: object, depth: number, header: string, inner: string): string {
    const s = this.slots.get(obj);
    const head = s?.head ?? [];
    const dangling = this.commentLines(s?.dangling ?? [], depth + 1, 'between');
    const body = this.commentLines(head.slice(1), depth + 1, 'between') + inner + dangling;
    const open = head[0] ? ` {${this.mark}${head[0].text}\n` : body ? ' {\n' : ' {';
    return `${this.before(obj, depth)}${ind(depth)}${header}${open}${body}${body || head[0] ? ind(depth) : ''}}${this.after(obj)}\n`;
  }

  /** `head` and items joined by the list separator; past the width, each item on its own continuation line. */
  private list(head: string, parts: string[], depth: number, fill = false): string {
    const one = head + parts.join(this.comma);
    if (one.includes('\n') || displayWidth(ind(depth) + one) <= WIDTH || parts.length < 2) return one;
    const sep = this.comma.trimEnd();
    const cont = ind(depth + 1);
    if (!fill) return head + parts.join(`${sep}\n${cont}`);
    const lines: string[] = [];
    let cur = head + parts[0]!;
    for (const p of parts.slice(1)) {
      const next = cur + this.comma + p;
      if (displayWidth((lines.length ? '' : ind(depth)) + next) <= WIDTH) cur = next;
      else {
        lines.push(cur + sep);
        cur = cont + p;
      }
    }
    return [...lines, cur].join('\n');
  }

  private names(head: string, names: A.Name[], depth: number): string {
    return this.list(head, names.map((n) => n.text), depth, true);
  }

  // ---- declarations and items

  /** Consecutive one-line declarations of one kind stay together; everything else is set apart by an empty line. */
  private together(a: A.TopDecl, b: A.TopDecl): boolean {
    const family = (d: A.TopDecl) =>
      d.kind === 'unit' || d.kind === 'group'
        ? 'unit'
        : d.kind === 'list' || d.kind === 'applicantKind'
          ? d.kind
          : d.kind === 'input' || (d.kind === 'define' && tiersIn(d.expr).length === 0)
            ? 'input'
            : undefined;
    const s = this.slots.get(b);
    const commented = !!s && (s.leading.length > 0 || s.trailing.length > 1);
    return family(a) !== undefined && family(a) === family(b) && !commented;
  }

  private decl(d: A.TopDecl, depth: number): string {
    switch (d.kind) {
      case 'policy':
        return this.block(d, depth, `${this.say(T.Policy)} ${d.id.text} ${quote(d.title.value)}`, this.headerItems(d).map((h) => this.header(h, depth + 1)).join(''));
      case 'unit':
        return this.line(d, depth, `${this.say(T.Unit)} ${d.name.text} ${quote(d.fullName.value)}${d.district ? ` ${this.say(T.District)} ${quote(d.district.value)}` : ''}`);
      case 'group':
        return this.line(d, depth, this.names(`${this.say(T.UnitGroup)} ${d.name.text} ${quote(d.fullName.value)} = `, d.members, depth));
      case 'list':
        return this.line(d, depth, `${this.say(T.ListKw)} ${d.name.text} ${quote(d.title.value)}`);
      case 'countUnits':
        return this.line(d, depth, this.names(`${this.say(T.CountUnits)}${this.colon}`, d.names, depth));
      case 'applicantKind':
        return this.line(d, depth, `${this.say(T.KindKw)} ${d.name.text} ${quote(d.title.value)} = ${d.code.text}`);
      case 'rules':
        return this.block(d, depth, this.say(T.Rules), d.items.map((r) => this.line(r, depth + 1, this.rule(r))).join(''));
      case 'workflow':
        return this.workflow(d, depth);
      default:
        return this.measureItem(d, depth);
    }
  }

  private header(h: HeaderItem, depth: number): string {
    const [kw, , ...rest] = h.tokens;
    const values: string[][] = [[]];
    let glue = false;
    for (const t of rest) {
      if (t.tokenType === T.Comma) values.push([]);
      else if (t.tokenType === T.Colon || glue) {
        // 分担：… 6:4 — a ratio is written without spaces
        const v = values[values.length - 1]!;
        v[v.length - 1] = `${v.at(-1) ?? ''}${t.tokenType === T.Colon ? ':' : t.image}`;
        glue = t.tokenType === T.Colon;
      } else {
        const text = t.tokenType === T.StringLit ? quote(unquote(t.image)) : T.keywordSpellings.has(t.tokenType) ? this.say(t.tokenType) : t.image;
        values[values.length - 1]!.push(text);
      }
    }
    return this.line(h, depth, this.list(`${this.say(kw!.tokenType)}${this.colon}`, values.map((v) => v.join(' ')), depth));
  }

  private measureItem(it: A.TopDecl | A.MeasureItem, depth: number): string {
    switch (it.kind) {
      case 'measure':
        return this.block(it, depth, `${this.say(T.Measure)} ${this.src(it.number.span)} ${quote(it.title.value)}`, it.items.map((i) => this.measureItem(i, depth + 1)).join(''));
      case 'clause':
        return this.block(it, depth, `${this.say(T.Clause)} ${this.src(it.number.span)}`, it.items.map((i) => this.measureItem(i, depth + 1)).join(''));
      case 'text':
        return this.line(it, depth, `${this.say(T.Text)}${this.colon}${quote(it.value.value)}`);
      case 'units': {
        const kw = it.role === 'lead' ? T.Lead : it.role === 'responsible' ? T.Responsible : T.Cooperate;
        return this.line(it, depth, this.names(`${this.say(kw)}${this.colon}`, it.names, depth));
      }
      case 'benefit': {
        const kw = it.benefitKind === 'award' ? T.Award : it.benefitKind === 'support' ? T.Support : T.Subsidy;
        return this.block(it, depth, `${this.say(kw)} ${it.name.text} ${quote(it.title.value)}`, it.items.map((i) => this.benefitItem(i, depth + 1)).join(''));
      }
      case 'input':
        return this.line(it, depth, `${this.say(T.Input)} ${it.name.text}${this.colon}${this.type(it.type)}${it.description ? ` ${quote(it.description.value)}` : ''}`);
      case 'define':
        return this.line(it, depth, `${this.say(T.Define)} ${it.name.text} = ${this.expr(it.expr, 0, true, depth)}`);
      default:
        return this.decl(it, depth);
    }
  }

  private type(t: A.TypeRef): string {
    switch (t.kind) {
      case 'money': {
        // As a type, 金额 is spelled `money` in English. A currency stays as the drafter named it (美元, USD, even 元).
        let named = '';
        for (let i = this.tokenAt(t.span.offset); i < this.tokens.length && this.tokens[i]!.startOffset < t.span.endOffset; i++) {
          if (this.tokens[i]!.tokenType === T.Identifier) named = `(${this.tokens[i]!.image})`;
        }
        return (this.lang === 'zh' ? '金额' : 'money') + named;
      }
      case 'count':
        return this.say(T.CountType) + (t.unit ? `(${t.unit})` : '');
      case 'percent':
        return this.say(T.PercentType);
      case 'bool':
        return this.say(T.BoolType);
      case 'date':
        return this.say(T.DateType);
      case 'text':
        return this.say(T.StringType);
      case 'duration':
        return this.say(T.DurationType);
      case 'choice':
        return `${this.say(T.Choice)}(${t.options.map((o) => o.text).join(this.comma)})`;
      case 'items':
        return `${this.say(T.ItemsType)}(${t.fields.map((f) => `${f.name.text}${this.colon}${this.type(f.type)}`).join(this.comma)})`;
    }
  }

  private benefitItem(it: A.BenefitItem, depth: number): string {
    switch (it.kind) {
      case 'for':
        return this.line(it, depth, this.names(`${this.say(T.For)}${this.colon}`, it.names, depth));
      case 'when':
        return this.line(it, depth, this.list(`${this.say(T.Condition)}${this.colon}`, it.exprs.map((e) => this.expr(e, 0, true, depth)), depth));
      case 'amount': {
        const scope = (c: A.Cap) => (c.scope === 'perYear' ? ` ${this.say(T.PerYear, c.span)}` : c.scope === 'total' ? ` ${this.say(T.InTotal, c.span)}` : '');
        const parts = [
          ...(it.base ? [this.expr(it.base, 0, true, depth)] : []),
          ...it.caps.map((c) => `${this.say(T.Max, c.span)} ${this.expr(c.expr, 5, true, depth)}${scope(c)}`),
          ...(it.roundAfter ?? []).map((r) => `${this.say(T.RoundTo)} ${this.expr(r.unit, 5, true, depth)}`),
        ];
        return this.line(it, depth, this.list(`${this.say(T.Amount)}${this.colon}`, parts, depth));
      }
      case 'oneTime':
        return this.line(it, depth, this.say(T.OneTime));
      case 'reference':
        return this.line(it, depth, `${this.say(T.Reference)}${this.colon}${quote(it.value.value)}`);
      case 'text':
        return this.line(it, depth, `${this.say(T.Text)}${this.colon}${quote(it.value.value)}`);
      case 'input':
        return this.measureItem(it, depth);
    }
  }

  private rule(r: A.RuleItem): string {
    if (r.kind === 'highestOnly') return this.say(T.HighestOnly);
    const level = { national: T.National, provincial: T.Provincial, municipal: T.Municipal };
    return `${this.say(r.kind === 'topUp' ? T.TopUp : T.NoDoubleFunding)}${this.colon}${r.levels.map((l) => this.say(level[l.value])).join(this.comma)}`;
  }

  private workflow(w: A.WorkflowDecl, depth: number): string {
    const items = w.items.map((it) => {
      if (it.kind === 'applies') return this.line(it, depth + 1, this.names(`${this.say(T.Applies)}${this.colon}`, it.names, depth + 1));
      const actor = it.actor
        ? ` ${this.say(T.By)} ${it.actor.kind === 'unit' ? it.actor.name.text : this.say(it.actor.kind === 'applicant' ? T.ApplicantActor : it.actor.kind === 'lead' ? T.LeadUnits : T.CoopUnits)}`
        : '';
      const limit = it.limit ? ` ${this.say(T.Within)} ${this.src(it.limit.span)}` : '';
      const publicity = it.publicity ? ` ${this.say(T.PublicityPeriod)} ${this.src(it.publicity.span)}` : '';
      const back = it.returnTo ? ` ${this.say(T.ReturnTo)} ${it.returnTo.text}` : '';
      return this.line(it, depth + 1, `${this.say(T.Step)} ${it.name.text}${actor}${limit}${publicity}${back}`);
    });
    return this.block(w, depth, `${this.say(T.Workflow)} ${w.name.text}${w.title ? ` ${quote(w.title.value)}` : ''}`, items.join(''));
  }

  private src(s: Range): string {
    return this.source.slice(s.offset, s.endOffset);
  }

  // ---- expressions

  /**
   * `e` printed where the grammar expects binding strength `min` (0: a whole expression of an item,
   * a call's argument or the inside of parentheses; 1: a branch of 若…则…否则…); `closed` when what
   * follows cannot continue an expression (a comma, a closing parenthesis, 则 …). A drafter's
   * parentheses are dropped only where the expression inside parses to the same tree without them.
   */
  private expr(e: A.Expr, min: number, closed: boolean, depth: number): string {
    if (e.kind === 'paren') {
      // Parentheses around 若…则…否则… or 每满…给予… inside a larger expression stay: they are not needed, but read better.
      const keep = !fits(e.expr, min, closed) || (min > 0 && (e.expr.kind === 'if' || e.expr.kind === 'steps'));
      return keep ? `(${this.expr(e.expr, 0, true, depth)})` : this.expr(e.expr, min, closed, depth);
    }
    // Without parentheses of its own (an AST built by a program): add them only where the tree needs them;
    // an open 若 at the end of `e` is closed where it stands, by the same rule one level down.
    const wrap = prec(e) < min || (e.kind === 'if' && !closed);
    return wrap ? `(${this.bare(e, 0, true, depth)})` : this.bare(e, min, closed, depth);
  }

  private bare(e: A.Expr, min: number, closed: boolean, depth: number): string {
    const zh = this.lang === 'zh';
    switch (e.kind) {
      case 'literal':
        return e.value.text;
      case 'ref':
        return e.name.text;
      case 'appDate':
        return this.say(T.AppDate);
      case 'field':
        return `${e.list.text}.${e.field.text}`;
      case 'applicant':
        return this.say(T.ApplicantActor);
      case 'paren':
        return this.expr(e, min, closed, depth);
      case 'binary': {
        const p = prec(e);
        return `${this.expr(e.left, p, false, depth)} ${(zh ? ARITH_ZH : ARITH_EN)[e.op]} ${this.expr(e.right, p + 1, closed, depth)}`;
      }
      case 'compare': {
        const word = e.word !== undefined ? CMP_WORD[e.op] : undefined;
        const op = word ? this.say(word, { offset: e.left.span.endOffset, endOffset: e.right.span.offset }) : zh ? CMP_ZH[e.op] : e.op;
        return `${this.expr(e.left, 5, false, depth)} ${op} ${this.expr(e.right, 5, closed, depth)}`;
      }
      case 'logic': {
        const last = e.args.length - 1;
        const p = prec(e) + 1;
        return e.args.map((a, i) => this.expr(a, p, i < last ? false : closed, depth)).join(` ${this.say(e.op === 'and' ? T.And : T.Or)} `);
      }
      case 'not':
        return `${this.say(T.Not)} ${this.expr(e.arg, 3, closed, depth)}`;
      case 'if':
        return `${this.say(T.If)} ${this.expr(e.cond, 1, true, depth)} ${this.say(T.Then)} ${this.expr(e.then, 1, true, depth)} ${this.say(T.Else)} ${this.expr(e.else, 1, true, depth)}`;
      case 'call':
        return `${this.say(CALL[e.fn])}(${e.args.map((a) => this.expr(a, 0, true, depth)).join(this.comma)})`;
      case 'lookup':
        return `${this.say(T.Lookup)} ${this.expr(e.value, 8, true, depth)} { ${e.entries.map((x) => `${x.key.text}${this.colon}${this.expr(x.value, 5, true, depth)}`).join(this.comma)} }`;
      case 'steps':
        return `${this.expr(e.value, 8, false, depth)} ${this.say(T.EachFull)} ${this.expr(e.step, 8, true, depth)} ${this.say(T.Give)} ${this.expr(e.each, 8, closed, depth)}`;
      case 'tiers': {
        const last = e.bands.length - 1;
        const bands = e.bands.map((b, i) => this.line(b, depth + 1, this.band(b, depth + 1) + (i < last ? this.comma.trimEnd() : ''))).join('');
        return this.block(e, depth, `${this.say(T.Tiers)} ${this.expr(e.value, 8, true, depth)}`, bands).slice(ind(depth).length, -1);
      }
    }
  }

  private band(b: A.Band, depth: number): string {
    const bound = (x: A.Bound) => (x.kind === 'infinity' ? '∞' : x.value.text);
    const open = b.lowerInclusive ? '[' : '(';
    const close = b.upperInclusive ? ']' : ')';
    return `${open}${bound(b.lower)}${this.comma}${bound(b.upper)}${close}${this.colon}${this.expr(b.value, 5, true, depth)}`;
  }
}
