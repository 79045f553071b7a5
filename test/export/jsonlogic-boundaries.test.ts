/**
 * The exported JSON Logic on hand-made applications at the edges the policy states, with the answers
 * written out: the cap exactly, a fen under and over it, the first and last valid day, grants in the
 * same and another year, other funding for the same and another project, 就高不就低 — each checked
 * against `evaluate` as well. And a number beyond exact floating point gives null, never a wrong answer.
 */
import jsonLogic from 'json-logic-js';
import { LogicEngine } from 'json-logic-engine';
import { describe, expect, it } from 'vitest';
import { evaluate, validateApplication } from '../../src/eval/index.ts';
import { jsonLogicData } from '../../src/export/to-jsonlogic.ts';
import type { JsonLogicRule } from '../../src/export/index.ts';
import { cmpInt, cmpRatio, int, op, read, type Cmp } from '../../src/export/jsonlogic/jl.ts';
import { compileFile, DSL, exported, ISSUED } from './support.ts';

const engine = new LogicEngine();

const seed = compileFile('dsl/guangzhou-cbec.pol');
const rules = exported(seed, ISSUED);

function both(app: Record<string, unknown>, benefit: string): { eligible: unknown; ceilingFen: unknown } {
  const v = validateApplication(seed, app);
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  const r = evaluate(seed, v.application, { issued: ISSUED, explain: false }).results.find((x) => x.benefit === benefit)!;
  const rule = rules.benefits[benefit]!;
  const data = jsonLogicData(seed, app);
  const jl = { eligible: jsonLogic.apply(rule.eligible as never, data), ceilingFen: jsonLogic.apply(rule.ceilingFen as never, data) };
  expect(jl).toEqual({ eligible: r.eligible, ceilingFen: r.ceilingFen });
  expect({ eligible: engine.run(rule.eligible as never, data), ceilingFen: engine.run(rule.ceilingFen as never, data) }).toEqual(jl);
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

/** The operations of the published JSON Logic spec (jsonlogic.com/operations.html). */
const SPEC = new Set(['var', 'missing', 'missing_some', 'if', '==', '===', '!=', '!==', '!', '!!', 'or', 'and', '>', '>=', '<', '<=', 'max', 'min', '+', '-', '*', '/', '%', 'map', 'filter', 'reduce', 'all', 'none', 'some', 'merge', 'in', 'cat', 'substr', 'log']);
const isRule = (e: JsonLogicRule): boolean => typeof e === 'object' && e !== null && !Array.isArray(e);

/** Every place a rule breaks the portable subset of docs/export.md. */
function breaches(e: JsonLogicRule, out: string[] = []): string[] {
  if (Array.isArray(e)) {
    // an array literal holds only constants (engines disagree on evaluating rules inside one)
    for (const x of e) if (isRule(x) || Array.isArray(x)) out.push(`array literal holding ${JSON.stringify(x).slice(0, 60)}`);
    return out;
  }
  if (!isRule(e)) return out;
  const [name] = Object.keys(e as object);
  const args = (e as Record<string, JsonLogicRule>)[name!]!;
  if (!SPEC.has(name!)) out.push(`operation ${name}`);
  const list = Array.isArray(args) ? args : [args];
  if (['<', '<=', '>', '>='].includes(name!) && list.some((a) => typeof a === 'string')) out.push(`string comparison ${JSON.stringify(e).slice(0, 80)}`);
  if (name === 'reduce' && isRule(list[2]!)) out.push('reduce with a rule as initial value');
  if (typeof list[0] === 'number' && !Number.isSafeInteger(list[0])) out.push(`non-integer constant ${list[0]}`);
  if (name === 'var') return out;
  for (const a of list) breaches(a, out);
  return out;
}

describe('the exported rules keep to the portable subset', () => {
  for (const file of [...DSL, 'test/cases/reach/good/items.pol', 'test/export/fixtures/items-outer.pol']) {
    it(`${file}: spec operations only, no string comparison, no rule-valued reduce initial value, constants only in array literals`, () => {
      const rules = exported(compileFile(file));
      for (const [id, r] of Object.entries(rules.benefits)) {
        expect(breaches(r.ceilingFen), id).toEqual([]);
        expect(breaches(r.eligible), id).toEqual([]);
      }
      expect(rules.data.dateFields[0]).toBe('date');
    });
  }
});

describe('a fen amount against a constant', () => {
  it('compares x·100 + 0.5 itself, with the answer of its floor, on both engines, at and around the constant', () => {
    const h = op('+', op('*', read('x', 0), 100), 0.5);
    const fen = op('-', h, op('%', h, 1));
    for (const cmp of ['>=', '>', '<=', '<', '=', '!='] as Cmp[]) {
      const rule = cmpInt(cmp, fen, 10_000);
      if (['>=', '>', '<=', '<'].includes(cmp)) expect(JSON.stringify(rule)).not.toContain('%');
      for (const x of [0, 99.99, 99.994, 99.995, 99.999, 100, 100.004, 100.005, 100.01, 100.5, 1e9]) {
        const f = Math.floor(x * 100 + 0.5);
        const want = { '>=': f >= 10_000, '>': f > 10_000, '<=': f <= 10_000, '<': f < 10_000, '=': f === 10_000, '!=': f !== 10_000 }[cmp];
        expect([jsonLogic.apply(rule as never, { x }), engine.run(rule as never, { x })], `${x} ${cmp}`).toEqual([want, want]);
      }
    }
  });
});

describe('a foreign amount against a stated one', () => {
  it('n / 10^6 against k / d with n·d beyond 2^53: both engines give the exact answer (BigInt) at and around k / d', () => {
    // n: fen of a foreign amount (up to 10^13), d: a rate × 10^6 read from the data (up to 10^9)
    const n = int(read('n', 0), 1e13, true);
    const d = int(read('d', 1), 1e9, true);
    const k = 500_000_000;
    for (const cmp of ['>=', '>', '<=', '<', '=', '!='] as Cmp[]) {
      const rule = cmpRatio(cmp, n, int(1_000_000, 1_000_000, true), int(k, k, true), d);
      expect(JSON.stringify(rule).length, cmp).toBeLessThan(600);
      for (const rate of [1, 7, 999_999, 7_100_000, 6_891_200, 1e9]) {
        const edge = Math.floor((k * 1_000_000) / rate);
        for (const x of [0, 1, edge - 1, edge, edge + 1, 1e13]) {
          const [l, r] = [BigInt(x) * BigInt(rate), BigInt(k) * 1_000_000n];
          const want = { '>=': l >= r, '>': l > r, '<=': l <= r, '<': l < r, '=': l === r, '!=': l !== r }[cmp];
          const data = { n: x, d: rate };
          expect([jsonLogic.apply(rule as never, data), engine.run(rule as never, data)], `${x} × ${rate} ${cmp}`).toEqual([want, want]);
        }
      }
    }
  });
});

describe('jsonLogicData', () => {
  it('gives what it gives for the application written as JSON and read back, and leaves the application as it was', () => {
    const base = brand({ 推广费用: 1000 }, { history: [{ benefit: '品牌推广扶持', date: '2025-01-10', grantedFen: 1 }] });
    const odd: Record<string, unknown>[] = [
      base,
      { ...base, facts: { 推广费用: -0, 其他: undefined, 日期: new Date(0) } },
      { ...base, lists: [1, undefined, Number.NaN, () => 1] },
      JSON.parse('{"date": "2025-03-01", "__proto__": {"x": 1}, "facts": {"__proto__": 5}}') as Record<string, unknown>,
    ];
    for (const app of odd) {
      const before = JSON.stringify(app);
      expect(jsonLogicData(seed, app)).toStrictEqual(jsonLogicData(seed, JSON.parse(JSON.stringify(app)) as Record<string, unknown>));
      expect(JSON.stringify(app)).toBe(before);
    }
  });
});
