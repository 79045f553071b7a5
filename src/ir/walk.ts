/** Walking the rule graph's executable nodes. */
import type { GraphNode } from './schema.ts';

/** The executable nodes reachable from `roots` through `args` (the roots included). */
export function reachable(roots: readonly string[], byId: ReadonlyMap<string, GraphNode>): Set<string> {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const n = byId.get(id);
    if (n && (n.kind === 'expr' || n.kind === 'define')) stack.push(...n.args);
  }
  return seen;
}
