/**
 * The hostile-input harness: run `pol` on one hostile input and judge the outcome.
 *
 * Each case runs in-process (src/cli/program.ts `runPol`, output captured) in a fresh work folder with
 * `in/` (the inputs) and `out/` (the only place the command may write). A case passes when, within its
 * time limit, either
 *   - pol refused it clearly: exit 1, 2 or 3, a message on stderr, no stack trace, no internal error; or
 *   - pol gave the correct result: exit 0 and the case's own check holds;
 * and, whatever the outcome, no file outside `out/` appeared and no existing file changed (a workflow
 * database under `out/db/` is meant to change).
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { expect } from 'vitest';
import { CLI, processEnv, ROOT } from '../support/cli.ts';

export interface Run {
  status: number;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface Ctx {
  /** the case's work folder; `in` and `out` inside it */
  dir: string;
  in: string;
  out: string;
  /** write an input file under in/ and give its path */
  file(name: string, content: string | Uint8Array): string;
}

export interface HostileCase {
  name: string;
  /** Arguments to pol, given the case's folders (inputs are created here). */
  args(ctx: Ctx): string[] | Promise<string[]>;
  /** What counts as right: 'refuse' (exit 1–3), 'accept' (exit 0 and `check`), 'either'. */
  expect: 'refuse' | 'accept' | 'either';
  /** For exit 0: the result is correct (throw or return false otherwise). */
  check?: (run: Run, ctx: Ctx) => boolean | void | Promise<boolean | void>;
  /** For a refusal: the message must match (e.g. its catalog code). */
  message?: RegExp;
  /** Run before the command (e.g. prepare a workflow database); may run pol itself. */
  setup?: (ctx: Ctx) => void | Promise<void>;
  /** Existing files (relative to the work folder) the command is meant to replace, e.g. with --force. */
  mayChange?: RegExp;
  /** Time limit in ms (default 20 s: the machine running CI may be shared; the hangs found took minutes). */
  limitMs?: number;
  env?: Record<string, string>;
  /** Run the built CLI as a real process instead of in-process. */
  process?: boolean;
}

export const POLICY = resolve(ROOT, 'dsl/guangzhou-cbec.pol');
export const MINI = resolve(ROOT, 'test/workflow/fixtures/mini.pol');
export const APP = JSON.parse(readFileSync(resolve(ROOT, 'examples/applications/brand-promotion.json'), 'utf8')) as Record<string, unknown> & {
  applicant: Record<string, unknown>;
};

/** The brand-promotion application with changes. */
export function app(change: (a: typeof APP) => void = () => {}): string {
  const a = structuredClone(APP);
  change(a);
  return JSON.stringify(a);
}

let runner: ((argv: string[]) => Promise<number>) | undefined;

/** Run pol in this process, capturing stdout and stderr. */
export async function polInProcess(args: string[], env: Record<string, string> = {}): Promise<Run> {
  runner ??= (await import('../../src/cli/program.ts')).runPol;
  const out: string[] = [];
  const err: string[] = [];
  const write = { out: process.stdout.write, err: process.stderr.write };
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  const capture = (sink: string[]) =>
    ((chunk: unknown, ...rest: unknown[]) => {
      sink.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      cb?.();
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  const t0 = performance.now();
  let status: number;
  try {
    status = await runner(['node', 'pol', ...args]);
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
    process.exitCode = undefined;
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  return { status, stdout: out.join(''), stderr: err.join(''), ms: performance.now() - t0 };
}

/** Run the built CLI as a real process. */
export function polProcess(args: string[], env: Record<string, string> = {}, limitMs = 30_000): Run {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: processEnv(env), timeout: limitMs * 2, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, ms: performance.now() - t0 };
}

/** Path → content hash of every file under a folder. */
export function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) files.set(relative(dir, p), createHash('sha256').update(readFileSync(p)).digest('hex'));
    }
  };
  walk(dir);
  return files;
}

function newCtx(): Ctx {
  const dir = mkdtempSync(join(tmpdir(), 'pol-hostile-'));
  const ctx: Ctx = {
    dir,
    in: join(dir, 'in'),
    out: join(dir, 'out'),
    file(name, content) {
      const p = join(ctx.in, name);
      mkdirSync(join(p, '..'), { recursive: true });
      writeFileSync(p, content);
      return p;
    },
  };
  mkdirSync(ctx.in);
  mkdirSync(ctx.out);
  return ctx;
}

const STACK = /^\s+at .+[(:]\d+/m;

/** Run one case and assert its outcome (see the header). Gives the run for extra checks. */
export async function runCase(c: HostileCase): Promise<Run> {
  const ctx = newCtx();
  try {
    if (c.setup) await c.setup(ctx);
    const args = await c.args(ctx);
    const before = snapshot(ctx.dir);
    const limit = c.limitMs ?? 20_000;
    const run = c.process ? polProcess(args, c.env, limit) : await polInProcess(args, c.env);
    const what = `pol ${args.map((a) => (a.length > 80 ? `${a.slice(0, 80)}…` : a)).join(' ')}\nexit ${run.status}\nstderr: ${run.stderr.slice(0, 2000)}`;

    // never a crash, never a stack trace, within the time limit
    expect(run.status, what).not.toBe(70);
    expect(run.stderr, what).not.toMatch(/内部错误|internal error/);
    expect(run.stderr, what).not.toMatch(STACK);
    // no raw control characters from the data reach the terminal
    expect(run.stdout + run.stderr, what).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(run.ms, `${what}\ntook ${Math.round(run.ms)} ms (limit ${limit})`).toBeLessThan(limit);

    if (run.status === 0) {
      expect(c.expect, `${what}\naccepted, but should have been refused`).not.toBe('refuse');
      if (c.check) expect(await c.check(run, ctx), `${what}\nthe result is wrong`).not.toBe(false);
    } else {
      expect([1, 2, 3], what).toContain(run.status);
      expect(c.expect, `${what}\nrefused, but should have been accepted`).not.toBe('accept');
      expect(run.stderr.trim().length, `${what}\nrefused without a message`).toBeGreaterThan(0);
      if (c.message) expect(run.stderr, what).toMatch(c.message);
    }

    // nothing outside out/ appeared, nothing that existed changed
    const after = snapshot(ctx.dir);
    for (const [p, hash] of before) if (!/^out[/\\]db[/\\]/.test(p) && !c.mayChange?.test(p)) expect(after.get(p), `${what}\n${p} changed or vanished`).toBe(hash);
    for (const p of after.keys()) if (!before.has(p)) expect(p.startsWith(`out/`) || p.startsWith('out\\'), `${what}\n${p} written outside out/`).toBe(true);
    return run;
  } finally {
    rmSync(ctx.dir, { recursive: true, force: true });
  }
}

/** Whether a path exists and is a file. */
export function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
