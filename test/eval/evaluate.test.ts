/** evaluate(graph, app): the contract of DESIGN §4–§5 on the seed, and each expression op on small policies. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate, validateApplication, validityWindow, type Application } from '../../src/index.ts';
import type { Graph } from '../../src/ir/schema.ts';
import { ROOT } from '../support/cli.ts';
import { app as appOf, mini, seed } from './support.ts';

let current: Graph = seed;
const on = (g: Graph) => (current = g);
const app = (facts: Record<string, unknown>, more: Record<string, unknown> = {}): Application => appOf(current, facts, more);

function only(g: Graph, a: Application, opts = {}) {
  const out = evaluate(g, a, opts);
  expect(out.results).toHaveLength(1);
  return out.results[0]!;
}

describe('the seed (DESIGN §5 example)', () => {
  const example = JSON.parse(readFileSync(join(ROOT, 'examples/applications/brand-promotion.json'), 'utf8'));

  it('gives the output shape and figures of the contract', () => {
    const v = validateApplication(seed, example);
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    const out = evaluate(seed, v.application, { issued: '2024-01-01' });
    expect(Object.keys(out)).toEqual(['policy', 'date', 'results', 'diagnostics']);
    expect(out.policy).toBe('gz-cbec-2023');
    expect(out.date).toBe('2025-03-01');
    expect(out.diagnostics).toEqual([]);
    expect(out.results.map((r) => r.benefit)).toEqual(['麒麟企业奖励', '鲲鹏园区奖励', '品牌推广扶持', '仓储租金补助']);
    const brand = out.results[2]!;
    expect(Object.keys(brand)).toEqual(['benefit', 'measure', 'eligible', 'ceilingFen', 'reasons', 'trace']);
    expect(brand).toMatchObject({ benefit: '品牌推广扶持', measure: '3', eligible: true, ceilingFen: 40000000 });
    expect(brand.reasons[0]).toMatch(/^依据第三条“.*”：推广费用300万元的50%为150万元；每企业每年不超过100万元，本年度已获60万元，尚余40万元；/);
    const rent = out.results[3]!;
    expect(rent).toMatchObject({ benefit: '仓储租金补助', measure: '4', eligible: false, ceilingFen: 0 });
    expect(rent.reasons[0]).toContain('依据第四条');
  });

  it('traces every node a benefit reads, with its value', () => {
    const v = validateApplication(seed, example);
    if (!v.ok) throw new Error();
    const brand = evaluate(seed, v.application, { issued: '2024-01-01' }).results[2]!;
    const byNode = Object.fromEntries(brand.trace.map((t) => [t.node, t]));
    expect(byNode['input:推广费用']).toMatchObject({ op: 'input', value: 300000000, display: '300万元' });
    expect(byNode['expr:品牌推广扶持/base']).toMatchObject({ op: 'mul', value: 150000000, args: ['input:推广费用', 'expr:品牌推广扶持/base.1'] });
    expect(byNode['expr:品牌推广扶持/condition1']).toMatchObject({ op: 'member', value: true });
    expect(byNode['cap:品牌推广扶持/1']).toMatchObject({ op: 'capRemaining', value: 40000000 });
    expect(byNode['benefit:品牌推广扶持']).toMatchObject({ op: 'ceiling', value: 40000000 });
  });

  it('is a pure function: the same input gives the same output, the input is not changed', () => {
    const before = JSON.stringify(example);
    const a = evaluate(seed, example, { issued: '2024-01-01' });
    const b = evaluate(seed, example, { issued: '2024-01-01' });
    expect(a).toEqual(b);
    expect(JSON.stringify(example)).toBe(before);
  });

  it('without explanation gives the same decisions, with no reasons or trace', () => {
    const full = evaluate(seed, example, { issued: '2024-01-01' });
    const fast = evaluate(seed, example, { issued: '2024-01-01', explain: false });
    expect(fast.results.map((r) => [r.eligible, r.ceilingFen])).toEqual(full.results.map((r) => [r.eligible, r.ceilingFen]));
    expect(fast.results.every((r) => r.reasons.length === 0 && r.trace.length === 0)).toBe(true);
  });

  it('a draft without an issuance date is an error naming --issued', () => {
    const out = evaluate(seed, example);
    expect(out.results).toEqual([]);
    expect(out.diagnostics[0]).toMatchObject({ code: 'POL4002', severity: 'error' });
    expect(out.diagnostics[0]!.message).toContain('--issued YYYY-MM-DD');
  });

  it('validity runs through the day before the N-th anniversary', () => {
    expect(validityWindow(seed, '2024-01-01').window).toMatchObject({ from: '2024-01-01', to: '2026-12-31' });
    expect(validityWindow(seed, '2024-02-29').window).toMatchObject({ from: '2024-02-29', to: '2027-02-27' });
    expect(validityWindow(seed).error).toContain('--issued');
  });

  it('names undeclared facts and lists in warnings', () => {
    const out = evaluate(seed, { ...example, facts: { 推广费: 1 }, lists: { 品牌出海: { member: true } } }, { issued: '2024-01-01' });
    expect(out.diagnostics.map((d) => [d.code, d.path])).toEqual([
      ['POL4101', 'facts.推广费'],
      ['POL4102', 'lists.品牌出海'],
    ]);
    expect(out.diagnostics[0]!.message).toContain('推广费用');
  });

  it('ledger records of the applicant count like history', () => {
    const a = { ...example, history: [] };
    const r = evaluate(seed, a, { issued: '2024-01-01', ledger: [{ benefit: '品牌推广扶持', date: '2025-02-02', grantedFen: 70000000, applicantId: a.applicant.id }] });
    expect(r.results[2]!.ceilingFen).toBe(30000000);
  });
});

describe('expression ops on small policies', () => {
  it('money × percent rounds down to the fen, exactly, beyond 2^53 too', () => {
    const g = on(mini('input x: money "金额"\n amount: x * 33.33%'));
    expect(only(g, app({ x: 0.03 })).ceilingFen).toBe(0); // 0.9999 fen
    expect(only(g, app({ x: 100 })).ceilingFen).toBe(3333);
    // 9e13 fen × 3333 > 2^53: computed with bigint
    expect(only(g, app({ x: 900000000000 })).ceilingFen).toBe(29997000000000);
  });

  it('percent facts are a number of percent', () => {
    const g = on(mini('input x: money "金额"\n input r: percent "比例"\n amount: x * r'));
    expect(only(g, app({ x: 1000, r: 12.5 })).ceilingFen).toBe(12500);
    expect(only(g, app({ x: 0.07, r: 33.3 })).ceilingFen).toBe(2); // 2.331 fen
  });

  it('division of money by a number rounds down; by zero is unknown', () => {
    const g = on(mini('input x: money "金额"\n amount: x / 3'));
    expect(only(g, app({ x: 1 })).ceilingFen).toBe(33);
    expect(only(g, app({ x: 0.02 })).eligible).toBe(false);
    const z = on(mini('input x: money "金额"\n amount: x / 0'));
    const r = only(z, app({ x: 1 }));
    expect(r.eligible).toBe(false);
    expect(r.reasons.join()).toContain('除数为0');
  });

  it('and, or, not with unknowns: false wins over unknown in and, true in or', () => {
    const g = on(mini('input p: bool "甲"\n input q: bool "乙"\n when: (p or q) and not q\n amount: max 1万元'));
    expect(only(g, app({ p: true, q: false })).eligible).toBe(true);
    expect(only(g, app({ p: true, q: true })).eligible).toBe(false);
    expect(only(g, app({ p: true })).reasons.join()).toContain('申报数据未提供“q”');
    const g2 = on(mini('input p: bool "甲"\n input q: bool "乙"\n when: p or q\n amount: max 1万元'));
    expect(only(g2, app({ p: true })).eligible).toBe(true);
  });

  it('text and date comparisons', () => {
    const g = on(mini('input d: date "日期"\n input s: string "类别"\n when: d >= 2024-06-01, s = s\n amount: max 1万元'));
    expect(only(g, app({ d: '2024-06-01', s: 'A' })).eligible).toBe(true);
    expect(only(g, app({ d: '2024-05-31', s: 'A' })).eligible).toBe(false);
  });

  it('tiers: the band containing the value by its edges; none → 0, not eligible', () => {
    const g = on(mini('input n: count(人) "人数"\n amount: tiers n { (10人, 20人]: 1万元, (20人, inf): 2万元 }'));
    expect(only(g, app({ n: 10 })).eligible).toBe(false);
    expect(only(g, app({ n: 10.5 })).ceilingFen).toBe(1000000);
    expect(only(g, app({ n: 20 })).ceilingFen).toBe(1000000);
    expect(only(g, app({ n: 20.01 })).ceilingFen).toBe(2000000);
  });

  it('steps: floor(value / step) × each, on counts', () => {
    const g = on(mini('input n: count(人) "人数"\n amount: n each 10人 give 1000元, max 5000元'));
    expect(only(g, app({ n: 9 })).eligible).toBe(false);
    expect(only(g, app({ n: 29.9 })).ceilingFen).toBe(200000);
    expect(only(g, app({ n: 1000 })).ceilingFen).toBe(500000);
  });

  it('since(date) ≤ a duration in months, days and workdays', () => {
    const g = on(mini('input d: date "日期"\n when: since(d) <= 30日\n amount: max 1万元'));
    expect(only(g, app({ d: '2025-01-30' })).eligible).toBe(true); // +30 days = 2025-03-01
    expect(only(g, app({ d: '2025-01-29' })).eligible).toBe(false);
    const w = on(mini('input d: date "日期"\n when: since(d) < 3工作日\n amount: max 1万元'));
    // 2025-02-26 (Wed) + 3 workdays = 2025-03-03 (Mon): 2025-03-01 is before it
    expect(only(w, app({ d: '2025-02-26' })).eligible).toBe(true);
    expect(only(w, app({ d: '2025-02-25' }, { date: '2025-03-03' })).eligible).toBe(false);
  });

  it('growth over a zero base is false, and says why', () => {
    const g = on(mini('input a: money "本期"\n input b: money "上期"\n when: growth(a, b) >= 10%\n amount: max 1万元'));
    expect(only(g, app({ a: 110, b: 100 })).eligible).toBe(true);
    expect(only(g, app({ a: 109.99, b: 100 })).eligible).toBe(false);
    const r = only(g, app({ a: 1, b: 0 }));
    expect(r.eligible).toBe(false);
    expect(r.reasons.join()).toContain('上期数值为0');
  });

  it('foreign currencies compare at the application’s rates, both sides converted', () => {
    const g = on(mini('input u: money(USD) "美元额"\n input e: money(EUR) "欧元额"\n when: u >= e\n amount: max 1万元'));
    const rates = { exchangeRates: { USD: 7.1, EUR: 7.8 } };
    expect(only(g, app({ u: 110, e: 100 }, rates)).eligible).toBe(true); // 781 ≥ 780
    expect(only(g, app({ u: 109.85, e: 100 }, rates)).eligible).toBe(false); // 779.935 < 780
    const v = validateApplication(g, { date: '2025-03-01', applicant: { id: 'A', kind: 'enterprise' }, facts: { u: 1, e: 1 }, exchangeRates: { USD: 7 } });
    expect(v.ok ? [] : v.errors.map((e) => e.path)).toEqual(['exchangeRates.EUR']);
  });

  it('a total cap counts every earlier grant; a per-year cap only this year', () => {
    const g = on(mini('input x: money "金额"\n amount: x, max 100元 in-total, max 60元 per-year'));
    const history = [
      { benefit: 'b', date: '2024-05-01', grantedFen: 5000 },
      { benefit: 'b', date: '2025-01-01', grantedFen: 2000 },
    ];
    const r = only(g, app({ x: 1000 }, { history }));
    expect(r.ceilingFen).toBe(3000); // total 100 − 70 = 30; per year 60 − 20 = 40
    expect(r.reasons[0]).toContain('累计不超过100元，此前已获70元，尚余30元');
  });
});
