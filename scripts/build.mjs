#!/usr/bin/env node
// The build: `tsc` type-checks and emits the library (dist/src, with declarations); esbuild then bundles the
// CLI into dist/bin/ so that `pol` starts fast: chevrotain and commander are inlined (Node 20 has no compile
// cache, and loading their ~80 module files costs more than pol's own work), while every other package and
// each command's heavy code stay in separate chunks loaded only by the command that needs them.
import { build } from 'esbuild';
import { chmodSync, copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const inline = new Set(['chevrotain', 'commander']);
const external = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((d) => !inline.has(d));

rmSync(join(root, 'dist/bin'), { recursive: true, force: true });
await build({
  entryPoints: { pol: join(root, 'src/cli/entry.ts') },
  outdir: join(root, 'dist/bin'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  external: [...external, ...external.map((d) => `${d}/*`)],
  banner: { js: "import { createRequire as __polRequire } from 'node:module'; const require = __polRequire(import.meta.url);" },
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});
chmodSync(join(root, 'dist/bin/pol.mjs'), 0o755);

// The desk's pages (src/desk/client/): one browser bundle and its stylesheet, served by `pol serve` from dist/desk/.
// Type-checked with the browser's types (its own tsconfig); nothing is fetched from the internet at run time.
const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'src/desk/client/tsconfig.json')], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
rmSync(join(root, 'dist/desk'), { recursive: true, force: true });
await build({
  entryPoints: { app: join(root, 'src/desk/client/main.ts') },
  outdir: join(root, 'dist/desk'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['chrome110', 'firefox110', 'safari16'],
  minify: true,
  legalComments: 'linked',
  logLevel: 'warning',
});
copyFileSync(join(root, 'src/desk/client/app.css'), join(root, 'dist/desk/app.css'));

// `pol --version` and `pol --help` answered from files (src/cli/entry.ts): written by the CLI itself
for (const [flag, file] of [['--version', 'version.txt'], ['--help', 'help.txt']]) {
  const out = execFileSync(process.execPath, [join(root, 'dist/bin/pol.mjs'), flag], { env: { ...process.env, POL_FULL_CLI: '1' }, encoding: 'utf8' });
  writeFileSync(join(root, 'dist/bin', file), out);
}
