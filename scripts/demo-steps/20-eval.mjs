// Evaluate the sample applications in examples/applications/ against the seed policy with the built CLI:
// one JSON result per application (DESIGN §5), the explanation tree of one benefit, and the whole set as a
// batch to Excel. The seed is a draft without an issuance date, so the demo supplies one with --issued.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const ISSUED = '2024-01-01';

export async function run(ctx) {
  const outDir = join(ctx.out, 'eval');
  mkdirSync(outDir, { recursive: true });
  const pol = (...args) => {
    const r = spawnSync(process.execPath, [ctx.cli, ...args], { cwd: ctx.root, encoding: 'utf8' });
    if (r.status !== 0) {
      process.stderr.write(r.stderr);
      throw new Error(`pol ${args.join(' ')} exited ${r.status}`);
    }
    return r.stdout;
  };
  const dir = join(ctx.root, 'examples/applications');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  const yuan = (fen) => `${(fen / 1e4 / 100).toLocaleString('zh-CN', { maximumFractionDigits: 6 })}万元`;
  const jsonl = [];
  for (const f of files) {
    const input = join(dir, f);
    const out = JSON.parse(pol('eval', ctx.seed, '--input', input, '--issued', ISSUED, '--json'));
    writeFileSync(join(outDir, `${basename(f, '.json')}.result.json`), JSON.stringify(out, null, 2) + '\n');
    jsonl.push(JSON.stringify(JSON.parse(readFileSync(input, 'utf8'))));
    const app = JSON.parse(readFileSync(input, 'utf8'));
    const granted = out.results.filter((r) => r.eligible).map((r) => `${r.benefit} ≤ ${yuan(r.ceilingFen)}`);
    ctx.log(`${app.applicant.name}（${f}）：${granted.length ? granted.join('，') : '无符合的扶持项目'}`);
  }
  writeFileSync(join(outDir, 'summary.txt'), pol('eval', ctx.seed, '--input', join(dir, 'brand-promotion.json'), '--issued', ISSUED));
  writeFileSync(join(outDir, '品牌推广扶持.explain.txt'), pol('explain', ctx.seed, '--input', join(dir, 'brand-promotion.json'), '--issued', ISSUED, '--benefit', '品牌推广扶持'));
  const batch = join(outDir, 'applications.jsonl');
  writeFileSync(batch, jsonl.join('\n') + '\n');
  pol('eval', ctx.seed, '--batch', batch, '--issued', ISSUED, '--out', join(outDir, 'results.xlsx'));
  pol('eval', ctx.seed, '--batch', batch, '--issued', ISSUED, '--out', join(outDir, 'results.csv'));
  const tested = pol('test', ctx.seed).trim().split('\n').pop();
  ctx.log(`场景测试（dsl/guangzhou-cbec.scenarios.yaml）：${tested}`);
  ctx.log('out/eval/*.result.json, out/eval/summary.txt, out/eval/品牌推广扶持.explain.txt, out/eval/results.xlsx, out/eval/results.csv');
}
