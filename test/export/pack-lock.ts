// The package-lock.json of an empty project that installs one packed pol tarball: every dependency at the
// version pol's own lockfile pins, resolved to its registry tarball, so that `npm ci --offline` installs
// it from npm's cache alone (no registry metadata needed).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface LockEntry {
  name?: string;
  version: string;
  resolved?: string;
  dev?: boolean;
  link?: boolean;
  [key: string]: unknown;
}

/** Write package.json and package-lock.json into `out`: a project depending on the tarball `tgz` of the package at `root`. */
export function writePackLock(root: string, tgz: string, out: string): void {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tgz)).digest('base64')}`;
  const packages: Record<string, unknown> = { '': { name: 'try-pol', version: '1.0.0', dependencies: { pol: `file:${tgz}` } } };
  packages['node_modules/pol'] = { version: pkg.version, resolved: `file:${tgz}`, integrity, license: pkg.license, dependencies: pkg.dependencies, bin: pkg.bin, engines: pkg.engines };
  for (const [path, e] of Object.entries(lock.packages)) {
    if (!path.startsWith('node_modules/') || e.dev || e.link) continue;
    const name = e.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const base = name.startsWith('@') ? name.split('/')[1] : name;
    packages[path] = { ...e, resolved: e.resolved ?? `https://registry.npmjs.org/${name}/-/${base}-${e.version}.tgz` };
  }
  writeFileSync(join(out, 'package-lock.json'), JSON.stringify({ name: 'try-pol', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 1));
  writeFileSync(join(out, 'package.json'), JSON.stringify({ name: 'try-pol', version: '1.0.0', private: true, dependencies: { pol: `file:${tgz}` } }));
}
