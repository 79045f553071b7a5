/** The first commands of the CLI, run as real processes on the built dist/. */
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { GraphSchema } from '../../src/ir/schema.ts';

const SEED = 'dsl/guangzhou-cbec.pol';
const tmp = () => mkdtempSync(join(tmpdir(), 'pol-cli-'));
const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at .+:\d+:\d+/);

describe('pol check', () => {
  it('exits 0 on the seed and the English policy', () => {
    const r = runCli(['check', SEED, 'dsl/expo-support-en.pol']);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('2 个文件：0 个错误');
  });

  it('prints diagnostics as JSON with 1-based lines and columns', () => {
    const r = runCli(['check', 'test/cases/names/bad/unknown-names.pol', '--json']);
    expect(r.status).toBe(2);
    const j = JSON.parse(r.stdout) as { diagnostics: Record<string, unknown>[] };
    expect(j.diagnostics[0]).toEqual({
      file: 'test/cases/names/bad/unknown-names.pol',
      line: 14,
      col: 6,
      endLine: 14,
      endCol: 7,
      severity: 'error',
      code: 'POL2001',
      message: '未定义的单位“丁局”（是否想写“甲局”？）',
    });
    expect(Object.keys(j.diagnostics[0]!)).toEqual(['file', 'line', 'col', 'endLine', 'endCol', 'severity', 'code', 'message']);
  });

  it('speaks English with --lang en', () => {
    const r = runCli(['check', 'test/cases/names/bad/unknown-names.pol', '--lang', 'en']);
    expect(r.stderr).toContain('error POL2001: unknown unit "丁局"');
    expect(r.stderr).toContain('1 file(s): 8 error(s), 0 warning(s)');
  });

  it('reports a missing file clearly, with exit 2 and no stack', () => {
    const r = runCli(['check', 'nope.pol']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('无法读取政策文件 nope.pol：不存在');
    noStack(r.stderr);
  });

  it('names a policy file saved as GBK instead of UTF-8 (POL1020), exit 2', () => {
    const file = join(tmp(), 'gbk.pol');
    // 政策 x "中文" {} in GBK
    writeFileSync(file, Buffer.from([0xd5, 0xfe, 0xb2, 0xdf, 0x20, 0x78, 0x20, 0x22, 0xd6, 0xd0, 0xce, 0xc4, 0x22, 0x20, 0x7b, 0x7d]));
    const r = runCli(['check', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('POL1020');
    expect(r.stderr).toContain('GBK');
    noStack(r.stderr);
  });

  it('rejects an unknown option and shows help on --help', () => {
    const bogus = runCli(['check', '--bogus', SEED]);
    expect(bogus.status).toBe(1);
    expect(bogus.stderr).toContain('错误：没有选项 --bogus');
    const missing = runCli(['compile']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('错误：缺少参数 <file>');
    const h = runCli(['check', '--help']);
    expect(h.status).toBe(0);
    expect(h.stdout).toContain('--json');
  });
});

describe('pol compile', () => {
  it('prints the graph JSON, which validates against the schema', () => {
    const r = runCli(['compile', SEED]);
    expect(r.status).toBe(0);
    const g = GraphSchema.parse(JSON.parse(r.stdout));
    expect(g.policy.id).toBe('gz-cbec-2023');
    expect(g.source.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('writes a file with -o and writes nothing when the policy has errors', () => {
    const dir = tmp();
    expect(runCli(['compile', SEED, '-o', join(dir, 'g.json')]).status).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'g.json'), 'utf8')).format).toBe('pol-graph/1');
    const bad = join(dir, 'bad.pol');
    writeFileSync(bad, '政策 x "x" { 状态：正式 }\n单位 甲 "甲" 单位 甲 "甲"\n');
    const r = runCli(['compile', bad, '-o', join(dir, 'bad.json')]);
    expect(r.status).toBe(2);
    expect(existsSync(join(dir, 'bad.json'))).toBe(false);
  });
});

describe('pol graph', () => {
  it('draws Mermaid and DOT with measures, clauses, units, benefits and inputs', () => {
    const m = runCli(['graph', SEED, '--format', 'mermaid']);
    expect(m.status).toBe(0);
    expect(m.stdout.startsWith('flowchart LR')).toBe(true);
    for (const s of ['第三条 支持跨境电商“品牌出海”', '品牌推广扶持', '推广费用', '市商务局', '第2款', '名单：品牌出海企业']) expect(m.stdout).toContain(s);
    const d = runCli(['graph', SEED, '--format', 'dot']);
    expect(d.stdout).toMatch(/^digraph "gz-cbec-2023" \{/);
    expect(d.stdout).toContain('subgraph cluster_');
    expect(runCli(['graph', SEED, '--format', 'png']).status).toBe(1);
  });
});
