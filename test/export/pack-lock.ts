// The package.json and package-lock.json of an empty project that installs one packed pol tarball with npm.
// pol's own dependencies (exactly those its package.json declares, nothing it hoists) are links to the copies
// this checkout's `npm ci` has installed from pol's lockfile: npm installs the tarball, makes the bin link
// and links each dependency, and Node resolves pol's imports in the new folder only. Extracting the 340
// packages of the dependency tree (289 MB, ~9 s of CPU) once more would test npm's cache, not pol's package.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

interface Manifest {
  name: string;
  version: string;
  license?: string;
  dependencies?: Record<string, string>;
  bin?: unknown;
  engines?: unknown;
}

const manifest = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;

/**
 * Write package.json and package-lock.json into `out`: a project depending on the tarball `tgz` of the package
 * at `root` and, as links, on each of its dependencies as installed in `root`/node_modules. Throws where an
 * installed dependency is not the exact version the package declares (a stale install).
 */
export function writePackLock(root: string, tgz: string, out: string): void {
  const pkg = manifest(root);
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tgz)).digest('base64')}`;
  const dependencies: Record<string, string> = { pol: `file:${tgz}` };
  const packages: Record<string, unknown> = {
    '': { name: 'try-pol', version: '1.0.0', dependencies },
    'node_modules/pol': { version: pkg.version, resolved: `file:${tgz}`, integrity, license: pkg.license, dependencies: pkg.dependencies, bin: pkg.bin, engines: pkg.engines },
  };
  for (const [name, wanted] of Object.entries(pkg.dependencies ?? {})) {
    const installed = manifest(join(root, 'node_modules', name));
    if (installed.version !== wanted) throw new Error(`${name}: package.json pins ${wanted}, node_modules has ${installed.version} (run npm ci)`);
    const target = relative(out, join(root, 'node_modules', name));
    dependencies[name] = `file:${target}`;
    packages[`node_modules/${name}`] = { resolved: target, link: true };
    packages[target] = { name, version: installed.version, license: installed.license };
  }
  writeFileSync(join(out, 'package-lock.json'), JSON.stringify({ name: 'try-pol', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 1));
  writeFileSync(join(out, 'package.json'), JSON.stringify({ name: 'try-pol', version: '1.0.0', private: true, dependencies }));
}
