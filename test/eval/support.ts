/** Shared by the evaluation tests: the seed graph, small inline policies, applications. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '../../src/pipeline.ts';
import { validateGraph } from '../../src/ir/validate.ts';
import { validateApplication, type Application } from '../../src/index.ts';
import type { Graph } from '../../src/ir/schema.ts';
import { ROOT } from '../support/cli.ts';

export function policy(source: string): Graph {
  const r = compile(source, 'inline.pol', { validate: validateGraph });
  if (!r.graph) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.col} ${JSON.stringify(d.args)}`).join('\n'));
  return r.graph;
}

export const seed = policy(readFileSync(join(ROOT, 'dsl/guangzhou-cbec.pol'), 'utf8'));

/** A one-benefit policy (benefit `b`, kind enterprise, list `l`) in English keywords around `body`. */
export function mini(body: string, extra = ''): Graph {
  return policy(`
policy t "测试政策" {
  status: official
  issued: 2024-01-01
  valid: 2024-01-01 to 2030-12-31
}
unit u "某局"
kind enterprise "企业" = enterprise
list l "某名单"
${extra}
measure 1 "措施一" {
  text: "措施一的原文。"
  lead: u
  award b "测试奖励" {
    for: enterprise
    ${body}
  }
}
`);
}

/** A validated application to `g` dated 2025-03-01 from enterprise A1. */
export function app(g: Graph, facts: Record<string, unknown>, more: Record<string, unknown> = {}): Application {
  const raw = { date: '2025-03-01', applicant: { id: 'A1', name: '某公司', kind: 'enterprise' }, facts, ...more };
  const v = validateApplication(g, raw);
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return v.application;
}
