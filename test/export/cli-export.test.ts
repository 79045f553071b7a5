/**
 * The CLI side of issue #15: `pol export --format python|java|cases`, `--input -` (and `--batch -`)
 * reading standard input, and `--json` errors as one JSON object with the catalog code.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { ISSUED } from './support.ts';

const dir = mkdtempSync(join(tmpdir(), 'pol-cli-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const APP = {
  date: '2025-03-01',
  applicant: { id: '91440101MA59TEXT0R', kind: 'enterprise' },
  project: 'P-001',
  facts: { 推广费用: 3000000 },
  lists: { 品牌出海企业: { member: true } },
  history: [{ benefit: '品牌推广扶持', date: '2025-01-10', grantedFen: 60000000 }],
};
const SEED = 'dsl/guangzhou-cbec.pol';

describe('pol export --format python|java|cases', () => {
  it('writes a Python module and a Java class, and refuses a draft without --issued (POL7002)', () => {
    const py = runCli(['export', SEED, '--format', 'python', '--issued', ISSUED]);
    expect(py.status, py.stderr).toBe(0);
    expect(py.stdout).toMatch(/^# -\*- coding: utf-8 -\*-/);
    expect(py.stdout).toContain('def evaluate(app):');
    const java = runCli(['export', SEED, '--format', 'java', '--issued', ISSUED, '-o', join(dir, 'GzCbec2023.java')]);
    expect(java.status, java.stderr).toBe(0);
    expect(readFileSync(join(dir, 'GzCbec2023.java'), 'utf8')).toContain('public static Map<String, Object> evaluate(Map<String, Object> app)');
    const draft = runCli(['export', SEED, '--format', 'python']);
    expect(draft.status).toBe(2);
    expect(draft.stderr).toContain('POL7002');
  });

  it('cases: boundary cases of thresholds, caps and the validity window, then --count random ones, each with pol eval\'s decision', () => {
    const r = runCli(['export', SEED, '--format', 'cases', '--issued', ISSUED, '--count', '5']);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { format: string; cases: { name: string; application: { date: string }; expected: { results: { benefit: string; eligible: boolean; ceilingFen: number; measures: string[] }[] } }[] };
    expect(doc.format).toBe('pol-cases/1');
    const names = doc.cases.map((c) => c.name);
    expect(names.filter((n) => n.startsWith('随机'))).toHaveLength(5);
    for (const want of ['品牌推广扶持：有效期末日 2026-12-31', '品牌推广扶持：有效期后一日 2027-01-01', '品牌推广扶持：推广费用 = 2000000', '品牌推广扶持：上限余 1 分', '麒麟企业奖励：一次性奖励已获得', '品牌推广扶持：本项目已获 national 资金']) {
      expect(names.some((n) => n.startsWith(want)), want).toBe(true);
    }
    const last = doc.cases.find((c) => c.name.startsWith('品牌推广扶持：有效期后一日'))!;
    expect(last.expected.results.every((x) => !x.eligible)).toBe(true);
    const funded = doc.cases.find((c) => c.name.startsWith('品牌推广扶持：本项目已获 national'))!;
    expect(funded.expected.results.find((x) => x.benefit === '品牌推广扶持')!.measures).toEqual(['3', '17']);
    expect(runCli(['export', SEED, '--format', 'cases', '--issued', ISSUED, '--count', 'x']).status).toBe(1);
  });
});

describe('--input - and --json errors', () => {
  it('eval, explain and eval --batch read applications from standard input', () => {
    const e = runCli(['eval', SEED, '--issued', ISSUED, '--input', '-', '--json'], { input: JSON.stringify(APP) });
    expect(e.status, e.stderr).toBe(0);
    expect((JSON.parse(e.stdout) as { results: { ceilingFen: number }[] }).results[2]!.ceilingFen).toBe(40_000_000);
    const x = runCli(['explain', SEED, '--issued', ISSUED, '--benefit', '品牌推广扶持', '--input', '-'], { input: JSON.stringify(APP) });
    expect(x.status, x.stderr).toBe(0);
    const b = runCli(['eval', SEED, '--issued', ISSUED, '--batch', '-', '--json'], { input: `${JSON.stringify(APP)}\n${JSON.stringify(APP)}\n` });
    expect(b.status, b.stderr).toBe(0);
    expect(b.stdout.trim().split('\n')).toHaveLength(2);
  });

  it('with --json an error is {"error": {code, message, exitCode}, "diagnostics": […]} on stderr', () => {
    const bad = runCli(['eval', SEED, '--issued', ISSUED, '--input', '-', '--json'], { input: JSON.stringify({ ...APP, date: '2025-02-30' }) });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe('');
    expect(JSON.parse(bad.stderr)).toMatchObject({ error: { code: 'POL4001', exitCode: 1, errors: [{ path: 'date' }] }, diagnostics: [] });
    const notJson = runCli(['eval', SEED, '--issued', ISSUED, '--input', '-', '--json'], { input: '{' });
    expect(JSON.parse(notJson.stderr)).toMatchObject({ error: { code: 'POL7008', exitCode: 1 } });
    const missing = runCli(['eval', SEED, '--input', join(dir, 'none.json'), '--json']);
    expect(JSON.parse(missing.stderr)).toMatchObject({ error: { code: 'POL7007', exitCode: 1 } });
    const pol = runCli(['eval', '-', '--input', join(dir, 'none.json'), '--json'], { input: '政策 {' });
    expect(pol.status).toBe(2);
    const j = JSON.parse(pol.stderr) as { error: { code: string }; diagnostics: { code: string; line: number }[] };
    expect(j.error.code).toMatch(/^POL1/);
    expect(j.diagnostics[0]).toMatchObject({ code: j.error.code, line: 1 });
    const draft = runCli(['eval', SEED, '--input', '-', '--json'], { input: JSON.stringify(APP) });
    expect(JSON.parse(draft.stderr)).toMatchObject({ error: { code: 'POL4002', exitCode: 1 } });
    // without --json, the same error in Chinese text
    expect(runCli(['eval', SEED, '--input', '-'], { input: '{' }).stderr).toMatch(/^pol: POL7008: 申报数据 （标准输入） 不是有效的 JSON/);
  });
});
