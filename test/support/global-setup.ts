/**
 * Before any test: the CLI tests run the built dist/, so it is rebuilt when any source is newer than it
 * (a test never runs yesterday's build). A fresh `npm ci` has just built it; then this costs one directory walk.
 *
 * The run's PostgreSQL (test/support/postgres.ts): a folder handed to the workers, where the first test file
 * that needs PostgreSQL starts one cluster for the whole run; afterwards, passed or failed, it is stopped and
 * the folder removed.
 *
 * The run's temporary folder: TMPDIR for the workers and every process they start, so each test's
 * mkdtemp(tmpdir()) lands in it, and it is removed at the end (tests need not clean up after themselves). It
 * lies in memory (/dev/shm) where that has room: the suite writes thousands of small SQLite transactions,
 * and on a disk each commit's fsync leaves a worker waiting (~10 ms here). POL_TEST_TMPDIR chooses the
 * place instead.
 *
 * NODE_EXTRA_CA_CERTS, which a machine may set for its registry, is left out of the run's environment: no test
 * process opens a TLS connection, and Node parses that file's certificates at every start (a 220 KB bundle here:
 * ~50 ms of CPU, a third of `pol --version`), in each worker and each of the hundreds of processes the tests start.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { stopCluster } from './postgres.ts';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function build(): void {
  const built = join(ROOT, 'dist/bin/pol.mjs');
  const sources = Math.max(...['src', 'grammar', 'templates', 'scripts'].map((d) => newest(join(ROOT, d))));
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  process.stderr.write('[global setup] dist/ is older than the sources: npm run build\n');
  const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run build failed: the CLI tests would run a stale or missing dist/');
}

/** Where the run's temporary folder goes: /dev/shm with at least 2 GB free, else the system's. */
function tempBase(): string {
  if (process.env.POL_TEST_TMPDIR) return process.env.POL_TEST_TMPDIR;
  try {
    const shm = statfsSync('/dev/shm');
    if (shm.bavail * shm.bsize >= 2 * 1024 ** 3) return '/dev/shm';
  } catch {
    // no /dev/shm (not Linux): the system's temporary folder
  }
  return tmpdir();
}

export default function setup(project: TestProject): () => void {
  build();
  const temp = mkdtempSync(join(tempBase(), 'pol-test-'));
  chmodSync(temp, 0o711); // others may pass through, not list: the postgres user (when run as root) reaches its cluster's folder
  const before = process.env.TMPDIR;
  const certs = process.env.NODE_EXTRA_CA_CERTS;
  delete process.env.NODE_EXTRA_CA_CERTS;
  process.env.TMPDIR = temp; // read by os.tmpdir() in the workers forked after this, and by their children
  const postgresRoot = mkdtempSync(join(temp, 'pol-pg-'));
  project.provide('postgresRoot', postgresRoot);
  return () => {
    try {
      stopCluster(postgresRoot);
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
      if (certs !== undefined) process.env.NODE_EXTRA_CA_CERTS = certs;
      rmSync(temp, { recursive: true, force: true });
    }
  };
}
