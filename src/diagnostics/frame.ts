import type { Diagnostic } from './diagnostic.ts';
import { codedMessage, type Lang } from './catalog.ts';
import { displayWidth as width } from '../values/width.ts';

/**
 * `path:line:col: error POLnnnn: message` and a code frame with the span underlined,
 * in the manner of TypeScript's and rustc's reports.
 */
export function renderDiagnostic(d: Diagnostic, source: string | undefined, lang: Lang = 'zh'): string {
  const head = `${d.file}:${d.span.line}:${d.span.col}: ${d.severity} ${codedMessage(d.code, d.args, lang)}`;
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
