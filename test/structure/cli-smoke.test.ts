/**
 * Real-process smoke tests of every command. Most CLI tests run pol in-process (test/support/cli.ts
 * `runCli`); here each command runs at least once as a real process (`dist/bin/pol.mjs`: start-up, exit
 * status, standard input and output through pipes) and once in-process, and both must give the same exit
 * status, stdout and stderr. A reader that closes the pipe early (`pol … | head`) is not an error.
 *
 * A further variant of a command runs in-process only where a real call above already takes its path
 * through the same built file (the start-up, commander's usage errors, a refused input, the code frame);
 * `pol check` has a one-file bundle of its own (dist/bin/check.mjs), so each of its paths runs for real once.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, processEnv, ROOT, runCli, runCliProcess } from '../support/cli.ts';

const SEED = 'dsl/guangzhou-cbec.pol';
const APP = 'examples/applications/brand-promotion.json';
const dir = mkdtempSync(join(tmpdir(), 'pol-smoke-'));
const bad = join(dir, 'bad.pol');
writeFileSync(bad, '政策 p "坏" {\n  有效期：自\n');
const env = { POL_NOW: '2025-06-30', POL_USER: '测试员' };

/** Calls with the exit status each must give; `inProcessOnly`: a variant whose path a real call above already takes. */
const CALLS: [string[], number, { input?: string; inProcessOnly?: true }?][] = [
  [['--version'], 0],
  [['--help'], 0],
  [['nosuch'], 1],
  // `pol check` runs its own one-file bundle (dist/bin/check.mjs); in-process is the whole program: each path once for real
  [['check', SEED], 0],
  [['check', bad], 2], // the code frame, then a refusal
  [['check', bad, '--json', '--lang', 'en'], 2],
  [['check', '--help'], 0],
  [['check', SEED, '--bogus'], 1], // commander's usage error
  [['check'], 1, { inProcessOnly: true }], // commander's usage error, as --bogus
  [['check', join(dir, 'none.pol')], 2, { inProcessOnly: true }], // a refusal, as bad.pol
  [['compile', SEED], 0],
  [['fmt', SEED, '--check'], 0],
  [['eval', SEED, '--issued', '2024-01-01', '--input', '-', '--json'], 0, { input: readFileSync(join(ROOT, APP), 'utf8') }],
  [['eval', SEED, '--input', '-'], 1, { input: '{', inProcessOnly: true }], // standard input through the pipe: the call above
  [['explain', SEED, '--issued', '2024-01-01', '--input', APP, '--benefit', '品牌推广扶持'], 0],
  [['export', SEED, '-f', 'jsonlogic'], 2, { inProcessOnly: true }], // a refusal of the main program: nosuch, users, wf
  [['export', SEED, '-f', 'jsonlogic', '--issued', '2024-01-01'], 0],
  [['diff', SEED, SEED], 0],
  [['graph', SEED], 0],
  [['test', SEED], 0],
  [['doc', '--help'], 0],
  [['allocate', '--help'], 0],
  [['template', '--help'], 0],
  [['users', 'list', '--db', join(dir, 'none.db')], 1],
  [['wf', 'list', '--db', join(dir, 'none.db')], 1],
  [['serve', '--help'], 0],
  [['lsp', '--help'], 0],
];

describe('every command as a real process and in-process', () => {
  it.each(CALLS)('pol %j → exit %d', (args, status, { inProcessOnly, ...opts } = {}) => {
    const inProcess = runCli(args, { ...opts, env });
    expect(inProcess.status, inProcess.stderr).toBe(status);
    expect(inProcess.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/); // never a stack trace
    if (status !== 0) expect(inProcess.stderr + inProcess.stdout).toMatch(/\S/); // a refusal says why
    if (inProcessOnly) return;
    expect(runCliProcess(args, { ...opts, env })).toEqual(inProcess);
  });

  it('each command runs as a real process at least once', () => {
    const real = new Set(CALLS.filter(([, , o]) => !o?.inProcessOnly).map(([args]) => args[0]));
    expect([...new Set(CALLS.map(([args]) => args[0]))].filter((c) => !real.has(c))).toEqual([]);
  });

  it('pol … | head: a reader that stops early is not an error', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" compile ${SEED} | head -c 10`], { cwd: ROOT, encoding: 'utf8', env: processEnv() });
    expect(r.status).toBe(0);
    expect(r.stdout).toHaveLength(10);
    expect(r.stderr).toBe('');
  });
});
