#!/usr/bin/env node
// The picture in editors/vscode/README.md: measure 3 of the seed with one name mistyped, coloured by the
// extension's TextMate grammar (vscode-textmate, the engine VS Code runs) in VS Code's Dark+ colours, with the
// diagnostic and the hover the language service gives — rendered as a page by Debian's Chromium (headless).
// An illustration of what the editor shows, drawn from the real grammar and service output; not a VS Code window.
// Usage: node scripts/vscode-screenshot.mjs [OUT.png]   (after npm run build and npm run build:vscode)
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import oniguruma from 'vscode-oniguruma';
import vsctm from 'vscode-textmate';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const require = createRequire(import.meta.url);
const out = resolve(process.argv[2] ?? join(root, 'editors/vscode/screenshot.png'));
const { analyze } = await import(pathToFileURL(join(root, 'dist/src/service/analysis.js')).href);
const { hover } = await import(pathToFileURL(join(root, 'dist/src/service/features.js')).href);
const { messageOf } = await import(pathToFileURL(join(root, 'dist/src/diagnostics/diagnostic.js')).href);

const seed = readFileSync(join(root, 'dsl/guangzhou-cbec.pol'), 'utf8');
const text = seed.replace('金额：推广费用 × 50%', '金额：推广费 × 50%');
const a = analyze(text, 'guangzhou-cbec.pol');
const bad = a.diagnostics.find((d) => d.severity === 'error');
const hov = hover(a, text.indexOf('扶持 品牌推广扶持') + 4);

const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
const grammarFile = join(root, 'editors/vscode/syntaxes/pol.tmLanguage.json');
const registry = new vsctm.Registry({
  onigLib: Promise.resolve({ createOnigScanner: (p) => new oniguruma.OnigScanner(p), createOnigString: (s) => new oniguruma.OnigString(s) }),
  loadGrammar: async () => vsctm.parseRawGrammar(readFileSync(grammarFile, 'utf8'), grammarFile),
});
const grammar = await registry.loadGrammar('source.pol');
const COLOURS = [
  [/^comment/, '#6A9955'],
  [/^string/, '#CE9178'],
  [/^constant\.numeric/, '#B5CEA8'],
  [/^storage/, '#569CD6'],
  [/^keyword\.control/, '#C586C0'],
  [/^keyword/, '#569CD6'],
  [/^support\.type/, '#4EC9B0'],
  [/^entity\.name/, '#DCDCAA'],
  [/^variable/, '#9CDCFE'],
  [/^punctuation/, '#D4D4D4'],
];
const colour = (scope) => COLOURS.find(([re]) => re.test(scope))?.[1] ?? '#D4D4D4';
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

const lines = text.split('\n');
const first = lines.findIndex((l) => l.startsWith('措施 3 '));
const shown = lines.slice(first, first + 12);
let state = vsctm.INITIAL;
for (let i = 0; i < first; i++) state = grammar.tokenizeLine(lines[i], state).ruleStack;
const badLine = bad.span.line - 1 - first;
const html = shown
  .map((line, i) => {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    const cut = (s) => (s.length > 70 ? `${s.slice(0, 70)}…` : s);
    let col = 0;
    const spans = r.tokens.map((t) => {
      let piece = line.slice(t.startIndex, t.endIndex);
      if (col > 70) return '';
      piece = cut(piece);
      col += piece.length;
      const squiggle = i === badLine && t.startIndex >= bad.span.col - 1 && t.startIndex < bad.span.endCol ? ' class="err"' : '';
      return `<span${squiggle} style="color:${colour(t.scopes.at(-1))}">${esc(piece)}</span>`;
    });
    return `<div class="l"><span class="n">${first + i + 1}</span>${spans.join('')}</div>`;
  })
  .join('');
const md = (s) => esc(s).replace(/\*\*(.+?)\*\*/g, '<b>$1</b>').replace(/\n\n/g, '<br>').replace(/^&gt; /gm, '');
const page = `<!doctype html><meta charset="utf-8"><style>
body{margin:0;background:#1e1e1e;font:15px/1.6 "Noto Sans Mono CJK SC","Noto Sans CJK SC",monospace;color:#d4d4d4;width:1100px}
.bar{background:#2d2d2d;color:#ccc;padding:6px 14px;font-size:13px}.l{white-space:pre;padding-left:8px}
.n{display:inline-block;width:40px;color:#858585;text-align:right;margin-right:18px}
.err{text-decoration:underline wavy #f14c4c;text-underline-offset:3px}
.pop{position:absolute;background:#252526;border:1px solid #454545;padding:8px 12px;font-size:13px;max-width:640px;white-space:normal}
.problems{border-top:1px solid #454545;padding:6px 14px;font-size:13px}.e{color:#f14c4c}
</style><div class="bar">guangzhou-cbec.pol — pol</div><div style="position:relative;padding:8px 0">${html}
<div class="pop" style="left:150px;top:${(badLine + 1) * 24 + 16}px"><span class="e">●</span> ${esc(messageOf(bad))} <span style="color:#858585">pol(${bad.code})</span></div>
<div class="pop" style="left:470px;top:20px">${md(hov.contents).slice(0, 900)}</div></div>
<div class="problems"><b>问题</b>　<span class="e">●</span> ${esc(messageOf(bad))}　[${bad.span.line}, ${bad.span.col}]</div>`;
const dir = mkdtempSync(join(tmpdir(), 'pol-shot-'));
writeFileSync(join(dir, 'page.html'), page);
const r = spawnSync('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', `--user-data-dir=${join(dir, 'profile')}`, '--hide-scrollbars', `--screenshot=${out}`, '--window-size=1100,400', pathToFileURL(join(dir, 'page.html')).href], { encoding: 'utf8' });
rmSync(dir, { recursive: true, force: true });
if (r.status !== 0) {
  process.stderr.write(r.stderr);
  process.exit(1);
}
console.log(`wrote ${out}`);
