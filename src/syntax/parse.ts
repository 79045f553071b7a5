/**
 * parse(): text → AST and diagnostics, as values. Syntax errors carry what was expected,
 * worded from the grammar's own token names so that a drafter sees `应为“：”` rather than a token id.
 */
import type { IToken } from 'chevrotain';
import { parseCst } from '../../grammar/parser.ts';
import { keywordSpellings } from '../../grammar/tokens.ts';
import type { MessageArg } from '../diagnostics/catalog.ts';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { spanFromOffsets, type Span } from '../diagnostics/span.ts';
import type { PolFile } from './ast.ts';
import { AstBuilder, tokenSpan } from './cst-to-ast.ts';
import { MAX_EXPR_DEPTH, MAX_NESTING, tooDeepExpression, tooDeeplyNested } from './limits.ts';

export interface ParseResult {
  /** Absent when the text has syntax errors. */
  ast?: PolFile;
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

export function parse(text: string, file: string): ParseResult {
  const r = parseCst(text, tooDeeplyNested);
  const diagnostics: Diagnostic[] = [];
  if (r.refused) diagnostics.push(diag('POL1050', file, tokenSpan(r.refused), MAX_NESTING));
  for (const e of r.lexErrors) {
    const span = spanFromOffsets(text, e.offset, e.offset + Math.max(1, e.length));
    const ch = text.slice(e.offset, e.offset + Math.max(1, e.length));
    diagnostics.push(ch === '"' || ch === '“' ? diag('POL1011', file, span) : diag('POL1001', file, span, ch));
  }
  for (const e of r.parseErrors) {
    const t: IToken = e.token;
    const atEof = t.tokenType.name === 'EOF' || Number.isNaN(t.startOffset);
    if (atEof) {
      const end = Math.max(0, text.length - 1);
      diagnostics.push(diag('POL1003', file, spanFromOffsets(text, end, end + 1), expectedWords(e.message)));
    } else if (e.name === 'NotAllInputParsedException' || e.message === '{"expected":["EOF"]}') {
      diagnostics.push(diag('POL1004', file, tokenSpan(t), t.image));
    } else {
      diagnostics.push(diag('POL1002', file, tokenSpan(t), expectedWords(e.message), t.image));
    }
  }
  if (diagnostics.length > 0) return { diagnostics };
  const builder = new AstBuilder(file);
  const ast = builder.file_(r.cst, r.comments, text);
  const deep = tooDeepExpression(ast);
  if (deep) return { diagnostics: [...builder.diagnostics, diag('POL1051', file, startOf(deep.node.span), MAX_EXPR_DEPTH)] };
  return { ast, diagnostics: builder.diagnostics };
}
