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
import type { IncrementalParser } from './incremental.ts';
import { indexSymbols, type SymbolIndex } from './symbols.ts';

export interface Analysis {
  file: string;
  source: string;
  diagnostics: Diagnostic[];
  /** The keyword language the file is written in (what completion offers). */
  lang: Lang;
  ast?: PolFile;
  index?: SymbolIndex;
}

/**
 * Analyse a .pol text. Never throws for any input text (compile never does). An editor passes the
 * document's IncrementalParser (src/service/incremental.ts): the same result, re-parsing only what changed.
 */
export function analyze(source: string, file: string, parser?: IncrementalParser): Analysis {
  const result = compile(source, file, parser ? { parse: parser.parse } : {});
  // the keyword language shows in the first pages; lexing a whole large file for it would cost as much as parsing
  const lang = keywordLanguage(source.length > 20_000 ? source.slice(0, source.indexOf('\n', 20_000) + 1 || source.length) : source);
  if (!result.ast) return { file, source, diagnostics: result.diagnostics, lang };
  return { file, source, diagnostics: result.diagnostics, lang, ast: result.ast, index: indexSymbols(result.ast) };
}
