/**
 * The worker behind test/support/cli.ts `runCli`: runs the built CLI's `runPol` (dist/src/cli/program.js)
 * in this thread, one call at a time, with its own stdout, stderr, standard input and environment, and
 * answers on the port; the test's thread waits on `flag` meanwhile, so `runCli` stays synchronous.
 * A call with another working folder: the test's thread has changed folder for it (cli.ts), this thread shares it.
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { workerData } from 'node:worker_threads';

const { port, flag, program } = workerData;
const { runPol } = await import(pathToFileURL(program).href);

const realReadFileSync = fs.readFileSync;
const realWrite = { out: process.stdout.write, err: process.stderr.write };
const stdinDescriptor = Object.getOwnPropertyDescriptor(process, 'stdin');

function capture(sink) {
  return (chunk, ...rest) => {
    sink.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const cb = rest.find((r) => typeof r === 'function');
    if (cb) queueMicrotask(cb);
    return true;
  };
}

let current;

function setEnv(env) {
  for (const k of Object.keys(process.env)) if (!(k in env)) delete process.env[k];
  for (const [k, v] of Object.entries(env)) if (process.env[k] !== v) process.env[k] = v;
}

function answer(result) {
  port.postMessage(result);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}

// an error that escapes a command still ends its call, reported as the process would (exit 70, message on stderr)
process.on('uncaughtException', (e) => current?.fail(e));
process.on('unhandledRejection', (e) => current?.fail(e));

port.on('message', async ({ args, env, input }) => {
  const out = [];
  const err = [];
  // the call's environment is exactly the one given (the test thread's own, with its additions), as for a process
  const saved = { ...process.env };
  setEnv(env);
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  const stdin = Buffer.from(input ?? '', 'utf8');
  fs.readFileSync = (path, ...rest) => (path === 0 || path === '/dev/stdin' ? (typeof rest[0] === 'string' || rest[0]?.encoding ? stdin.toString('utf8') : Buffer.from(stdin)) : realReadFileSync(path, ...rest));
  syncBuiltinESMExports();
  Object.defineProperty(process, 'stdin', { configurable: true, enumerable: true, value: Object.assign(Readable.from([stdin]), { isTTY: false, fd: 0 }) });
  let done = false;
  const finish = (status) => {
    if (done) return;
    done = true;
    current = undefined;
    process.stdout.write = realWrite.out;
    process.stderr.write = realWrite.err;
    fs.readFileSync = realReadFileSync;
    syncBuiltinESMExports();
    if (stdinDescriptor) Object.defineProperty(process, 'stdin', stdinDescriptor);
    setEnv(saved);
    process.exitCode = undefined;
    answer({ status, stdout: out.join(''), stderr: err.join('') });
  };
  current = { fail: (e) => (err.push(`uncaught in worker: ${e?.stack ?? e}\n`), finish(70)) };
  try {
    finish(await runPol(['node', 'pol', ...args]));
  } catch (e) {
    current?.fail(e);
  }
});
port.postMessage({ ready: true });
Atomics.store(flag, 0, 1);
Atomics.notify(flag, 0);
