/** The validity window the exports fix in their rules, or POL7002 for a draft without --issued. */
import { diag, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { validityWindow, type ValidityWindow } from '../eval/evaluate.ts';
import type { Graph } from '../ir/schema.ts';

export function exportWindow(graph: Graph, issued?: string): { window?: ValidityWindow; diagnostic?: Diagnostic } {
  const { window, error } = validityWindow(graph, issued);
  if (!error) return { ...(window ? { window } : {}) };
  const v = graph.policy.validity;
  const words = v && v.kind === 'fromIssuance' ? `${v.amount}${{ year: '年', month: '个月', day: '日', workday: '个工作日' }[v.unit]}` : '';
  return { diagnostic: diag('POL7002', graph.source.file, v?.span ?? graph.policy.span, graph.policy.id, words) };
}
