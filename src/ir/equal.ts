/**
 * Semantic equality of two rule graphs: the same rules, whatever the layout, keyword language or
 * synonyms of the source. Source positions, the file name and hash, the compiler version and how a
 * literal is stated (100万元 or 1000000元) are left aside; everything else must match, in order.
 * `pol diff` and the formatter's tests use it: a pure reformatting is "no rule changed".
 */
import type { Graph } from './schema.ts';

/** Keys that say where or how something was written, not what it means. */
const PRESENTATION = new Set(['span', 'scale']);

/** The graph as a plain value with only what carries meaning. */
export function meaning(g: Graph): unknown {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v === null || typeof v !== 'object') return v;
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (!PRESENTATION.has(k) && x !== undefined) o[k] = strip(x);
    return o;
  };
  const { source: _source, compiler: _compiler, ...rest } = g;
  return strip(rest);
}

/** Whether two graphs state the same rules. */
export function equalGraphs(a: Graph, b: Graph): boolean {
  return JSON.stringify(meaning(a)) === JSON.stringify(meaning(b));
}
