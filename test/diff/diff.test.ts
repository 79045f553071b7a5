/** pol diff: the seed against a revised official copy (library and CLI), and against itself. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffGraphs, renderDiff } from '../../src/diff/index.ts';
import { equalGraphs } from '../../src/ir/equal.ts';
import { format } from '../../src/syntax/format.ts';
import { parse } from '../../src/syntax/parse.ts';
import { policy } from '../export/support.ts';
import { runCli } from '../support/cli.ts';
import { revisedSeed, SEED, SEED_FILE } from './revise.ts';

const dir = mkdtempSync(join(tmpdir(), 'pol-diff-'));
const NEW = join(dir, 'guangzhou-cbec-official.pol');
writeFileSync(NEW, revisedSeed());

describe('diffGraphs', () => {
  const a = policy(SEED, SEED_FILE);
  const b = policy(revisedSeed(), 'guangzhou-cbec-official.pol');
  const d = diffGraphs(a, b);
  const texts = d.changes.map((c) => c.text);

  it('finds the status, issuance and document number', () => {
    expect(d.same).toBe(false);
    expect(d.changes).toContainEqual(expect.objectContaining({ area: 'policy', field: 'status', old: '征求意见稿', new: '正式' }));
    expect(d.changes).toContainEqual(expect.objectContaining({ area: 'policy', field: 'issued', old: '无', new: '2024-03-01' }));
    expect(texts).toContain('发文字号：无 → 穗商务规字〔2024〕1号');
  });

  it('finds the raised cap and rate, in 万元 and %', () => {
    expect(d.changes).toContainEqual(expect.objectContaining({ area: 'benefit', subject: '品牌推广扶持', field: 'cap', old: '100万元', new: '120万元' }));
    expect(d.changes).toContainEqual(expect.objectContaining({ area: 'benefit', subject: '品牌推广扶持', field: 'rate', old: '50%', new: '60%' }));
    expect(texts).toContain('品牌推广扶持（措施 3）上限（每年）：100万元 → 120万元');
  });

  it('finds the changed cooperating unit, and names what was added and removed', () => {
    const c = d.changes.find((x) => x.area === 'clause' && x.field === 'cooperate')!;
    expect(c.text).toContain('配合单位：市市场监管局、各区政府、广州空港委 → 市科技局、各区政府、广州空港委');
    expect(c.text).toContain('增加 市科技局；减少 市市场监管局');
  });

  it('finds the added and the retitled measure', () => {
    expect(texts).toContain('新增措施 18“支持跨境电商人才实训基地建设”');
    expect(texts).toContain('措施 16 标题：“加大行业宣传推广” → “加大跨境电商行业宣传推广”');
  });

  it('lists nothing else', () => {
    expect(d.changes.map((c) => `${c.area}.${c.field}`).sort()).toEqual(
      ['benefit.cap', 'benefit.rate', 'clause.cooperate', 'measure.measure', 'measure.title', 'policy.docNumber', 'policy.issued', 'policy.status'].sort(),
    );
  });

  it('sees no change between a policy and itself, nor when only comments and layout differ', () => {
    expect(diffGraphs(a, a)).toMatchObject({ same: true, changes: [] });
    const relaid = SEED.replace(/^# .*$/gm, '# 注释已改').replace('单位 市科技局 "广州市科学技术局"', '单位   市科技局   "广州市科学技术局"   # 对齐');
    expect(diffGraphs(a, policy(relaid, 'relaid.pol'))).toMatchObject({ same: true, changes: [] });
  });

  it('renders Chinese text grouped by area', () => {
    const text = renderDiff(d);
    expect(text).toContain('共 8 处不同');
    expect(text).toMatch(/政策\n  · 状态：征求意见稿 → 正式/);
  });
});

describe('a reformatting is no rule changed', () => {
  const reformat = (source: string, lang: 'zh' | 'en') => format(parse(source, SEED_FILE).ast!, source, { lang });
  const en = reformat(SEED, 'en');
  const a = policy(SEED, SEED_FILE);

  it('the seed in English keywords, and back to Chinese, states the same rules', () => {
    expect(equalGraphs(a, policy(en, 'seed-en.pol'))).toBe(true);
    expect(diffGraphs(a, policy(en, 'seed-en.pol'))).toMatchObject({ same: true, changes: [] });
    expect(diffGraphs(a, policy(reformat(en, 'zh'), 'seed-zh.pol'))).toMatchObject({ same: true, changes: [] });
  });

  it('synonyms and the unit an amount is stated in do not change a rule', () => {
    const b = policy(SEED.replace('不超过 100万元 每年', '最高 1000000元 每企业每年'), 'synonyms.pol');
    expect(diffGraphs(a, b)).toMatchObject({ same: true, changes: [] });
  });

  it('pol diff of the seed and its English reformatting exits 0', () => {
    const file = join(dir, 'seed-en.pol');
    writeFileSync(file, en);
    const r = runCli(['diff', SEED_FILE, file]);
    expect(r.status).toBe(0);
  });
});

describe('pol diff (CLI)', () => {
  it('exits 1 and lists the changes when the rules differ', () => {
    const r = runCli(['diff', SEED_FILE, NEW]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('状态：征求意见稿 → 正式');
    expect(r.stdout).toContain('上限（每年）：100万元 → 120万元');
    expect(r.stdout).toContain('新增措施 18');
  });

  it('gives JSON for machines with --json', () => {
    const r = runCli(['diff', SEED_FILE, NEW, '--json']);
    expect(r.status).toBe(1);
    const d = JSON.parse(r.stdout) as { same: boolean; changes: { field: string }[] };
    expect(d.same).toBe(false);
    expect(d.changes.map((c) => c.field)).toContain('cap');
  });

  it('exits 0 when the two compile to the same rules', () => {
    const r = runCli(['diff', SEED_FILE, SEED_FILE]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('规则相同');
  });

  it('exits 2 with the diagnostics when a file has errors', () => {
    const bad = join(dir, 'bad.pol');
    writeFileSync(bad, SEED.replace('牵头：市商务局\n  配合：市市场监管局', '牵头：市商务局局\n  配合：市市场监管局'));
    const r = runCli(['diff', SEED_FILE, bad]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('POL2001');
    expect(r.stdout).toBe('');
  });
});

describe('diffGraphs: the policy’s own figures and 取整至 after the caps (#12)', () => {
  it('names a changed 汇率, 年度资金总额, 分担 and rounding step', () => {
    const file = 'test/cases/reach/good/policy-figures.pol';
    const src = readFileSync(file, 'utf8');
    const revised = src
      .replace('1美元 = 7.1元', '1美元 = 7.2元')
      .replace('年度资金总额：800万元', '年度资金总额：900万元')
      .replace('市、区 按 6:4', '市、区 按 5:5')
      .replace('不超过 50万元 每年，取整至 1万元', '不超过 50万元 每年，取整至 1000元');
    const texts = diffGraphs(policy(src, file), policy(revised, file)).changes.map((c) => c.text);
    expect(texts).toContain('汇率：1美元=7.1元，1港元=0.915元 → 1美元=7.2元，1港元=0.915元');
    expect(texts).toContain('年度资金总额：800万元 → 900万元');
    expect(texts).toContain('分担：市、区按6:4 → 市、区按5:5');
    expect(texts.some((t) => t.includes('上限之后取整：再按1万元向下取整 → 再按1000元向下取整'))).toBe(true);
  });
});
