/**
 * Properties of ceilings (fast-check): never above the cap nor rate × base; never lower when the base
 * grows; and however grants follow one another within a year, their sum stays within the annual cap.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate, type Application, type GrantRecord } from '../../src/index.ts';
import type { Graph } from '../../src/ir/schema.ts';
import { ROOT } from '../support/cli.ts';
import { mini, policy, seed } from './support.ts';

const CAP = { 品牌推广扶持: 100_000_000, 仓储租金补助: 150_000_000 } as const;
const RATE = { 品牌推广扶持: 50n, 仓储租金补助: 30n } as const;

function application(fen: number, history: GrantRecord[], date = '2025-06-15'): Application {
  return {
    date,
    applicant: { id: 'A1', kind: 'enterprise' },
    project: 'P-1',
    facts: { 推广费用: fen / 100, 仓库租金: fen / 100, 租赁海关特殊监管区域仓库: true },
    lists: { 品牌出海企业: { member: true } },
    history,
  };
}

/** Only one benefit at a time (就高不就低 would otherwise drop the lower one). */
function ceilingOf(benefit: keyof typeof CAP, fen: number, history: GrantRecord[], date?: string): number {
  const a = application(fen, history, date);
  if (benefit === '品牌推广扶持') a.facts.租赁海关特殊监管区域仓库 = false;
  else a.lists = {};
  const r = evaluate(seed, a, { issued: '2024-01-01', explain: false }).results.find((x) => x.benefit === benefit)!;
  return r.ceilingFen;
}

const fen = fc.integer({ min: 0, max: 2_000_000_000_000 }); // up to 200亿元
const benefit = fc.constantFrom<keyof typeof CAP>('品牌推广扶持', '仓储租金补助');
const grant = (b: string) =>
  fc.record({
    benefit: fc.constant(b),
    date: fc.constantFrom('2024-12-31', '2025-01-01', '2025-03-15', '2025-12-31', '2026-01-01'),
    grantedFen: fc.integer({ min: 0, max: 120_000_000 }),
  });

describe('ceiling properties (seed)', () => {
  it('never exceeds the cap left this year, nor rate × base rounded down', () => {
    fc.assert(
      fc.property(benefit, fen, fc.array(grant('品牌推广扶持'), { maxLength: 4 }), (b, base, hist) => {
        const history = hist.map((h) => ({ ...h, benefit: b }));
        const c = ceilingOf(b, base, history);
        const used = history.filter((h) => h.date.startsWith('2025')).reduce((s, h) => s + h.grantedFen, 0);
        const byRate = Number((BigInt(base) * RATE[b]) / 100n);
        expect(c).toBeGreaterThanOrEqual(0);
        expect(c).toBeLessThanOrEqual(CAP[b]);
        expect(c).toBeLessThanOrEqual(byRate);
        expect(c).toBe(Math.max(0, Math.min(byRate, CAP[b] - used)));
      }),
      { numRuns: 500 },
    );
  });

  it('never decreases when the base grows', () => {
    fc.assert(
      fc.property(benefit, fen, fen, fc.array(grant('x'), { maxLength: 3 }), (b, x, y, hist) => {
        const history = hist.map((h) => ({ ...h, benefit: b }));
        const [lo, hi] = x <= y ? [x, y] : [y, x];
        expect(ceilingOf(b, hi, history)).toBeGreaterThanOrEqual(ceilingOf(b, lo, history));
      }),
      { numRuns: 300 },
    );
  });

  it('across any sequence of grants within one year, the sum never exceeds the annual cap', () => {
    fc.assert(
      fc.property(
        benefit,
        fc.array(fc.record({ base: fen, share: fc.double({ min: 0, max: 1, noNaN: true }), day: fc.integer({ min: 1, max: 28 }) }), { minLength: 1, maxLength: 12 }),
        (b, steps) => {
          const history: GrantRecord[] = [];
          let sum = 0;
          for (const [i, s] of steps.entries()) {
            const date = `2025-${String((i % 12) + 1).padStart(2, '0')}-${String(s.day).padStart(2, '0')}`;
            const c = ceilingOf(b, s.base, history, date);
            const granted = Math.floor(c * s.share); // the approval step grants at most the ceiling
            history.push({ benefit: b, date, grantedFen: granted });
            sum += granted;
            expect(sum).toBeLessThanOrEqual(CAP[b]);
          }
          // once the cap is used up nothing more is offered this year
          if (sum === CAP[b]) expect(ceilingOf(b, 10_000_000_000, history, '2025-12-31')).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('ceiling properties (any rate, any cap)', () => {
  it('rate × base is exact: floor(fen × num / den) for any percent and any amount', () => {
    const g = mini('input x: money "金额"\n input r: percent "比例"\n amount: x * r, max 1亿元 per-year');
    fc.assert(
      fc.property(fen, fc.integer({ min: 0, max: 100_000 }), (x, r1000) => {
        const pct = r1000 / 1000; // up to three decimals of percent
        const a: Application = { date: '2025-01-01', applicant: { id: 'A', kind: 'enterprise' }, facts: { x: x / 100, r: pct } };
        const r = evaluate(g, a, { explain: false }).results[0]!;
        const exact = (BigInt(x) * BigInt(r1000)) / 100_000n;
        const want = Number(exact < 10_000_000_000n ? exact : 10_000_000_000n);
        expect(r.ceilingFen).toBe(want);
        expect(r.eligible).toBe(want > 0);
      }),
      { numRuns: 500 },
    );
  });
});

describe('the fast path decides as the explaining path', () => {
  const expo = policy(readFileSync(join(ROOT, 'dsl/expo-support-en.pol'), 'utf8'));
  const day = fc.constantFrom('2023-12-31', '2024-01-01', '2024-06-30', '2025-01-01', '2025-06-30', '2026-12-31', '2027-01-01', '2027-12-31', '2028-01-01');
  const money = fc.option(fc.integer({ min: 0, max: 100_000_000_000 }).map((f) => f / 100), { nil: undefined });
  const count = fc.option(fc.integer({ min: 0, max: 20_000 }).map((x) => x / 100), { nil: undefined });
  const bool = fc.option(fc.boolean(), { nil: undefined });
  const list = fc.option(fc.record({ member: fc.boolean(), firstTime: fc.boolean() }), { nil: undefined });
  const strip = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined));
  const history = (ids: string[]) => fc.array(fc.record({ benefit: fc.constantFrom(...ids), date: day, grantedFen: fc.integer({ min: 0, max: 200_000_000 }) }), { maxLength: 4 });
  const funding = fc.array(fc.record({ level: fc.constantFrom('national', 'provincial', 'municipal') as fc.Arbitrary<'national'>, project: fc.constantFrom('P-1', 'P-2') }), { maxLength: 2 });
  const same = (g: Graph, a: Application, issued?: string) => {
    const fast = evaluate(g, a, { explain: false, ...(issued ? { issued } : {}) }).results.map((r) => [r.benefit, r.eligible, r.ceilingFen]);
    const full = evaluate(g, a, issued ? { issued } : {}).results.map((r) => [r.benefit, r.eligible, r.ceilingFen]);
    expect(fast).toEqual(full);
  };

  it('on the seed', () => {
    const ids = seed.benefits.filter((b) => b.hasAmount).map((b) => b.id);
    fc.assert(
      fc.property(day, fc.constantFrom('enterprise', 'park_operator'), money, bool, money, list, list, list, history(ids), funding, (date, kind, fee, rents, rent, q, k, p, h, f) => {
        const a = { date, applicant: { id: 'A', kind }, project: 'P-1', facts: strip({ 推广费用: fee, 租赁海关特殊监管区域仓库: rents, 仓库租金: rent }), lists: strip({ 麒麟企业: q, 鲲鹏园区: k, 品牌出海企业: p }), history: h, otherFunding: f } as Application;
        same(seed, a, '2024-01-01');
      }),
      { numRuns: 500 },
    );
  });

  it('on the expo policy (tiers, steps, growth, since, currencies)', () => {
    const ids = expo.benefits.filter((b) => b.hasAmount).map((b) => b.id);
    fc.assert(
      fc.property(day, money, money, count, count, money, money, fc.option(day, { nil: undefined }), fc.option(day, { nil: undefined }), money, list, list, history(ids), funding, (date, rev, last, area, sessions, ad, fee, exp, reg, usd, ht, ls, h, f) => {
        const facts = strip({ revenue: rev, 'revenue-last': last, 'booth-area': area, sessions: sessions === undefined ? undefined : Math.floor(sessions), 'ad-cost': ad, 'platform-fee': fee, 'expense-date': exp, registered: reg, 'export-usd': usd });
        const a = { date, applicant: { id: 'A', kind: 'enterprise' }, project: 'P-1', facts, lists: strip({ hightech: ht, 'livestream-base': ls }), history: h, otherFunding: f, exchangeRates: { USD: 7.1 } } as Application;
        same(expo, a);
      }),
      { numRuns: 500 },
    );
  });
});
