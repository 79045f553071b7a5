/**
 * Run the built CLI (dist/, made by `npm ci`'s prepare step, `npm run build` or vitest's global setup).
 *
 * `runCli` runs it in-process: the built `runPol` (dist/src/cli/program.js) in a worker thread of this test
 * process, one call at a time, while this thread waits, so a call is as synchronous as a spawned process
 * and costs no Node start-up. Each call gets its own stdout, stderr, exit status, standard input and
 * environment (`process.env` of the test plus NO_COLOR=1 and `env`), set before and restored after.
 *
 * A call with another working folder (`cwd`) runs in-process too: this thread changes folder for the call
 * (the worker thread shares it) and changes back before it returns. Where this thread cannot change folder
 * (vitest's `threads` pool), such a call runs as a process.
 *
 * `runCliProcess` (or `runCli(args, { process: true })`) spawns `dist/bin/pol.mjs` as a real process: kept
 * for the smoke tests of each command (start-up, exit codes, pipes, signals).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { isMainThread, MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const CLI = resolve(ROOT, 'dist/bin/pol.mjs');
const PROGRAM = resolve(ROOT, 'dist/src/cli/program.js');

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  input?: string;
  cwd?: string;
  env?: Record<string, string>;
  /** run as a real process (`dist/bin/pol.mjs`) instead of in-process */
  process?: boolean;
}

/** Run pol: in-process (see above) unless `process` is set, or `cwd` is set where this thread cannot change folder. */
export function runCli(args: string[], opts: CliOptions = {}): CliResult {
  const cwd = resolve(opts.cwd ?? ROOT);
  if (opts.process || (cwd !== process.cwd() && !isMainThread)) return runCliProcess(args, opts);
  const here = process.cwd();
  if (cwd === here) return runInWorker(args, opts);
  process.chdir(cwd);
  try {
    return runInWorker(args, opts);
  } finally {
    process.chdir(here);
  }
}

/**
 * The environment of a process a test starts (pol, node, npm): the test's own with NO_COLOR=1 and `env`.
 * (The run's global setup has taken NODE_EXTRA_CA_CERTS out of it: see test/support/global-setup.ts.)
 */
export function processEnv(env: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, NO_COLOR: '1', ...env };
}

/** Run the built CLI as a real process. */
export function runCliProcess(args: string[], opts: Omit<CliOptions, 'process'> = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? ROOT,
    input: opts.input,
    encoding: 'utf8',
    env: processEnv(opts.env),
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A call that has not answered after this long is a hang (the tests' own timeout is 180 s). */
const CALL_LIMIT_MS = 170_000;

let worker: { port: MessagePort; flag: Int32Array; thread: Worker } | undefined;

function waitFor(w: NonNullable<typeof worker>, what: string): { status: number; stdout: string; stderr: string; ready?: boolean } {
  if (Atomics.wait(w.flag, 0, 0, CALL_LIMIT_MS) === 'timed-out') {
    void w.thread.terminate();
    worker = undefined;
    throw new Error(`in-process pol did not answer within ${CALL_LIMIT_MS / 1000} s: ${what}`);
  }
  Atomics.store(w.flag, 0, 0);
  const m = receiveMessageOnPort(w.port);
  if (!m) throw new Error(`in-process pol answered without a result: ${what}`);
  return m.message;
}

function start(): NonNullable<typeof worker> {
  const { port1, port2 } = new MessageChannel();
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const thread = new Worker(new URL('./cli-worker.mjs', import.meta.url), {
    workerData: { port: port2, flag, program: PROGRAM },
    transferList: [port2],
    stdout: true,
    stderr: true,
  });
  thread.unref();
  const w = { port: port1, flag, thread };
  waitFor(w, 'start-up');
  return w;
}

function runInWorker(args: string[], opts: CliOptions): CliResult {
  worker ??= start();
  const env = Object.fromEntries(Object.entries({ ...process.env, NO_COLOR: '1', ...opts.env }).filter((e): e is [string, string] => e[1] !== undefined));
  worker.port.postMessage({ args, env, input: opts.input });
  const r = waitFor(worker, `pol ${args.join(' ')}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
