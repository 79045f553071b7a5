/**
 * The editor's parser: the same result as `parse`, but an edit costs only the declarations it touched.
 *
 * Parsing is most of the cost of checking a large policy (on a 2,000-measure policy it was ~85%: lexing and
 * parsing), and a drafter's edit touches one declaration. The text is cut into top-level declarations — at the
 * start of a line, outside braces, strings and comments, where a line starts with something other than a
 * space or a closing brace — each piece is parsed on its own and kept by its text, and the pieces' ASTs are
 * joined with their positions moved to where they stand in the file. When any piece has a syntax error, or
 * the file declares its own count units (which change how every piece lexes), or the file is small, the
 * whole text is parsed as `parse` does, so what the drafter sees is always what `pol check` says.
 */
import { declaredCountUnits } from '../../grammar/tokens.ts';
import type { Span } from '../diagnostics/span.ts';
import type { PolFile } from '../syntax/ast.ts';
import { parse, type ParseResult } from '../syntax/parse.ts';

interface Piece {
  text: string;
  offset: number;
  /** 1-based line of the piece's first character. */
  line: number;
}

/** Below this many pieces the whole text is parsed at once. */
const MIN_PIECES = 16;

/** Cut a text into top-level declarations (see the module comment); one linear scan. */
export function topLevelPieces(text: string): Piece[] {
  const starts: { offset: number; line: number }[] = [];
  let depth = 0;
  let inString: '"' | '“' | null = null;
  let line = 1;
  let atLineStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (atLineStart && !inString && depth === 0 && c !== ' ' && c !== '\t' && c !== '\r' && c !== '\n' && c !== '}' && c !== '｝' && c !== '\u3000') {
      if (c !== '#' && !(c === '/' && text[i + 1] === '/')) starts.push({ offset: i, line });
    }
    atLineStart = false;
    if (c === '\n') {
      line++;
      atLineStart = true;
      continue;
    }
    if (inString) {
      if (inString === '"' && c === '\\') i++;
      else if ((inString === '"' && c === '"') || (inString === '“' && c === '”')) inString = null;
      continue;
    }
    if (c === '"' || c === '“') inString = c;
    else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      const end = text.indexOf('\n', i);
      if (end < 0) break;
      i = end - 1;
    } else if (c === '{' || c === '｛') depth++;
    else if (c === '}' || c === '｝') depth = Math.max(0, depth - 1);
  }
  if (starts.length === 0 || starts[0]!.offset > 0) starts.unshift({ offset: 0, line: 1 });
  return starts.map((s, k) => ({ text: text.slice(s.offset, starts[k + 1]?.offset ?? text.length), offset: s.offset, line: s.line }));
}

function isSpan(v: Record<string, unknown>): boolean {
  return typeof v.offset === 'number' && typeof v.endOffset === 'number' && typeof v.line === 'number' && typeof v.endLine === 'number';
}

/** Every distinct span object inside `value` (an object shared by two nodes is listed once, so it moves once). */
function spansIn(value: unknown): Span[] {
  const seen = new Set<object>();
  const spans: Span[] = [];
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
      continue;
    }
    const o = v as Record<string, unknown>;
    if (isSpan(o)) spans.push(o as unknown as Span);
    else for (const k in o) stack.push(o[k]);
  }
  return spans;
}

/** One parsed piece, with where its spans currently point. */
export interface Entry {
  text: string;
  result: ParseResult;
  /** The spans of its AST and diagnostics, moved in place when the piece moves. */
  spans: Span[];
  offset: number;
  line: number;
}

/**
 * An incremental parser for one document: `parse(text, file)` with the pieces of earlier versions kept.
 *
 * The pieces' ASTs are not copied: the file's AST is made of them, and when an edit moves a piece its spans
 * are moved in place (pieces start at a line's start, so columns stay). An AST this parser returned is
 * therefore valid until its next call that succeeds piecewise; a whole parse (a syntax error, a small file)
 * returns a fresh AST and moves nothing.
 */
export class IncrementalParser {
  /** The parsed pieces by text; a list, as the same text may stand in the file more than once. */
  private pieces = new Map<string, Entry[]>();
  /** How many pieces the last call parsed afresh (for tests and the bench). */
  lastParsed = 0;
  /** The pieces of the last call's AST, in file order, when it was joined from pieces (what the incremental checker reuses). */
  last?: { ast: PolFile; entries: readonly Entry[] };

  /** `minPieces`: below this many pieces the whole text is parsed at once (tests lower it to work piecewise on small files). */
  constructor(private readonly minPieces = MIN_PIECES) {}

  parse = (text: string, file: string): ParseResult => {
    this.last = undefined;
    const pieces = declaredCountUnits(text).length > 0 ? [] : topLevelPieces(text);
    if (pieces.length < this.minPieces) {
      this.pieces.clear();
      this.lastParsed = 1;
      return parse(text, file);
    }
    const kept = new Map<string, Entry[]>();
    const entries: Entry[] = [];
    this.lastParsed = 0;
    let broken = false;
    for (const p of pieces) {
      let entry = this.pieces.get(p.text)?.shift();
      if (!entry) {
        const result = parse(p.text, file);
        this.lastParsed++;
        entry = { text: p.text, result, spans: result.ast ? spansIn([result.ast, result.diagnostics]) : [], offset: 0, line: 1 };
      }
      const same = kept.get(p.text);
      if (same) same.push(entry);
      else kept.set(p.text, [entry]);
      entries.push(entry);
      if (!entry.result.ast) {
        broken = true;
        break;
      }
    }
    if (broken) {
      // a syntax error: the whole text, as pol check reads it (recovery and all); the pieces not reached stay kept
      for (const [t, rest] of this.pieces) if (rest.length > 0) kept.set(t, [...(kept.get(t) ?? []), ...rest]);
      this.pieces = kept;
      return parse(text, file);
    }
    this.pieces = kept;
    const decls: PolFile['decls'] = [];
    const comments: PolFile['comments'] = [];
    const diagnostics: ParseResult['diagnostics'] = [];
    for (const [k, p] of pieces.entries()) {
      const entry = entries[k]!;
      const dOffset = p.offset - entry.offset;
      const dLine = p.line - entry.line;
      if (dOffset !== 0 || dLine !== 0) {
        for (const s of entry.spans) {
          s.offset += dOffset;
          s.endOffset += dOffset;
          s.line += dLine;
          s.endLine += dLine;
        }
        entry.offset = p.offset;
        entry.line = p.line;
      }
      const ast = entry.result.ast!;
      for (const d of ast.decls) decls.push(d);
      for (const c of ast.comments) comments.push(c);
      for (const d of entry.result.diagnostics) diagnostics.push(d);
    }
    const last = pieces[pieces.length - 1]!;
    let lines = last.line;
    for (let i = last.text.indexOf('\n'); i >= 0; i = last.text.indexOf('\n', i + 1)) lines++;
    const ast: PolFile = { kind: 'file', file, decls, comments, span: { line: 1, col: 1, endLine: lines, endCol: 1, offset: 0, endOffset: text.length } };
    this.last = { ast, entries };
    return { ast, diagnostics };
  };
}
