/**
 * JSON Logic agrees with evaluate on the new constructs that export (#12): 取整, 个百分点, 0.01元/美元,
 * 选项 and 按 X {…}, 申报日期, 日期 + 期限, 已获次数; the policy's own 汇率 and 取整至 after the caps;
 * item lists: 合计 / 笔数 filtered per item by date windows, comparisons, options and 付款方 = 申报人 (the
 * applicant's id as written — lower case, full-width, spaces — its name, or another), with conditions that
 * read the item only and ones that read the rest of the application (another fact, the application's date,
 * an exchange rate: carried into the reduce), a sum of counts, 申报人 outside a list, lists empty, missing,
 * of a few and of up to 40 items — 2,000 applications per benefit, both engines, to the fen.
 */
import { describe, expect, it } from 'vitest';
import { agreeOn, compileFile, crossCheck, exported, itemEdgeApplications } from './support.ts';

describe.each([
  ['test/cases/reach/good/exportable.pol', 1200],
  ['test/cases/reach/good/policy-figures.pol', 1300],
  ['test/cases/reach/good/items.pol', 1400],
  ['test/export/fixtures/items-outer.pol', 1500],
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

describe('JSON Logic of items.pol at the edges of 申报人 and the date window', () => {
  const graph = compileFile('test/cases/reach/good/items.pol');
  const rules = exported(graph);
  it('both engines give evaluate’s ceiling, to the fen, on every hand-made application', () => {
    const apps = itemEdgeApplications();
    const eligible = apps.filter((app) => agreeOn(graph, rules, app, '推广费用补助').eligible).length;
    expect(eligible).toBeGreaterThan(apps.length / 4);
    expect(eligible).toBeLessThan(apps.length);
  });
});
