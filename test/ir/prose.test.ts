/**
 * The prose printer (src/ir/prose.ts, src/ir/ops.ts) as data: every construct in Chinese, English and
 * .pol (prose-cases.yaml), and the round trip "print in .pol, compile again, same graph" for each case
 * and for every expression of every policy in dsl/ and of the language's good cases.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { equalGraphs, meaning } from '../../src/ir/equal.ts';
import { OPS } from '../../src/ir/ops.ts';
import { Prose } from '../../src/ir/prose.ts';
import type { Graph } from '../../src/ir/schema.ts';
import { compile } from '../../src/pipeline.ts';
import { messageOf } from '../../src/diagnostics/diagnostic.ts';
import { ROOT } from '../support/cli.ts';

const PRE = `政策 t-1 "测试政策" {
  状态：正式
  发布：甲局
  印发：2024-01-01
  有效期：自印发之日起 3年
}
单位 甲局 "某市甲局"
主体 企业 "企业" = enterprise
名单 重点企业 "重点企业名单"
名单 品牌 "品牌出海企业"
输入 费用甲：金额 "费用甲"
输入 费用乙：金额 "费用乙"
输入 面积：数量(平方米) "面积"
输入 场次：数量(场) "场次"
输入 比率：比例 "比率"
输入 注册日期：日期 "注册日期"
输入 出口额：金额(USD) "出口额"
输入 是否高新：是否 "是否高新技术企业"
输入 级别：选项(国家级，省级) "展会级别"
输入 发票：清单(日期：日期，金额：金额，付款方：文本) "发票"
措施 1 "办展" { 原文："……" 牵头：甲局 扶持 办展补助 "办展补助" { 对象：企业 金额：最高 1万元 } }
`;

interface Case {
  pol: string;
  zh: string;
  en: string;
}

const cases = parseYaml(readFileSync(join(ROOT, 'test/ir/prose-cases.yaml'), 'utf8')) as Case[];

function graphOf(source: string, file = 'case.pol'): Graph {
  const r = compile(source, file);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  expect(errors.map((d) => `${d.code} ${messageOf(d)}`), source).toEqual([]);
  return r.graph!;
}

describe('prose printer, construct by construct', () => {
  it.each(cases)('$pol', (c) => {
    const g = graphOf(`${PRE}计算 e = ${c.pol}\n`);
    const root = (g.nodes.find((n) => n.id === 'define:e') as { args: string[] }).args[0]!;
    expect(new Prose(g, 'zh').expr(root)).toBe(c.zh);
    expect(new Prose(g, 'en').expr(root)).toBe(c.en);
    const again = graphOf(`${PRE}计算 e = ${new Prose(g, 'pol').expr(root)}\n`);
    expect(meaning(again)).toEqual(meaning(g));
  });

  it('covers every operator of the graph', () => {
    const seen = new Set<string>();
    for (const c of cases) for (const n of graphOf(`${PRE}计算 e = ${c.pol}\n`).nodes) if (n.kind === 'expr') seen.add(n.op);
    expect([...seen].sort()).toEqual(Object.keys(OPS).sort());
  });
});

/** Every .pol whose graph the round trip is checked on: dsl/ and the good language cases. */
function policies(): string[] {
  const out = readdirSync(join(ROOT, 'dsl')).filter((f) => f.endsWith('.pol')).map((f) => join(ROOT, 'dsl', f));
  const cases = join(ROOT, 'test/cases');
  for (const area of readdirSync(cases)) {
    let files: string[] = [];
    try {
      files = readdirSync(join(cases, area, 'good'));
    } catch {
      continue;
    }
    out.push(...files.filter((f) => f.endsWith('.pol')).map((f) => join(cases, area, 'good', f)));
  }
  return out;
}

describe('printing in .pol and compiling again gives an equal graph', () => {
  it.each(policies().map((p) => [p.slice(ROOT.length + 1), p]))('%s', (_rel, path) => {
    const source = readFileSync(path, 'utf8');
    const r = compile(source, path);
    if (!r.graph) return;
    const g = r.graph;
    const pol = new Prose(g, 'pol');
    // every condition, amount, cap and definition, replaced by its printed .pol (in parentheses)
    const roots = [
      ...g.benefits.flatMap((b) => [...b.conditions.map((c) => c.node), ...(b.base ? [b.base] : []), ...b.caps.map((c) => c.node)]),
      ...g.nodes.flatMap((n) => (n.kind === 'define' ? n.args : [])),
    ];
    const edits = new Map<number, { end: number; text: string }>();
    for (const id of roots) {
      const n = g.nodes.find((x) => x.id === id);
      if (n?.kind !== 'expr') continue;
      edits.set(n.span.offset, { end: n.span.endOffset, text: `(${pol.expr(id)})` });
    }
    let out = source;
    for (const [start, e] of [...edits].sort((a, b) => b[0] - a[0])) out = out.slice(0, start) + e.text + out.slice(e.end);
    const again = compile(out, path);
    expect(again.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(meaning(again.graph!)).toEqual(meaning(g));
    expect(equalGraphs(again.graph!, g)).toBe(true);
  });
});
