/**
 * One analysis of one .pol text: what `pol check` reports (the same compile, so the same codes, ranges and
 * messages), the AST when the text parsed, its symbol index and its keyword language. The editor features in
 * features.ts are plain functions over an Analysis and character offsets; the LSP server (src/lsp/) and the
 * desk's playground are thin adapters around them.
 */
import type { Lang } from '../diagnostics/catalog.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { compile } from '../pipeline.ts';
import type { PolFile } from '../syntax/ast.ts';
import { keywordLanguage } from '../syntax/keyword-language.ts';
import type { IncrementalChecker } from './check-incremental.ts';
import type { IncrementalParser } from './incremental.ts';
import { indexSymbols, type SymbolIndex } from './symbols.ts';

export interface Analysis {
  file: string;
  source: string;
  diagnostics: Diagnostic[];
  /** The keyword language the file is written in (what completion offers). */
  lang: Lang;
  ast?: PolFile;
  /** Built on first use: publishing diagnostics after an edit does not wait for it. */
  index?: SymbolIndex;
}

/**
 * Analyse a .pol text. Never throws for any input text (compile never does). An editor passes the
 * document's IncrementalParser (src/service/incremental.ts) and the IncrementalChecker over it
 * (src/service/check-incremental.ts): the same result, parsing and checking again only what changed.
 * The rule graph is not built (only its diagnostics are wanted; see `diagnosticsOnly` in src/pipeline.ts).
 */
export function analyze(source: string, file: string, parser?: IncrementalParser, checker?: IncrementalChecker): Analysis {
  const result = compile(source, file, { diagnosticsOnly: true, ...(parser ? { parse: parser.parse } : {}), ...(checker ? { check: checker.check } : {}) });
  // the keyword language, for completion and formatting only: found on first use, not on every edit; it shows in
  // the first pages, and lexing a whole large file for it would cost as much as parsing
  let lang: Lang | undefined;
  const langOf = () => (lang ??= keywordLanguage(source.length > 20_000 ? source.slice(0, source.indexOf('\n', 20_000) + 1 || source.length) : source));
  const analysis: Analysis = {
    file,
    source,
    diagnostics: result.diagnostics,
    get lang() {
      return langOf();
    },
  };
  const ast = result.ast;
  if (!ast) return analysis;
  let index: SymbolIndex | undefined;
  analysis.ast = ast;
  return Object.defineProperty(analysis, 'index', {
    enumerable: true,
    get() {
      index ??= indexSymbols(ast);
      return index;
    },
  });
}
