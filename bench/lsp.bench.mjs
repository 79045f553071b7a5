// bench/lsp: the language server on a 2,000-measure policy, driven over stdio as an editor drives it.
// (1) diagnostics after an edit: from didChange sent to publishDiagnostics received (debounce included: the
//     server waits as long as its last analysis took, at most 50 ms), against a whole compile of the same text
//     in this process (what every edit cost before the editor parsed and checked only the measure it touched);
// (2) completion: request to response, against the floor of a round trip that does no work (hover on blank).
// Targets (issue #17): diagnostics ≤ 200 ms, completion ≤ 50 ms. `--strict` exits 1 when one is missed.
// Runs the built dist/ (npm run build first).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node.js';
import { syntheticPolicy } from './lsp-synthetic.mjs';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const { compile } = await import(resolve(root, 'dist/src/pipeline.js'));
const strict = process.argv.includes('--strict');
const MEASURES = 2000;
const text = syntheticPolicy(MEASURES);
const uri = 'file:///bench/synthetic.pol';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p90 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)];

const compileMs = [];
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  compile(text, 'synthetic.pol');
  compileMs.push(performance.now() - t0);
}

const server = spawn(process.execPath, [resolve(root, 'dist/bin/pol.mjs'), 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const conn = createMessageConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
const waiting = new Map();
conn.onNotification('textDocument/publishDiagnostics', (p) => {
  const w = waiting.get(p.version);
  if (w) {
    waiting.delete(p.version);
    w(p);
  }
});
conn.listen();
await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
await conn.sendNotification('initialized', {});
const published = (version) => new Promise((res) => waiting.set(version, res));

let version = 1;
let first = published(version);
await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'pol', version, text } });
await first;

// edits: break and mend one measure's input name, each a one-character change in the middle of the file
const lines = text.split('\n');
const target = lines.findIndex((l, i) => i > lines.length / 2 && /^\s+金额：/.test(l));
const col = lines[target].indexOf('费用') + 1;
const diagMs = [];
for (let i = 0; i < 12; i++) {
  version++;
  const wait = published(version);
  const t0 = performance.now();
  const broken = i % 2 === 0;
  await conn.sendNotification('textDocument/didChange', {
    textDocument: { uri, version },
    contentChanges: [
      broken
        ? { range: { start: { line: target, character: col }, end: { line: target, character: col + 1 } }, text: '' }
        : { range: { start: { line: target, character: col }, end: { line: target, character: col } }, text: '用' },
    ],
  });
  const p = await wait;
  diagMs.push(performance.now() - t0);
  if (broken !== p.diagnostics.some((d) => d.severity === 1)) throw new Error(`edit ${i}: expected ${broken ? 'an error' : 'no error'}`);
}

const timed = async (method, params, n) => {
  const ts = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await conn.sendRequest(method, params(i));
    ts.push(performance.now() - t0);
  }
  return ts;
};
const floorMs = await timed('textDocument/hover', () => ({ textDocument: { uri }, position: { line: 3, character: 0 } }), 40);
const completionMs = await timed(
  'textDocument/completion',
  (i) => ({ textDocument: { uri }, position: { line: lines.findIndex((l, j) => j > (i * lines.length) / 40 && l.includes('条件：入选(')), character: 12 } }),
  40,
);
await conn.sendRequest('shutdown');
await conn.sendNotification('exit');
conn.dispose();
server.kill();

const result = {
  bench: 'lsp',
  measures: MEASURES,
  sourceKB: Math.round(Buffer.byteLength(text) / 1024),
  compileMs: Math.round(median(compileMs)),
  diagnosticsMs: Math.round(median(diagMs)),
  diagnosticsP90Ms: Math.round(p90(diagMs)),
  diagnosticsVsCompile: +(median(diagMs) / median(compileMs)).toFixed(2),
  targetDiagnosticsMs: 200,
  roundTripMs: +median(floorMs).toFixed(2),
  completionMs: +median(completionMs).toFixed(2),
  completionVsRoundTrip: +(median(completionMs) / median(floorMs)).toFixed(2),
  targetCompletionMs: 50,
};
const met = { diagnostics: result.diagnosticsMs <= 200, completion: result.completionMs <= 50 };
console.log(`policy: ${MEASURES} measures, ${result.sourceKB} KB; in-process compile ${result.compileMs} ms (floor)`);
console.log(`diagnostics after an edit: median ${result.diagnosticsMs} ms, p90 ${result.diagnosticsP90Ms} ms = ${result.diagnosticsVsCompile}× compile — target ≤ 200 ms: ${met.diagnostics ? 'met' : 'MISSED'}`);
console.log(`completion: median ${result.completionMs} ms = ${result.completionVsRoundTrip}× an empty round trip (${result.roundTripMs} ms) — target ≤ 50 ms: ${met.completion ? 'met' : 'MISSED'}`);
console.log(JSON.stringify({ ...result, met }));
if (strict && !(met.diagnostics && met.completion)) process.exitCode = 1;
