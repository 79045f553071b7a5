/**
 * Depth limits on .pol text. Every pass after the lexer (parser, checker, lowering, evaluation, formatter,
 * printers, exports) walks expressions recursively; a hostile file (200 nested parentheses, a sum of 3,000
 * terms) would overflow the stack of each. Two limits, far above any real policy, are checked once here so
 * that every later pass can recurse safely:
 * - nesting seen by the parser (brackets, and 若/非 chains in one expression), checked on the tokens;
 * - depth of an expression tree (a sum of N terms is N deep), checked on the AST without recursion.
 */
import type { IToken } from 'chevrotain';
import type { PolFile } from './ast.ts';

/** Brackets plus 若/非 in one expression: the parser recurses ~10 frames per level and fails near 200. */
export const MAX_NESTING = 64;
/** Depth of one expression tree: a sum of 100 terms, or 100 nested operations. */
export const MAX_EXPR_DEPTH = 100;

/**
 * What each token type is to a limit, by its name, kept by its index (a token's `tokenTypeIdx`): one array
 * lookup per token instead of hashing its name (the limits run on every parse).
 */
function byType<K>(of: (name: string) => K): (t: IToken) => K {
  const known: K[] = [];
  return (t) => (known[t.tokenTypeIdx] ??= of(t.tokenType.name));
}

/** 1 opens a bracket, -1 closes one, 2 starts a nested expression (若/非), 3 is a colon, 0 anything else. */
const nesting = byType((name) => (['LParen', 'LBracket', 'LBrace'].includes(name) ? 1 : ['RParen', 'RBracket', 'RBrace'].includes(name) ? -1 : name === 'If' || name === 'Not' ? 2 : name === 'Colon' ? 3 : 0));

/** The first token nested deeper than MAX_NESTING, or undefined. Linear in the tokens. */
export function tooDeeplyNested(tokens: readonly IToken[]): IToken | undefined {
  let brackets = 0;
  let prefixes = 0; // 若/非 since the last "：" (each starts a nested expression in the grammar)
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const kind = nesting(t);
    if (kind === 1) brackets++;
    else if (kind === -1) brackets = Math.max(0, brackets - 1);
    else if (kind === 2) prefixes++;
    else if (kind === 3) prefixes = 0;
    if (brackets + prefixes > MAX_NESTING) return t;
  }
  return undefined;
}

const EXPR_KINDS = new Set(['binary', 'compare', 'logic', 'not', 'if', 'call', 'steps', 'tiers', 'paren']);

/**
 * The tokens of which each expression node of EXPR_KINDS holds at least one of its own (its operator, keyword or
 * opening parenthesis): an expression no deeper than the number of them in its declaration.
 */
const EXPR_TOKENS = new Set([
  'Plus', 'Minus', 'Times', 'Divide', 'Ge', 'Le', 'Gt', 'Lt', 'Eq', 'Ne', 'AtLeast', 'Below', 'Above', 'Max', 'Or', 'And', 'Not', 'If',
  'Member', 'FirstEntry', 'Since', 'Growth', 'RoundDown', 'TimesGranted', 'GrantedLastYear', 'YearsBetween', 'MonthsBetween', 'SumItems', 'CountItems',
  'EachFull', 'Tiers', 'LParen',
]);
const isExprToken = byType((name) => EXPR_TOKENS.has(name));

/**
 * The declarations of a file that could hold an expression deeper than MAX_EXPR_DEPTH: those with more than that
 * many EXPR_TOKENS (tokens and declarations both in source order; one pass over each).
 */
export function mayBeTooDeep(file: PolFile, tokens: readonly IToken[]): PolFile['decls'] {
  const out: PolFile['decls'] = [];
  let k = 0;
  for (const d of file.decls) {
    while (k < tokens.length && tokens[k]!.startOffset < d.span.offset) k++;
    let n = 0;
    for (; k < tokens.length && tokens[k]!.startOffset < d.span.endOffset; k++) if (isExprToken(tokens[k]!)) n++;
    if (n > MAX_EXPR_DEPTH) out.push(d);
  }
  return out;
}

/**
 * The first expression of the file whose tree is deeper than MAX_EXPR_DEPTH (its outermost node), or
 * undefined. Walks the whole AST with an explicit stack, so it cannot overflow itself; the stack is three
 * parallel arrays and the walk allocates nothing per node (it runs on every parse of every file).
 */
export function tooDeepExpression(file: PolFile): { depth: number; node: { span: PolFile['span'] } } | undefined {
  type Root = { span: PolFile['span'] } | undefined;
  const values: object[] = [file];
  const depths: number[] = [0];
  const roots: Root[] = [undefined];
  while (values.length > 0) {
    const value = values.pop()!;
    let d = depths.pop()!; // expression nodes above this one (declarations and clauses do not count)
    let r = roots.pop();
    if (Array.isArray(value)) {
      for (const child of value) {
        if (typeof child !== 'object' || child === null) continue;
        values.push(child);
        depths.push(d);
        roots.push(r);
      }
      continue;
    }
    const kind = (value as { kind?: unknown }).kind;
    if (typeof kind === 'string' && EXPR_KINDS.has(kind)) {
      d++;
      r ??= value as { span: PolFile['span'] };
      if (d > MAX_EXPR_DEPTH) return { depth: d, node: r };
    }
    for (const key in value) {
      if (key === 'span') continue;
      const child = (value as Record<string, unknown>)[key];
      if (typeof child !== 'object' || child === null) continue;
      values.push(child);
      depths.push(d);
      roots.push(r);
    }
  }
  return undefined;
}
