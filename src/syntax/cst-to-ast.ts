/**
 * CST → AST. Runs only on a CST without syntax errors; literal values are read here, and a literal
 * that cannot be read exactly (a date that does not exist, money finer than a fen) is a diagnostic.
 */
import type { CstNode, IToken, CstElement } from 'chevrotain';
import type * as A from './ast.ts';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { Span } from '../diagnostics/span.ts';
import { joinSpans } from '../diagnostics/span.ts';
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

export function tokenSpan(t: IToken): Span {
  return {
    line: t.startLine ?? 1,
    col: t.startColumn ?? 1,
    endLine: t.endLine ?? t.startLine ?? 1,
    endCol: t.endColumn ?? t.startColumn ?? 1,
    offset: t.startOffset,
    endOffset: (t.endOffset ?? t.startOffset) + 1,
  };
}

function nodeSpan(n: CstNode): Span {
  const l = n.location!;
  return {
    line: l.startLine ?? 1,
    col: l.startColumn ?? 1,
    endLine: l.endLine ?? 1,
    endCol: l.endColumn ?? 1,
    offset: l.startOffset,
    endOffset: (Number.isNaN(l.endOffset) ? l.startOffset : (l.endOffset ?? l.startOffset)) + 1,
  };
}

const isToken = (e: CstElement): e is IToken => 'image' in e;

/** All children of a node in source order, tokens and nodes alike. */
function ordered(n: CstNode): CstElement[] {
  const all: CstElement[] = [];
  for (const xs of Object.values(n.children)) for (const x of xs) all.push(x); // no spread: a file may hold 100k+ declarations
  const start = (e: CstElement) => (isToken(e) ? e.startOffset : e.location!.startOffset);
  return all.sort((a, b) => start(a) - start(b));
}

function tok(n: CstNode, name: string, i = 0): IToken | undefined {
  const x = n.children[name]?.[i];
  return x && isToken(x) ? x : undefined;
}

function toks(n: CstNode, name: string): IToken[] {
  return (n.children[name] ?? []).filter(isToken);
}

function sub(n: CstNode, name: string, i = 0): CstNode | undefined {
  const x = n.children[name]?.[i];
  return x && !isToken(x) ? x : undefined;
}

function subs(n: CstNode, name: string): CstNode[] {
  return (n.children[name] ?? []).filter((x): x is CstNode => !isToken(x));
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
};

const WORD_CMP = new Set(['AtLeast', 'Below', 'Above', 'Max']);

export class AstBuilder {
  readonly diagnostics: Diagnostic[] = [];
  constructor(private readonly file: string) {}

  private name(t: IToken): A.Name {
    return { text: t.image, span: tokenSpan(t) };
  }

  private str(t: IToken): A.Str {
    return { value: unquote(t.image), span: tokenSpan(t) };
  }

  private literalError(e: LiteralError, t: IToken): A.Literal {
    const code = e.error === 'precision' ? 'POL1006' : e.error === 'tooLarge' ? 'POL1007' : 'POL1005';
    this.diagnostics.push(diag(code, this.file, tokenSpan(t), t.image));
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
    const read = {
      MoneyLit: readMoney,
      PercentLit: readPercent,
      CountLit: readCount,
      NumberLit: readNumber,
      DurationLit: readDuration,
      DateLit: readDate,
    }[t.tokenType.name];
    if (!read) throw new Error(`not a literal token: ${t.tokenType.name}`);
    const v = read(t.image);
    return isLiteralError(v) ? this.literalError(v, t) : v;
  }

  file_(n: CstNode, comments: IToken[], text: string): A.PolFile {
    const decls: A.TopDecl[] = [];
    for (const c of ordered(n)) {
      if (isToken(c)) continue;
      const d = this.topDecl(c);
      if (d) decls.push(d);
    }
    return {
      kind: 'file',
      file: this.file,
      decls,
      comments: comments.map((c) => ({ text: c.image, span: tokenSpan(c) })),
      span: { line: 1, col: 1, endLine: text.split('\n').length, endCol: 1, offset: 0, endOffset: text.length },
    };
  }

  private topDecl(n: CstNode): A.TopDecl | undefined {
    switch (n.name) {
      case 'policyDecl':
        return this.policy(n);
      case 'unitDecl':
        return {
          kind: 'unit',
          name: this.name(tok(n, 'Identifier')!),
          fullName: this.str(tok(n, 'StringLit')!),
          district: tok(n, 'StringLit', 1) && this.str(tok(n, 'StringLit', 1)!),
          span: nodeSpan(n),
        };
      case 'groupDecl':
        return {
          kind: 'group',
          name: this.name(tok(n, 'Identifier')!),
          fullName: this.str(tok(n, 'StringLit')!),
          members: this.nameList(sub(n, 'nameList')!),
          span: nodeSpan(n),
        };
      case 'countUnitsDecl':
        return { kind: 'countUnits', names: this.nameList(sub(n, 'nameList')!), span: nodeSpan(n) };
      case 'listDecl':
        return { kind: 'list', name: this.name(tok(n, 'Identifier')!), title: this.str(tok(n, 'StringLit')!), span: nodeSpan(n) };
      case 'kindDecl':
        return {
          kind: 'applicantKind',
          name: this.name(tok(n, 'Identifier')!),
          title: this.str(tok(n, 'StringLit')!),
          code: this.name(tok(n, 'Identifier', 1)!),
          span: nodeSpan(n),
        };
      case 'inputDecl':
        return this.input(n);
      case 'defineDecl':
        return this.define(n);
      case 'measureDecl':
        return this.measure(n);
      case 'rulesBlock':
        return this.rules(n);
      case 'workflowDecl':
        return this.workflow(n);
      default:
        return undefined;
    }
  }

  private policy(n: CstNode): A.PolicyDecl {
    const p: A.PolicyDecl = {
      kind: 'policy',
      id: this.name(tok(n, 'Identifier')!),
      title: this.str(tok(n, 'StringLit')!),
      basis: [],
      successors: [],
      span: nodeSpan(n),
    };
    const seen = new Set<string>();
    for (const item of subs(n, 'policyItem')) {
      const span = nodeSpan(item);
      const head = ordered(item)[0];
      const units = sub(item, 'unitsItem');
      const key = head && isToken(head) ? head.tokenType.name : units ? 'units' : 'validity';
      if (key !== 'Basis' && key !== 'Successor' && seen.has(key)) {
        const t = head && isToken(head) ? head.image : units ? '牵头' : '有效期';
        this.diagnostics.push(diag('POL1010', this.file, span, t, { zh: '政策声明', en: 'policy declaration' }));
      }
      seen.add(key);
      if (tok(item, 'Status')) {
        const word = ['Draft', 'Official', 'Trial', 'Interim', 'Repealed'].find((w) => tok(item, w))!;
        p.status = { value: STATUS_OF[word]!, span };
        const on = tok(item, 'DateLit');
        if (on) {
          const lit = this.literal(on);
          p.repealedOn = { value: lit.type === 'date' ? lit.value : on.image, span: tokenSpan(on) };
        }
      } else if (sub(item, 'unitsItem')) p.lead = this.unitsItem(sub(item, 'unitsItem')!);
      else if (tok(item, 'Issuer')) p.issuer = this.name(tok(item, 'Identifier')!);
      else if (tok(item, 'DocNumber')) p.docNumber = this.str(tok(item, 'StringLit')!);
      else if (tok(item, 'Basis')) p.basis.push(...toks(item, 'StringLit').map((t) => this.str(t)));
      else if (tok(item, 'Issued')) {
        const t = tok(item, 'DateLit')!;
        const lit = this.literal(t);
        p.issued = { value: lit.type === 'date' ? lit.value : t.image, span: tokenSpan(t) };
      } else if (tok(item, 'Preamble')) p.preamble = this.str(tok(item, 'StringLit')!);
      else if (tok(item, 'Closing')) p.closing = this.str(tok(item, 'StringLit')!);
      else if (tok(item, 'Successor')) {
        const [from, to] = toks(item, 'Identifier');
        if (from && to) p.successors.push({ from: this.name(from), to: this.name(to), span });
      }
      else if (sub(item, 'validityItem')) p.validity = this.validity(sub(item, 'validityItem')!);
    }
    return p;
  }

  private validity(n: CstNode): A.Validity {
    const span = nodeSpan(n);
    const d = tok(n, 'DurationLit');
    if (d) {
      const lit = this.literal(d);
      return lit.type === 'duration'
        ? { kind: 'fromIssuance', amount: lit.amount, unit: lit.unit, span }
        : { kind: 'fromIssuance', amount: 0, unit: 'year', span };
    }
    const [from, to] = toks(n, 'DateLit').map((t) => (this.literal(t), t.image));
    return { kind: 'range', from: from!, to: to!, span };
  }

  private nameList(n: CstNode): A.Name[] {
    return toks(n, 'Identifier').map((t) => this.name(t));
  }

  private input(n: CstNode): A.InputDecl {
    const t = sub(n, 'typeRef')!;
    const span = nodeSpan(t);
    let type: A.TypeRef;
    if (tok(t, 'Amount')) {
      const cur = tok(t, 'Identifier');
      const code = cur ? CURRENCY_CODES[cur.image] : 'CNY';
      if (cur && !code) this.diagnostics.push(diag('POL1008', this.file, tokenSpan(cur), cur.image));
      type = { kind: 'money', currency: code ?? cur!.image, span };
    } else if (tok(t, 'CountType')) {
      const unit = tok(t, 'Identifier');
      if (unit && !isCountUnit(unit.image)) {
        const hint = didYouMean(unit.image, knownCountUnits());
        this.diagnostics.push(diag('POL1009', this.file, tokenSpan(unit), unit.image, { zh: `${hint.zh}；可用：${knownCountUnits().join('、')}，其他单位用 计量单位：… 声明`, en: `${hint.en}; known: ${knownCountUnits().join(', ')}; declare others with count-units: …` }));
      }
      type = { kind: 'count', unit: unit?.image, span };
    }
    else if (tok(t, 'PercentType')) type = { kind: 'percent', span };
    else if (tok(t, 'BoolType')) type = { kind: 'bool', span };
    else if (tok(t, 'DateType')) type = { kind: 'date', span };
    else if (tok(t, 'DurationType')) type = { kind: 'duration', span };
    else if (tok(t, 'Choice')) type = { kind: 'choice', options: this.nameList(sub(t, 'nameList')!), span };
    else type = { kind: 'text', span };
    const desc = tok(n, 'StringLit');
    return { kind: 'input', name: this.name(tok(n, 'Identifier')!), type, description: desc && this.str(desc), span: nodeSpan(n) };
  }

  private define(n: CstNode): A.DefineDecl {
    return { kind: 'define', name: this.name(tok(n, 'Identifier')!), expr: this.expr(sub(n, 'expr')!), span: nodeSpan(n) };
  }

  private unitsItem(n: CstNode): A.UnitsItem {
    const role = tok(n, 'Lead') ? 'lead' : tok(n, 'Responsible') ? 'responsible' : 'cooperate';
    return { kind: 'units', role, names: this.nameList(sub(n, 'nameList')!), span: nodeSpan(n) };
  }

  private clauseItem(c: CstNode): A.ClauseItem | undefined {
    switch (c.name) {
      case 'textItem':
        return { kind: 'text', value: this.str(tok(c, 'StringLit')!), span: nodeSpan(c) };
      case 'unitsItem':
        return this.unitsItem(c);
      case 'benefitDecl':
        return this.benefit(c);
      case 'inputDecl':
        return this.input(c);
      case 'defineDecl':
        return this.define(c);
      default:
        return undefined;
    }
  }

  private measure(n: CstNode): A.MeasureDecl {
    const items: A.MeasureItem[] = [];
    for (const c of ordered(n)) {
      if (isToken(c)) continue;
      if (c.name === 'clauseDecl') items.push(this.clause(c));
      else if (c.name === 'rulesBlock') items.push(this.rules(c));
      else {
        const it = this.clauseItem(c);
        if (it) items.push(it);
      }
    }
    const num = tok(n, 'NumberLit')!;
    return {
      kind: 'measure',
      number: { value: Number(num.image), span: tokenSpan(num) },
      title: this.str(tok(n, 'StringLit')!),
      items,
      span: nodeSpan(n),
    };
  }

  private clause(n: CstNode): A.ClauseDecl {
    const items: A.ClauseItem[] = [];
    for (const c of ordered(n)) {
      if (isToken(c)) continue;
      const it = this.clauseItem(c);
      if (it) items.push(it);
    }
    const num = tok(n, 'NumberLit')!;
    return { kind: 'clause', number: { value: Number(num.image), span: tokenSpan(num) }, items, span: nodeSpan(n) };
  }

  private benefit(n: CstNode): A.BenefitDecl {
    const kindTok = tok(n, 'Award') ? 'award' : tok(n, 'Support') ? 'support' : 'subsidy';
    const b: A.BenefitDecl = {
      kind: 'benefit',
      benefitKind: kindTok,
      name: this.name(tok(n, 'Identifier')!),
      title: this.str(tok(n, 'StringLit')!),
      applicants: [],
      conditions: [],
      inputs: [],
      items: [],
      span: nodeSpan(n),
    };
    for (const item of subs(n, 'benefitItem')) {
      const span = nodeSpan(item);
      let it: A.BenefitItem;
      if (tok(item, 'For')) {
        it = { kind: 'for', names: this.nameList(sub(item, 'nameList')!), span };
        b.applicants.push(...it.names);
      } else if (tok(item, 'Condition')) {
        it = { kind: 'when', exprs: subs(item, 'expr').map((e) => this.expr(e)), span };
        b.conditions.push(...it.exprs);
      } else if (tok(item, 'Amount')) {
        it = this.amount(sub(item, 'amountSpec')!);
        b.amount = it;
      } else if (tok(item, 'OneTime')) {
        it = { kind: 'oneTime', span };
        b.oneTime = span;
      } else if (tok(item, 'Reference')) {
        it = { kind: 'reference', value: this.str(tok(item, 'StringLit')!), span };
        b.reference = it.value;
      } else if (sub(item, 'textItem')) {
        it = { kind: 'text', value: this.str(tok(sub(item, 'textItem')!, 'StringLit')!), span };
        b.text = it.value;
      } else {
        it = this.input(sub(item, 'inputDecl')!);
        b.inputs.push(it);
      }
      b.items.push(it);
    }
    return b;
  }

  private amount(n: CstNode): A.AmountSpec {
    const caps = subs(n, 'capSpec').map((c): A.Cap => ({
      kind: 'cap',
      expr: this.addExpr(sub(c, 'addExpr')!),
      scope: tok(c, 'PerYear') ? 'perYear' : tok(c, 'InTotal') ? 'total' : 'once',
      span: nodeSpan(c),
    }));
    const base = sub(n, 'expr');
    return { kind: 'amount', base: base && this.expr(base), caps, span: nodeSpan(n) };
  }

  private rules(n: CstNode): A.RulesBlock {
    const items: A.RuleItem[] = [];
    let current: Extract<A.RuleItem, { kind: 'noDoubleFunding' | 'topUp' }> | undefined;
    for (const c of ordered(n)) {
      if (!isToken(c)) continue;
      const span = tokenSpan(c);
      switch (c.tokenType.name) {
        case 'NoDoubleFunding':
        case 'TopUp':
          current = { kind: c.tokenType.name === 'TopUp' ? 'topUp' : 'noDoubleFunding', levels: [], span };
          items.push(current);
          break;
        case 'National':
        case 'Provincial':
        case 'Municipal': {
          const value = c.tokenType.name === 'National' ? 'national' : c.tokenType.name === 'Provincial' ? 'provincial' : 'municipal';
          current!.levels.push({ value, span });
          current!.span = joinSpans(current!.span, span);
          break;
        }
        case 'HighestOnly':
          current = undefined;
          items.push({ kind: 'highestOnly', span });
          break;
      }
    }
    return { kind: 'rules', items, span: nodeSpan(n) };
  }

  private workflow(n: CstNode): A.WorkflowDecl {
    const w: A.WorkflowDecl = {
      kind: 'workflow',
      name: this.name(tok(n, 'Identifier')!),
      title: tok(n, 'StringLit') && this.str(tok(n, 'StringLit')!),
      applies: [],
      steps: [],
      items: [],
      span: nodeSpan(n),
    };
    for (const c of ordered(n)) {
      if (isToken(c)) continue;
      if (c.name === 'nameList') {
        const names = this.nameList(c);
        w.applies.push(...names);
        w.items.push({ kind: 'applies', names, span: nodeSpan(c) });
      } else if (c.name === 'stepDecl') {
        const s = this.step(c);
        w.steps.push(s);
        w.items.push(s);
      }
    }
    return w;
  }

  private duration(t: IToken): A.Duration {
    const lit = this.literal(t);
    return lit.type === 'duration' ? { amount: lit.amount, unit: lit.unit, span: tokenSpan(t) } : { amount: 0, unit: 'day', span: tokenSpan(t) };
  }

  private step(n: CstNode): A.StepDecl {
    const ids = toks(n, 'Identifier');
    const s: A.StepDecl = { kind: 'step', name: this.name(ids[0]!), span: nodeSpan(n) };
    if (tok(n, 'By')) {
      const a = tok(n, 'ApplicantActor') ?? tok(n, 'LeadUnits') ?? tok(n, 'CoopUnits');
      if (a) {
        const span = tokenSpan(a);
        s.actor = a.tokenType.name === 'ApplicantActor' ? { kind: 'applicant', span } : a.tokenType.name === 'LeadUnits' ? { kind: 'lead', span } : { kind: 'cooperate', span };
      } else {
        const u = ids.find((t) => t.startOffset > tok(n, 'By')!.startOffset)!;
        s.actor = { kind: 'unit', name: this.name(u), span: tokenSpan(u) };
      }
    }
    let prev = '';
    for (const c of ordered(n)) {
      if (!isToken(c)) continue;
      if (c.tokenType.name === 'DurationLit') {
        if (prev === 'Within') s.limit = this.duration(c);
        else s.publicity = this.duration(c);
      }
      prev = c.tokenType.name;
    }
    const ret = tok(n, 'ReturnTo');
    if (ret) s.returnTo = this.name(ids.find((t) => t.startOffset > ret.startOffset)!);
    return s;
  }

  // ---- expressions

  expr(n: CstNode): A.Expr {
    const parts = subs(n, 'andExpr').map((c) => this.andExpr(c));
    return parts.length === 1 ? parts[0]! : { kind: 'logic', op: 'or', args: parts, span: nodeSpan(n) };
  }

  private andExpr(n: CstNode): A.Expr {
    const parts = subs(n, 'notExpr').map((c) => this.notExpr(c));
    return parts.length === 1 ? parts[0]! : { kind: 'logic', op: 'and', args: parts, span: nodeSpan(n) };
  }

  private notExpr(n: CstNode): A.Expr {
    const inner = sub(n, 'notExpr');
    if (inner) return { kind: 'not', arg: this.notExpr(inner), span: nodeSpan(n) };
    return this.cmpExpr(sub(n, 'cmpExpr')!);
  }

  private cmpExpr(n: CstNode): A.Expr {
    const [l, r] = subs(n, 'addExpr').map((c) => this.addExpr(c));
    if (!r) return l!;
    const opTok = ordered(n).find(isToken)!;
    const name = opTok.tokenType.name;
    return { kind: 'compare', op: CMP[name]!, word: WORD_CMP.has(name) ? opTok.image : undefined, left: l!, right: r, span: nodeSpan(n) };
  }

  private binaryChain(n: CstNode, childName: string, child: (c: CstNode) => A.Expr): A.Expr {
    let acc: A.Expr | undefined;
    let op: A.ArithOp = '+';
    for (const c of ordered(n)) {
      if (isToken(c)) {
        op = ({ Plus: '+', Minus: '-', Times: '*', Divide: '/' } as const)[c.tokenType.name as 'Plus'];
        continue;
      }
      if (c.name !== childName) continue;
      const e = child(c);
      acc = acc ? { kind: 'binary', op, left: acc, right: e, span: joinSpans(acc.span, e.span) } : e;
    }
    return acc!;
  }

  addExpr(n: CstNode): A.Expr {
    return this.binaryChain(n, 'mulExpr', (c) => this.binaryChain(c, 'stepExpr', (s) => this.stepExpr(s)));
  }

  private stepExpr(n: CstNode): A.Expr {
    const ps = subs(n, 'primary').map((c) => this.primary(c));
    if (ps.length === 1) return ps[0]!;
    return { kind: 'steps', value: ps[0]!, step: ps[1]!, each: ps[2]!, span: nodeSpan(n) };
  }

  private primary(n: CstNode): A.Expr {
    const span = nodeSpan(n);
    const t = ordered(n)[0]!;
    if (isToken(t)) {
      if (t.tokenType.name === 'Identifier') return { kind: 'ref', name: this.name(t), span };
      if (t.tokenType.name === 'LParen') return { kind: 'paren', expr: this.expr(sub(n, 'expr')!), span };
      if (t.tokenType.name === 'AppDate') return { kind: 'appDate', span };
      return { kind: 'literal', value: this.literal(t), span };
    }
    if (t.name === 'ifExpr') {
      const [c, a, b] = subs(t, 'expr').map((e) => this.expr(e));
      return { kind: 'if', cond: c!, then: a!, else: b!, span };
    }
    if (t.name === 'callExpr') {
      const fnTok = ordered(t).find(isToken)!;
      const fn = CALL_OF[fnTok.tokenType.name]!;
      return { kind: 'call', fn, args: subs(t, 'expr').map((e) => this.expr(e)), span };
    }
    if (t.name === 'lookupExpr') {
      const keys = toks(t, 'Identifier');
      const values = subs(t, 'addExpr').map((e) => this.addExpr(e));
      const entries = keys.map((k, i) => ({ key: this.name(k), value: values[i]!, span: joinSpans(tokenSpan(k), values[i]?.span ?? tokenSpan(k)) }));
      return { kind: 'lookup', value: this.primary(sub(t, 'primary')!), entries, span };
    }
    // tiers
    return { kind: 'tiers', value: this.primary(sub(t, 'primary')!), bands: subs(t, 'band').map((b) => this.band(b)), span };
  }

  private band(n: CstNode): A.Band {
    const bound = (b: CstNode): A.Bound => {
      const t = ordered(b)[0] as IToken;
      return t.tokenType.name === 'Infinity' ? { kind: 'infinity', span: tokenSpan(t) } : { kind: 'literal', value: this.literal(t), span: tokenSpan(t) };
    };
    const [lo, hi] = subs(n, 'bound');
    return {
      lower: bound(lo!),
      upper: bound(hi!),
      lowerInclusive: !!tok(n, 'LBracket'),
      upperInclusive: !!tok(n, 'RBracket'),
      value: this.addExpr(sub(n, 'addExpr')!),
      span: nodeSpan(n),
    };
  }
}
