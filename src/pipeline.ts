/**
 * The pipeline, one function per pass: parse → check → lower. Each pass returns values; diagnostics
 * accumulate, and a pass runs only when the one before it left something to work on.
 */
import { check, type Checked } from './check/check.ts';
import { diag, hasErrors, sortDiagnostics, type Diagnostic } from './diagnostics/diagnostic.ts';
import { lower, lowerMayReport } from './ir/lower.ts';
import type { Graph } from './ir/schema.ts';
import type { PolFile } from './syntax/ast.ts';
import { parse, type ParseResult } from './syntax/parse.ts';

export interface CompileResult {
  /** The rule graph; absent when the source has errors. */
  graph?: Graph;
  /** The AST, when the source parsed. */
  ast?: PolFile;
  diagnostics: Diagnostic[];
}

export interface CompileOptions {
  /**
   * The parser to use instead of `parse` — one that gives the same result, such as the editor's incremental
   * parser (src/service/incremental.ts), which parses again only the declarations an edit touched.
   */
  parse?: (source: string, file: string) => ParseResult;
  /**
   * A validator for the lowered graph, e.g. `validateGraph` from src/ir/validate.ts (which loads zod);
   * a failure is an internal error, POL3002. The compiler does not load zod itself, to start fast.
   */
  validate?: (graph: unknown) => { ok: true } | { ok: false; problems: string[] };
  /**
   * Only the diagnostics are wanted (the editor): the lowering runs only when it could report something
   * (`lowerMayReport`), and no graph is returned. The diagnostics are the same.
   */
  diagnosticsOnly?: boolean;
  /**
   * With `diagnosticsOnly`, the checker to use instead of `check`: one that gives the same diagnostics, such as
   * the editor's incremental one (src/service/check-incremental.ts), whose scope may hold only what they needed.
   */
  check?: (file: PolFile, source: string) => Checked;
}

/** Compile .pol source text into its rule graph. Never throws for any input text. */
export function compile(source: string, file: string, options: CompileOptions = {}): CompileResult {
  try {
    return compilePasses(source, file, options);
  } catch (e) {
    // The depth limits of src/syntax/limits.ts keep every pass's recursion shallow; should some other
    // shape still exhaust the stack, the drafter gets a coded error, not an internal one.
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      const span = { line: 1, col: 1, endLine: 1, endCol: 2, offset: 0, endOffset: Math.min(1, source.length) };
      return { diagnostics: [diag('POL1052', file, span, e.message)] };
    }
    throw e;
  }
}

function compilePasses(source: string, file: string, options: CompileOptions): CompileResult {
  const parsed = (options.parse ?? parse)(source, file);
  const diagnostics = [...parsed.diagnostics];
  if (!parsed.ast) return { diagnostics: sortDiagnostics([...diagnostics, ...recoveredChecks(parsed.recovered, source, diagnostics)]) };
  const checked = (options.diagnosticsOnly && options.check ? options.check : check)(parsed.ast, source);
  for (const d of checked.diagnostics) diagnostics.push(d);
  if (hasErrors(diagnostics)) return { ast: parsed.ast, diagnostics: sortDiagnostics(diagnostics) };
  if (options.diagnosticsOnly && !lowerMayReport(checked)) return { ast: parsed.ast, diagnostics: sortDiagnostics(diagnostics) };
  const lowered = lower(parsed.ast, source, checked);
  for (const d of lowered.diagnostics) diagnostics.push(d);
  if (hasErrors(diagnostics)) return { ast: parsed.ast, diagnostics: sortDiagnostics(diagnostics) };
  if (options.validate) {
    const v = options.validate(lowered.graph);
    if (!v.ok) {
      diagnostics.push(diag('POL3002', file, parsed.ast.span, v.problems.join('; ')));
      return { ast: parsed.ast, diagnostics: sortDiagnostics(diagnostics) };
    }
  }
  return { graph: lowered.graph, ast: parsed.ast, diagnostics: sortDiagnostics(diagnostics) };
}

/** Name and type errors the checker trusts in a recovered AST: each names what the drafter wrote. */
const TRUSTED_AFTER_SYNTAX_ERRORS = new Set([
  'POL2001', 'POL2002', 'POL2003', 'POL2007', 'POL2011', 'POL2019', 'POL2021', 'POL2026', 'POL2027', 'POL2028', 'POL2030', 'POL2034', 'POL2035',
]);

/**
 * Checking goes on after a syntax error: the checker runs on what the parser recovered, and its name
 * and type errors are reported for lines that have no syntax error (elsewhere the recovery may have
 * dropped or invented tokens, so nothing is said there).
 */
function recoveredChecks(ast: PolFile | undefined, source: string, syntax: Diagnostic[]): Diagnostic[] {
  if (!ast) return [];
  const bad = new Set(syntax.map((d) => d.span.line));
  try {
    return check(ast, source).diagnostics.filter(
      (d) =>
        TRUSTED_AFTER_SYNTAX_ERRORS.has(d.code) &&
        // tokens the recovery inserted have no place in the source
        d.span.line >= 1 &&
        d.span.col >= 1 &&
        d.span.offset >= 0 &&
        d.span.endOffset <= source.length &&
        d.span.offset <= d.span.endOffset &&
        !bad.has(d.span.line) &&
        !bad.has(d.span.endLine),
    );
  } catch {
    return [];
  }
}
