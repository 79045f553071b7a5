/** `pol eval`, `pol explain`, `pol test` and batch evaluation, run as the built CLI (npm run build first). */
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/cli.ts';
import { expectGolden } from '../support/golden.ts';

const SEED = 'dsl/guangzhou-cbec.pol';
const EXAMPLE = 'examples/applications/brand-promotion.json';
const tmp = mkdtempSync(join(tmpdir(), 'pol-eval-'));
const write = (name: string, data: unknown) => {
  const p = join(tmp, name);
  writeFileSync(p, typeof data === 'string' ? data : JSON.stringify(data));
  return p;
};
const example = JSON.parse(readFileSync(join(ROOT, EXAMPLE), 'utf8'));

describe('pol eval', () => {
  it('prints the JSON of DESIGN §5 with --json, exit 0', () => {
    const r = runCli(['eval', SEED, '--input', EXAMPLE, '--issued', '2024-01-01', '--json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.policy).toBe('gz-cbec-2023');
    expect(out.results.find((x: { benefit: string }) => x.benefit === '品牌推广扶持')).toMatchObject({ eligible: true, ceilingFen: 40000000, measure: '3' });
  });

  it('prints a readable Chinese summary without --json', () => {
    const r = runCli(['eval', SEED, '--input', EXAMPLE, '--issued', '2024-01-01']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('✓ 品牌推广扶持「跨境电商“品牌出海”推广费用扶持」（第三条）：符合，上限 40万元');
    expectGolden(join(ROOT, 'test/eval/golden/seed-example.summary.txt'), r.stdout);
  });

  it('a draft without --issued: exit 1, says to pass --issued, nothing on stdout', () => {
    const r = runCli(['eval', SEED, '--input', EXAMPLE, '--json']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--issued YYYY-MM-DD');
  });

  it('invalid input: exit 1, every bad field path named, nothing on stdout', () => {
    const bad = write('bad.json', { ...example, date: '2025-02-30', facts: { 推广费用: 1.234, 仓库租金: '很多' }, history: [{ benefit: '品牌推广扶持', date: '2025-01-10', grantedFen: 1.5 }] });
    const r = runCli(['eval', SEED, '--input', bad, '--issued', '2024-01-01', '--json']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    for (const p of ['date: 应为 YYYY-MM-DD', 'facts.推广费用: 应为以元为单位、最多两位小数的非负金额', 'facts.仓库租金:', 'history[0].grantedFen:']) expect(r.stderr).toContain(p);
  });

  it('input that is not JSON, or missing: exit 1', () => {
    expect(runCli(['eval', SEED, '--input', write('x.json', '{"date": '), '--issued', '2024-01-01']).stderr).toContain('不是有效的 JSON');
    const r = runCli(['eval', SEED, '--input', join(tmp, 'none.json'), '--issued', '2024-01-01']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('不存在');
    expect(runCli(['eval', SEED, '--input', EXAMPLE, '--issued', '2024-13-01']).status).toBe(1);
  });

  it('an undeclared fact is a warning naming it; evaluation goes on', () => {
    const typo = write('typo.json', { ...example, facts: { 推广费用: 3000000, 推广费: 10 } });
    const r = runCli(['eval', SEED, '--input', typo, '--issued', '2024-01-01', '--json']);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('facts.推广费');
    expect(r.stderr).toContain('是否想写“推广费用”');
    expect(JSON.parse(r.stdout).results[2].ceilingFen).toBe(40000000);
  });

  it('a .pol with errors: exit 2', () => {
    const pol = write('broken.pol', 'policy x "x" { status: draft\n');
    expect(runCli(['eval', pol, '--input', EXAMPLE]).status).toBe(2);
  });
});

describe('pol explain', () => {
  it('prints the trace as an indented tree', () => {
    const r = runCli(['explain', SEED, '--input', EXAMPLE, '--issued', '2024-01-01', '--benefit', '品牌推广扶持']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('├─ 金额 推广费用的50% = 150万元');
    expect(r.stdout).toContain('│  ├─ 推广费用 = 300万元 〔输入〕');
    expect(r.stdout).toContain('本年度已获60万元，尚余 40万元');
    expectGolden(join(ROOT, 'test/eval/golden/seed-example.explain.txt'), r.stdout);
  });
  it('an unknown benefit, or one without an amount: exit 1 listing those it can explain', () => {
    const r = runCli(['explain', SEED, '--input', EXAMPLE, '--issued', '2024-01-01', '--benefit', '品牌推广']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('品牌推广扶持');
    expect(runCli(['explain', SEED, '--input', EXAMPLE, '--issued', '2024-01-01', '--benefit', '海外仓支持']).stderr).toContain('没有写明金额');
  });
});

describe('pol test', () => {
  it('runs the scenarios beside the seed: exit 0', () => {
    const r = runCli(['test', SEED]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/通过 \d+，失败 0/);
  });
  it('reports which scenario failed, expected vs actual: exit 1', () => {
    const pol = join(tmp, 'p.pol');
    copyFileSync(join(ROOT, SEED), pol);
    write(
      'p.scenarios.yaml',
      `issued: 2024-01-01
scenarios:
  - name: 故意写错的上限
    application: { date: 2025-03-01, applicant: { id: A, kind: enterprise }, facts: { 推广费用: 100 }, lists: { 品牌出海企业: { member: true } } }
    expect: { 品牌推广扶持: 60 }
`,
    );
    const r = runCli(['test', pol]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('✗ 故意写错的上限');
    expect(r.stdout).toContain('品牌推广扶持：期望 符合、上限 60元，实际 符合、上限 50元');
    expect(r.stdout).toContain('通过 0，失败 1');
  });
  it('a policy without a scenario file: exit 1 naming the file it looked for', () => {
    const pol = join(tmp, 'lonely.pol');
    copyFileSync(join(ROOT, SEED), pol);
    const r = runCli(['test', pol]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('lonely.scenarios.yaml');
  });
});

describe('pol eval --batch', () => {
  const header = 'date,applicant.id,applicant.name,applicant.kind,project,facts.推广费用,facts.租赁海关特殊监管区域仓库,facts.仓库租金,lists.品牌出海企业.member,lists.麒麟企业.member,lists.麒麟企业.firstTime,history';
  const rows = [
    ['2025-03-01', 'A1', '甲公司', 'enterprise', 'P-1', '3000000', '', '', '是', '', '', '[{"benefit":"品牌推广扶持","date":"2025-01-10","grantedFen":60000000}]'],
    ['2025-03-02', 'A2', '乙公司', 'enterprise', 'P-2', '1.234', '', '', '是', '', '', ''],
    ['2025-03-03', 'A3', '丙公司', 'enterprise', 'P-3', '', '是', '4000000', '', '是', '是', ''],
    ['2025-13-01', 'A4', '丁公司', 'company', 'P-4', '100', '', '', '', '', '', ''],
  ];
  const csv = [header, ...rows.map((r) => r.map((c) => (c.includes(',') || c.includes('"') ? `"${c.replace(/"/g, '""')}"` : c)).join(','))].join('\n');
  const csvPath = write('apps.csv', csv);

  it('CSV in, CSV out: one row per good application, bad rows named by row number and skipped, exit 1', () => {
    const out = join(tmp, 'out.csv');
    const r = runCli(['eval', SEED, '--batch', csvPath, '--issued', '2024-01-01', '--out', out]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('第 3 行：facts.推广费用: 应为以元为单位');
    expect(r.stderr).toContain('第 5 行：date:');
    expect(r.stderr).toContain('共 4 份申报：已评估 2 份');
    // A1 and A3 are no 统一社会信用代码: evaluated, with one warning line for both (POL5127)
    expect(r.stderr).toMatch(/注意：applicant\.id “A1”不是有效的统一社会信用代码：.*（第 2、4 行，共 2 行）/);
    expect(r.stderr.match(/不是有效的统一社会信用代码/g)).toHaveLength(1);
    const lines = readFileSync(out, 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).toBe('row,applicant.id,applicant.name,date,麒麟企业奖励.eligible,麒麟企业奖励.ceilingYuan,鲲鹏园区奖励.eligible,鲲鹏园区奖励.ceilingYuan,品牌推广扶持.eligible,品牌推广扶持.ceilingYuan,仓储租金补助.eligible,仓储租金补助.ceilingYuan,totalCeilingYuan');
    expect(lines[1]).toBe('2,A1,甲公司,2025-03-01,false,0.00,false,0.00,true,400000.00,false,0.00,400000.00');
    // 麒麟 200万元 and rent 120万元: 就高不就低 keeps the award
    expect(lines[2]).toBe('4,A3,丙公司,2025-03-03,true,2000000.00,false,0.00,false,0.00,false,0.00,2000000.00');
    expect(lines).toHaveLength(3);
  });

  it('JSONL in, JSONL out, reasons only with --explain; all rows good: exit 0', () => {
    const jsonl = write('apps.jsonl', [JSON.stringify(example), '', JSON.stringify({ ...example, applicant: { ...example.applicant, id: 'B' }, history: [] })].join('\n'));
    const out = join(tmp, 'out.jsonl');
    expect(runCli(['eval', SEED, '--batch', jsonl, '--issued', '2024-01-01', '--out', out]).status).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8').split('\n')[0]!).results[2].reasons).toBeUndefined();
    const r = runCli(['eval', SEED, '--batch', jsonl, '--issued', '2024-01-01', '--out', out, '--explain']);
    expect(r.status).toBe(0);
    const results = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(results.map((x) => x.row)).toEqual([1, 3]);
    expect(results[0].results[2]).toMatchObject({ benefit: '品牌推广扶持', ceilingFen: 40000000, ceilingYuan: '400000.00' });
    expect(results[1].results[2].ceilingYuan).toBe('1000000.00');
    expect(results[0].results[2].reasons[0]).toContain('依据第三条');
    // a row's warnings travel with it, as in `pol eval --json`: B is no 统一社会信用代码
    expect(results[0].diagnostics).toBeUndefined();
    expect(results[1].diagnostics).toEqual([expect.objectContaining({ code: 'POL5127', severity: 'warning', path: 'applicant.id' })]);
  });

  it('Excel in, Excel out (exceljs)', async () => {
    const ExcelJS = await (await import('../../src/io/xlsx.ts')).loadExcel(); // as pol loads it: test/io/xlsx.test.ts
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('申报');
    ws.addRow(header.split(','));
    ws.addRow([new Date(Date.UTC(2025, 2, 1)), 'A1', '甲公司', 'enterprise', 'P-1', 3000000, null, null, true, null, null, rows[0]![11]]);
    ws.addRow(rows[1]);
    ws.addRow(['2025-03-03', 'A3', '丙公司', 'enterprise', 'P-3', null, '是', 4000000.5, null, null, null, null]);
    const xlsx = join(tmp, 'apps.xlsx');
    await wb.xlsx.writeFile(xlsx);
    const out = join(tmp, 'out.xlsx');
    const r = runCli(['eval', SEED, '--batch', xlsx, '--issued', '2024-01-01', '--out', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('第 3 行：facts.推广费用');
    const res = new ExcelJS.Workbook();
    await res.xlsx.readFile(out);
    const sheet = res.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('row');
    expect(sheet.getRow(2).values).toEqual([undefined, 2, 'A1', '甲公司', '2025-03-01', false, 0, false, 0, true, 400000, false, 0, 400000]);
    // 4000000.50 × 30% = 1200000.15
    expect(sheet.getRow(3).getCell(12).value).toBe(1200000.15);
  });

  it('prints a table without --out; an unknown format is an error', () => {
    const r = runCli(['eval', SEED, '--batch', csvPath, '--issued', '2024-01-01']);
    expect(r.stdout).toContain('品牌推广扶持');
    expect(r.stdout).toContain('400000.00');
    expect(runCli(['eval', SEED, '--batch', write('apps.txt', ''), '--issued', '2024-01-01']).stderr).toContain('.jsonl、.csv 或 .xlsx');
  });
});
