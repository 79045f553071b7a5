// bench/start: start-to-exit time of `pol --version`, `pol --help` and `pol check dsl/guangzhou-cbec.pol`, each
// against `node -e 0` in the same run (alternating A B A B …; the ratio is the median of the per-pair ratios, so
// load from other processes hits both alike). Targets (issue #16.4): --version and --help ≤ 1.5×, check ≤ 2.5×.
// Runs the built dist/ (npm run build first). node bench/start.bench.mjs [--runs N] [--strict]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const i = process.argv.indexOf('--runs');
const RUNS = i > 0 ? Number(process.argv[i + 1]) : 21;
const pol = resolve(root, 'dist/bin/pol.mjs');

const run = (args) => {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return performance.now() - t0;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const cases = [
  { what: 'pol --version', args: [pol, '--version'], target: 1.5 },
  { what: 'pol --help', args: [pol, '--help'], target: 1.5 },
  { what: 'pol check (seed)', args: [pol, 'check', 'dsl/guangzhou-cbec.pol'], target: 2.5 },
];
const results = [];
for (const c of cases) {
  run(c.args); // warm the file cache
  const ratios = [];
  const a = [];
  const b = [];
  for (let k = 0; k < RUNS; k++) {
    const x = run(c.args);
    const y = run(['-e', '0']);
    a.push(x);
    b.push(y);
    ratios.push(x / y);
  }
  const ratio = +median(ratios).toFixed(2);
  const r = { what: c.what, ms: Math.round(median(a)), nodeMs: Math.round(median(b)), ratio, target: c.target, met: ratio <= c.target };
  results.push(r);
  console.log(`${r.what}: ${r.ms} ms; node -e 0: ${r.nodeMs} ms → ${r.ratio}× (target ≤ ${r.target}×): ${r.met ? 'met' : 'MISSED'}`);
}
console.log(JSON.stringify({ bench: 'start', runs: RUNS, results }));
if (process.argv.includes('--strict') && results.some((r) => !r.met)) process.exitCode = 1;
