/** A source range: 1-based lines and columns (end inclusive of the last character), 0-based offsets (end exclusive). */
export interface Span {
  line: number;
  col: number;
  endLine: number;
  endCol: number;
  offset: number;
  endOffset: number;
}

/** The span from the start of `a` to the end of `b`. */
export function joinSpans(a: Span, b: Span): Span {
  return {
    line: a.line,
    col: a.col,
    offset: a.offset,
    endLine: b.endLine,
    endCol: b.endCol,
    endOffset: b.endOffset,
  };
}

/** A span covering the character range [offset, endOffset) of `text`. */
export function spanFromOffsets(text: string, offset: number, endOffset: number): Span {
  const at = (o: number) => {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < o && i < text.length; i++) {
      if (text.charCodeAt(i) === 10) {
        line++;
        lineStart = i + 1;
      }
    }
    return { line, col: o - lineStart + 1 };
  };
  const s = at(offset);
  const e = at(Math.max(offset, endOffset - 1));
  return { line: s.line, col: s.col, endLine: e.line, endCol: e.col, offset, endOffset: Math.max(offset, endOffset) };
}
