/** The checker's rules, asserted by code and position (the goldens show the wording). */
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/pipeline.ts';
import { messageOf } from '../../src/diagnostics/diagnostic.ts';

const HEAD = `政策 t "t" { 状态：正式 印发：2024-01-01 有效期：自印发之日起 3年 }
单位 甲局 "甲局"
主体 企业 "企业" = enterprise
名单 甲名单 "甲名单"
`;

function codes(body: string): string[] {
  return compile(HEAD + body, 't.pol').diagnostics.map((d) => d.code).filter((c) => c !== 'POL2104');
}

function benefit(amount: string, extra = ''): string {
  return `输入 费用：金额 "费用"\n输入 面积：数量(平方米) "面积"\n输入 比率：比例 "比率"\n措施 1 "m" { 原文："…" 牵头：甲局 扶持 b "b" { 对象：企业 ${extra} 金额：${amount} } }`;
}

describe('types of amounts', () => {
  it('money × percent is money', () => expect(codes(benefit('费用 × 50%，最高 1万元'))).toEqual([]));
  it('percent × money is money', () => expect(codes(benefit('50% × 费用，最高 1万元'))).toEqual([]));
  it('money + percent is an error', () => expect(codes(benefit('费用 + 50%，最高 1万元'))).toContain('POL2007'));
  it('money + money is money', () => expect(codes(benefit('(费用 + 费用) × 比率，最高 1万元'))).toEqual([]));
  it('a count times a per-unit rate of the same unit is money', () => expect(codes(benefit('面积 × 30元/平方米，最高 1万元'))).toEqual([]));
  it('a count times a rate of another unit is an error', () => expect(codes(benefit('面积 × 30元/场，最高 1万元'))).toContain('POL2021'));
  it('a rate with no base is an error', () => expect(codes(benefit('50%'))).toEqual(['POL2009']));
  it('an amount that is not money is an error', () => expect(codes(benefit('面积，最高 1万元'))).toContain('POL2010'));
  it('a benefit with no ceiling is warned about', () => expect(codes(benefit('费用 × 50%'))).toEqual(['POL2101']));
  it('a condition must be true or false', () => expect(codes(benefit('最高 1万元', '条件：费用'))).toEqual(['POL2011']));
  it('money is not compared with a count', () => expect(codes(benefit('最高 1万元', '条件：费用 > 面积'))).toEqual(['POL2019']));
  it('a list is used through 入选(…)', () => expect(codes(benefit('最高 1万元', '条件：甲名单'))).toEqual(['POL2022']));
  it('since(…) takes a date', () => expect(codes(benefit('最高 1万元', '条件：距今(费用) ≤ 1年'))).toContain('POL2007'));
});

describe('names', () => {
  it('reports unknown units, lists, inputs, kinds and benefits', () => {
    const c = codes(`措施 1 "m" { 原文："…" 牵头：乙局 扶持 b "b" { 对象：个人 条件：入选(乙名单) 且 x > 1元 金额：最高 1万元 } }
流程 w { 适用：无此项 步骤 a }`);
    expect(c).toEqual(expect.arrayContaining(['POL2001', 'POL2002', 'POL2003', 'POL2004', 'POL2005']));
  });

  it('reports a duplicate with the line of the first declaration', () => {
    const r = compile(HEAD + '单位 甲局 "又一个甲局"\n', 't.pol');
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]!.code).toBe('POL2006');
    expect(messageOf(r.diagnostics[0]!)).toContain('第 2 行');
  });

  it('a clause needs a lead unit', () => {
    expect(codes(`措施 1 "m" { 条款 1 { 原文："…" 配合：甲局 } }`)).toEqual(['POL2008']);
    expect(codes(`措施 1 "m" { 条款 1 { 原文："…" 负责：甲局 } }`)).toEqual([]);
  });

  it('warns about a policy with no validity', () => {
    expect(compile('政策 t "t" { 状态：征求意见稿 }', 't.pol').diagnostics.map((d) => d.code)).toEqual(['POL2102']);
  });

  it('reports a cycle of definitions at the reference that closes it', () => {
    const src = HEAD + '计算 a = b + 1元\n计算 b = a + 1元\n' + benefit('a × 10%，最高 1万元');
    const d = compile(src, 't.pol').diagnostics.filter((x) => x.code === 'POL3001');
    expect(d).toHaveLength(1);
    expect(messageOf(d[0]!)).toContain('a → b → a');
    expect(src.slice(d[0]!.span.offset, d[0]!.span.endOffset)).toBe('a');
  });
});

describe('messages in English', () => {
  it('has an English text for every code', async () => {
    const { catalog } = await import('../../src/diagnostics/catalog.ts');
    for (const [code, def] of Object.entries(catalog)) {
      expect(def.zh, code).toMatch(/[\u4e00-\u9fff]/);
      expect(def.en, code).toMatch(/[a-z]{3,}/);
      expect(def.en, code).not.toBe(def.zh);
    }
  });
});
