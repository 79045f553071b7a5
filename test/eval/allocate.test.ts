/** Budget pools: allocations never exceed a ceiling nor the pool, and sum to the pool when reduced (property test). */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allocate } from '../../src/eval/allocate.ts';
import { runCli } from '../support/cli.ts';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

describe('allocate', () => {
  it('gives every ceiling when the budget suffices', () => {
    const r = allocate([{ key: 'a', ceilingFen: 100 }, { key: 'b', ceilingFen: 200 }], 300);
    expect(r.reduced).toBe(false);
    expect(r.allocations.map((a) => a.allocatedFen)).toEqual([100, 200]);
  });

  it('reduces pro rata, leftover fen to the largest remainders, ties in input order', () => {
    // 3 × 100 fen against 200: 66.67 each → 66, 66, 66 and 2 fen left → the first two
    const r = allocate([{ key: 'a', ceilingFen: 100 }, { key: 'b', ceilingFen: 100 }, { key: 'c', ceilingFen: 100 }], 200);
    expect(r.allocations.map((a) => a.allocatedFen)).toEqual([67, 67, 66]);
    expect(r.allocatedFen).toBe(200);
  });

  it('splits each allocation between funders 6:4, parts summing to it', () => {
    const r = allocate([{ key: 'a', ceilingFen: 1001 }], 5000, [6, 4]);
    expect(r.allocations[0]!.sharesFen).toEqual([600, 401]);
  });

  it('property: never above a ceiling, never above the pool, the whole pool when reduced (5,000 random rounds)', () => {
    const next = rng(20241127);
    for (let round = 0; round < 5000; round++) {
      const n = 1 + Math.floor(next() * 30);
      const items = Array.from({ length: n }, (_, i) => ({ key: String(i), ceilingFen: Math.floor(next() * (next() < 0.5 ? 1000 : 5e10)) }));
      const budget = Math.floor(next() * 1e11);
      const r = allocate(items, budget, [6, 4]);
      // each allocation checked in plain code (150,000 of them: expect per item costs more than allocating),
      // the first one out of bounds shown with its round
      const bad = r.allocations.findIndex((a, i) => !(a.allocatedFen >= 0 && a.allocatedFen <= items[i]!.ceilingFen && a.sharesFen![0]! + a.sharesFen![1]! === a.allocatedFen));
      if (bad >= 0) expect({ round, item: items[bad], allocation: r.allocations[bad] }).toBe('an allocation within 0 … its ceiling, shares summing to it');
      expect(r.allocations).toHaveLength(n);
      expect(r.allocatedFen).toBeLessThanOrEqual(budget);
      if (r.reduced) expect(r.allocatedFen).toBe(budget);
      else expect(r.allocatedFen).toBe(r.totalCeilingFen);
    }
  });
});

describe('pol allocate', () => {
  it('divides a budget pool among a round of applications to the 十堰 policy; a bad budget is exit 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pol-allocate-'));
    const batch = join(dir, 'apps.jsonl');
    const app = (id: string, usd: number) =>
      JSON.stringify({ date: '2025-03-01', applicant: { id, name: '某公司', kind: 'enterprise' }, facts: { 年出口额: usd, 上年出口额: 1000000 } });
    writeFileSync(batch, [app('A1', 3000000), app('A2', 2500000), app('A3', 900000)].join('\n'));
    const r = runCli(['allocate', 'dsl/shiyan-foreign-trade.pol', '--batch', batch, '--budget', '10万元', '--share', '6:4', '--json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { reduced: boolean; allocatedFen: number; totalCeilingFen: number; allocations: { ceilingFen: number; allocatedFen: number; sharesFen: number[] }[] };
    // A1: 存量 3万 + 增量 8万; A2: 2.5万 + 6万; A3 below 100万美元: nothing → 19.5万元 of ceilings for 10万元
    expect(out.totalCeilingFen).toBe(19500000);
    expect(out.reduced).toBe(true);
    expect(out.allocatedFen).toBe(10000000);
    for (const a of out.allocations) {
      expect(a.allocatedFen).toBeLessThanOrEqual(a.ceilingFen);
      expect(a.sharesFen[0]! + a.sharesFen[1]!).toBe(a.allocatedFen);
    }
    const bad = runCli(['allocate', 'dsl/shiyan-foreign-trade.pol', '--batch', batch, '--budget', '十万']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('POL4110');
  });

  it('reads the budget and the cost share the policy declares (年度资金总额, 分担); --budget and --share override them and the output says which was used', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pol-allocate-'));
    const batch = join(dir, 'apps.jsonl');
    const app = (id: string, invest: number) =>
      JSON.stringify({ date: '2025-03-01', applicant: { id, name: '某公司', kind: 'enterprise' }, facts: { 出口额: 1000000, 投资额: invest } });
    writeFileSync(batch, [app('A1', 1000000), app('A2', 2000000)].join('\n'));
    const file = 'test/cases/reach/good/policy-figures.pol';
    type Out = { budgetFen: number; budgetSource: string; share?: number[]; shareSource?: string; funders?: string[]; reduced: boolean; allocatedFen: number };
    const declared = runCli(['allocate', file, '--batch', batch, '--benefit', '投资奖', '--json']);
    expect(declared.status, declared.stderr).toBe(0);
    const d = JSON.parse(declared.stdout) as Out;
    expect(d).toMatchObject({ budgetFen: 800000000, budgetSource: 'policy', share: [6, 4], shareSource: 'policy', funders: ['市', '区'], reduced: false, allocatedFen: 30000000 });
    const text = runCli(['allocate', file, '--batch', batch, '--benefit', '投资奖']);
    expect(text.stdout).toContain('资金总额 800万元（政策声明的年度资金总额），分担比例 市、区按6:4（政策声明）');
    expect(text.stdout).toContain('分担 市6万元 : 区4万元');
    const flags = runCli(['allocate', file, '--batch', batch, '--benefit', '投资奖', '--budget', '2万元', '--share', '1:1', '--json']);
    const f = JSON.parse(flags.stdout) as Out;
    expect(f).toMatchObject({ budgetFen: 2000000, budgetSource: 'option', share: [1, 1], shareSource: 'option', reduced: true, allocatedFen: 2000000 });
    expect(f.funders).toBeUndefined();
    // a policy that declares no budget needs --budget
    const none = runCli(['allocate', 'dsl/shiyan-foreign-trade.pol', '--batch', batch]);
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('POL4121');
  });
});
