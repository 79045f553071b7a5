/**
 * Hostile batch files (issue #18 items 3, 4, 7-GBK, 8): formula injection, Excel bombs, GBK and mixed
 * encodings, unknown and duplicate headers, too many rows and bad rows. Each input ends in a clear error
 * (exit 1, a catalog code, no stack trace) or the correct result, within a time limit, and leaves no file
 * but the expected output. Runs the built CLI (npm run build first) for end-to-end cases, the readers in-process
 * for the rest.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { openBatch } from '../../src/io/read.ts';
import { checkZip } from '../../src/io/xlsx.ts';
import { csvLine, csvSafe } from '../../src/io/write.ts';
import { seed as graph } from '../eval/support.ts';
import { ROOT, runCli } from '../support/cli.ts';

const SEED = join(ROOT, 'dsl/guangzhou-cbec.pol');
const tmp = mkdtempSync(join(tmpdir(), 'pol-hostile-batch-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
/** A fresh directory per case, so that "no stray file" is checked exactly. */
function dir(): string {
  const d = join(tmp, `case${++n}`);
  mkdirSync(d);
  return d;
}

const HEADER = '申报单位名称,统一社会信用代码,申报主体类型,申报项目编号,申报日期,是否入选跨境电商“品牌出海”企业名单,推广费用（元）';
const row = (name: string, id = 'A1', fee = '3000000') => [name, id, '跨境电商企业', 'P-1', '2025-03-01', '是', fee].map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');

/** Run pol within a time limit; the result must be a clear outcome: exit 0/1/2/3 and never a stack trace. */
function pol(args: string[], cwd: string) {
  const t0 = Date.now();
  const r = runCli(args, { cwd });
  expect(Date.now() - t0).toBeLessThan(60_000);
  expect([0, 1, 2, 3]).toContain(r.status);
  expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(r.stderr).not.toContain('内部错误');
  return r;
}
const files = (d: string) => readdirSync(d).sort();

describe('CSV formula injection (#18.3)', () => {
  const names = ['=HYPERLINK("http://evil","点我")', '+cmd|\' /C calc\'!A0', '-2+3', '@SUM(A1:A9)', '\t=1+1', '\r=1+1'];

  it('every cell that a spreadsheet would run is written with a leading quote', () => {
    for (const v of names) expect(csvSafe(v).startsWith("'")).toBe(true);
    expect(csvSafe('广州某公司')).toBe('广州某公司');
    expect(csvSafe(-5)).toBe('-5');
    expect(csvLine(['=1,2'])).toBe(`"'=1,2"\n`);
  });

  it('pol eval --out x.csv neutralises them; --out x.xlsx stores them as text', async () => {
    const d = dir();
    writeFileSync(join(d, 'in.csv'), [HEADER, ...names.map((x, i) => row(x, `A${i}`))].join('\n'));
    const r = pol(['eval', SEED, '--batch', 'in.csv', '--issued', '2024-01-01', '--out', 'out.csv'], d);
    expect(r.status).toBe(0);
    const out = readFileSync(join(d, 'out.csv'), 'utf8');
    const { parse } = await import('csv-parse/sync');
    const cells = (parse(out, { bom: true }) as string[][]).slice(1).map((x) => x[2]!);
    expect(cells).toHaveLength(names.length);
    for (const c of cells) expect(c).toMatch(/^'/);
    expect(pol(['eval', SEED, '--batch', 'in.csv', '--issued', '2024-01-01', '--out', 'out.xlsx'], d).status).toBe(0);
    const ExcelJS = await (await import('../../src/io/xlsx.ts')).loadExcel(); // as pol loads it: test/io/xlsx.test.ts
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(d, 'out.xlsx'));
    const ws = wb.worksheets[0]!;
    for (let i = 0; i < names.length; i++) {
      const cell = ws.getRow(i + 2).getCell(3);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.value).toBe(names[i]!.trim());
    }
    expect(files(d)).toEqual(['in.csv', 'out.csv', 'out.xlsx']);
  });
});

/**
 * A zip archive of one entry, deflated at level 9 by node:zlib (JSZip's own deflate takes ~0.6 s of CPU for the
 * 17 MB bomb below, node:zlib ~50 ms).
 */
function zipOfOne(name: string, data: Buffer): Buffer {
  const file = Buffer.from(name);
  const packed = deflateRawSync(data, { level: 9 });
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
  local.writeUInt16LE(8, 8); // method: deflate
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(packed.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(file.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(packed.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(file.length, 28); // the local header is at offset 0
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + file.length, 12);
  end.writeUInt32LE(local.length + file.length + packed.length, 16);
  return Buffer.concat([local, file, packed, central, file, end]);
}

describe('Excel resource bombs (#18.4)', () => {
  async function workbook(rows: number): Promise<Buffer> {
    const ExcelJS = await (await import('../../src/io/xlsx.ts')).loadExcel(); // as pol loads it: test/io/xlsx.test.ts
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('申报');
    ws.addRow(HEADER.split(','));
    for (let i = 0; i < rows; i++) ws.addRow(['企业', `A${i}`, '跨境电商企业', 'P-1', '2025-03-01', '是', 3000000]);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it('an archive that declares gigabytes uncompressed is refused before inflating (exit 1, nothing written)', async () => {
    const d = dir();
    const buf = await workbook(3);
    // raise the declared size of every entry in the central directory to 1.5 GB
    for (let p = buf.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); p >= 0; p = buf.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), p + 4)) buf.writeUInt32LE(1_500_000_000, p + 24);
    writeFileSync(join(d, 'bomb.xlsx'), buf);
    expect(() => checkZip(join(d, 'bomb.xlsx'))).toThrow(/POL4203|压缩炸弹/);
    const r = pol(['eval', SEED, '--batch', 'bomb.xlsx', '--issued', '2024-01-01', '--out', 'out.csv'], d);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('POL4203: ');
    expect(files(d)).toEqual(['bomb.xlsx']);
  });

  it('an entry compressed 500 times over and more is refused', async () => {
    const d = dir();
    const bomb = zipOfOne('xl/worksheets/sheet1.xml', Buffer.alloc(17_400_000, '<row/>'));
    // a well-formed archive: JSZip reads its directory and headers back
    const { default: JSZip } = await import('jszip');
    expect(Object.keys((await JSZip.loadAsync(bomb)).files)).toEqual(['xl/worksheets/sheet1.xml']);
    writeFileSync(join(d, 'ratio.xlsx'), bomb);
    expect(() => checkZip(join(d, 'ratio.xlsx'))).toThrow(/压缩比/);
  });

  it('more rows than the cap: exit 1 naming the limit, nothing written; bad rows listed up to 20, then counted', async () => {
    const d = dir();
    writeFileSync(join(d, 'many.xlsx'), await workbook(30));
    const r = pol(['eval', SEED, '--batch', 'many.xlsx', '--issued', '2024-01-01', '--out', 'out.csv', '--max-rows', '10'], d);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('POL4204: ');
    expect(files(d)).toEqual(['many.xlsx']);
    writeFileSync(join(d, 'bad.csv'), [HEADER, ...Array.from({ length: 45 }, (_, i) => row('企业', `B${i}`, 'abc'))].join('\n'));
    const b = pol(['eval', SEED, '--batch', 'bad.csv', '--issued', '2024-01-01', '--out', 'out.csv'], d);
    expect(b.status).toBe(1);
    expect(b.stderr.match(/第 \d+ 行：/g)).toHaveLength(20);
    expect(b.stderr).toContain('另有 25 行有误');
  });

  it('a file that is not a zip is refused with its name', () => {
    const d = dir();
    writeFileSync(join(d, 'fake.xlsx'), 'not a zip at all'.repeat(100));
    const r = pol(['eval', SEED, '--batch', 'fake.xlsx', '--issued', '2024-01-01'], d);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('POL4205: ');
  });
});

describe('encodings (#18.7)', () => {
  const utf8 = [HEADER, row('广州甲公司', 'A1', '3000000'), row('广州乙公司', 'A2', '100')].join('\r\n');

  it('a GBK CSV (Excel on Chinese Windows) evaluates exactly as its UTF-8 twin, with a note', () => {
    const d = dir();
    writeFileSync(join(d, 'utf8.csv'), utf8);
    writeFileSync(join(d, 'gbk.csv'), iconv.encode(utf8, 'gbk'));
    const a = pol(['eval', SEED, '--batch', 'utf8.csv', '--issued', '2024-01-01', '--json'], d);
    const b = pol(['eval', SEED, '--batch', 'gbk.csv', '--issued', '2024-01-01', '--json'], d);
    expect(a.status).toBe(0);
    expect(b.status).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    expect(JSON.parse(b.stdout.split('\n')[0]!).results[2].ceilingFen).toBe(100_000_000);
    expect(b.stderr).toContain('POL4202: ');
  });

  it('a file that changes encoding midway, or is not text, is refused naming the line', async () => {
    const d = dir();
    const big = [HEADER, ...Array.from({ length: 3000 }, (_, i) => row('甲公司', `A${i}`))].join('\n') + '\n';
    writeFileSync(join(d, 'mixed.csv'), Buffer.concat([Buffer.from(big), iconv.encode(row('乙公司', 'Z'), 'gbk')]));
    const r = pol(['eval', SEED, '--batch', 'mixed.csv', '--issued', '2024-01-01', '--out', 'out.csv'], d);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('第 3002 行');
    expect(r.stderr).toContain('POL4209: ');
    writeFileSync(join(d, 'noise.csv'), Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919) % 256)));
    const s = pol(['eval', SEED, '--batch', 'noise.csv', '--issued', '2024-01-01', '--out', 'out.csv'], d);
    expect(s.status).toBe(1);
    expect(s.stderr).toContain('POL4201: ');
    expect(files(d)).toEqual(['mixed.csv', 'noise.csv']);
  });
});

describe('headers (#18.8)', () => {
  async function all(path: string) {
    const rows = [];
    for await (const b of openBatch(graph, path).rows) rows.push(...b);
    return rows;
  }

  it('unknown columns are refused by name; two columns for one field too', async () => {
    const d = dir();
    writeFileSync(join(d, 'u.csv'), `${HEADER},推广费,facts.不存在\n`);
    await expect(all(join(d, 'u.csv'))).rejects.toThrow(/“推广费”、“facts.不存在”/);
    const r = pol(['eval', SEED, '--batch', 'u.csv', '--issued', '2024-01-01', '--out', 'o.csv'], d);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('POL4200: ');
    writeFileSync(join(d, 'dup.csv'), `${HEADER},facts.推广费用\n`);
    await expect(all(join(d, 'dup.csv'))).rejects.toThrow(/POL4206|同一字段/);
    expect(files(d)).toEqual(['dup.csv', 'u.csv']);
  });

  it('the form’s Chinese labels and JSON paths read the same application', async () => {
    const d = dir();
    writeFileSync(join(d, 'zh.csv'), [HEADER, row('甲', 'A1', '1234.5')].join('\n'));
    writeFileSync(join(d, 'en.csv'), ['applicant.name,applicant.id,applicant.kind,project,date,lists.品牌出海企业.member,facts.推广费用', '甲,A1,enterprise,P-1,2025-03-01,true,1234.5'].join('\n'));
    const [zh] = await all(join(d, 'zh.csv'));
    const [en] = await all(join(d, 'en.csv'));
    expect(zh).toEqual(en);
    expect(zh!.raw).toMatchObject({ applicant: { id: 'A1', kind: 'enterprise' }, facts: { 推广费用: 1234.5 }, lists: { 品牌出海企业: { member: true } } });
  });

  it('pol template writes the header a batch reads back; refuses an existing file and a bad format', async () => {
    const d = dir();
    const t = pol(['template', SEED, '--benefit', '仓储租金补助', '--format', 'csv', '-o', 't.csv'], d);
    expect(t.status).toBe(0);
    const header = readFileSync(join(d, 't.csv'), 'utf8').replace(/^\uFEFF/, '').trim();
    expect(header).toContain('仓库租金（元）');
    expect(header).toContain('是否租赁海关特殊监管区域仓库开展跨境电商业务');
    const cols = header.split(',');
    const values: Record<string, string> = { 申报单位名称: '甲', 统一社会信用代码: 'A1', 申报主体类型: '跨境电商企业', 申报日期: '2025-03-01', '仓库租金（元）': '1000000', 是否租赁海关特殊监管区域仓库开展跨境电商业务: '是' };
    writeFileSync(join(d, 't.csv'), `${header}\n${cols.map((c) => values[c] ?? '').join(',')}\n`);
    const r = pol(['eval', SEED, '--batch', 't.csv', '--issued', '2024-01-01', '--json'], d);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).results[3], r.stdout + r.stderr).toMatchObject({ benefit: '仓储租金补助', eligible: true, ceilingFen: 30_000_000 });
    expect(pol(['template', SEED, '--benefit', '仓储租金补助', '--format', 'csv', '-o', 't.csv'], d).status).toBe(1);
    expect(pol(['template', SEED, '--benefit', '仓储租金补助', '--format', 'pdf'], d).stderr).toContain('POL9050: ');
    expect(pol(['template', SEED, '--benefit', '没有', '--format', 'xlsx'], d).status).toBe(1);
    expect(pol(['template', SEED, '--benefit', '品牌推广扶持', '-o', 'x.xlsx'], d).status).toBe(0);
    expect(files(d)).toEqual(['t.csv', 'x.xlsx']);
  });
});
