/**
 * The Node versions in package.json's `engines` are the truth for what is installed: every package of the
 * production dependency tree (as installed in node_modules) declares an `engines.node` range that admits the
 * lowest Node version pol admits, and every LTS line from there to the newest one pol is tested against.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

interface Manifest {
  name: string;
  version: string;
  engines?: { node?: string };
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Manifest;

/** Where Node finds package `name` from the package in `dir`: the nearest node_modules up the tree. */
function locate(name: string, dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    const file = join(d, 'node_modules', name, 'package.json');
    if (existsSync(file)) return file;
    if (dirname(d) === d || d === dirname(root)) return undefined;
  }
}

/** Every installed package of the production tree (dependencies and installed optional ones), once each. */
function productionTree(): Manifest[] {
  const seen = new Map<string, Manifest>();
  const visit = (manifest: Manifest, dir: string, optional: Set<string>) => {
    const deps = { ...manifest.dependencies, ...manifest.optionalDependencies };
    for (const name of Object.keys(deps)) {
      const file = locate(name, dir);
      if (!file) {
        if (optional.has(name)) continue;
        throw new Error(`${manifest.name} needs ${name}, which is not installed (run npm ci)`);
      }
      if (seen.has(file)) continue;
      const m = read(file);
      seen.set(file, m);
      visit(m, dirname(file), new Set(Object.keys(m.optionalDependencies ?? {})));
    }
  };
  const pkg = read(join(root, 'package.json'));
  visit({ ...pkg, optionalDependencies: {} }, root, new Set());
  return [...seen.values()];
}

describe('engines', () => {
  const own = read(join(root, 'package.json')).engines?.node;

  it('package.json states the Node versions pol runs on', () => {
    expect(own).toBeTruthy();
    expect(semver.validRange(own)).toBeTruthy();
  });

  it('no installed production package excludes a Node LTS line that package.json admits', () => {
    const lowest = semver.minVersion(own!)!;
    // the lowest admitted version, and the first release of each later LTS line up to the current one (24)
    const versions = [lowest.version, ...[22, 24].filter((major) => major > lowest.major).map((major) => `${major}.0.0`)];
    const excluding: string[] = [];
    for (const m of productionTree()) {
      const range = m.engines?.node;
      if (!range) continue;
      for (const v of versions) {
        if (!semver.satisfies(v, range)) excluding.push(`${m.name}@${m.version} (engines.node "${range}") excludes Node ${v}`);
      }
    }
    expect(excluding).toEqual([]);
  });
});
