/**
 * `pol fmt` as a process (the built CLI in dist/): printing, --write, --check, --lang, --json, and files
 * that cannot be formatted (syntax errors: diagnostics and exit 2, nothing written).
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/cli.ts';
import { fmt } from './support.ts';

const SEED = join(ROOT, 'dsl/guangzhou-cbec.pol');
const MESSY = join(ROOT, 'test/cases/fmt/messy.pol');
const BROKEN = join(ROOT, 'test/cases/syntax/bad/recovery.pol');
const read = (p: string) => readFileSync(p, 'utf8');
const noCrash = (stderr: string) => expect(stderr).not.toMatch(/内部错误|internal error|at .*\.js:\d+/);

function scratch(...files: [string, string][]): string {
  const dir = mkdtempSync(join(tmpdir(), 'pol-fmt-'));
  for (const [name, from] of files) copyFileSync(from, join(dir, name));
  return dir;
}

describe('pol fmt', () => {
  it('prints the canonical layout, Chinese keywords by default', () => {
    const r = runCli(['fmt', 'dsl/guangzhou-cbec.pol']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(fmt(read(SEED), 'zh'));
    expect(r.stdout).toMatch(/^政策 gz-cbec-2023 /m);
    expect(r.stderr).toBe('');
  });

  it('--lang en prints English keywords', () => {
    const r = runCli(['fmt', 'test/cases/fmt/messy.pol', '--lang', 'en']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(read(join(ROOT, 'test/cases/fmt/messy.en.txt')));
    expect(r.stdout).toMatch(/^policy fmt-demo /m);
  });

  it('--write rewrites the file whole, and then --check finds it formatted', () => {
    const dir = scratch(['messy.pol', MESSY]);
    const file = join(dir, 'messy.pol');
    const w = runCli(['fmt', file, '--write']);
    expect(w.status).toBe(0);
    expect(w.stdout).toBe('');
    expect(w.stderr).toContain(`已改写 ${file}`);
    expect(read(file)).toBe(read(join(ROOT, 'test/cases/fmt/messy.zh.txt')));
    expect(readdirSync(dir)).toEqual(['messy.pol']); // no temporary file left behind
    const c = runCli(['fmt', file, '--check']);
    expect(c.status).toBe(0);
    expect(c.stdout).toBe('');
    expect(c.stderr).toContain('均已按规范格式排版');
  });

  it('--check lists the files that are not formatted and exits 1, writing nothing', () => {
    const dir = scratch(['messy.pol', MESSY]);
    const messy = join(dir, 'messy.pol');
    const tidy = join(dir, 'tidy.pol');
    writeFileSync(tidy, fmt(read(SEED), 'zh'));
    const r = runCli(['fmt', '--check', tidy, messy]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(`${messy}\n`);
    expect(r.stderr).toContain('1 个文件未按规范格式排版');
    expect(read(messy)).toBe(read(MESSY));
    // the English layout is not the Chinese one
    expect(runCli(['fmt', '--check', '--lang', 'en', tidy]).status).toBe(1);
  });

  it('--json reports each file', () => {
    const dir = scratch(['messy.pol', MESSY]);
    const r = runCli(['fmt', '--check', '--json', join(dir, 'messy.pol'), 'dsl/expo-support-en.pol', '--lang', 'en']);
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout) as { files: { file: string; status: string }[]; diagnostics: unknown[] };
    expect(out.files.map((f) => f.status)).toEqual(['unformatted', expect.stringMatching(/^(un)?formatted$/)]);
    expect(out.diagnostics).toEqual([]);
  });

  it('does not format a file with syntax errors: diagnostics as pol check prints them, exit 2, file untouched', () => {
    const dir = scratch(['broken.pol', BROKEN]);
    const file = join(dir, 'broken.pol');
    for (const args of [[file], [file, '--write'], [file, '--check']]) {
      const r = runCli(['fmt', ...args]);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: error POL1002: `));
      expect(r.stderr).toMatch(/\n\s*\d+ \| .*\n\s*\| +\^+/); // the code frame, span underlined
      expect(r.stderr).toContain('有语法错误或无法读取，未排版');
      noCrash(r.stderr);
      expect(read(file)).toBe(read(BROKEN));
    }
    const json = runCli(['fmt', file, '--json', '--lang', 'en']);
    expect(json.status).toBe(2);
    const out = JSON.parse(json.stdout) as { files: { status: string }[]; diagnostics: { code: string; line: number; message: string }[] };
    expect(out.files[0]!.status).toBe('error');
    expect(out.diagnostics.length).toBeGreaterThan(1);
    expect(out.diagnostics[0]!.message).toMatch(/expected/);
  });

  it('formats the good files of a batch and still exits 2 for the broken one', () => {
    const dir = scratch(['broken.pol', BROKEN], ['messy.pol', MESSY]);
    const r = runCli(['fmt', '--write', join(dir, 'broken.pol'), join(dir, 'messy.pol')]);
    expect(r.status).toBe(2);
    expect(read(join(dir, 'messy.pol'))).toBe(read(join(ROOT, 'test/cases/fmt/messy.zh.txt')));
    expect(read(join(dir, 'broken.pol'))).toBe(read(BROKEN));
  });

  it('says clearly what is wrong with its arguments', () => {
    const both = runCli(['fmt', 'dsl/guangzhou-cbec.pol', '--write', '--check']);
    expect(both.status).toBe(1);
    expect(both.stderr).toContain('--write 与 --check 只能选其一');
    const lang = runCli(['fmt', 'dsl/guangzhou-cbec.pol', '--lang', 'fr']);
    expect(lang.status).toBe(1);
    expect(lang.stderr).toContain('--lang 只能是 zh 或 en');
    const missing = runCli(['fmt', 'no/such.pol']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('无法读取政策文件 no/such.pol：不存在');
    for (const r of [both, lang, missing]) {
      expect(r.stdout).toBe('');
      noCrash(r.stderr);
    }
  });

  it('has Chinese help', () => {
    const r = runCli(['fmt', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('规范格式');
    expect(r.stdout).toContain('--check');
  });
});
