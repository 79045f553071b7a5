/**
 * Generated source code of a policy (`pol export --format python|java`): the rule graph as calls of a
 * small runtime (src/export/code/calls.ts), written out with each language's prelude. A node kind the
 * calls do not cover is a POL7005 diagnostic at its span, and nothing is written.
 */
import { diag, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { exportWindow, nodeText, unknownRules } from './window.ts';
import type { Graph } from '../ir/schema.ts';
import { codeModel } from './code/calls.ts';
import { toJava } from './code/java.ts';
import { toPython } from './code/python.ts';

export { javaClassName } from './code/java.ts';

export type CodeLanguage = 'python' | 'java';

/** The source of one module for `language`, or the diagnostics that prevent it. */
export function toCode(graph: Graph, language: CodeLanguage, opts: { issued?: string } = {}): { value?: string; diagnostics: Diagnostic[] } {
  const file = graph.source.file;
  const { window, diagnostic } = exportWindow(graph, opts.issued);
  if (diagnostic) return { diagnostics: [diagnostic] };
  const rules = unknownRules(graph, language);
  if (rules.length > 0) return { diagnostics: rules };
  const { model, unsupported } = codeModel(graph, window);
  if (!model) return { diagnostics: unsupported.map((u) => diag('POL7005', file, u.node.span, language, u.what, nodeText(u.node))) };
  return { value: language === 'python' ? toPython(model) : toJava(model), diagnostics: [] };
}
