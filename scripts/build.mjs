#!/usr/bin/env node
// The build: `tsc` type-checks and emits the library (dist/src, with declarations); esbuild then bundles the
// CLI into dist/bin/ so that `pol` starts fast: chevrotain, commander, zod, fastify (with the ~300 files of its
// own dependencies) and the language server's packages are inlined (Node 20 has no compile cache, and loading many
// module files costs more than pol's own work: inlined, zod costs `pol compile` ~0.1 s less, fastify `pol serve`
// ~0.35 s, vscode-languageserver `pol lsp` ~0.15 s, yaml `pol test` ~0.05 s; each still loads only with the
// commands that use it), while every other package (better-sqlite3 with its native code, the document and
// spreadsheet libraries …) and each command's heavy code stay in separate chunks loaded only by the command that
// needs them; `pol check` has a one-file bundle of its own (check.mjs). Whitespace and syntax are minified (less
// to parse at start).
import { build } from 'esbuild';
import { chmodSync, copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const inline = new Set(['chevrotain', 'commander', 'zod', 'fastify', 'vscode-languageserver', 'vscode-languageserver-textdocument', 'yaml']);
// what the inlined packages use comes along (fastify's ajv, pino, semver …), whether or not pol's own tests list it too
const external = Object.keys(pkg.dependencies).filter((d) => !inline.has(d));

rmSync(join(root, 'dist/bin'), { recursive: true, force: true });
const cli = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outExtension: { '.js': '.mjs' },
  external: [...external, ...external.map((d) => `${d}/*`)],
  banner: { js: "import { createRequire as __polRequire } from 'node:module'; const require = __polRequire(import.meta.url);" },
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
};
await build({ ...cli, entryPoints: { pol: join(root, 'src/cli/entry.ts') }, outdir: join(root, 'dist/bin'), splitting: true, chunkNames: 'chunks/[name]-[hash]' });
chmodSync(join(root, 'dist/bin/pol.mjs'), 0o755);

// `pol check …` (src/cli/entry.ts): the whole program in one file, with commands/index.ts replaced by one that
// registers only check — what registerCommands does when check is the command named — so that nothing else is bundled.
const onlyCheck = {
  name: 'only-check',
  setup(b) {
    b.onResolve({ filter: /\/commands\/index\.ts$/ }, () => ({ path: 'only-check', namespace: 'pol-check' }));
    b.onLoad({ filter: /^only-check$/, namespace: 'pol-check' }, () => ({
      contents: "import { register } from './check.ts'; export async function registerCommands(program) { register(program); }",
      resolveDir: join(root, 'src/cli/commands'),
      loader: 'js',
    }));
  },
};
const checkBuild = await build({ ...cli, entryPoints: { check: join(root, 'src/cli/main.ts') }, outdir: join(root, 'dist/bin'), plugins: [onlyCheck], metafile: true });
const checkImports = Object.values(checkBuild.metafile.outputs).flatMap((o) => o.imports.map((i) => i.path));
if (checkImports.some((p) => !p.startsWith('node:'))) throw new Error(`dist/bin/check.mjs must load no other module: ${checkImports.join(', ')}`);

// The desk's pages (src/desk/client/): one browser bundle (app.js, the playground's editor split off into a chunk loaded
// by that page only) and its stylesheet, served by `pol serve` from dist/desk/.
// Type-checked with the browser's types (its own tsconfig); nothing is fetched from the internet at run time.
const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'src/desk/client/tsconfig.json')], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
rmSync(join(root, 'dist/desk'), { recursive: true, force: true });
await build({
  entryPoints: { app: join(root, 'src/desk/client/main.ts') },
  outdir: join(root, 'dist/desk'),
  bundle: true,
  format: 'esm',
  // the playground's editor is a chunk of its own (main.ts imports it lazily): the other pages load a small app.js
  splitting: true,
  chunkNames: '[name]-[hash]',
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
