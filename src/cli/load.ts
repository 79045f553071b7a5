/** Compiling a .pol named on the command line: diagnostics printed, exit 2 on errors. */
import type { Lang } from '../diagnostics/catalog.ts';
import { hasErrors } from '../diagnostics/diagnostic.ts';
import type { Graph } from '../ir/schema.ts';
import { compile, type CompileOptions, type CompileResult } from '../pipeline.ts';
import { EXIT, printDiagnostics, readText, userError } from './io.ts';

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
    throw userError('POL3055', [file, { zh: '未能编译', en: 'not compiled' }], EXIT.source, lang);
  }
  return { graph: result.graph, source };
}

/** A policy named on the command line: a .pol compiled here, or an exported rule graph (.json), validated. */
export async function loadPolicyOrGraph(file: string, lang: Lang): Promise<Graph> {
  if (file.endsWith('.json')) return loadGraphFile(file, lang);
  return loadGraph(file, lang, { quiet: true }).graph;
}

/**
 * An exported rule graph (`pol export --format graph`, `pol compile`) read back and validated
 * against pol-graph/1; a bad file stops with a message naming what is wrong, exit 2.
 */
export async function loadGraphFile(path: string, lang: Lang = 'zh'): Promise<Graph> {
  const text = readText(path, { zh: '规则图文件', en: 'graph file' }, lang, EXIT.source);
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw userError('POL7003', [path, lang === 'zh' ? `不是有效的 JSON（${(e as Error).message}）` : `not valid JSON (${(e as Error).message})`], EXIT.source, lang);
  }
  const { validateGraph } = await import('../ir/validate.ts');
  const v = validateGraph(raw);
  if (!v.ok) {
    const shown = v.problems.slice(0, 8);
    const more = v.problems.length > shown.length ? (lang === 'zh' ? `\n  ……另有 ${v.problems.length - shown.length} 处` : `\n  … ${v.problems.length - shown.length} more`) : '';
    throw userError('POL7003', [path, `\n  ${shown.join('\n  ')}${more}`], EXIT.source, lang);
  }
  return v.graph;
}
