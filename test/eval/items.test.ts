/**
 * Item lists (清单, 合计, 笔数): the scenario file beside test/cases/reach/good/items.pol, the input's
 * validation naming the item and field, the fast path agreeing with the explained one, the trace's
 * per-item rows, and the exports that express them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/pipeline.ts';
import { parseScenarios, runScenario } from '../../src/eval/scenarios.ts';
import { validateApplication } from '../../src/eval/schema.ts';
import { evaluate } from '../../src/eval/evaluate.ts';
import { toJsonLogic } from '../../src/export/to-jsonlogic.ts';
import { toCode } from '../../src/export/to-code.ts';
import { resolveHeader, rowReader } from '../../src/io/columns.ts';
import { ROOT } from '../support/cli.ts';

const POL = join(ROOT, 'test/cases/reach/good/items.pol');
const graph = compile(readFileSync(POL, 'utf8'), POL).graph!;
const parsed = parseScenarios(readFileSync(POL.replace(/\.pol$/, '.scenarios.yaml'), 'utf8'), graph);

const applicant = { id: '91440101MA59TEXT0R', name: '广州某科技有限公司', kind: 'enterprise' };
const invoice = (开票日期: string, 发票金额: number, 付款方 = applicant.id, 类别 = '广告') => ({ 开票日期, 发票金额, 付款方, 类别 });

describe('item lists: scenarios', () => {
  it('parses', () => expect(parsed.errors).toEqual([]));
  for (const s of parsed.scenarios) {
    it(s.name, () => {
      const o = runScenario(graph, s);
      expect(o.failures, o.failures.join('\n')).toEqual([]);
    });
  }
});

describe('item lists: evaluation', () => {
  it('decides the same with and without explanations, on every scenario', () => {
    for (const s of parsed.scenarios) {
      const v = validateApplication(graph, s.application);
      if (!v.ok) continue;
      const slow = evaluate(graph, v.application).results.map((r) => [r.eligible, r.ceilingFen]);
      const fast = evaluate(graph, v.application, { explain: false }).results.map((r) => [r.eligible, r.ceilingFen]);
      expect(fast, s.name).toEqual(slow);
    }
  });

  it('traces each item: counted with its amount, or excluded with the condition it fails', () => {
    const app = { date: '2024-03-01', applicant, facts: { 推广发票: [invoice('2023-02-10', 100000), invoice('2022-12-30', 80000), invoice('2023-03-01', 1, '某公司')] } };
    const v = validateApplication(graph, app);
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    const trace = evaluate(graph, v.application).results[0]!.trace.filter((t) => t.op === 'item');
    expect(trace.map((t) => t.display)).toContain('计入：10万元');
    expect(trace.map((t) => t.display)).toContain('未计入：不符合“开票日期在2023年1月1日（含）以后”');
    expect(trace.map((t) => t.display)).toContain('未计入：不符合“付款方为申报人”');
    // the per-item nodes themselves are not in the trace (their values are per item)
    expect(evaluate(graph, v.application).results[0]!.trace.some((t) => t.op === 'itemField')).toBe(false);
  });

  it('names the item and the field of each bad value', () => {
    const bad = { date: '2024-03-01', applicant, facts: { 推广发票: [{ ...invoice('2023-02-30', 1.234), 类别: '餐饮' }, { 开票日期: '2023-01-01', 付款方: 'x', 类别: '广告' }] } };
    const v = validateApplication(graph, bad);
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.errors.map((e) => e.path)).toEqual(['facts.推广发票[0].开票日期', 'facts.推广发票[0].发票金额', 'facts.推广发票[0].类别', 'facts.推广发票[1].发票金额']);
    const notArray = validateApplication(graph, { date: '2024-03-01', applicant, facts: { 推广发票: 5 } });
    expect(notArray.ok ? [] : notArray.errors.map((e) => `${e.path}: ${e.message}`)).toEqual(['facts.推广发票: 应为数组，每项一个对象，含字段：开票日期、发票金额、付款方、类别']);
  });

  it('reads a CSV/XLSX cell as a JSON array, and says how when it is not one', () => {
    const header = resolveHeader(graph, ['统一社会信用代码', '申报主体类型', '申报日期', '推广发票（JSON数组：开票日期、发票金额、付款方、类别）']);
    const read = rowReader(graph, header.paths);
    const list = [invoice('2023-02-10', 100)];
    expect(read([applicant.id, 'enterprise', '2024-03-01', JSON.stringify(list)]).facts).toEqual({ 推广发票: list });
    expect(() => read([applicant.id, 'enterprise', '2024-03-01', '10万元'])).toThrow(/POL4113|JSON 数组/);
  });
});

describe('item lists: exports', () => {
  it('JSON Logic, Python and Java express them (test/export/crosscheck-items.test.ts and code.test.ts check them against evaluate)', () => {
    expect(toJsonLogic(graph).diagnostics).toEqual([]);
    expect(toCode(graph, 'python').diagnostics).toEqual([]);
    expect(toCode(graph, 'java').value).toContain('sumItems(');
  });
});
