/** The application schema derived from the graph: every bad field with its path and a Chinese message; JSON Schema export. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { applicationSchema, validateApplication } from '../../src/index.ts';
import { mini, seed } from './support.ts';

const good = { date: '2025-03-01', applicant: { id: 'A', name: '某公司', kind: 'enterprise' }, facts: { 推广费用: 3000000.5 } };
const errors = (raw: unknown, g = seed) => {
  const v = validateApplication(g, raw);
  return v.ok ? [] : v.errors;
};

describe('validateApplication', () => {
  it('accepts the contract example and gives warnings for undeclared facts', () => {
    const v = validateApplication(seed, { ...good, facts: { 推广费用: 1, 推广费: 2 } });
    expect(v.ok).toBe(true);
    if (v.ok) expect(v.warnings.map((w) => w.path)).toEqual(['facts.推广费']);
  });

  it('money: yuan with at most two decimals, not negative', () => {
    for (const x of [1.234, -1, '100', Number.NaN, 1e20]) {
      expect(errors({ ...good, facts: { 推广费用: x } }), String(x)).toEqual([{ path: 'facts.推广费用', message: '应为以元为单位、最多两位小数的非负金额' }]);
    }
    for (const x of [0, 0.01, 0.29, 1999999.98, 90071992547409.91]) expect(errors({ ...good, facts: { 推广费用: x } }), String(x)).toEqual([]);
  });

  it('names each bad field by its path', () => {
    const e = errors({
      date: '2025-2-1',
      applicant: { kind: 'company' },
      facts: { 租赁海关特殊监管区域仓库: '是' },
      lists: { 品牌出海企业: { member: 'yes' } },
      history: [{ benefit: '品牌推广扶持', date: '2025-01-01', grantedFen: -5 }],
      otherFunding: [{ level: 'city', project: 'P' }],
      exchangeRates: { USD: 0 },
    });
    expect(e.map((x) => x.path)).toEqual([
      'date',
      'applicant.id',
      'applicant.kind',
      'facts.租赁海关特殊监管区域仓库',
      'lists.品牌出海企业.member',
      'history[0].grantedFen',
      'otherFunding[0].level',
      'exchangeRates.USD',
    ]);
    expect(e[1]!.message).toBe('缺少此项');
    expect(e[2]!.message).toContain('enterprise（跨境电商企业）');
    expect(e[3]!.message).toBe('应为 true 或 false');
  });

  it('not an object at all', () => {
    expect(errors(null)[0]!.message).toBe('申报数据应为 JSON 对象');
    expect(errors([])[0]!.message).toBe('申报数据应为 JSON 对象');
  });

  it('percent, count and date facts', () => {
    const g = mini('input r: percent "比例"\n input n: count(人) "人数"\n input d: date "日期"\n when: d >= 2024-01-01, n >= 1人\n amount: max 1万元 * r');
    expect(errors({ ...good, facts: { r: 12.5, n: 3, d: '2024-02-29' } }, g)).toEqual([]);
    expect(errors({ ...good, facts: { r: '12.5%', n: -1, d: '2023-02-29' } }, g).map((x) => x.path)).toEqual(['facts.r', 'facts.n', 'facts.d']);
  });
});

describe('applicationSchema → JSON Schema', () => {
  it('describes the inputs with the policy’s Chinese descriptions', () => {
    const js = z.toJSONSchema(applicationSchema(seed), { io: 'input', unrepresentable: 'any' }) as unknown as {
      properties: { facts: { properties: Record<string, { type: string; description: string; multipleOf?: number }> }; applicant: { properties: { kind: { enum: string[] } } } };
    };
    const fee = js.properties.facts.properties['推广费用']!;
    expect(fee.type).toBe('number');
    expect(fee.multipleOf).toBe(0.01);
    expect(fee.description).toContain('借助社交媒体、搜索引擎');
    expect(fee.description).toContain('单位：元');
    expect(js.properties.applicant.properties.kind.enum).toEqual(['enterprise', 'park_operator']);
    expect(js.properties.facts.properties['租赁海关特殊监管区域仓库']!.type).toBe('boolean');
  });
});
