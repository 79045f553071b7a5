/**
 * Types of expressions. Money × percent is money; money + percent is an error; a count times a
 * per-unit rate is money when the units agree. Every expression's type is recorded for the lowering;
 * an expression whose type cannot be known (after an error) is left out, so one mistake is reported once.
 */
import type * as A from '../syntax/ast.ts';
import type { ValueType } from '../values/value-type.ts';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { MessageArg } from '../diagnostics/catalog.ts';
import { CURRENCY_CODES, CURRENCY_WORDS } from '../values/money.ts';
import type { Scope } from './scope.ts';
import { didYouMean } from '../text.ts';

export function typeName(t: ValueType): { zh: string; en: string } {
  switch (t.kind) {
    case 'money': {
      const cur = CURRENCY_WORDS[t.currency] ?? t.currency;
      return t.perUnit
        ? { zh: `每${t.perUnit}金额（${cur}）`, en: `money per ${t.perUnit} (${t.currency})` }
        : { zh: `金额（${cur}）`, en: `money (${t.currency})` };
    }
    case 'count':
      return t.unit ? { zh: `数量（${t.unit}）`, en: `count (${t.unit})` } : { zh: '数量', en: 'count' };
    case 'percent':
      return { zh: '比例', en: 'percentage' };
    case 'number':
      return { zh: '数字', en: 'number' };
    case 'bool':
      return { zh: '是否判断', en: 'true/false' };
    case 'date':
      return { zh: '日期', en: 'date' };
    case 'duration':
      return { zh: '期限', en: 'duration' };
    case 'text':
      return { zh: '文本', en: 'text' };
    case 'since':
      return { zh: '距今期限', en: 'time since a date' };
  }
}

export function typeOfDecl(t: A.TypeRef): ValueType {
  switch (t.kind) {
    case 'money':
      return { kind: 'money', currency: t.currency };
    case 'count':
      return t.unit ? { kind: 'count', unit: t.unit } : { kind: 'count' };
    case 'choice':
      return { kind: 'text', options: t.options.map((o) => o.text) };
    default:
      return { kind: t.kind };
  }
}

export function typeOfLiteral(l: A.Literal): ValueType {
  switch (l.type) {
    case 'money':
      return l.perUnit ? { kind: 'money', currency: l.currency, perUnit: l.perUnit } : { kind: 'money', currency: l.currency };
    case 'count':
      return { kind: 'count', unit: l.unit };
    default:
      return { kind: l.type };
  }
}

/** What a drafter most likely meant, for the combinations that come from natural phrasings. */
const HINTS: Record<string, { zh: string; en: string }> = {
  'money+percent': { zh: '比例上浮写作 金额 × (30% + 5个百分点)', en: 'a raised rate is written money × (30% + 5个百分点)' },
  'percent+money': { zh: '比例上浮写作 金额 × (30% + 5个百分点)', en: 'a raised rate is written money × (30% + 5个百分点)' },
  'date+money': { zh: '日期只能加减期限，如 成立日期 + 2年', en: 'a date takes a duration, e.g. 成立日期 + 2年' },
  'date+count': { zh: '日期只能加减期限，如 成立日期 + 2年', en: 'a date takes a duration, e.g. 成立日期 + 2年' },
  'date+number': { zh: '日期只能加减期限，如 成立日期 + 2年', en: 'a date takes a duration, e.g. 成立日期 + 2年' },
  'date-date': { zh: '两个日期之间的整年数写作 整年数(起, 止)', en: 'whole years between two dates are written years-between(from, to)' },
  'money*money': { zh: '每单位外币的金额写作 0.01元/美元', en: 'a rate per unit of a foreign currency is written 0.01元/美元' },
};

const numeric = (t: ValueType) => t.kind === 'money' || t.kind === 'count' || t.kind === 'percent' || t.kind === 'number';

/** Source text of a span, for messages and for the graph's `text` fields. */
export type SourceText = (span: A.Expr['span']) => string;

export class ExprTyper {
  readonly types = new Map<A.Expr, ValueType>();
  /** Bare names that stand for an option of the choice input they are compared with (展会级别 = 国家级). */
  readonly options = new Map<A.Expr, string>();
  /** define name → its type, filled lazily; `null` while being computed (a cycle is reported by the lowering). */
  private readonly defineTypes = new Map<string, ValueType | null | undefined>();

  constructor(
    private readonly scope: Scope,
    private readonly file: string,
    private readonly out: Diagnostic[],
    private readonly text: SourceText,
  ) {}

  private error(span: A.Expr['span'], what: MessageArg) {
    this.out.push(diag('POL2007', this.file, span, what));
  }

  defineType(name: string): ValueType | undefined {
    if (this.defineTypes.has(name)) return this.defineTypes.get(name) ?? undefined;
    const d = this.scope.defines.get(name);
    if (!d) return undefined;
    this.defineTypes.set(name, null);
    const t = this.type(d.decl.expr);
    this.defineTypes.set(name, t);
    return t;
  }

  type(e: A.Expr): ValueType | undefined {
    if (this.types.has(e)) return this.types.get(e);
    const t = this.compute(e);
    if (t) this.types.set(e, t);
    return t;
  }

  private compute(e: A.Expr): ValueType | undefined {
    switch (e.kind) {
      case 'literal':
        return typeOfLiteral(e.value);
      case 'appDate':
        return { kind: 'date' };
      case 'paren':
        return this.type(e.expr);
      case 'ref': {
        const input = this.scope.inputs.get(e.name.text);
        if (input) return typeOfDecl(input.decl.type);
        if (this.scope.defines.has(e.name.text)) return this.defineType(e.name.text);
        if (this.scope.lists.has(e.name.text)) {
          this.out.push(
            diag('POL2022', this.file, e.span, e.name.text, { zh: `写作 入选(${e.name.text}) 的名单判断`, en: `written member(${e.name.text})` }),
          );
          return undefined;
        }
        this.out.push(diag('POL2003', this.file, e.name.span, e.name.text, didYouMean(e.name.text, [...this.scope.inputs.keys(), ...this.scope.defines.keys()])));
        return undefined;
      }
      case 'binary':
        return this.binary(e);
      case 'compare':
        return this.compare(e);
      case 'logic': {
        for (const a of e.args) this.expectBool(a);
        return { kind: 'bool' };
      }
      case 'not':
        this.expectBool(e.arg);
        return { kind: 'bool' };
      case 'if': {
        this.expectBool(e.cond);
        const a = this.type(e.then);
        const b = this.type(e.else);
        if (!a || !b) return a ?? b;
        if (!sameType(a, b)) {
          this.error(e.span, {
            zh: `“若…则…否则…”两个分支的类型不同：${typeName(a).zh} 与 ${typeName(b).zh}`,
            en: `the branches of if/then/else differ: ${typeName(a).en} and ${typeName(b).en}`,
          });
          return undefined;
        }
        return a;
      }
      case 'call':
        return this.call(e);
      case 'steps': {
        const v = this.type(e.value);
        const s = this.type(e.step);
        const each = this.type(e.each);
        if (v && s && (!numeric(v) || !sameType(v, s))) {
          this.error(e.span, {
            zh: `“每满”前后应为同一类数值：${typeName(v).zh} 与 ${typeName(s).zh}`,
            en: `"each" needs values of one kind: ${typeName(v).en} and ${typeName(s).en}`,
          });
        }
        if (each && each.kind !== 'money') {
          this.error(e.each.span, { zh: `“给予”后应为金额，实际为${typeName(each).zh}`, en: `"give" needs money, found ${typeName(each).en}` });
          return undefined;
        }
        return each;
      }
      case 'tiers':
        return this.tiers(e);
      case 'lookup':
        return this.lookup(e);
    }
  }

  expectBool(e: A.Expr): void {
    const t = this.type(e);
    if (t && t.kind !== 'bool') this.out.push(diag('POL2011', this.file, e.span, typeName(t)));
  }

  private binary(e: Extract<A.Expr, { kind: 'binary' }>): ValueType | undefined {
    const l = this.type(e.left);
    const r = this.type(e.right);
    if (!l || !r) return undefined;
    const bad = () => {
      const verb = { '+': ['相加', 'added to'], '-': ['相减', 'subtracted from'], '*': ['相乘', 'multiplied by'], '/': ['相除', 'divided by'] }[e.op];
      const hint = HINTS[`${l.kind}${e.op}${r.kind}`];
      this.error(e.span, {
        zh: `${typeName(l).zh} 与 ${typeName(r).zh} 不能${verb[0]}${hint ? `；${hint.zh}` : ''}`,
        en: `${typeName(l).en} cannot be ${verb[1]} ${typeName(r).en}${hint ? `; ${hint.en}` : ''}`,
      });
      return undefined;
    };
    if (e.op === '+' || e.op === '-') {
      if (numeric(l) && sameType(l, r) && !(l.kind === 'money' && l.perUnit)) return l;
      // 成立日期 + 2年: a date shifted by a duration
      if (l.kind === 'date' && r.kind === 'duration') return l;
      return bad();
    }
    if (e.op === '*') {
      const pair = (a: ValueType, b: ValueType): ValueType | undefined => {
        if (a.kind === 'money' && !a.perUnit && (b.kind === 'percent' || b.kind === 'number')) return a;
        if (a.kind === 'percent' && (b.kind === 'percent' || b.kind === 'number')) return a;
        if (a.kind === 'count' && b.kind === 'number') return a;
        if (a.kind === 'number' && b.kind === 'number') return a;
        // 出口额（美元）× 0.01元/美元: a rate per unit of a foreign currency
        if (a.kind === 'money' && !a.perUnit && b.kind === 'money' && b.perUnit && (CURRENCY_CODES[b.perUnit] ?? b.perUnit) === a.currency) {
          return { kind: 'money', currency: b.currency };
        }
        if (a.kind === 'count' && b.kind === 'money') {
          if (b.perUnit && a.unit && b.perUnit !== a.unit) {
            this.out.push(diag('POL2021', this.file, e.span, this.text(e.right.span), this.text(e.left.span), a.unit));
            return { kind: 'money', currency: b.currency };
          }
          return { kind: 'money', currency: b.currency };
        }
        return undefined;
      };
      return pair(l, r) ?? pair(r, l) ?? bad();
    }
    // division
    if (numeric(l) && r.kind === 'number') return l;
    if (numeric(l) && sameType(l, r)) return { kind: 'number' };
    return bad();
  }

  /** Whether `e` is a bare name standing for an option of `t` (a choice); an unknown option is reported with the options. */
  private option(e: A.Expr, t: ValueType | undefined, of: string): boolean {
    const u = unparen(e);
    if (u.kind !== 'ref' || !t || t.kind !== 'text' || !t.options) return false;
    const name = u.name.text;
    if (this.scope.inputs.has(name) || this.scope.defines.has(name)) return false;
    if (!t.options.includes(name)) {
      this.out.push(diag('POL2030', this.file, u.span, name, of, didYouMean(name, t.options), t.options.join('、')));
    }
    this.options.set(u, name);
    this.types.set(u, { kind: 'text' });
    this.types.set(e, { kind: 'text' });
    return true;
  }

  private compare(e: Extract<A.Expr, { kind: 'compare' }>): ValueType | undefined {
    const l = this.type(e.left);
    const r = this.option(e.right, l, this.text(e.left.span)) ? l : this.type(e.right);
    if (!l || !r) return { kind: 'bool' };
    const ok =
      (l.kind === 'money' && r.kind === 'money' && !l.perUnit && !r.perUnit) ||
      (l.kind === 'count' && r.kind === 'count' && (!l.unit || !r.unit || l.unit === r.unit)) ||
      // a count compares with a plain number (展位数 ≥ 300)
      (l.kind === 'count' && r.kind === 'number') ||
      (l.kind === 'number' && r.kind === 'count') ||
      (l.kind === 'since' && r.kind === 'duration') ||
      ((l.kind === 'percent' || l.kind === 'number') && (r.kind === 'percent' || r.kind === 'number')) ||
      (l.kind === r.kind && (l.kind === 'date' || l.kind === 'bool' || l.kind === 'text' || l.kind === 'duration'));
    if (!ok) this.out.push(diag('POL2019', this.file, e.span, this.text(e.span), typeName(l), typeName(r)));
    if (l.kind === 'since' && (e.op === '=' || e.op === '!=')) {
      this.error(e.span, { zh: '距今期限只能比较长短（≤、<、≥、>）', en: 'time since a date can only be compared with ≤, <, ≥ or >' });
    }
    return { kind: 'bool' };
  }

  private call(e: Extract<A.Expr, { kind: 'call' }>): ValueType | undefined {
    const arity = { member: 1, firstEntry: 1, since: 1, growth: 2, roundDown: 2, yearsBetween: 2, monthsBetween: 2, timesGranted: 1, grantedLastYear: 1 }[e.fn];
    const resultOf = (): ValueType =>
      e.fn === 'growth'
        ? { kind: 'percent' }
        : e.fn === 'since'
          ? { kind: 'since' }
          : e.fn === 'member' || e.fn === 'firstEntry' || e.fn === 'grantedLastYear'
            ? { kind: 'bool' }
            : { kind: 'number' };
    if (e.fn === 'roundDown' && e.args.length === 1) {
      this.out.push(diag('POL2035', this.file, e.span, this.text(e.args[0]!.span)));
      return undefined;
    }
    if (e.args.length !== arity) {
      this.error(e.span, { zh: `应有 ${arity} 个参数，实际为 ${e.args.length} 个`, en: `takes ${arity} argument(s), found ${e.args.length}` });
      return e.fn === 'roundDown' ? undefined : resultOf();
    }
    if (e.fn === 'roundDown') return this.roundDown(e.args[0]!, e.args[1]!);
    if (e.fn === 'timesGranted' || e.fn === 'grantedLastYear') {
      // 已获次数(品牌推广扶持), 上年度已获(品牌推广扶持): past grants of a benefit of this policy
      const a = unparen(e.args[0]!);
      const known = this.scope.benefits;
      if (a.kind !== 'ref' || !known.has(a.name.text)) {
        const name = a.kind === 'ref' ? a.name.text : this.text(a.span);
        this.out.push(diag('POL2034', this.file, a.span, name, didYouMean(name, known.keys())));
      }
      return resultOf();
    }
    if (e.fn === 'yearsBetween' || e.fn === 'monthsBetween') {
      for (const a of e.args) {
        const t = this.type(a);
        if (t && t.kind !== 'date') this.out.push(diag('POL2026', this.file, a.span, typeName(t)));
      }
      return { kind: 'number' };
    }
    if (e.fn === 'member' || e.fn === 'firstEntry') {
      const a = unparen(e.args[0]!);
      if (a.kind !== 'ref' || !this.scope.lists.has(a.name.text)) {
        if (a.kind === 'ref') this.out.push(diag('POL2002', this.file, a.span, a.name.text, didYouMean(a.name.text, this.scope.lists.keys())));
        else this.error(a.span, { zh: '应为名单名称', en: 'a list name is expected here' });
      }
      return { kind: 'bool' };
    }
    if (e.fn === 'since') {
      const t = this.type(e.args[0]!);
      if (t && t.kind !== 'date') this.error(e.args[0]!.span, { zh: `距今(…) 需要日期，实际为${typeName(t).zh}`, en: `since(…) needs a date, found ${typeName(t).en}` });
      return { kind: 'since' };
    }
    const a = this.type(e.args[0]!);
    const b = this.type(e.args[1]!);
    if (a && b && (!numeric(a) || !sameType(a, b))) {
      this.error(e.span, {
        zh: `增长率(本期, 上期) 需要两个同类数值：${typeName(a).zh} 与 ${typeName(b).zh}`,
        en: `growth(current, previous) needs two values of one kind: ${typeName(a).en} and ${typeName(b).en}`,
      });
    }
    return { kind: 'percent' };
  }

  /** 取整(x, 1万元): x rounded down to a whole multiple of a positive money literal of its currency. */
  private roundDown(x: A.Expr, unit: A.Expr): ValueType | undefined {
    const t = this.type(x);
    const u = unparen(unit);
    const ok = u.kind === 'literal' && u.value.type === 'money' && !u.value.perUnit && u.value.fen > 0 && (!t || t.kind !== 'money' || u.value.currency === t.currency);
    if (!ok) this.out.push(diag('POL2027', this.file, unit.span, this.text(unit.span)));
    if (t && (t.kind !== 'money' || t.perUnit)) {
      this.out.push(diag('POL2028', this.file, x.span, typeName(t)));
      return undefined;
    }
    return t;
  }

  /** 按 展会级别 { 国家级：50万元，… }: every option once, values of one type. */
  private lookup(e: Extract<A.Expr, { kind: 'lookup' }>): ValueType | undefined {
    const v = this.type(e.value);
    const of = this.text(e.value.span);
    if (v && (v.kind !== 'text' || !v.options)) this.out.push(diag('POL2031', this.file, e.value.span, typeName(v)));
    const options = v?.kind === 'text' ? v.options : undefined;
    const seen = new Set<string>();
    let result: ValueType | undefined;
    for (const entry of e.entries) {
      const key = entry.key.text;
      if (options && !options.includes(key)) this.out.push(diag('POL2030', this.file, entry.key.span, key, of, didYouMean(key, options), options.join('、')));
      if (seen.has(key)) this.out.push(diag('POL2033', this.file, entry.key.span, of, key));
      seen.add(key);
      const t = this.type(entry.value);
      if (t && result && !sameType(t, result)) {
        this.error(entry.value.span, { zh: `各选项的值类型不一致：${typeName(result).zh} 与 ${typeName(t).zh}`, en: `the values differ in type: ${typeName(result).en} and ${typeName(t).en}` });
      }
      result ??= t;
    }
    const missing = (options ?? []).filter((o) => !seen.has(o));
    if (missing.length > 0) this.out.push(diag('POL2032', this.file, e.span, of, missing.join('、')));
    return result;
  }

  private tiers(e: Extract<A.Expr, { kind: 'tiers' }>): ValueType | undefined {
    const v = this.type(e.value);
    let result: ValueType | undefined;
    const bandErr = (span: A.Expr['span'], zh: string, en: string) => this.out.push(diag('POL2017', this.file, span, { zh, en }));
    if (e.bands.length === 0) bandErr(e.span, '没有任何档次', 'there are no bands');
    for (const b of e.bands) {
      for (const bound of [b.lower, b.upper]) {
        if (bound.kind === 'infinity' || !v) continue;
        const bt = typeOfLiteral(bound.value);
        if (!sameType(bt, v) && !(bt.kind === 'number' && v.kind === 'count')) {
          bandErr(bound.span, `边界 ${bound.value.text} 与分档依据的类型（${typeName(v).zh}）不一致`, `bound ${bound.value.text} does not match the value's type (${typeName(v).en})`);
        }
      }
      if (b.lower.kind === 'infinity') bandErr(b.lower.span, '下限不能为 ∞', 'a lower bound cannot be ∞');
      const t = this.type(b.value);
      if (t && result && !sameType(t, result)) {
        bandErr(b.value.span, `各档金额的类型不一致：${typeName(result).zh} 与 ${typeName(t).zh}`, `band values differ in type: ${typeName(result).en} and ${typeName(t).en}`);
      }
      result ??= t;
    }
    // Bands must be in ascending order and must not overlap.
    const num = (x: A.Bound) => (x.kind === 'infinity' ? Infinity : literalMagnitude(x.value));
    for (const [i, b] of e.bands.entries()) {
      const lo = num(b.lower);
      const hi = num(b.upper);
      if (lo > hi || (lo === hi && !(b.lowerInclusive && b.upperInclusive))) {
        bandErr(b.span, '区间为空：下限大于或等于上限', 'the band is empty: its lower bound is not below its upper bound');
      }
      const prev = e.bands[i - 1];
      if (prev) {
        const phi = num(prev.upper);
        if (lo < phi || (lo === phi && b.lowerInclusive && prev.upperInclusive)) {
          bandErr(b.span, '与上一档重叠（同一边界只能含于一档）', 'overlaps the band before it (a shared edge may belong to one band only)');
        }
      }
    }
    return result;
  }
}

/** A literal's magnitude for ordering bands (money in fen, percent as a ratio, counts and numbers as is). */
export function literalMagnitude(l: A.Literal): number {
  switch (l.type) {
    case 'money':
      return l.fen;
    case 'percent':
      return l.num / l.den;
    case 'count':
    case 'number':
      return l.value;
    default:
      return NaN;
  }
}

export function unparen(e: A.Expr): A.Expr {
  return e.kind === 'paren' ? unparen(e.expr) : e;
}

export function sameType(a: ValueType, b: ValueType): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'money' && b.kind === 'money') return a.currency === b.currency && a.perUnit === b.perUnit;
  if (a.kind === 'count' && b.kind === 'count') return !a.unit || !b.unit || a.unit === b.unit;
  return true;
}
