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

/**
 * Lines and columns of offsets in one text, as Chevrotain's full position tracking counts them (a line ends at
 * \n, \r\n or \r; 1-based). Built once per text; a lookup near the one before it (as a parser's are) is constant
 * time, any other a binary search. An offset that is not a number (a token the parser's recovery invented) has none.
 */
export class LineIndex {
  /** Offsets where lines start. */
  private readonly starts: number[] = [0];
  private at = 0;

  constructor(text: string) {
    const starts = this.starts;
    if (text.indexOf('\r') < 0) {
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
    }
  }

  /** The 0-based index of the line holding `offset`. */
  private index(offset: number): number {
    const s = this.starts;
    let i = this.at;
    if (offset >= s[i]!) {
      // forward, a few lines at most, then by halves
      let steps = 0;
      while (i + 1 < s.length && s[i + 1]! <= offset) {
        if (++steps > 8) return (this.at = this.search(offset, i + 1, s.length - 1));
        i++;
      }
      return (this.at = i);
    }
    return (this.at = this.search(offset, 0, i - 1));
  }

  /** The last line in [lo, hi] starting at or before `offset` (starts[lo] <= offset is known or lo is 0). */
  private search(offset: number, lo: number, hi: number): number {
    const s = this.starts;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The span of the characters from `offset` to `last` (inclusive). */
  span(offset: number, last: number): Span {
    if (!(offset >= 0 && last >= 0)) return { line: Number.NaN, col: Number.NaN, endLine: Number.NaN, endCol: Number.NaN, offset, endOffset: last + 1 };
    const l = this.index(offset);
    const col = offset - this.starts[l]! + 1;
    const e = this.index(last);
    return { line: l + 1, col, endLine: e + 1, endCol: last - this.starts[e]! + 1, offset, endOffset: last + 1 };
  }
}
