/**
 * Real-process smoke tests of every command. Most CLI tests run pol in-process (test/support/cli.ts
 * `runCli`); here each command runs once as a real process (`dist/bin/pol.mjs`: start-up, exit status,
 * standard input and output through pipes) and once in-process, and both must give the same exit status,
 * stdout and stderr. A reader that closes the pipe early (`pol … | head`) is not an error.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT, runCli, runCliProcess } from '../support/cli.ts';

const SEED = 'dsl/guangzhou-cbec.pol';
const APP = 'examples/applications/brand-promotion.json';
const dir = mkdtempSync(join(tmpdir(), 'pol-smoke-'));
const bad = join(dir, 'bad.pol');
writeFileSync(bad, '政策 p "坏" {\n  有效期：自\n');
const env = { POL_NOW: '2025-06-30', POL_USER: '测试员' };

/** One call per command, with the exit status it must give. */
const CALLS: [string[], number, { input?: string }?][] = [
  [['--version'], 0],
  [['--help'], 0],
  [['nosuch'], 1],
  [['check', SEED], 0],
  [['check', bad], 2],
  // `pol check` runs its own one-file bundle (dist/bin/check.mjs); in-process is the whole program
  [['check', bad, '--json', '--lang', 'en'], 2],
  [['check', '--help'], 0],
  [['check'], 1],
  [['check', SEED, '--bogus'], 1],
  [['check', join(dir, 'none.pol')], 2],
  [['compile', SEED], 0],
  [['fmt', SEED, '--check'], 0],
  [['eval', SEED, '--issued', '2024-01-01', '--input', '-', '--json'], 0, { input: readFileSync(join(ROOT, APP), 'utf8') }],
  [['eval', SEED, '--input', '-'], 1, { input: '{' }],
  [['explain', SEED, '--issued', '2024-01-01', '--input', APP, '--benefit', '品牌推广扶持'], 0],
  [['export', SEED, '-f', 'jsonlogic'], 2],
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
  it.each(CALLS)('pol %j → exit %d', (args, status, opts = {}) => {
    const real = runCliProcess(args, { ...opts, env });
    expect(real.status, real.stderr).toBe(status);
    expect(real.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/); // never a stack trace
    const inProcess = runCli(args, { ...opts, env });
    expect(inProcess).toEqual(real);
  });

  it('pol … | head: a reader that stops early is not an error', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" compile ${SEED} | head -c 10`], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toHaveLength(10);
    expect(r.stderr).toBe('');
  });
});
