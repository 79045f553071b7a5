/**
 * The exported JSON Logic on hand-made applications at the edges the policy states, with the answers
 * written out: the cap exactly, a fen under and over it, the first and last valid day, grants in the
 * same and another year, other funding for the same and another project, 就高不就低 — each checked
 * against `evaluate` as well. And a number beyond exact floating point gives null, never a wrong answer.
 */
import jsonLogic from 'json-logic-js';
import { describe, expect, it } from 'vitest';
import { evaluate, validateApplication } from '../../src/eval/index.ts';
import { compileFile, exported, ISSUED } from './support.ts';

const seed = compileFile('dsl/guangzhou-cbec.pol');
const rules = exported(seed, ISSUED);

function both(app: Record<string, unknown>, benefit: string): { eligible: unknown; ceilingFen: unknown } {
  const v = validateApplication(seed, app);
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  const r = evaluate(seed, v.application, { issued: ISSUED, explain: false }).results.find((x) => x.benefit === benefit)!;
  const rule = rules.benefits[benefit]!;
  const jl = { eligible: jsonLogic.apply(rule.eligible as never, app), ceilingFen: jsonLogic.apply(rule.ceilingFen as never, app) };
  expect(jl).toEqual({ eligible: r.eligible, ceilingFen: r.ceilingFen });
  return jl;
}

const brand = (facts: Record<string, unknown>, more: Record<string, unknown> = {}) => ({
  date: '2025-03-01',
  applicant: { id: 'A1', kind: 'enterprise' },
  project: 'P-001',
  facts,
  lists: { 品牌出海企业: { member: true } },
  ...more,
});

describe('JSON Logic of the seed at its edges (issued 2024-01-01)', () => {
  it('品牌推广扶持: 50% of 推广费用 rounded down to the fen, never above 100万元', () => {
    expect(both(brand({ 推广费用: 2_000_000 }), '品牌推广扶持')).toEqual({ eligible: true, ceilingFen: 100_000_000 });
    expect(both(brand({ 推广费用: 2_000_000.02 }), '品牌推广扶持')).toEqual({ eligible: true, ceilingFen: 100_000_000 });
    expect(both(brand({ 推广费用: 1_999_999.98 }), '品牌推广扶持')).toEqual({ eligible: true, ceilingFen: 99_999_999 });
    expect(both(brand({ 推广费用: 0.03 }), '品牌推广扶持')).toEqual({ eligible: true, ceilingFen: 1 });
    expect(both(brand({ 推广费用: 0.01 }), '品牌推广扶持')).toEqual({ eligible: false, ceilingFen: 0 });
    expect(both(brand({}), '品牌推广扶持')).toEqual({ eligible: false, ceilingFen: 0 });
  });

  it('reads the annual cap from history: the same calendar year counts, another does not', () => {
    const h = (date: string, grantedFen: number) => ({ history: [{ benefit: '品牌推广扶持', date, grantedFen }] });
    expect(both(brand({ 推广费用: 3_000_000 }, h('2025-01-10', 60_000_000)), '品牌推广扶持')).toEqual({ eligible: true, ceilingFen: 40_000_000 });
    expect(both(brand({ 推广费用: 3_000_000 }, h('2024-12-31', 60_000_000)), '品牌推广扶持')).toEqual({ eligible: true, ceilingFen: 100_000_000 });
    expect(both(brand({ 推广费用: 3_000_000 }, h('2025-12-31', 99_999_999)), '品牌推广扶持')).toEqual({ eligible: true, ceilingFen: 1 });
    expect(both(brand({ 推广费用: 3_000_000 }, h('2025-06-01', 100_000_000)), '品牌推广扶持')).toEqual({ eligible: false, ceilingFen: 0 });
  });

  it('reads validity from the date: 2024-01-01 through 2026-12-31', () => {
    for (const [date, ok] of [['2023-12-31', false], ['2024-01-01', true], ['2026-12-31', true], ['2027-01-01', false]] as const) {
      expect(both(brand({ 推广费用: 1000 }, { date }), '品牌推广扶持').eligible, date).toBe(ok);
    }
  });

  it('不重复支持: national or provincial funds for the same project exclude it, for another project not', () => {
    const funded = (level: string, project: string) => ({ otherFunding: [{ level, project }] });
    expect(both(brand({ 推广费用: 1000 }, funded('national', 'P-001')), '品牌推广扶持').eligible).toBe(false);
    expect(both(brand({ 推广费用: 1000 }, funded('provincial', 'P-001')), '品牌推广扶持').eligible).toBe(false);
    expect(both(brand({ 推广费用: 1000 }, funded('municipal', 'P-001')), '品牌推广扶持').eligible).toBe(true);
    expect(both(brand({ 推广费用: 1000 }, funded('national', 'P-009')), '品牌推广扶持').eligible).toBe(true);
  });

  it('一次性: a 麒麟 award already received is not given again', () => {
    const app = (history: unknown[]) => ({ date: '2025-03-01', applicant: { id: 'A1', kind: 'enterprise' }, facts: {}, lists: { 麒麟企业: { member: true, firstTime: true } }, history });
    expect(both(app([]), '麒麟企业奖励')).toEqual({ eligible: true, ceilingFen: 200_000_000 });
    expect(both(app([{ benefit: '麒麟企业奖励', date: '2024-05-01', grantedFen: 1 }]), '麒麟企业奖励')).toEqual({ eligible: false, ceilingFen: 0 });
    expect(both(app([{ benefit: '品牌推广扶持', date: '2024-05-01', grantedFen: 1 }]), '麒麟企业奖励')).toEqual({ eligible: true, ceilingFen: 200_000_000 });
  });

  it('就高不就低: of two benefits for one project only the higher ceiling stands', () => {
    const app = (rent: number) => brand({ 推广费用: 1_000_000, 租赁海关特殊监管区域仓库: true, 仓库租金: rent });
    // 50万元 against 30% of the rent
    expect(both(app(1_000_000), '品牌推广扶持')).toEqual({ eligible: true, ceilingFen: 50_000_000 });
    expect(both(app(1_000_000), '仓储租金补助')).toEqual({ eligible: false, ceilingFen: 0 });
    expect(both(app(2_000_000), '仓储租金补助')).toEqual({ eligible: true, ceilingFen: 60_000_000 });
    expect(both(app(2_000_000), '品牌推广扶持')).toEqual({ eligible: false, ceilingFen: 0 });
    // a tie: the first benefit of the policy stands
    const tie = brand({ 推广费用: 600_000, 租赁海关特殊监管区域仓库: true, 仓库租金: 1_000_000 });
    expect(both(tie, '品牌推广扶持')).toEqual({ eligible: true, ceilingFen: 30_000_000 });
    expect(both(tie, '仓储租金补助')).toEqual({ eligible: false, ceilingFen: 0 });
  });
});

describe('JSON Logic beyond exact floating point', () => {
  it('answers null, never a wrong number, where a count has more digits than fit', () => {
    const expo = compileFile('dsl/expo-support-en.pol');
    const r = exported(expo);
    const app = { date: '2025-03-01', applicant: { id: 'A1', kind: 'enterprise' }, facts: { 'booth-area': 12.123456789012345 } };
    const v = validateApplication(expo, app);
    expect(v.ok).toBe(true);
    // the evaluator, with exact fractions, has an answer …
    const e = evaluate(expo, (v as { application: never }).application, { explain: false }).results.find((x) => x.benefit === 'booth-subsidy')!;
    expect(e).toMatchObject({ eligible: true, ceilingFen: 3_637_037 });
    // … JSON Logic cannot reach it exactly, so it says it does not know
    expect(jsonLogic.apply(r.benefits['booth-subsidy']!.ceilingFen as never, app)).toBe(null);
    expect(jsonLogic.apply(r.benefits['booth-subsidy']!.eligible as never, app)).toBe(null);
    // and with the area to the hundredth it answers
    const plain = { ...app, facts: { 'booth-area': 12.12 } };
    expect(jsonLogic.apply(r.benefits['booth-subsidy']!.ceilingFen as never, plain)).toBe(3_636_000);
  });
});
