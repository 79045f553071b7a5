/** `pol serve` as a real process: started on a free port, its address read from its first line, stopped by SIGTERM. */
import { spawn, type ChildProcess } from 'node:child_process';
import { CLI, ROOT, runCli } from '../support/cli.ts';
import { PASSWORD } from './helpers.ts';

export interface Served {
  url: string;
  child: ChildProcess;
  stderr: () => string;
  /** SIGTERM, and the exit status. */
  stop(): Promise<number | null>;
}

export async function startServe(db: string, extra: string[] = [], env: Record<string, string> = {}): Promise<Served> {
  const child = spawn(process.execPath, [CLI, 'serve', '--db', db, '--policy', 'dsl/guangzhou-cbec.pol', '--issued', 'gz-cbec-2023=2024-01-01', '--port', '0', ...extra], {
    cwd: ROOT,
    env: { ...process.env, POL_NOW: '2025-04-01', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += String(d)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pol serve did not start: ${err}`)), 30_000);
    child.stdout!.on('data', (d) => {
      out += String(d);
      const m = /http:\/\/([^/\s]+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(`http://${m[1]}`);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`pol serve exited ${code}: ${err}`));
    });
  });
  return {
    url,
    child,
    stderr: () => err,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}

/** `pol users add` with the test password on stdin. */
export function addUser(db: string, name: string, ...args: string[]) {
  const r = runCli(['users', 'add', name, ...args, '--db', db], { input: `${PASSWORD}\n` });
  if (r.status !== 0) throw new Error(`users add ${name}: ${r.stderr}`);
  return r;
}

/** JSON over HTTP with an optional token. */
export async function http(url: string, method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; json: any }> {
  const r = await fetch(url + path, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : undefined };
}

export async function login(url: string, user: string): Promise<string> {
  const r = await http(url, 'POST', '/api/v1/login', { user, password: PASSWORD });
  if (r.status !== 200) throw new Error(`login ${user}: ${JSON.stringify(r.json)}`);
  return r.json.token as string;
}
