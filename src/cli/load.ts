/** Compiling a .pol named on the command line: diagnostics printed, exit 2 on errors. */
import type { Lang } from '../diagnostics/catalog.ts';
import { hasErrors } from '../diagnostics/diagnostic.ts';
import type { Graph } from '../ir/schema.ts';
import { compile, type CompileOptions, type CompileResult } from '../pipeline.ts';
import { EXIT, printDiagnostics, readText, UserError } from './io.ts';

export interface Loaded {
  file: string;
  source: string;
  result: CompileResult;
}

export function compileFile(file: string, lang: Lang, options: CompileOptions = {}): Loaded {
  const source = readText(file, { zh: '政策文件', en: 'policy file' }, lang);
  return { file, source, result: compile(source, file, options) };
}

/** Compile, print warnings and errors to stderr, and give the graph or stop with exit 2. */
export function loadGraph(file: string, lang: Lang, opts: { quiet?: boolean } = {}): { graph: Graph; source: string } {
  const { source, result } = compileFile(file, lang);
  if (!opts.quiet || hasErrors(result.diagnostics)) printDiagnostics(result.diagnostics, new Map([[file, source]]), lang);
  if (!result.graph) {
    throw new UserError(lang === 'zh' ? `${file} 有错误，未能编译` : `${file} has errors and was not compiled`, EXIT.source);
  }
  return { graph: result.graph, source };
}

/** A policy named on the command line: a .pol compiled here, or an exported rule graph (.json), validated. */
export async function loadPolicyOrGraph(file: string, lang: Lang): Promise<Graph> {
  if (file.endsWith('.json')) return (await import('./commands/export.ts')).loadGraphFile(file, lang);
  return loadGraph(file, lang, { quiet: true }).graph;
}
