import { catalog, formatMessage, type Code, type Lang, type MessageArg, type Severity } from './catalog.ts';
import type { Span } from './span.ts';

/** A diagnostic is a value: a stable code, where, how bad, and the arguments of its message. */
export interface Diagnostic {
  code: Code;
  severity: Severity;
  file: string;
  span: Span;
  args: MessageArg[];
}

export function diag(code: Code, file: string, span: Span, ...args: MessageArg[]): Diagnostic {
  return { code, severity: catalog[code].severity, file, span, args };
}

export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === 'error');
}

export function messageOf(d: Diagnostic, lang: Lang = 'zh'): string {
  return formatMessage(d.code, d.args, lang);
}

/** The contract's JSON shape of one diagnostic (1-based lines and columns). */
export interface DiagnosticJson {
  file: string;
  line: number;
  col: number;
  endLine: number;
  endCol: number;
  severity: Severity;
  code: Code;
  message: string;
}

export function toJson(d: Diagnostic, lang: Lang = 'zh'): DiagnosticJson {
  return {
    file: d.file,
    line: d.span.line,
    col: d.span.col,
    endLine: d.span.endLine,
    endCol: d.span.endCol,
    severity: d.severity,
    code: d.code,
    message: messageOf(d, lang),
  };
}

export function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return ds.sort((a, b) => a.file.localeCompare(b.file) || a.span.offset - b.span.offset || a.code.localeCompare(b.code));
}
