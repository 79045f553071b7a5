/**
 * A rule graph from a newer pol (a node kind, a literal or a policy-wide rule the exporters do not know)
 * is refused by every generator with POL7005 at the node's span — never exported as wrong rules or code.
 */
import { describe, expect, it } from 'vitest';
import type { Graph } from '../../src/ir/schema.ts';
import { toCode, toJsonLogic } from '../../src/export/index.ts';
import { compileFile, ISSUED } from './support.ts';

const seed = compileFile('dsl/guangzhou-cbec.pol');
const clone = (): Graph => JSON.parse(JSON.stringify(seed)) as Graph;
const exports = (g: Graph) => [toJsonLogic(g, { issued: ISSUED }), toCode(g, 'python', { issued: ISSUED }), toCode(g, 'java', { issued: ISSUED })];

describe('what the exporters do not know yet', () => {
  it('an unknown node kind: POL7005 at its line, from JSON Logic, Python and Java alike', () => {
    const g = clone();
    const n = g.nodes.find((x) => x.kind === 'expr' && x.op === 'mul')!;
    (n as { op: string }).op = 'frobnicate';
    for (const r of exports(g)) {
      expect(r.value).toBeUndefined();
      expect(r.diagnostics.map((d) => [d.code, d.span.line])).toContainEqual(['POL7005', n.span.line]);
    }
  });

  it('an unknown literal type: POL7005', () => {
    const g = clone();
    const n = g.nodes.find((x) => x.kind === 'expr' && x.op === 'literal' && x.value?.type === 'money')!;
    (n as { value: unknown }).value = { type: 'interval', from: 1, to: 2 };
    for (const r of exports(g)) expect(r.diagnostics.map((d) => d.code)).toContain('POL7005');
  });

  it('an unknown policy-wide rule (e.g. 补足差额): POL7005, never ignored', () => {
    const g = clone();
    (g.rules as Record<string, unknown>).topUp = { levels: ['national'], span: g.policy.span };
    for (const r of exports(g)) {
      expect(r.value).toBeUndefined();
      expect(r.diagnostics[0]).toMatchObject({ code: 'POL7005' });
    }
  });
});
