/**
 * What every export of rules checks first: the validity window they fix (POL7002 for a draft without
 * --issued), and that the graph states no policy-wide rule the exports do not know (POL7005).
 */
import { diag, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { validityWindow, type ValidityWindow } from '../eval/evaluate.ts';
import type { Graph } from '../ir/schema.ts';
import { formatDuration } from '../values/duration.ts';

export function exportWindow(graph: Graph, issued?: string): { window?: ValidityWindow; diagnostic?: Diagnostic } {
  const { window, error } = validityWindow(graph, issued);
  if (!error) return { ...(window ? { window } : {}) };
  const v = graph.policy.validity;
  const words = v && v.kind === 'fromIssuance' ? formatDuration(v.amount, v.unit) : '';
  return { diagnostic: diag('POL7002', graph.source.file, v?.span ?? graph.policy.span, graph.policy.id, words) };
}

/** The policy-wide rules (graph.rules) the exports implement; any other one is refused, never ignored. */
const KNOWN_RULES = new Set(['noDoubleFunding', 'highestOnly']);

export function unknownRules(graph: Graph, format: string): Diagnostic[] {
  return Object.entries(graph.rules as Record<string, { span?: Diagnostic['span'] } | undefined>)
    .filter(([k, v]) => v !== undefined && !KNOWN_RULES.has(k))
    .map(([k, v]) => diag('POL7005', graph.source.file, v?.span ?? graph.policy.span, format, `政策规则“${k}”`, k));
}

/** How a node is named in a diagnostic: its source text where the graph keeps it, else its id. */
export function nodeText(n: object & { id: string }): string {
  const t = (n as { text?: unknown }).text;
  return typeof t === 'string' ? t : n.id;
}
