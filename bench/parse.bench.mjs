// bench/parse: compile time (parse + check + lower) of generated policies of 500, 1,000 and 2,000 measures (the
// seed's measures copied under fresh numbers and names), against JSON.parse of each compiled graph in the same run.
// Targets (issue #16.5): at 2,000 measures ≥ 10 MB/s and ≤ 6× JSON.parse; linear in size (time per MB at 2,000
// measures ≤ 1.3× that at 500). CLI start-up is bench/start. Runs the built dist/ (npm run build first).
// node bench/parse.bench.mjs [--strict]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const { compile } = await import(resolve(root, 'dist/src/pipeline.js'));
const seed = readFileSync(resolve(root, 'dsl/guangzhou-cbec.pol'), 'utf8');

/** The seed's measures, benefits, inputs and workflow copied N times under fresh numbers and names. */
function generate(measures) {
  const start = seed.indexOf('\n措施 1 ');
  const wf = seed.indexOf('\n# 审批流程');
  const head = seed.slice(0, start);
  const body = seed.slice(start, wf);
  const parts = [head];
  let size = Buffer.byteLength(head);
  // Chinese identifiers do not run into digits, so copies are told apart by letters: a, b, …, z, ba, …
  const tag = (n) => (n < 26 ? String.fromCharCode(97 + n) : tag(Math.floor(n / 26)) + String.fromCharCode(97 + (n % 26)));
  const perCopy = (body.match(/\n措施 /g) ?? []).length;
  for (let copy = 0; copy * perCopy < measures; copy++) {
    const t = tag(copy);
    const renamed = body
      .replace(/措施 (\d+) /g, (_, n) => `措施 ${copy * 100 + Number(n)} `)
      .replace(/(奖励|扶持|补助) (\S+) "/g, (_, k, id) => `${k} ${id}${t} "`)
      .replace(/输入 (\S+)：/g, (_, id) => `输入 ${id}${t}：`)
      .replace(/(推广费用|仓库租金|租赁海关特殊监管区域仓库)(?=[ ×\n，])/g, (m) => `${m}${t}`);
    parts.push(renamed);
    size += Buffer.byteLength(renamed);
  }
  return parts.join('');
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function time(fn, runs) {
  const ts = [];
  let out;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    out = fn();
    ts.push(performance.now() - t0);
  }
  return { ms: median(ts), out };
}

function measure(measures) {
  const source = generate(measures);
  const bytes = Buffer.byteLength(source);
  const compiled = time(() => compile(source, 'generated.pol'), 3);
  const errors = compiled.out.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(`generated policy has errors: ${JSON.stringify(errors.slice(0, 3))}`);
  const json = JSON.stringify(compiled.out.graph);
  const parsed = time(() => JSON.parse(json), 5);
  const mb = bytes / 1024 / 1024;
  return { measures: compiled.out.graph.measures.length, sourceMB: +mb.toFixed(2), graphMB: +(json.length / 1024 / 1024).toFixed(2), compileMs: Math.round(compiled.ms), compileMBps: +(mb / (compiled.ms / 1000)).toFixed(2), jsonParseMs: Math.round(parsed.ms), compileVsJsonParse: +(compiled.ms / parsed.ms).toFixed(2), msPerMB: compiled.ms / mb };
}

compile(seed, 'warm-up.pol');
const sizes = [500, 1000, 2000].map(measure);
const big = sizes[2];
const linearity = +(big.msPerMB / sizes[0].msPerMB).toFixed(2);
const checks = [
  { what: 'compile speed at 2,000 measures', value: big.compileMBps, unit: 'MB/s', target: '≥ 10', met: big.compileMBps >= 10 },
  { what: 'compile / JSON.parse of the graph', value: big.compileVsJsonParse, unit: '×', target: '≤ 6', met: big.compileVsJsonParse <= 6 },
  { what: 'time per MB, 2,000 vs 500 measures', value: linearity, unit: '×', target: '≤ 1.3', met: linearity <= 1.3 },
];
for (const s of sizes) console.log(`${s.measures} measures, ${s.sourceMB} MB: compile ${s.compileMs} ms (${s.compileMBps} MB/s); JSON.parse of its ${s.graphMB} MB graph ${s.jsonParseMs} ms → ${s.compileVsJsonParse}×`);
for (const c of checks) console.log(`${c.what}: ${c.value}${c.unit === '×' ? '×' : ' ' + c.unit} (target ${c.target}${c.unit === '×' ? '×' : ' ' + c.unit}): ${c.met ? 'met' : 'MISSED'}`);
console.log(JSON.stringify({ bench: 'parse', sizes: sizes.map(({ msPerMB, ...s }) => s), checks }));
if (process.argv.includes('--strict') && checks.some((c) => !c.met)) process.exitCode = 1;
