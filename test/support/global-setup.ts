/**
 * Before any test: the CLI tests run the built dist/, so it is rebuilt when any source is newer than it
 * (a test never runs yesterday's build). A fresh `npm ci` has just built it; then this costs one directory walk.
 *
 * The run's PostgreSQL (test/support/postgres.ts): a folder handed to the workers, where the first test file
 * that needs PostgreSQL starts one cluster for the whole run; afterwards, passed or failed, it is stopped and
 * the folder removed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
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

export default function setup(project: TestProject): () => void {
  build();
  const postgresRoot = mkdtempSync(join(tmpdir(), 'pol-pg-'));
  project.provide('postgresRoot', postgresRoot);
  return () => stopCluster(postgresRoot);
}
