/** dsl/guangzhou-cbec.pol encodes the whole seed policy (issue 2, point 7). */
import { readFileSync } from 'node:fs';
import { printCap } from '../../src/ir/prose.ts';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../src/pipeline.ts';
import { validateGraph } from '../../src/ir/validate.ts';
import { GraphSchema, type Graph } from '../../src/ir/schema.ts';
import { ROOT } from '../support/cli.ts';

let g: Graph;
let source: string;
beforeAll(() => {
  source = readFileSync(join(ROOT, 'dsl/guangzhou-cbec.pol'), 'utf8');
  const r = compile(source, 'dsl/guangzhou-cbec.pol', { validate: validateGraph });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  g = r.graph!;
});

const TITLES = [
  '培育引进跨境电商龙头企业', '加强跨境电商产业园区建设', '支持跨境电商“品牌出海”', '强化跨境电商国际枢纽功能',
  '搭建跨境电商公共服务平台', '支持跨境电商海外仓发展', '优化监管协作机制', '创新海关监管服务', '持续优化税收政策',
  '探索跨境电商模式创新', '加大跨境电商金融支持', '加大跨境电商人才培训引进', '支持行业交流', '引导跨境电商企业合规经营',
  '加强跨境电商知识产权海外维权援助', '加大行业宣传推广', '其他',
];

const unitsOf = (m: string) => g.measures.find((x) => x.number === m)!.clauses.map((c) => ({ lead: c.lead, cooperate: c.cooperate, word: c.leadWord }));

describe('the seed policy', () => {
  it('compiles with no warnings and validates against pol-graph/1', () => {
    const r = compile(source, 'dsl/guangzhou-cbec.pol');
    expect(r.diagnostics).toEqual([]);
    expect(GraphSchema.parse(g).format).toBe('pol-graph/1');
  });

  it('has the header of the draft: no issuance date, 3 years from issuance, three basis documents', () => {
    expect(g.policy).toMatchObject({ id: 'gz-cbec-2023', status: 'draft', issued: null, issuer: '市商务局' });
    expect(g.policy.validity).toMatchObject({ kind: 'fromIssuance', amount: 3, unit: 'year' });
    expect(g.policy.basis.map((b) => b.match(/（(.+)）$/)?.[1])).toEqual(['国办发〔2023〕10号', '粤办函〔2021〕328号', '粤商务电函〔2023〕93号']);
  });

  it('has all 17 measures with their titles and verbatim text', () => {
    expect(g.measures.map((m) => m.title)).toEqual(TITLES);
    expect(g.measures.map((m) => m.number)).toEqual(TITLES.map((_, i) => String(i + 1)));
    expect(g.measures[2]!.text).toContain('给予不超过推广费用50%的资金扶持，单个企业每年扶持金额不超过100万元。');
    expect(g.measures[16]!.text).toContain('涉及“不超过”的数额均含本数。');
    for (const m of g.measures) expect(m.text.length, m.title).toBeGreaterThan(30);
  });

  it('has two clauses with different units in measures 1, 10, 11, 13 and 14', () => {
    for (const m of ['1', '10', '11', '13', '14']) {
      const cs = unitsOf(m);
      expect(cs, m).toHaveLength(2);
      expect(JSON.stringify(cs[0]), m).not.toBe(JSON.stringify(cs[1]));
    }
    expect(unitsOf('1')).toEqual([
      { lead: ['市商务局'], cooperate: ['各区政府', '广州空港委'], word: '牵头' },
      { lead: ['市科技局'], cooperate: ['各区政府', '广州空港委'], word: '牵头' },
    ]);
    expect(unitsOf('14')[1]!.lead).toEqual(['市商务局', '各区政府', '广州空港委']);
  });

  it('names responsible units only in measure 8 and four lead units in measure 4', () => {
    expect(unitsOf('8')).toEqual([{ lead: ['广州海关', '黄埔海关'], cooperate: [], word: '负责' }]);
    expect(unitsOf('4')[0]!.lead).toEqual(['白云区政府', '黄埔区政府', '南沙区政府', '广州空港委']);
    expect(unitsOf('4')[0]!.cooperate).toHaveLength(9);
  });

  it('has the unit registry with full names and 各区政府 as the group of the 11 districts', () => {
    const unit = (id: string) => g.units.find((u) => u.id === id)!;
    expect(unit('市商务局').fullName).toBe('广州市商务局');
    expect(unit('各区政府').members).toHaveLength(11);
    expect(unit('天河区政府')).toMatchObject({ fullName: '广州市天河区人民政府', district: '天河区' });
    const used = new Set(g.measures.flatMap((m) => m.clauses.flatMap((c) => [...c.lead, ...c.cooperate])));
    for (const u of used) expect(g.units.some((x) => x.id === u), u).toBe(true);
  });

  it('declares the three lists', () => {
    expect(g.lists.map((l) => l.id)).toEqual(['麒麟企业', '鲲鹏园区', '品牌出海企业']);
  });

  it('has the four money benefits of DESIGN §5 with their meanings', () => {
    const money = g.benefits.filter((b) => b.hasAmount);
    expect(money.map((b) => [b.id, b.measure, b.applicants, b.oneTime, b.inputs, b.lists, b.caps.map((c) => [c.scope, printCap(g, b, c, 'pol')])])).toEqual([
      ['麒麟企业奖励', '1', ['enterprise'], true, [], ['麒麟企业'], [['once', '不超过 200万元']]],
      ['鲲鹏园区奖励', '2', ['park_operator'], true, [], ['鲲鹏园区'], [['once', '不超过 500万元']]],
      ['品牌推广扶持', '3', ['enterprise'], false, ['推广费用'], ['品牌出海企业'], [['perYear', '不超过 100万元 每年']]],
      ['仓储租金补助', '4', ['enterprise'], false, ['租赁海关特殊监管区域仓库', '仓库租金'], [], [['perYear', '不超过 150万元 每年']]],
    ]);
    const node = (id: string) => g.nodes.find((n) => n.id === id)!;
    expect(node('expr:品牌推广扶持/base')).toMatchObject({ op: 'mul', args: ['input:推广费用', 'expr:品牌推广扶持/base.1'] });
    expect(node('expr:品牌推广扶持/base.1')).toMatchObject({ value: { type: 'percent', num: 50, den: 100 } });
    expect(node('expr:仓储租金补助/cap1')).toMatchObject({ value: { type: 'money', fen: 150_000_000 } });
    expect(node('expr:仓储租金补助/condition1')).toBeUndefined();
    expect(g.benefits.find((b) => b.id === '仓储租金补助')!.conditions.map((c) => c.node)).toEqual(['input:租赁海关特殊监管区域仓库']);
  });

  it('keeps the benefits without a stated amount as references', () => {
    const refs = g.benefits.filter((b) => !b.hasAmount);
    expect(refs.length).toBeGreaterThanOrEqual(5);
    for (const b of refs) expect(b.reference, b.id).toBeTruthy();
  });

  it("has measure 17's rules", () => {
    expect(g.rules).toMatchObject({ noDoubleFunding: { levels: ['national', 'provincial'], measure: '17' }, highestOnly: { measure: '17' } });
  });

  it('orders executable nodes after the nodes they read, and spans every node and edge', () => {
    const pos = new Map(g.order.map((id, i) => [id, i]));
    for (const n of g.nodes) {
      expect(n.span.line, n.id).toBeGreaterThan(0);
      if (n.kind === 'expr' || n.kind === 'define') for (const a of n.args) expect(pos.get(a)!, `${a} before ${n.id}`).toBeLessThan(pos.get(n.id)!);
    }
    for (const e of g.edges) expect(source.slice(e.span.offset, e.span.endOffset).length).toBeGreaterThan(0);
  });
});
