/** The language service as plain functions (what the LSP server and the desk's playground call). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/service/analysis.ts';
import { codeActions, complete, definition, hover, references, rename, suggestions } from '../../src/service/features.ts';
import { ROOT } from '../support/cli.ts';

const en = readFileSync(resolve(ROOT, 'dsl/expo-support-en.pol'), 'utf8');
const zh = readFileSync(resolve(ROOT, 'dsl/guangzhou-cbec.pol'), 'utf8');

describe('language service', () => {
  it('offers keywords in the file\'s own keyword language', () => {
    const a = analyze(en, 'en.pol');
    expect(a.lang).toBe('en');
    const labels = complete(a, en.indexOf('\nunit ') + 1).map((c) => c.label);
    expect(labels).toContain('measure');
    expect(labels).toContain('support …');
    expect(labels).not.toContain('措施');
    const zhLabels = complete(analyze(zh, 'zh.pol'), zh.indexOf('\n单位 ') + 1).map((c) => c.label);
    expect(zhLabels).toContain('措施');
    expect(zhLabels).not.toContain('measure');
  });

  it('offers the next measure number after 措施', () => {
    const text = `${zh}\n措施 `;
    // the trailing 措施 does not parse: the names of the last version that did are used
    expect(complete(analyze(text, 'zh.pol'), text.length, analyze(zh, 'zh.pol')).map((c) => c.label)).toEqual(['18']);
  });

  it('resolves every use of an English name to its one definition', () => {
    const a = analyze(en, 'en.pol');
    const use = en.indexOf('revenue-last', en.indexOf('input revenue-last') + 20);
    expect(use).toBeGreaterThan(0);
    const [def] = definition(a, use);
    expect(en.slice(def!.offset, def!.endOffset)).toBe('revenue-last');
    expect(def!.offset).toBe(en.indexOf('input revenue-last') + 'input '.length);
    expect(references(a, use).length).toBeGreaterThanOrEqual(2);
    expect(hover(a, use)?.contents).toContain('上年度跨境电商交易额');
  });

  it('refuses a rename to a keyword, a taken name or a non-name', () => {
    const a = analyze(zh, 'zh.pol');
    const at = zh.indexOf('输入 推广费用') + 3;
    expect(rename(a, at, '仓库租金')).toEqual({ error: expect.stringContaining('已被使用') });
    expect(rename(a, at, '不超过')).toEqual({ error: expect.stringContaining('不是有效的名称') });
    expect(rename(a, at, '推广 费用')).toEqual({ error: expect.stringContaining('不是有效的名称') });
    expect('edits' in rename(a, at, '推广支出')).toBe(true);
  });

  it('suggests close names and fixes habitual punctuation', () => {
    expect(suggestions('市商务具', ['市商务局', '市科技局', '广州海关'])).toEqual(['市商务局']);
    expect(suggestions('完全不同的名字', ['市商务局'])).toEqual([]);
    const text = zh.replace('  牵头：市商务局\n  配合：市市场监管局', '  牵头：市商务局。\n  配合：市市场监管局');
    const a = analyze(text, 'zh.pol');
    const bad = a.diagnostics.find((d) => d.code === 'POL1001');
    expect(bad).toBeDefined();
    const fixes = codeActions(a, bad!.span);
    expect(fixes.map((f) => f.edit.newText)).toContain('；');
  });
});
