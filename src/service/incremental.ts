/**
 * The editor's parser: the same result as `parse`, but an edit costs only the declarations it touched.
 *
 * Parsing is most of the cost of checking a large policy (on a 2,000-measure policy ~85%: lexing and the
 * CST), and a drafter's edit touches one declaration. The text is cut into top-level declarations — at the
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

/** A copy of `value` with every span moved by `dOffset` characters and `dLine` lines (pieces start at a line's start, so columns stay). */
function shifted<T>(value: T, dOffset: number, dLine: number): T {
  if (dOffset === 0 && dLine === 0) return value;
  const copy = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(copy);
    if (typeof v !== 'object' || v === null) return v;
    const o = v as Record<string, unknown>;
    if (isSpan(o)) {
      const s = o as unknown as Span;
      return { ...s, line: s.line + dLine, endLine: s.endLine + dLine, offset: s.offset + dOffset, endOffset: s.endOffset + dOffset };
    }
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o)) out[k] = copy(o[k]);
    return out;
  };
  return copy(value) as T;
}

/** An incremental parser for one document: `parse(text, file)` with the pieces of earlier versions kept. */
export class IncrementalParser {
  private pieces = new Map<string, ParseResult>();
  /** How many pieces the last call parsed afresh (for tests and the bench). */
  lastParsed = 0;

  parse = (text: string, file: string): ParseResult => {
    const pieces = declaredCountUnits(text).length > 0 ? [] : topLevelPieces(text);
    if (pieces.length < MIN_PIECES) {
      this.pieces.clear();
      this.lastParsed = 1;
      return parse(text, file);
    }
    const kept = new Map<string, ParseResult>();
    const decls: PolFile['decls'] = [];
    const comments: PolFile['comments'] = [];
    const diagnostics: ParseResult['diagnostics'] = [];
    this.lastParsed = 0;
    for (const p of pieces) {
      let r = kept.get(p.text) ?? this.pieces.get(p.text);
      if (!r) {
        r = parse(p.text, file);
        this.lastParsed++;
      }
      kept.set(p.text, r);
      if (!r.ast) {
        // a syntax error: the whole text, as pol check reads it (recovery and all)
        this.pieces = kept;
        return parse(text, file);
      }
      const moved = shifted({ decls: r.ast.decls, comments: r.ast.comments, diagnostics: r.diagnostics }, p.offset, p.line - 1);
      decls.push(...moved.decls);
      comments.push(...moved.comments);
      diagnostics.push(...moved.diagnostics);
    }
    this.pieces = kept;
    const lines = text.split('\n').length;
    const ast: PolFile = { kind: 'file', file, decls, comments, span: { line: 1, col: 1, endLine: lines, endCol: 1, offset: 0, endOffset: text.length } };
    return { ast, diagnostics };
  };
}
