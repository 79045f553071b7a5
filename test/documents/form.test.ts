import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/documents/index.ts';
import type { DocModel } from '../../src/documents/model.ts';
import { fixture, graphOf, SEED, seedGraph } from './support.ts';

/** The rows of the form's table: [label, value, note]. */
function fields(m: DocModel): string[][] {
  const t = m.blocks.find((b) => b.type === 'table');
  if (!t || t.type !== 'table') throw new Error('no table');
  return t.rows.filter((r) => r.length === 3).slice(1);
}
const labels = (m: DocModel) => fields(m).map((r) => r[0]);

describe('申报表: fields come from what the rules read', () => {
  it('asks for the inputs, lists and applicant data of 品牌推广扶持, with units and descriptions', async () => {
    const { model } = await buildModel('form', seedGraph(), undefined, { benefit: '品牌推广扶持', date: '2025-03-01' });
    expect(labels(model)).toEqual([
      '申报单位名称',
      '统一社会信用代码',
      '申报主体类型',
      '法定代表人',
      '注册地址',
      '所在区',
      '联系人',
      '联系电话',
      '申报项目编号',
      '申报日期',
      '是否入选跨境电商“品牌出海”企业名单',
      '推广费用（元）',
      '本年度已获本项扶持金额（元）',
      '本项目是否已获国家、省资金奖补',
      '开户名称',
      '开户银行',
      '银行账号',
      '附件1',
      '附件2',
      '附件3',
      '附件4',
      '附件5',
    ]);
    // notes tell the applicant what to write, not what the engine does with it
    expect(JSON.stringify(model)).not.toMatch(/计算年度上限|计算累计上限|申报主体标识|确定初审单位/);
    const promo = fields(model).find((r) => r[0] === '推广费用（元）')!;
    expect(promo[2]).toContain('借助社交媒体、搜索引擎、跨境直播、第三方跨境电子商务平台等方式开展自主品牌推广产生的实际费用');
    expect(promo[2]).toContain('第三条');
    // nothing the benefit does not read
    const all = JSON.stringify(model.blocks);
    for (const other of ['仓库租金', '租赁海关特殊监管区域仓库', '麒麟', '鲲鹏', '首次进入']) expect(all).not.toContain(other);
    expect(model.blocks[0]).toEqual({ type: 'title', text: '跨境电商“品牌出海”推广费用扶持申报表' });
  });

  it('asks 首次进入 for a one-time award on first entry, and the yes/no input of 仓储租金补助', async () => {
    const qilin = await buildModel('form', seedGraph(), undefined, { benefit: '麒麟企业奖励' });
    expect(labels(qilin.model)).toEqual(expect.arrayContaining(['是否入选跨境电商“麒麟”企业名单', '是否首次进入该名单', '此前是否获得过本项奖励']));
    expect(labels(qilin.model)).not.toContain('本年度已获本项扶持金额（元）');
    const rent = await buildModel('form', seedGraph(), undefined, { benefit: '仓储租金补助' });
    expect(labels(rent.model)).toEqual(expect.arrayContaining(['是否租赁海关特殊监管区域仓库开展跨境电商业务', '仓库租金（元）']));
    expect(labels(rent.model).filter((l) => l?.includes('名单'))).toEqual([]);
  });

  it('follows a change to the .pol with no template edit', async () => {
    const source = readFileSync(SEED, 'utf8').replace(
      '输入 推广费用：金额 "借助社交媒体、搜索引擎、跨境直播、第三方跨境电子商务平台等方式开展自主品牌推广产生的实际费用"',
      '输入 推广费用：金额 "借助社交媒体、搜索引擎、跨境直播、第三方跨境电子商务平台等方式开展自主品牌推广产生的实际费用"\n    输入 海外广告场次：数量(场) "在境外投放广告的场次"',
    ).replace('条件：入选(品牌出海企业)\n    输入 推广费用', '条件：入选(品牌出海企业) 且 海外广告场次 >= 3场\n    输入 推广费用');
    const g = graphOf(source);
    expect(g.benefits.find((b) => b.id === '品牌推广扶持')!.inputs).toContain('海外广告场次');
    const { model } = await buildModel('form', g, undefined, { benefit: '品牌推广扶持' });
    const row = fields(model).find((r) => r[0]?.startsWith('海外广告场次'));
    expect(row).toEqual(['海外广告场次（场）', '', '在境外投放广告的场次（第三条）']);
  });

  it('is prefilled from an application', async () => {
    const { model } = await buildModel('form', seedGraph(), fixture('brand.json'), { benefit: '品牌推广扶持' });
    const byLabel = new Map(fields(model).map((r) => [r[0], r[1]]));
    expect(byLabel.get('申报单位名称')).toBe('广州某科技有限公司');
    expect(byLabel.get('推广费用（元）')).toBe('3,000,000.00');
    expect(byLabel.get('是否入选跨境电商“品牌出海”企业名单')).toBe('■是　　□否');
    expect(byLabel.get('本年度已获本项扶持金额（元）')).toBe('600,000.00');
    expect(byLabel.get('本项目是否已获国家、省资金奖补')).toBe('□是　　■否');
    expect(byLabel.get('申报日期')).toBe('2025年3月1日');
  });
});
