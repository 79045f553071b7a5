/** Validation of a rule graph against the pol-graph/1 zod schema (loads zod; the compiler itself does not). */
import { GraphSchema, type Graph } from './schema.ts';

export type GraphCheck = { ok: true; graph: Graph } | { ok: false; problems: string[] };

export function validateGraph(value: unknown): GraphCheck {
  const r = GraphSchema.safeParse(value);
  if (r.success) return { ok: true, graph: r.data };
  return { ok: false, problems: r.error.issues.map((i) => `${i.path.join('.') || '(根)'}: ${i.message}`) };
}
