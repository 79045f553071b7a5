/**
 * parse(): text → AST and diagnostics, as values. Syntax errors carry what was expected,
 * worded from the grammar's own token names so that a drafter sees `应为“：”` rather than a token id.
 */
import type { IToken } from 'chevrotain';
import { parseText } from '../../grammar/parser.ts';
import { declaredCountUnits, keywordSpellings, knownCountUnits, useCountUnits } from '../../grammar/tokens.ts';
import { didYouMean } from '../text.ts';
import type { MessageArg } from '../diagnostics/catalog.ts';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { LineIndex, type Span } from '../diagnostics/span.ts';
import type { PolFile } from './ast.ts';
import type { TopDecl } from './ast.ts';
import { AstBuilder, tokenSpan } from './build-ast.ts';
import { MAX_EXPR_DEPTH, MAX_NESTING, mayBeTooDeep, tooDeepExpression, tooDeeplyNested } from './limits.ts';

export interface ParseResult {
  /** Absent when the text has syntax errors. */
  ast?: PolFile;
  /**
   * With syntax errors: the AST of what the parser recovered, for checking the parts that parsed
   * (its diagnostics are trusted only away from the syntax errors; see src/pipeline.ts).
   */
  recovered?: PolFile;
  diagnostics: Diagnostic[];
}

const TOKEN_WORDS: Record<string, { zh: string; en: string }> = {
  Identifier: { zh: '名称', en: 'a name' },
  StringLit: { zh: '带引号的文字', en: 'a quoted string' },
  MoneyLit: { zh: '金额（如 100万元）', en: 'an amount of money (e.g. 100万元)' },
  PercentLit: { zh: '百分比（如 50%）', en: 'a percentage (e.g. 50%)' },
  CountLit: { zh: '带单位的数量（如 30平方米）', en: 'a count with its unit (e.g. 30平方米)' },
  NumberLit: { zh: '数字', en: 'a number' },
  DurationLit: { zh: '期限（如 3年、10工作日）', en: 'a duration (e.g. 3年, 10工作日)' },
  DateLit: { zh: '日期（YYYY-MM-DD）', en: 'a date (YYYY-MM-DD)' },
  Infinity: { zh: '“∞”', en: '"∞"' },
  Colon: { zh: '“：”', en: '":"' },
  Comma: { zh: '“，”', en: '","' },
  Semicolon: { zh: '“；”', en: '";"' },
  LParen: { zh: '“（”', en: '"("' },
  RParen: { zh: '“）”', en: '")"' },
  LBrace: { zh: '“{”', en: '"{"' },
  RBrace: { zh: '“}”', en: '"}"' },
  LBracket: { zh: '“[”', en: '"["' },
  RBracket: { zh: '“]”', en: '"]"' },
  Times: { zh: '“×”', en: '"×"' },
  Divide: { zh: '“÷”', en: '"÷"' },
  Plus: { zh: '“+”', en: '"+"' },
  Minus: { zh: '“−”', en: '"−"' },
  Ge: { zh: '“≥”', en: '"≥"' },
  Le: { zh: '“≤”', en: '"≤"' },
  Gt: { zh: '“>”', en: '">"' },
  Lt: { zh: '“<”', en: '"<"' },
  Eq: { zh: '“=”', en: '"="' },
  Ne: { zh: '“≠”', en: '"≠"' },
  EOF: { zh: '文件结尾', en: 'end of file' },
};

const keywordByName = new Map([...keywordSpellings].map(([t, sp]) => [t.name, sp]));

function tokenWord(name: string): { zh: string; en: string } {
  const kw = keywordByName.get(name);
  if (kw) return { zh: `“${kw.zh}”`, en: `"${kw.en}"` };
  return TOKEN_WORDS[name] ?? { zh: name, en: name };
}

/** The parser's error provider encodes what was expected as a list of token names (see grammar/parser.ts). */
function expectedWords(message: string): MessageArg {
  let names: string[] = [];
  try {
    names = (JSON.parse(message) as { expected: string[] }).expected;
  } catch {
    names = [];
  }
  const words = [...new Set(names)].slice(0, 6).map(tokenWord);
  if (words.length === 0) return { zh: '其他内容', en: 'something else' };
  const join = (xs: string[], or: string, sep: string) => (xs.length === 1 ? xs[0]! : `${xs.slice(0, -1).join(sep)}${or}${xs.at(-1)}`);
  return { zh: join(words.map((w) => w.zh), '或', '、'), en: join(words.map((w) => w.en), ' or ', ', ') };
}

/** Where an expression starts: a long expression is pointed at, not underlined whole. */
function startOf(span: Span): Span {
  return { ...span, endLine: span.line, endCol: span.col + 1, endOffset: span.offset + 1 };
}

/**
 * A tailored message where a drafter's natural phrasing lands on a syntax error: 直播费用的30%,
 * 20万元/年, an identifier running into digits (承诺经营5年), 计算 inside a benefit.
 */
function naturalPhrasing(tokens: IToken[], t: IToken, file: string, lines: LineIndex): Diagnostic | undefined {
  const i = tokens.indexOf(t);
  if (i < 0) return undefined;
  const prev = tokens[i - 1];
  const next = tokens[i + 1];
  const name = (x: IToken | undefined) => x?.tokenType.name;
  const adjacent = (a: IToken, b: IToken) => a.endOffset! + 1 === b.startOffset;
  const span = (a: IToken, b: IToken) => lines.span(a.startOffset, b.endOffset!);
  // 直播费用的30% → 直播费用 × 30%
  if (prev && name(prev) === 'Identifier' && prev.image.endsWith('的') && name(t) === 'PercentLit' && adjacent(prev, t)) {
    return diag('POL1021', file, span(prev, t), prev.image + t.image, `${prev.image.slice(0, -1)} × ${t.image}`);
  }
  // 20万元/年 → 不超过 20万元 每年
  const yearly = (x: IToken | undefined) => !!x && name(x) === 'Identifier' && /^(?:年|每年|年度)$/.test(x.image);
  if (prev && name(prev) === 'MoneyLit' && name(t) === 'Divide' && yearly(next)) {
    return diag('POL1022', file, span(prev, next!), prev.image + t.image + next!.image, `不超过 ${prev.image} 每年`);
  }
  if (prev && name(prev) === 'Divide' && yearly(t) && name(tokens[i - 2]) === 'MoneyLit') {
    return diag('POL1022', file, span(tokens[i - 2]!, t), tokens[i - 2]!.image + prev.image + t.image, `不超过 ${tokens[i - 2]!.image} 每年`);
  }
  // 承诺经营5年: a name cannot hold digits
  const literal = /^(?:NumberLit|DurationLit|CountLit|MoneyLit|PercentLit)$/;
  if (prev && name(prev) === 'Identifier' && literal.test(name(t) ?? '') && adjacent(prev, t)) {
    const after = next && name(next) === 'Identifier' && adjacent(t, next) ? next.image : '';
    const unit = t.image.replace(/^[\d.]+/, '');
    return diag('POL1023', file, span(prev, t), prev.image, t.image + after, `${prev.image}${unit === '年' ? '年限' : unit || '数'}${after}`);
  }
  // 3间夜 with 间夜 not declared
  if (prev && name(prev) === 'NumberLit' && name(t) === 'Identifier' && adjacent(prev, t)) {
    return diag('POL1025', file, span(prev, t), prev.image + t.image, t.image, didYouMean(t.image, knownCountUnits()));
  }
  if (name(t) === 'NumberLit' && next && name(next) === 'Identifier' && adjacent(t, next)) {
    return diag('POL1025', file, span(t, next), t.image + next.image, next.image, didYouMean(next.image, knownCountUnits()));
  }
  // 计算 inside a benefit
  if (name(t) === 'Define') {
    let depth = 0;
    for (let j = i - 1; j >= 0; j--) {
      const n = name(tokens[j]);
      if (n === 'RBrace') depth++;
      else if (n === 'LBrace') {
        if (depth === 0) {
          // the block's keyword: 奖励/扶持/补助 NAME "title" {
          const head = name(tokens[j - 3]);
          if (head === 'Award' || head === 'Support' || head === 'Subsidy') return diag('POL1024', file, tokenSpan(lines, t), t.image);
          break;
        }
        depth--;
      }
    }
  }
  return undefined;
}

export function parse(text: string, file: string): ParseResult {
  useCountUnits(declaredCountUnits(text));
  // a fresh builder for each run of the parser (a run with recovery follows a failed one)
  const lines = new LineIndex(text);
  let builder = new AstBuilder(file, lines);
  const r = parseText(text, () => (builder = new AstBuilder(file, lines)), tooDeeplyNested);
  const diagnostics: Diagnostic[] = [];
  if (r.refused) diagnostics.push(diag('POL1050', file, tokenSpan(lines, r.refused), MAX_NESTING));
  for (const e of r.lexErrors) {
    // the text's line index (a scan from the start for each error cost most of a damaged text's parse)
    const span = lines.span(e.offset, e.offset + Math.max(1, e.length) - 1);
    const ch = text.slice(e.offset, e.offset + Math.max(1, e.length));
    diagnostics.push(ch === '"' || ch === '“' ? diag('POL1011', file, span) : diag('POL1001', file, span, ch));
  }
  for (const e of r.parseErrors) {
    const t: IToken = e.token;
    const tailored = naturalPhrasing(r.tokens, t, file, lines);
    if (tailored) {
      diagnostics.push(tailored);
      continue;
    }
    const atEof = t.tokenType.name === 'EOF' || Number.isNaN(t.startOffset);
    if (atEof) {
      const end = Math.max(0, text.length - 1);
      diagnostics.push(diag('POL1003', file, lines.span(end, end), expectedWords(e.message)));
    } else if (e.name === 'NotAllInputParsedException' || e.message === '{"expected":["EOF"]}') {
      diagnostics.push(diag('POL1004', file, tokenSpan(lines, t), t.image));
    } else {
      diagnostics.push(diag('POL1002', file, tokenSpan(lines, t), expectedWords(e.message), t.image));
    }
  }
  const ast = builder.fileOf(r.decls as TopDecl[], r.comments, text);
  if (diagnostics.length > 0) {
    if (r.lexErrors.length > 0 || r.parseErrors.length === 0 || r.broken) return { diagnostics };
    // the parts that parsed are checked too, unless an expression is too deep for the checker
    return tooDeepExpression(ast) ? { diagnostics } : { diagnostics, recovered: ast };
  }
  // only the declarations that could hold one are walked (the result is the same: the walk finds it in them)
  const deep = tooDeepExpression({ ...ast, decls: mayBeTooDeep(ast, r.tokens) });
  if (deep) return { diagnostics: [...builder.diagnostics, diag('POL1051', file, startOf(deep.node.span), MAX_EXPR_DEPTH)] };
  return { ast, diagnostics: builder.diagnostics };
}
