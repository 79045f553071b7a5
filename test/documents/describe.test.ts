/** Rule wording in documents (src/documents/describe.ts): printed from the graph, read as an official would write it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeAmount, describeClause, describeEligibility } from '../../src/documents/describe.ts';
import { buildModel } from '../../src/documents/index.ts';
import { modelTexts } from '../../src/documents/model.ts';
import type { Graph } from '../../src/ir/schema.ts';
import { compile } from '../../src/pipeline.ts';
import { ROOT } from '../support/cli.ts';

const graphOf = (rel: string, source = readFileSync(join(ROOT, rel), 'utf8')): Graph => compile(source, rel).graph!;
const benefit = (g: Graph, id: string) => g.benefits.find((b) => b.id === id)!;

describe('support standards and conditions in words', () => {
  const seed = graphOf('dsl/guangzhou-cbec.pol');
  const expo = graphOf('dsl/expo-support-en.pol');

  it.each([
    [seed, '品牌推广扶持', '按推广费用的50%给予资金扶持，每家企业每年最高100万元（含本数）'],
    [seed, '麒麟企业奖励', '给予一次性奖励，最高200万元（含本数）'],
    [expo, 'turnover-award', '本年度跨境电商交易额1亿元（含）至5亿元（不含）的，奖励50万元；5亿元（含）以上的，奖励100万元。奖励金额最高100万元（含本数）'],
    [expo, 'booth-subsidy', '按参加境外重点展会的展位面积每平方米3000元给予补助，每家企业每年最高30万元（含本数）'],
    [expo, 'growth-award', '本年度跨境电商交易额与上年度跨境电商交易额之差每满1000万元奖励1万元，每家企业在政策有效期内累计最高100万元（含本数）'],
    [expo, 'promotion-subsidy', '按境外广告费用与跨境电商平台服务费之和的30%给予补助；入选高新技术企业名单的，比例提高至50%。每家企业每年最高100万元；入选高新技术企业名单的，最高150万元（含本数）'],
  ])('%#: %s', (g, id, text) => {
    expect(describeAmount(g, benefit(g, id))).toBe(text);
  });

  it('English keywords give the same Chinese as Chinese keywords', () => {
    expect(describeEligibility(expo, benefit(expo, 'startup-award'))).toBe(
      '申报主体为外贸企业，且工商注册日期距申报之日不超过6个月，且本年度出口额（美元）达到500万元；已获得过本项奖励的不再重复奖励。',
    );
  });

  it('a clause without 原文 is printed from its rules, with who leads it', () => {
    const source = readFileSync(join(ROOT, 'dsl/guangzhou-cbec.pol'), 'utf8').replace(/原文："对其借助社交媒体[^"]*"\n/, '');
    const g = graphOf('dsl/guangzhou-cbec.pol', source);
    const m = g.measures.find((x) => x.number === '3')!;
    const c = m.clauses.find((x) => x.id === benefit(g, '品牌推广扶持').clause)!;
    expect(describeClause(g, m, c)).toContain('支持标准：按推广费用的50%给予资金扶持，每家企业每年最高100万元（含本数）。（市商务局牵头，市市场监管局、各区政府、广州空港委配合）');
  });
});

describe('#12: 参照 benefits in the call, and 取整至 after the caps in the standard', () => {
  it('the call of the 十堰 policy lists the 一事一议 benefit with its conditions and the reference instead of an amount', async () => {
    const graph = graphOf('dsl/shiyan-foreign-trade.pol');
    const { model } = await buildModel('call', graph, undefined, { date: '2025-03-10', issued: '2021-06-01', docNumber: '十商务函〔2025〕1号' });
    const text = modelTexts(model).join('\n');
    expect(text).toContain('年出口额5000万美元以上企业“一事一议、一企一策”');
    expect(text).toContain('支持标准：参照“一事一议、一企一策”办理，本政策不设统一金额标准。');
    expect(text).toMatch(/年出口额5000万美元以上企业“一事一议、一企一策”：[^\n]*年出口额达到5000万美元/);
    // the benefits with an amount are still there
    expect(text).toContain('出口存量奖');
  });

  it('rounding after the caps reads after them, rounding before them inside the base', () => {
    const graph = graphOf('test/cases/reach/good/policy-figures.pol');
    const after = benefit(graph, '投资奖');
    const before = benefit(graph, '先取整奖');
    expect(describeAmount(graph, after)).toBe('按投资额的10%给予奖励，每家企业每年最高50万元（含本数），再按1万元向下取整');
    expect(describeAmount(graph, before)).toBe('按投资额的10%按1万元向下取整给予奖励，最高45.5万元（含本数）');
  });
});
