// bench/batch: `pol eval --batch` on 1,000,000 generated applications in each format (JSONL, CSV, Excel),
// against a streaming floor run the same way (bench/lib/batch-floor.mjs: parse each row, write one row, nothing
// else). Targets (issue #16.1): peak RSS ≤ 300 MB, time ≤ 2× the floor's. Both run as child processes under
// /usr/bin/time (peak RSS as the OS counts it); time is CPU time (user + system), which a machine shared with
// other work disturbs far less than wall time (printed beside it). Input files are generated once into the system's temp
// folder and kept for the next run (pol-bench-batch-<rows>.*); outputs are deleted.
// node bench/batch.bench.mjs [--rows N] [--formats jsonl,csv,xlsx] [--strict]   (npm run build first)
import { createWriteStream, existsSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
// valid 统一社会信用代码 (with their check character), as real batches have: a malformed one is a warning per row (POL5127)
const { withUsccCheck } = await import(join(root, 'dist/src/values/uscc.js'));
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const ROWS = Number(arg('rows', '1000000'));
const FORMATS = arg('formats', 'jsonl,csv,xlsx').split(',');
const STRICT = process.argv.includes('--strict');
const RSS_TARGET_MB = 300;
const TIME_TARGET = 2;

// ---- deterministic applications
let seed = 1;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const yuan = (max) => Math.floor(rnd() * max * 100) / 100;
function app(i) {
  const lists = {};
  if (rnd() < 0.3) lists['麒麟企业'] = { member: true, firstTime: rnd() < 0.5 };
  if (rnd() < 0.6) lists['品牌出海企业'] = { member: rnd() < 0.8 };
  const facts = {};
  if (rnd() < 0.8) facts['推广费用'] = yuan(3_000_000);
  if (rnd() < 0.7) facts['租赁海关特殊监管区域仓库'] = rnd() < 0.7;
  if (rnd() < 0.7) facts['仓库租金'] = yuan(6_000_000);
  const history = rnd() < 0.3 ? [{ benefit: '品牌推广扶持', date: '2025-01-10', grantedFen: Math.floor(rnd() * 80_000_000) }] : [];
  return { date: `2025-${String(1 + (i % 12)).padStart(2, '0')}-15`, applicant: { id: withUsccCheck(`91440101MA${String(i).padStart(7, '0')}`), name: `广州某科技有限公司${i}`, kind: 'enterprise' }, project: `P-${i}`, facts, lists, history };
}
const HEADER = ['申报单位名称', '统一社会信用代码', '申报主体类型', '申报项目编号', '申报日期', 'facts.推广费用', 'facts.租赁海关特殊监管区域仓库', 'facts.仓库租金', 'lists.品牌出海企业.member', 'lists.麒麟企业.member', 'lists.麒麟企业.firstTime', 'history'];
const flat = (a) => [a.applicant.name, a.applicant.id, a.applicant.kind, a.project, a.date, a.facts['推广费用'] ?? '', a.facts['租赁海关特殊监管区域仓库'] === undefined ? '' : a.facts['租赁海关特殊监管区域仓库'] ? '是' : '否', a.facts['仓库租金'] ?? '', a.lists['品牌出海企业'] ? (a.lists['品牌出海企业'].member ? '是' : '否') : '', a.lists['麒麟企业'] ? '是' : '', a.lists['麒麟企业']?.firstTime ? '是' : '', a.history.length ? JSON.stringify(a.history) : ''];
const csvCell = (c) => (/[",\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c));

async function generate(fmt, path) {
  seed = 1;
  const tmp = `${path}.part`;
  if (fmt === 'xlsx') {
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: tmp, useSharedStrings: false });
    const ws = wb.addWorksheet('申报');
    ws.addRow(HEADER).commit();
    for (let i = 0; i < ROWS; i++) ws.addRow(flat(app(i)).map((c) => (typeof c === 'number' ? c : String(c) || null))).commit();
    ws.commit();
    await wb.commit();
  } else {
    const s = createWriteStream(tmp);
    let buf = fmt === 'csv' ? HEADER.join(',') + '\n' : '';
    for (let i = 0; i < ROWS; i++) {
      buf += (fmt === 'csv' ? flat(app(i)).map(csvCell).join(',') : JSON.stringify(app(i))) + '\n';
      if (buf.length > 1 << 16) {
        if (!s.write(buf)) await once(s, 'drain');
        buf = '';
      }
    }
    s.end(buf);
    await once(s, 'finish');
  }
  renameSync(tmp, path);
}

/** CPU seconds (user + system), wall seconds and peak RSS (MB) of a child process, from /usr/bin/time. */
function timed(args) {
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S %M', process.execPath, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  const m = /TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr);
  if (!m) throw new Error(`no timing from ${args.join(' ')}: ${r.stderr.slice(-2000)}`);
  return { status: r.status, wall: Number(m[1]), seconds: Number(m[2]) + Number(m[3]), rssMB: Number(m[4]) / 1024, stderr: r.stderr };
}

const work = mkdtempSync(join(tmpdir(), 'pol-bench-batch-'));
const results = [];
let missed = 0;
try {
  for (const fmt of FORMATS) {
    const input = join(tmpdir(), `pol-bench-batch-v2-${ROWS}.${fmt}`);
    if (!existsSync(input)) {
      process.stdout.write(`generating ${ROWS} rows of ${fmt} … `);
      const t = performance.now();
      await generate(fmt, input);
      process.stdout.write(`${((performance.now() - t) / 1000).toFixed(1)} s\n`);
    }
    const floorOut = join(work, `floor.${fmt}`);
    const polOut = join(work, `pol.${fmt}`);
    const floor = timed([join(root, 'bench/lib/batch-floor.mjs'), input, floorOut]);
    const pol = timed([join(root, 'dist/bin/pol.mjs'), 'eval', join(root, 'dsl/guangzhou-cbec.pol'), '--issued', '2024-01-01', '--batch', input, '--out', polOut]);
    if (pol.status !== 0) throw new Error(`pol exited ${pol.status}: ${pol.stderr.slice(-2000)}`);
    if (!/已评估 (\d+) 份/.exec(pol.stderr) || Number(/已评估 (\d+) 份/.exec(pol.stderr)[1]) !== ROWS) throw new Error(`pol did not evaluate every row: ${pol.stderr.slice(-500)}`);
    const ratio = pol.seconds / floor.seconds;
    const met = pol.rssMB <= RSS_TARGET_MB && ratio <= TIME_TARGET;
    if (!met) missed++;
    const r = { format: fmt, rows: ROWS, inputMB: +(statSync(input).size / 1e6).toFixed(1), polCpuSeconds: +pol.seconds.toFixed(1), floorCpuSeconds: +floor.seconds.toFixed(1), polWallSeconds: pol.wall, floorWallSeconds: floor.wall, ratio: +ratio.toFixed(2), polPeakRssMB: Math.round(pol.rssMB), floorPeakRssMB: Math.round(floor.rssMB), target: `RSS ≤ ${RSS_TARGET_MB} MB, time ≤ ${TIME_TARGET}× floor`, met };
    results.push(r);
    console.log(`${fmt.padEnd(5)} ${ROWS} rows: pol ${pol.seconds.toFixed(1)} s CPU (${pol.wall.toFixed(1)} s wall), ${Math.round(pol.rssMB)} MB peak · floor ${floor.seconds.toFixed(1)} s CPU (${floor.wall.toFixed(1)} s wall), ${Math.round(floor.rssMB)} MB · ratio ${ratio.toFixed(2)}× (target ≤ ${TIME_TARGET}×, ≤ ${RSS_TARGET_MB} MB): ${met ? 'met' : 'MISSED'}`);
    rmSync(floorOut, { force: true });
    rmSync(polOut, { force: true });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(JSON.stringify({ bench: 'batch', results }));
if (STRICT && missed) process.exitCode = 1;
