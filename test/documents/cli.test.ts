/**
 * `pol doc` as a user runs it: files, exit codes, batches, names. The documents are made in this thread (src/cli's
 * `runPol`, output captured, as test/hostile/harness.ts runs pol), on the document engine the other document tests
 * of this worker load, not in runCli's worker thread (test/support/cli.ts), which would load the fonts, pdfmake,
 * docx and harfbuzz a second time (about 1.8 s of CPU). The built CLI (dist/) still answers the bad options
 * below (runCli) and makes the batch's worker threads (dist/src/documents/worker.js).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { polInProcess } from '../hostile/harness.ts';
import { runCli } from '../support/cli.ts';
import { docxText, FIXTURES, pdfText, SEED, squash } from './support.ts';

/** pol in this thread, with the environment `runCli` (test/support/cli.ts) gives a call: NO_COLOR=1. */
const pol = (args: string[]) => polInProcess(args, { NO_COLOR: '1' });

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'pol-doc-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const common = ['--issued', '2024-01-01', '--date', '2025-03-10'];
const dirOf = (name: string) => {
  const d = join(tmp, name);
  mkdirSync(d, { recursive: true });
  return d;
};

describe('pol doc', () => {
  it('writes a certificate as PDF and DOCX and lists the files', async () => {
    const out = dirOf('one');
    const r = await pol(['doc', 'certificate', SEED, '-i', join(FIXTURES, 'brand.json'), '-f', 'both', '-o', out, ...common]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toEqual(['certificate-广州某科技有限公司-91440101MA59XXXXXA-P-001.docx', 'certificate-广州某科技有限公司-91440101MA59XXXXXA-P-001.pdf']);
    expect(r.stdout.trim().split('\n').sort()).toEqual(files.map((f) => join(out, f)).sort()); // outside the working folder: absolute
    const pdf = squash(await pdfText(readFileSync(join(out, files[1]!))));
    expect(pdf).toBe(squash(await docxText(readFileSync(join(out, files[0]!)))));
    expect(pdf).toContain('人民币肆拾万元整');
  });

  it('refuses an amount above the ceiling: exit 3, a clear message, nothing written', async () => {
    const out = join(tmp, 'refused');
    const r = await pol(['doc', 'certificate', SEED, '-i', join(FIXTURES, 'brand.json'), '--amount', '400000.01', '-o', out, ...common]);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('核定金额 400,000.01 元超过评估上限 400,000.00 元');
    expect(r.stderr).toContain('POL6002');
    expect(r.stderr).not.toMatch(/at .*\.js/); // no stack trace
    expect(existsSync(out)).toBe(false);
  });

  it('says what is wrong with bad options and data (exit 1)', () => {
    const cases: [string[], RegExp][] = [
      [['doc', 'letter', SEED], /文档类型 只能是 .*（收到 letter）/],
      [['doc', 'certificate', SEED], /需要申报数据/],
      [['doc', 'certificate', SEED, '-i', join(FIXTURES, 'brand.json'), '--amount', '12.345', ...common], /金额“12.345”无效/],
      [['doc', 'call', SEED, '--format', 'odt'], /--format 只能是 pdf、docx、both/],
      [['doc', 'call', SEED, '--date', '2025-02-30'], /--date 应为 YYYY-MM-DD/],
      [['doc', 'call', SEED, '--doc-number', '穗商务函[2025]012号', '-o', dirOf('x')], /POL6009/],
      [['doc', 'certificate', SEED, '-i', join(FIXTURES, 'brand.json'), '--date', '2025-03-10'], /--issued YYYY-MM-DD/],
      [['doc', 'certificate', SEED, '-i', join(FIXTURES, 'nope.json'), ...common], /无法读取申报数据文件/],
    ];
    // the built CLI's `pol doc` (in runCli's worker thread): these refusals load no document engine
    for (const [args, msg] of cases) {
      const r = runCli(args);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toMatch(msg);
    }
  });

  it('refuses a final notice without a document number; a draft or --number-pending gets a blank with a warning', async () => {
    const refused = await pol(['doc', 'call', SEED, '-b', '品牌推广扶持', '-o', dirOf('call'), ...common]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('申报通知未指定发文字号');
    expect(refused.stderr).toContain('POL6020: ');
    const pending = await pol(['doc', 'call', SEED, '-b', '品牌推广扶持', '--number-pending', '-o', dirOf('call'), ...common]);
    expect(pending.status).toBe(0);
    expect(pending.stderr).toContain('未指定发文字号，暂以“〔2025〕　号”占位');
    expect(readdirSync(join(tmp, 'call'))).toEqual(['call-品牌推广扶持.pdf']);
  });
});

describe('pol doc --batch', () => {
  const header = 'date,applicant.id,applicant.name,applicant.kind,applicant.district,project,facts.推广费用,lists.品牌出海企业.member,grantedYuan,note';
  const rows = [
    '2025-03-01,91440101MA59AAA01D,广州甲科技有限公司,enterprise,天河区,P-1,300000,是,150000,',
    '2025-03-01,91440101MA59AAA02G,"广州乙{{x}}<script>&__proto__",enterprise,天河区,P-2,100000,是,50000,"备注{{y}}"',
    '2025-03-01,91440101MA59AAA03K,广州丙有限公司,enterprise,天河区,P-3,100000,是,50000.01,',
    '2025-03-01,,缺代码公司,enterprise,天河区,P-4,100000,是,100,',
    '2025-03-01,../../etc/passwd,CON,enterprise,天河区,P-5,100000,是,100,',
    '2025-13-01,91440101MA59AAA06W,日期错公司,enterprise,天河区,P-6,100000,是,100,',
    '2025-03-01,91440101MA59AAA01D,广州甲科技有限公司,enterprise,天河区,P-1,300000,是,100,',
  ];

  it('makes one certificate per good row, reports bad rows by number, keeps names safe and distinct', async () => {
    const csv = join(tmp, 'apps.csv');
    writeFileSync(csv, [header, ...rows].join('\n'));
    const out = dirOf('batch');
    const r = await pol(['doc', 'certificate', SEED, '--batch', csv, '-b', '品牌推广扶持', '-o', out, ...common, '--json']);
    expect(r.status).toBe(1);
    const res = JSON.parse(r.stdout) as { files: string[]; skipped: { row: number; messages: string[] }[]; warnings: string[] };
    expect(res.skipped.map((s) => s.row)).toEqual([4, 5, 7]);
    expect(res.skipped[0]!.messages[0]).toContain('POL6002');
    expect(res.skipped[1]!.messages[0]).toContain('applicant.id');
    expect(res.skipped[2]!.messages[0]).toContain('date');
    const files = readdirSync(out).sort();
    expect(files).toEqual([
      'certificate-品牌推广扶持-_CON-etc_passwd~3754d6cb-P-5.pdf',
      'certificate-品牌推广扶持-广州乙{{x}}_script_&__proto-91440101MA59AAA02G-P-2.pdf',
      'certificate-品牌推广扶持-广州甲科技有限公司-91440101MA59AAA01D-P-1-2.pdf',
      'certificate-品牌推广扶持-广州甲科技有限公司-91440101MA59AAA01D-P-1.pdf',
    ]);
    expect(res.warnings.join('\n')).toContain('第 8 行与第 2 行是同一申报主体的同一项目');
    expect(res.files.every((f) => f.startsWith(out))).toBe(true);
    expect(res.files).toHaveLength(4);
  });

  it('uses worker threads for a larger batch and writes every document (JSONL)', async () => {
    const brand = JSON.parse(readFileSync(join(FIXTURES, 'brand.json'), 'utf8')) as Record<string, unknown>;
    // six rows: with --jobs 2 a worker thread takes the first chunk of four while this thread renders the rest
    const lines = Array.from({ length: 6 }, (_, i) =>
      JSON.stringify({ ...brand, applicant: { id: `91440101MA5B${String(i).padStart(6, '0')}`, name: `批量${i}号公司`, kind: 'enterprise', district: '天河区' }, history: [], grantedFen: 1000 + i }),
    );
    lines.splice(5, 0, '{not json');
    const jsonl = join(tmp, 'apps.jsonl');
    writeFileSync(jsonl, lines.join('\n') + '\n');
    const out = dirOf('jsonl');
    const r = await pol(['doc', 'acceptance', SEED, '--batch', jsonl, '-b', '品牌推广扶持', '-o', out, '-f', 'docx', '--jobs', '2', '--number-pending', ...common]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('第 6 行：不是有效的 JSON');
    expect(r.stderr).toContain('已生成 6 个文件，1 行有误已跳过');
    const files = readdirSync(out);
    expect(files).toHaveLength(6);
    // one made by the worker thread, one by this thread
    for (const name of ['批量3号公司', '批量5号公司']) {
      const text = await docxText(readFileSync(join(out, files.find((f) => f.includes(name))!)));
      expect(text).toContain(`${name}：`);
    }
  });

  it('reads Excel and makes one publicity notice of every good row', async () => {
    const ExcelJS = await (await import('../../src/io/xlsx.ts')).loadExcel(); // as pol loads it: test/io/xlsx.test.ts
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('申报');
    ws.addRow(header.split(','));
    for (const row of rows) ws.addRow(row.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/).map((c) => c.replace(/^"|"$/g, '')));
    const xlsx = join(tmp, 'apps.xlsx');
    await wb.xlsx.writeFile(xlsx);
    const out = dirOf('publicity');
    const r = await pol(['doc', 'publicity', SEED, '--batch', xlsx, '-b', '品牌推广扶持', '-o', out, ...common, '--doc-number', '穗商务函〔2025〕9号']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/第 4 行：.*超过评估上限/);
    expect(readdirSync(out)).toEqual(['publicity-品牌推广扶持-2025-03-10.pdf']);
    const text = squash(await pdfText(readFileSync(join(out, 'publicity-品牌推广扶持-2025-03-10.pdf'))));
    for (const s of ['广州甲科技有限公司', '广州乙{{x}}<script>&__proto__', '备注{{y}}', '150,000.00', 'CON', '合计：3家']) expect(text).toContain(s);
  });
});
