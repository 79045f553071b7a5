import { messageOf, type Diagnostic } from './diagnostic.ts';
import type { Lang } from './catalog.ts';

/** East Asian wide characters take two terminal columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u.test(ch) ? 2 : 1;
  return w;
}

/**
 * `path:line:col: error POLnnnn: message` and a code frame with the span underlined,
 * in the manner of TypeScript's and rustc's reports.
 */
export function renderDiagnostic(d: Diagnostic, source: string | undefined, lang: Lang = 'zh'): string {
  const head = `${d.file}:${d.span.line}:${d.span.col}: ${d.severity} ${d.code}: ${messageOf(d, lang)}`;
  if (source === undefined) return head;
  const lines = source.split(/\r?\n/);
  const text = lines[d.span.line - 1];
  if (text === undefined) return head;
  const gutter = String(d.span.line).length;
  const pad = ' '.repeat(gutter);
  const startCol = d.span.col;
  const endCol = d.span.endLine === d.span.line ? Math.max(d.span.endCol, startCol) : text.length;
  const before = width(text.slice(0, startCol - 1));
  const under = Math.max(1, width(text.slice(startCol - 1, endCol)));
  return [head, `${pad} |`, `${d.span.line} | ${text}`, `${pad} | ${' '.repeat(before)}${'^'.repeat(under)}`].join('\n');
}
