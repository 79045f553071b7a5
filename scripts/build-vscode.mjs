#!/usr/bin/env node
// The VS Code extension (editors/vscode/): writes the TextMate grammar generated from the lexicon, bundles the
// client (dist/extension.js, CommonJS, `vscode` left to the editor) and the language server with everything it
// needs inlined (dist/server.mjs), and with `--vsix [FILE]` packages the extension (vsce, offline: nothing to
// fetch, since the bundles carry their dependencies). Run after `npm run build` (it reads dist/src).
import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const ext = join(root, 'editors/vscode');
const { textMateGrammar } = await import(pathToFileURL(join(root, 'dist/src/lsp/textmate.js')).href);
mkdirSync(join(ext, 'syntaxes'), { recursive: true });
writeFileSync(join(ext, 'syntaxes/pol.tmLanguage.json'), JSON.stringify(textMateGrammar(), null, 2) + '\n');

await build({
  entryPoints: [join(ext, 'src/extension.ts')],
  outfile: join(ext, 'dist/extension.js'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node18',
  external: ['vscode'],
  logLevel: 'warning',
});
await build({
  entryPoints: [join(root, 'src/lsp/main.ts')],
  outfile: join(ext, 'dist/server.mjs'),
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node18',
  banner: { js: "import { createRequire as __polRequire } from 'node:module'; const require = __polRequire(import.meta.url);" },
  logLevel: 'warning',
});

const at = process.argv.indexOf('--vsix');
if (at >= 0) {
  const out = resolve(process.argv[at + 1] && !process.argv[at + 1].startsWith('-') ? process.argv[at + 1] : join(root, 'out/pol-language.vsix'));
  const vsce = join(root, 'node_modules/@vscode/vsce/vsce');
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', out], {
    cwd: ext,
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
