/**
 * JSON Logic agrees with evaluate on the new constructs that export (#12): 取整, 个百分点, 0.01元/美元,
 * 选项 and 按 X {…}, 申报日期, 日期 + 期限, 已获次数; the policy's own 汇率 and 取整至 after the caps —
 * 2,000 applications per benefit.
 */
import { describe, expect, it } from 'vitest';
import { compileFile, crossCheck, exported } from './support.ts';

describe.each([
  ['test/cases/reach/good/exportable.pol', 1200],
  ['test/cases/reach/good/policy-figures.pol', 1300],
] as const)('JSON Logic agrees with evaluate on %s', (file, seed) => {
  const graph = compileFile(file);
  const rules = exported(graph);
  for (const [i, b] of graph.benefits.entries()) {
    it(`${b.id}: eligibility and ceiling identical`, () => {
      const r = crossCheck(graph, rules, b.id, 2000, seed + i);
      if (r.differing > 0) console.error(JSON.stringify(r.disagreements, null, 1));
      expect(r.differing).toBe(0);
      expect(r.eligible).toBeGreaterThan(20);
    });
  }
});
