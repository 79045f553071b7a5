/** Shared by the export tests: the dsl policies compiled, and the JSON Logic cross-check. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import jsonLogic from 'json-logic-js';
import { compile } from '../../src/pipeline.ts';
import { validateGraph } from '../../src/ir/validate.ts';
import type { Graph } from '../../src/ir/schema.ts';
import { evaluate, validateApplication } from '../../src/eval/index.ts';
import { toJsonLogic, type JsonLogicExport } from '../../src/export/to-jsonlogic.ts';
import { ROOT } from '../support/cli.ts';
import { applications } from './generate.ts';

/** Issuance date given to drafts (the seed has none). */
export const ISSUED = '2024-01-01';

export function compileFile(file: string): Graph {
  const path = join(ROOT, file);
  const r = compile(readFileSync(path, 'utf8'), file, { validate: validateGraph });
  if (!r.graph) throw new Error(`${file}: ${r.diagnostics.map((d) => d.code).join(', ')}`);
  return r.graph;
}

export function policy(source: string, file = 'inline.pol'): Graph {
  const r = compile(source, file, { validate: validateGraph });
  if (!r.graph) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.col} ${JSON.stringify(d.args)}`).join('\n'));
  return r.graph;
}

/** Every .pol under dsl/. */
export const DSL = readdirSync(join(ROOT, 'dsl'))
  .filter((f) => f.endsWith('.pol'))
  .map((f) => `dsl/${f}`);

export function exported(graph: Graph, issued?: string): JsonLogicExport {
  const r = toJsonLogic(graph, { issued: graph.policy.issued ? undefined : (issued ?? ISSUED) });
  if (!r.value) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.col} ${JSON.stringify(d.args)}`).join('\n'));
  return r.value;
}

export interface Disagreement {
  app: unknown;
  benefit: string;
  evaluate: { eligible: boolean; ceilingFen: number };
  jsonLogic: { eligible: unknown; ceilingFen: unknown };
}

/**
 * Generate `count` applications aimed at `focus`, evaluate them with `evaluate` and with the JSON
 * Logic of every benefit, and list where they differ (at most `keep`).
 */
export function crossCheck(graph: Graph, rules: JsonLogicExport, focus: string, count: number, seed: number, keep = 5): { checked: number; eligible: number; differing: number; disagreements: Disagreement[] } {
  const issued = graph.policy.issued ? undefined : ISSUED;
  const next = applications(graph, seed, { issued, focus });
  const rule = rules.benefits[focus]!;
  const disagreements: Disagreement[] = [];
  let eligible = 0;
  let differing = 0;
  for (let i = 0; i < count; i++) {
    const raw = next();
    const v = validateApplication(graph, raw);
    if (!v.ok) throw new Error(`generated an invalid application: ${JSON.stringify(v.errors)} ${JSON.stringify(raw)}`);
    const r = evaluate(graph, v.application, { ...(issued ? { issued } : {}), explain: false }).results.find((x) => x.benefit === focus)!;
    const data = JSON.parse(JSON.stringify(raw)) as unknown;
    const e = jsonLogic.apply(rule.eligible as never, data);
    const c = jsonLogic.apply(rule.ceilingFen as never, data);
    if (r.eligible) eligible++;
    if (e !== r.eligible || c !== r.ceilingFen) {
      differing++;
      if (disagreements.length < keep) disagreements.push({ app: raw, benefit: focus, evaluate: { eligible: r.eligible, ceilingFen: r.ceilingFen }, jsonLogic: { eligible: e, ceilingFen: c } });
    }
  }
  return { checked: count, eligible, differing, disagreements };
}
