/**
 * The AST builder: the actions the grammar (grammar/parser.ts) calls as each rule ends, with the rule's tokens and
 * what its subrules built. Literal values are read here, and a literal that cannot be read exactly (a date that
 * does not exist, money finer than a fen) is a diagnostic.
 */
import type { IToken } from 'chevrotain';
import type { Actions, PolicyItemValue } from '../../grammar/parser.ts';
import type * as A from './ast.ts';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { joinSpans, type LineIndex, type Span } from '../diagnostics/span.ts';
import { isCountUnit, knownCountUnits } from '../../grammar/tokens.ts';
import { didYouMean } from '../text.ts';
import { CURRENCY_CODES } from '../values/money.ts';
import {
  isLiteralError,
  readCount,
  readDate,
  readDuration,
  readMoney,
  readNumber,
  readPercent,
  type LiteralError,
} from './literals.ts';

/** A token's span. */
export function tokenSpan(lines: LineIndex, t: IToken): Span {
  return lines.span(t.startOffset, t.endOffset ?? t.startOffset);
}

/** The number of lines of a text (what `text.split('\\n').length` is, without splitting it). */
function lineCount(text: string): number {
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

export function unquote(image: string): string {
  if (image.startsWith('“')) return image.slice(1, -1);
  return image.slice(1, -1).replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

const CMP: Record<string, A.CmpOp> = {
  Ge: '>=',
  Le: '<=',
  Gt: '>',
  Lt: '<',
  Eq: '=',
  Ne: '!=',
  AtLeast: '>=',
  Below: '<',
  Above: '>',
  Max: '<=',
};

const STATUS_OF: Record<string, A.PolicyStatus> = { Draft: 'draft', Official: 'official', Trial: 'trial', Interim: 'interim', Repealed: 'repealed' };

const CALL_OF: Record<string, A.CallFn> = {
  Member: 'member',
  FirstEntry: 'firstEntry',
  Since: 'since',
  Growth: 'growth',
  RoundDown: 'roundDown',
  YearsBetween: 'yearsBetween',
  MonthsBetween: 'monthsBetween',
  TimesGranted: 'timesGranted',
  GrantedLastYear: 'grantedLastYear',
  SumItems: 'sumItems',
  CountItems: 'countItems',
};

const WORD_CMP = new Set(['AtLeast', 'Below', 'Above', 'Max']);

const ARITH: Record<string, A.ArithOp> = { Plus: '+', Minus: '-', Times: '*', Divide: '/' };

const READ_LITERAL: Record<string, (image: string) => A.Literal | LiteralError> = {
  MoneyLit: readMoney,
  PercentLit: readPercent,
  CountLit: readCount,
  NumberLit: readNumber,
  DurationLit: readDuration,
  DateLit: readDate,
};

const LEVEL_OF: Record<string, A.FundingLevel> = { National: 'national', Provincial: 'provincial', Municipal: 'municipal' };

/** One policy item as the builder reads it: its key (for POL1010, said twice), its first word, and what it sets. */
interface PolicyItem {
  key: string;
  word: string;
  span: Span;
  set: (p: A.PolicyDecl) => void;
}

export class AstBuilder implements Actions {
  readonly diagnostics: Diagnostic[] = [];
  constructor(
    private readonly file: string,
    private readonly lines: LineIndex,
  ) {}

  private tokenSpan(t: IToken): Span {
    return tokenSpan(this.lines, t);
  }

  /** The span of a rule, from its first token to its last. */
  private ruleSpan(start: IToken, end: IToken): Span {
    return this.lines.span(start.startOffset, Number.isNaN(end.endOffset) ? start.startOffset : (end.endOffset ?? start.startOffset));
  }

  private name(t: IToken): A.Name {
    return { text: t.image, span: this.tokenSpan(t) };
  }

  private str(t: IToken): A.Str {
    return { value: unquote(t.image), span: this.tokenSpan(t) };
  }

  private literalError(e: LiteralError, t: IToken): A.Literal {
    const code = e.error === 'precision' ? 'POL1006' : e.error === 'tooLarge' ? 'POL1007' : 'POL1005';
    this.diagnostics.push(diag(code, this.file, this.tokenSpan(t), t.image));
    // A stand-in of the intended kind, so that one bad literal is reported once, not again as a type error.
    const text = t.image;
    switch (t.tokenType.name) {
      case 'MoneyLit':
        return { type: 'money', fen: 0, currency: 'CNY', text };
      case 'PercentLit':
        return { type: 'percent', num: 0, den: 100, text };
      case 'DateLit':
        return { type: 'date', value: '1970-01-01', text };
      case 'DurationLit':
        return { type: 'duration', amount: 0, unit: 'day', text };
      default:
        return { type: 'number', value: 0, text };
    }
  }

  literal(t: IToken): A.Literal {
    const read = READ_LITERAL[t.tokenType.name];
    if (!read) throw new Error(`not a literal token: ${t.tokenType.name}`);
    const v = read(t.image);
    return isLiteralError(v) ? this.literalError(v, t) : v;
  }

  /** The file of these declarations. */
  fileOf(decls: A.TopDecl[], comments: IToken[], text: string): A.PolFile {
    return {
      kind: 'file',
      file: this.file,
      decls,
      comments: comments.map((c) => ({ text: c.image, span: this.tokenSpan(c) })),
      span: { line: 1, col: 1, endLine: lineCount(text), endCol: 1, offset: 0, endOffset: text.length },
    };
  }

  policy(id: IToken, title: IToken, items: PolicyItem[], start: IToken, end: IToken): A.PolicyDecl {
    const p: A.PolicyDecl = {
      kind: 'policy',
      id: this.name(id),
      title: this.str(title),
      basis: [],
      successors: [],
      span: this.ruleSpan(start, end),
    };
    const seen = new Set<string>();
    for (const item of items) {
      if (item.key !== 'Basis' && item.key !== 'Successor' && seen.has(item.key)) {
        this.diagnostics.push(diag('POL1010', this.file, item.span, item.word, { zh: '政策声明', en: 'policy declaration' }));
      }
      seen.add(item.key);
      item.set(p);
    }
    return p;
  }

  policyItem(head: IToken, value: PolicyItemValue, start: IToken, end: IToken): PolicyItem {
    const span = this.ruleSpan(start, end);
    const kind = head.tokenType.name;
    const item = (set: PolicyItem['set'], key = kind, word = head.image): PolicyItem => ({ key, word, span, set });
    switch (value.kind) {
      case 'status':
        return item((p) => {
          p.status = { value: STATUS_OF[value.word.tokenType.name]!, span };
          const on = value.on;
          if (on) {
            const lit = this.literal(on);
            p.repealedOn = { value: lit.type === 'date' ? lit.value : on.image, span: this.tokenSpan(on) };
          }
        });
      case 'successor':
        return item((p) => {
          p.successors.push({ from: this.name(value.from), to: this.name(value.to), span });
        });
      case 'tokens':
        return item((p) => {
          for (const t of value.values) p.basis.push(this.str(t));
        });
      case 'token': {
        const t = value.value;
        return item((p) => {
          if (kind === 'Issuer') p.issuer = this.name(t);
          else if (kind === 'DocNumber') p.docNumber = this.str(t);
          else if (kind === 'Issued') {
            const lit = this.literal(t);
            p.issued = { value: lit.type === 'date' ? lit.value : t.image, span: this.tokenSpan(t) };
          } else if (kind === 'Preamble') p.preamble = this.str(t);
          else p.closing = this.str(t);
        });
      }
      case 'node': {
        const node = value.node as A.UnitsItem | A.Validity | A.ExchangeRateDecl[] | A.PolicyDecl['budget'] | A.PolicyDecl['share'];
        if (kind === 'Lead' || kind === 'Responsible' || kind === 'Cooperate') return item((p) => (p.lead = node as A.UnitsItem), 'units', '牵头');
        if (kind === 'Validity') return item((p) => (p.validity = node as A.Validity), 'validity', '有效期');
        if (kind === 'ExchangeRate') return item((p) => (p.exchangeRates = node as A.ExchangeRateDecl[]));
        if (kind === 'Budget') return item((p) => (p.budget = node as A.PolicyDecl['budget']));
        return item((p) => (p.share = node as A.PolicyDecl['share']));
      }
    }
  }

  /** 汇率：1美元 = 7.1元: the yuan side is read as a decimal (rates often have four decimals). */
  rates(money: IToken[]): A.ExchangeRateDecl[] {
    const out: A.ExchangeRateDecl[] = [];
    for (let i = 0; i + 1 < money.length; i += 2) {
      const f = money[i]!;
      const y = money[i + 1]!;
      const m = /^(\d+(?:\.\d+)?)(万|亿)?(.*)$/.exec(y.image)!;
      const value = Number(m[1]) * (m[2] === '万' ? 1e4 : m[2] === '亿' ? 1e8 : 1);
      out.push({ foreign: this.literal(f), yuan: { text: y.image, value, currency: CURRENCY_CODES[m[3]!] ?? m[3]! }, span: joinSpans(this.tokenSpan(f), this.tokenSpan(y)) });
    }
    return out;
  }

  budget(money: IToken): NonNullable<A.PolicyDecl['budget']> {
    return { value: this.literal(money), span: this.tokenSpan(money) };
  }

  /** 分担：市、区 按 6:4 */
  share(funders: IToken[], weights: IToken[], start: IToken, end: IToken): NonNullable<A.PolicyDecl['share']> {
    // 国家/省/市 are keywords: a funder named by one reads the same in either keyword language
    const level: Record<string, string> = { National: '国家', Provincial: '省', Municipal: '市' };
    return {
      funders: funders.map((t) => ({ text: level[t.tokenType.name] ?? t.image, span: this.tokenSpan(t) })),
      weights: weights.map((t) => ({ value: Number(t.image.replace('万', 'e4').replace('亿', 'e8')), text: t.image, span: this.tokenSpan(t) })),
      span: this.ruleSpan(start, end),
    };
  }

  validity(duration: IToken | undefined, dates: IToken[], start: IToken, end: IToken): A.Validity {
    const span = this.ruleSpan(start, end);
    if (duration) {
      const lit = this.literal(duration);
      return lit.type === 'duration'
        ? { kind: 'fromIssuance', amount: lit.amount, unit: lit.unit, span }
        : { kind: 'fromIssuance', amount: 0, unit: 'year', span };
    }
    const [from, to] = dates.map((t) => (this.literal(t), t.image));
    return { kind: 'range', from: from!, to: to!, span };
  }

  unit(name: IToken, fullName: IToken, district: IToken | undefined, start: IToken, end: IToken): A.UnitDecl {
    return { kind: 'unit', name: this.name(name), fullName: this.str(fullName), district: district && this.str(district), span: this.ruleSpan(start, end) };
  }

  group(name: IToken, fullName: IToken, members: A.Name[], start: IToken, end: IToken): A.GroupDecl {
    return { kind: 'group', name: this.name(name), fullName: this.str(fullName), members, span: this.ruleSpan(start, end) };
  }

  list(name: IToken, title: IToken, start: IToken, end: IToken): A.ListDecl {
    return { kind: 'list', name: this.name(name), title: this.str(title), span: this.ruleSpan(start, end) };
  }

  countUnits(names: A.Name[], start: IToken, end: IToken): A.CountUnitsDecl {
    return { kind: 'countUnits', names, span: this.ruleSpan(start, end) };
  }

  applicantKind(name: IToken, title: IToken, code: IToken, start: IToken, end: IToken): A.KindDecl {
    return { kind: 'applicantKind', name: this.name(name), title: this.str(title), code: this.name(code), span: this.ruleSpan(start, end) };
  }

  names(idents: IToken[]): A.Name[] {
    return idents.map((t) => this.name(t));
  }

  input(name: IToken, type: A.TypeRef, description: IToken | undefined, start: IToken, end: IToken): A.InputDecl {
    return { kind: 'input', name: this.name(name), type, description: description && this.str(description), span: this.ruleSpan(start, end) };
  }

  typeRef(word: IToken, ident: IToken | undefined, options: A.Name[] | undefined, fields: A.ItemField[], start: IToken, end: IToken): A.TypeRef {
    const span = this.ruleSpan(start, end);
    switch (word.tokenType.name) {
      case 'Amount': {
        const code = ident ? CURRENCY_CODES[ident.image] : 'CNY';
        if (ident && !code) this.diagnostics.push(diag('POL1008', this.file, this.tokenSpan(ident), ident.image));
        return { kind: 'money', currency: code ?? ident!.image, span };
      }
      case 'CountType': {
        if (ident && !isCountUnit(ident.image)) {
          const hint = didYouMean(ident.image, knownCountUnits());
          this.diagnostics.push(diag('POL1009', this.file, this.tokenSpan(ident), ident.image, { zh: `${hint.zh}；可用：${knownCountUnits().join('、')}，其他单位用 计量单位：… 声明`, en: `${hint.en}; known: ${knownCountUnits().join(', ')}; declare others with count-units: …` }));
        }
        return { kind: 'count', unit: ident?.image, span };
      }
      case 'PercentType':
        return { kind: 'percent', span };
      case 'BoolType':
        return { kind: 'bool', span };
      case 'DateType':
        return { kind: 'date', span };
      case 'DurationType':
        return { kind: 'duration', span };
      case 'Choice':
        return { kind: 'choice', options: options!, span };
      case 'ItemsType':
        return { kind: 'items', fields, span };
      default:
        return { kind: 'text', span };
    }
  }

  field(name: IToken, type: A.TypeRef, start: IToken, end: IToken): A.ItemField {
    return { name: this.name(name), type, span: this.ruleSpan(start, end) };
  }

  define(name: IToken, expr: A.Expr, start: IToken, end: IToken): A.DefineDecl {
    return { kind: 'define', name: this.name(name), expr, span: this.ruleSpan(start, end) };
  }

  units(role: IToken, names: A.Name[], start: IToken, end: IToken): A.UnitsItem {
    const r = role.tokenType.name;
    return { kind: 'units', role: r === 'Lead' ? 'lead' : r === 'Responsible' ? 'responsible' : 'cooperate', names, span: this.ruleSpan(start, end) };
  }

  text(value: IToken, start: IToken, end: IToken): A.TextItem {
    return { kind: 'text', value: this.str(value), span: this.ruleSpan(start, end) };
  }

  measure(num: IToken, title: IToken, items: A.MeasureItem[], start: IToken, end: IToken): A.MeasureDecl {
    return { kind: 'measure', number: { value: Number(num.image), span: this.tokenSpan(num) }, title: this.str(title), items, span: this.ruleSpan(start, end) };
  }

  clause(num: IToken, items: A.ClauseItem[], start: IToken, end: IToken): A.ClauseDecl {
    return { kind: 'clause', number: { value: Number(num.image), span: this.tokenSpan(num) }, items, span: this.ruleSpan(start, end) };
  }

  benefit(kind: IToken, name: IToken, title: IToken, items: A.BenefitItem[], start: IToken, end: IToken): A.BenefitDecl {
    const k = kind.tokenType.name;
    const b: A.BenefitDecl = {
      kind: 'benefit',
      benefitKind: k === 'Award' ? 'award' : k === 'Support' ? 'support' : 'subsidy',
      name: this.name(name),
      title: this.str(title),
      applicants: [],
      conditions: [],
      inputs: [],
      items: [],
      span: this.ruleSpan(start, end),
    };
    for (const it of items) {
      switch (it.kind) {
        case 'for':
          for (const n of it.names) b.applicants.push(n);
          break;
        case 'when':
          for (const e of it.exprs) b.conditions.push(e);
          break;
        case 'amount':
          b.amount = it;
          break;
        case 'oneTime':
          b.oneTime = it.span;
          break;
        case 'reference':
          b.reference = it.value;
          break;
        case 'text':
          b.text = it.value;
          break;
        default:
          b.inputs.push(it);
      }
      b.items.push(it);
    }
    return b;
  }

  benefitItem(head: IToken, names: A.Name[] | undefined, exprs: A.Expr[], str: IToken | undefined, start: IToken, end: IToken): A.BenefitItem {
    const span = this.ruleSpan(start, end);
    switch (head.tokenType.name) {
      case 'For':
        return { kind: 'for', names: names!, span };
      case 'Condition':
        return { kind: 'when', exprs, span };
      case 'OneTime':
        return { kind: 'oneTime', span };
      default:
        return { kind: 'reference', value: this.str(str!), span };
    }
  }

  amount(base: A.Expr | undefined, caps: A.Cap[], rounds: { unit: A.Expr; span: Span }[], start: IToken, end: IToken): A.AmountSpec {
    return { kind: 'amount', base, caps, ...(rounds.length > 0 ? { roundAfter: rounds } : {}), span: this.ruleSpan(start, end) };
  }

  cap(expr: A.Expr, scope: IToken | undefined, start: IToken, end: IToken): A.Cap {
    const s = scope?.tokenType.name;
    return { kind: 'cap', expr, scope: s === 'PerYear' ? 'perYear' : s === 'InTotal' ? 'total' : 'once', span: this.ruleSpan(start, end) };
  }

  round(unit: A.Expr, start: IToken, end: IToken): { unit: A.Expr; span: Span } {
    return { unit, span: this.ruleSpan(start, end) };
  }

  rules(words: IToken[], start: IToken, end: IToken): A.RulesBlock {
    const items: A.RuleItem[] = [];
    let current: Extract<A.RuleItem, { kind: 'noDoubleFunding' | 'topUp' }> | undefined;
    for (const c of words) {
      const span = this.tokenSpan(c);
      const name = c.tokenType.name;
      if (name === 'NoDoubleFunding' || name === 'TopUp') {
        current = { kind: name === 'TopUp' ? 'topUp' : 'noDoubleFunding', levels: [], span };
        items.push(current);
      } else if (name === 'HighestOnly') {
        current = undefined;
        items.push({ kind: 'highestOnly', span });
      } else {
        current!.levels.push({ value: LEVEL_OF[name]!, span });
        current!.span = joinSpans(current!.span, span);
      }
    }
    return { kind: 'rules', items, span: this.ruleSpan(start, end) };
  }

  workflow(name: IToken, title: IToken | undefined, items: A.WorkflowDecl['items'], start: IToken, end: IToken): A.WorkflowDecl {
    const w: A.WorkflowDecl = {
      kind: 'workflow',
      name: this.name(name),
      title: title && this.str(title),
      applies: [],
      steps: [],
      items: [],
      span: this.ruleSpan(start, end),
    };
    for (const it of items) {
      if (it.kind === 'applies') for (const n of it.names) w.applies.push(n);
      else w.steps.push(it);
      w.items.push(it);
    }
    return w;
  }

  applies(names: A.Name[], start: IToken, end: IToken): A.WorkflowDecl['items'][number] {
    return { kind: 'applies', names, span: this.ruleSpan(start, end) };
  }

  private duration(t: IToken): A.Duration {
    const lit = this.literal(t);
    return lit.type === 'duration' ? { amount: lit.amount, unit: lit.unit, span: this.tokenSpan(t) } : { amount: 0, unit: 'day', span: this.tokenSpan(t) };
  }

  step(name: IToken, actor: IToken | undefined, limit: IToken | undefined, publicity: IToken | undefined, returnTo: IToken | undefined, start: IToken, end: IToken): A.StepDecl {
    const s: A.StepDecl = { kind: 'step', name: this.name(name), span: this.ruleSpan(start, end) };
    if (actor) {
      const span = this.tokenSpan(actor);
      const a = actor.tokenType.name;
      s.actor = a === 'ApplicantActor' ? { kind: 'applicant', span } : a === 'LeadUnits' ? { kind: 'lead', span } : a === 'CoopUnits' ? { kind: 'cooperate', span } : { kind: 'unit', name: this.name(actor), span };
    }
    if (limit) s.limit = this.duration(limit);
    if (publicity) s.publicity = this.duration(publicity);
    if (returnTo) s.returnTo = this.name(returnTo);
    return s;
  }

  // ---- expressions

  logic(op: 'or' | 'and', args: A.Expr[], start: IToken, end: IToken): A.Expr {
    return { kind: 'logic', op, args, span: this.ruleSpan(start, end) };
  }

  not(arg: A.Expr, start: IToken, end: IToken): A.Expr {
    return { kind: 'not', arg, span: this.ruleSpan(start, end) };
  }

  compare(left: A.Expr, op: IToken, right: A.Expr, start: IToken, end: IToken): A.Expr {
    const name = op.tokenType.name;
    return { kind: 'compare', op: CMP[name]!, word: WORD_CMP.has(name) ? op.image : undefined, left, right, span: this.ruleSpan(start, end) };
  }

  chain(operands: A.Expr[], ops: IToken[]): A.Expr {
    let acc = operands[0]!;
    for (let i = 1; i < operands.length; i++) {
      const e = operands[i]!;
      acc = { kind: 'binary', op: ARITH[ops[i - 1]!.tokenType.name]!, left: acc, right: e, span: joinSpans(acc.span, e.span) };
    }
    return acc;
  }

  steps(value: A.Expr, step: A.Expr, each: A.Expr, start: IToken, end: IToken): A.Expr {
    return { kind: 'steps', value, step, each, span: this.ruleSpan(start, end) };
  }

  atom(t: IToken, field: IToken | undefined, start: IToken, end: IToken): A.Expr {
    const span = this.ruleSpan(start, end);
    switch (t.tokenType.name) {
      case 'Identifier':
        return field ? { kind: 'field', list: this.name(t), field: this.name(field), span } : { kind: 'ref', name: this.name(t), span };
      case 'ApplicantActor':
        return { kind: 'applicant', span };
      case 'AppDate':
        return { kind: 'appDate', span };
      default:
        return { kind: 'literal', value: this.literal(t), span };
    }
  }

  word(t: IToken, start: IToken, end: IToken): A.Expr {
    return { kind: 'ref', name: this.name(t), span: this.ruleSpan(start, end) };
  }

  paren(expr: A.Expr, start: IToken, end: IToken): A.Expr {
    return { kind: 'paren', expr, span: this.ruleSpan(start, end) };
  }

  ifExpr(cond: A.Expr, then: A.Expr, otherwise: A.Expr, start: IToken, end: IToken): A.Expr {
    return { kind: 'if', cond, then, else: otherwise, span: this.ruleSpan(start, end) };
  }

  call(fn: IToken, args: A.Expr[], start: IToken, end: IToken): A.Expr {
    return { kind: 'call', fn: CALL_OF[fn.tokenType.name]!, args, span: this.ruleSpan(start, end) };
  }

  tiers(value: A.Expr, bands: A.Band[], start: IToken, end: IToken): A.Expr {
    return { kind: 'tiers', value, bands, span: this.ruleSpan(start, end) };
  }

  lookup(value: A.Expr, keys: IToken[], values: A.Expr[], start: IToken, end: IToken): A.Expr {
    const entries = keys.map((k, i) => ({ key: this.name(k), value: values[i]!, span: joinSpans(this.tokenSpan(k), values[i]?.span ?? this.tokenSpan(k)) }));
    return { kind: 'lookup', value, entries, span: this.ruleSpan(start, end) };
  }

  private bound(t: IToken): A.Bound {
    return t.tokenType.name === 'Infinity' ? { kind: 'infinity', span: this.tokenSpan(t) } : { kind: 'literal', value: this.literal(t), span: this.tokenSpan(t) };
  }

  band(open: IToken, lower: IToken, upper: IToken, close: IToken, value: A.Expr, start: IToken, end: IToken): A.Band {
    return {
      lower: this.bound(lower),
      upper: this.bound(upper),
      lowerInclusive: open.tokenType.name === 'LBracket',
      upperInclusive: close.tokenType.name === 'RBracket',
      value,
      span: this.ruleSpan(start, end),
    };
  }
}
