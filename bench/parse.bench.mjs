// bench/parse: (1) compile time (parse + check + lower) of a generated policy of at least 5 MB, as a ratio to
// JSON.parse of its compiled graph, in the same run; (2) `pol check dsl/guangzhou-cbec.pol` start-to-exit
// time as a ratio to `node -e 0`. Runs the built dist/ (npm run build first). Targets: ≤ 10× and ≤ 3×.
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const { compile } = await import(resolve(root, 'dist/src/pipeline.js'));
const seed = readFileSync(resolve(root, 'dsl/guangzhou-cbec.pol'), 'utf8');

/** The seed's measures, benefits, inputs and workflow copied N times under fresh numbers and names. */
function generate(minBytes) {
  const start = seed.indexOf('\n措施 1 ');
  const wf = seed.indexOf('\n# 审批流程');
  const head = seed.slice(0, start);
  const body = seed.slice(start, wf);
  const parts = [head];
  let size = Buffer.byteLength(head);
  // Chinese identifiers do not run into digits, so copies are told apart by letters: a, b, …, z, ba, …
  const tag = (n) => (n < 26 ? String.fromCharCode(97 + n) : tag(Math.floor(n / 26)) + String.fromCharCode(97 + (n % 26)));
  for (let copy = 0; size < minBytes; copy++) {
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

const source = generate(5 * 1024 * 1024);
const bytes = Buffer.byteLength(source);
const compiled = time(() => compile(source, 'generated.pol'), 3);
const errors = compiled.out.diagnostics.filter((d) => d.severity === 'error');
if (errors.length) throw new Error(`generated policy has errors: ${JSON.stringify(errors.slice(0, 3))}`);
const json = JSON.stringify(compiled.out.graph);
const parsed = time(() => JSON.parse(json), 5);
const mb = bytes / 1024 / 1024;

const run = (args) => {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return performance.now() - t0;
};
const N = 15;
const base = [], check = [];
for (let i = 0; i < N; i++) {
  base.push(run(['-e', '0']));
  check.push(run([resolve(root, 'dist/bin/pol.mjs'), 'check', 'dsl/guangzhou-cbec.pol']));
}

const result = {
  bench: 'parse',
  sourceMB: +mb.toFixed(2),
  graphMB: +(json.length / 1024 / 1024).toFixed(2),
  compileMs: Math.round(compiled.ms),
  compileMBps: +(mb / (compiled.ms / 1000)).toFixed(2),
  jsonParseMs: Math.round(parsed.ms),
  compileVsJsonParse: +(compiled.ms / parsed.ms).toFixed(2),
  targetCompileVsJsonParse: 10,
  nodeStartMs: Math.round(median(base)),
  polCheckMs: Math.round(median(check)),
  polCheckVsNode: +(median(check) / median(base)).toFixed(2),
  targetPolCheckVsNode: 3,
};
console.log(
  `compile ${result.sourceMB} MB .pol: ${result.compileMs} ms (${result.compileMBps} MB/s); JSON.parse of its ${result.graphMB} MB graph: ${result.jsonParseMs} ms → ${result.compileVsJsonParse}× (target ≤ 10×)\n` +
    `pol check seed: ${result.polCheckMs} ms; node -e 0: ${result.nodeStartMs} ms → ${result.polCheckVsNode}× (target ≤ 3×)`,
);
console.log(JSON.stringify(result));
