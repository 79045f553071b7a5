// Export the seed for other systems: rule graph, its JSON Schema, the application JSON Schema and JSON
// Logic (issued 2024-01-01, the seed being a draft) into out/export/, then evaluate one exported rule
// with json-logic-js on the sample application and compare with `pol eval`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import jsonLogic from 'json-logic-js';

export async function run(ctx) {
  const pol = (...args) => {
    const r = spawnSync(process.execPath, [ctx.cli, ...args], { encoding: 'utf8' });
    if (r.status !== 0) {
      process.stderr.write(r.stderr);
      throw new Error(`pol ${args.join(' ')} exited ${r.status}`);
    }
    return r.stdout;
  };
  const dir = join(ctx.out, 'export');
  mkdirSync(dir, { recursive: true });
  const issued = '2024-01-01';
  const files = [];
  for (const format of ['graph', 'graph-schema', 'app-schema', 'jsonlogic']) {
    const out = join(dir, `guangzhou-cbec.${format}.json`);
    pol('export', ctx.seed, '--format', format, '--issued', issued, '-o', out);
    files.push(`out/export/guangzhou-cbec.${format}.json（${(statSync(out).size / 1024).toFixed(0)} KB）`);
  }
  ctx.log(`已导出：\n  ${files.join('\n  ')}`);

  // the rules read dates as day numbers (days since 1970-01-01): data.dateFields lists them
  const app = JSON.parse(readFileSync(join(ctx.root, 'examples/applications/brand-promotion.json'), 'utf8'));
  const day = (s) => Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10)) / 86400000;
  app.date = day(app.date);
  for (const h of app.history ?? []) h.date = day(h.date);
  const rules = JSON.parse(readFileSync(join(dir, 'guangzhou-cbec.jsonlogic.json'), 'utf8'));
  const benefit = '品牌推广扶持';
  const rule = rules.benefits[benefit];
  const eligible = jsonLogic.apply(rule.eligible, app);
  const ceilingFen = jsonLogic.apply(rule.ceilingFen, app);
  const evaluated = JSON.parse(pol('eval', ctx.seed, '--input', join(ctx.root, 'examples/applications/brand-promotion.json'), '--issued', issued, '--json'));
  const byPol = evaluated.results.find((r) => r.benefit === benefit);
  ctx.log(`json-logic-js 计算 ${benefit}（examples/applications/brand-promotion.json）：eligible=${eligible}，ceilingFen=${ceilingFen}`);
  ctx.log(`pol eval 的结果：eligible=${byPol.eligible}，ceilingFen=${byPol.ceilingFen} → ${eligible === byPol.eligible && ceilingFen === byPol.ceilingFen ? '一致' : '不一致！'}`);
}
