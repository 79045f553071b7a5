#!/usr/bin/env node
// `npm run demo`: the main job on the seed policy. Runs every step in scripts/demo-steps/ in name order;
// each step is a module exporting `run(ctx)` and writes under out/.
import { readdirSync, mkdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve, join } from 'node:path';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const ctx = {
  root,
  out: join(root, 'out'),
  seed: join(root, 'dsl/guangzhou-cbec.pol'),
  cli: join(root, 'dist/bin/pol.mjs'),
  log: (s) => process.stdout.write(s + '\n'),
};
mkdirSync(ctx.out, { recursive: true });
const steps = readdirSync(join(root, 'scripts/demo-steps')).filter((f) => f.endsWith('.mjs')).sort();
for (const step of steps) {
  ctx.log(`\n== ${step.replace(/\.mjs$/, '')}`);
  const mod = await import(pathToFileURL(join(root, 'scripts/demo-steps', step)).href);
  await mod.run(ctx);
}
ctx.log('\n完成：生成的文件在 out/ 下。');
