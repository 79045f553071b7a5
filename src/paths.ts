/**
 * Where pol's own files are: the package root found by walking up from this module to the package.json
 * named "pol". Works from src/ (tests), dist/src/ (the library) and dist/bin/chunks/ (the bundled CLI) alike.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'pol') return (root = dir);
      } catch {
        // not ours; keep walking
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('pol: cannot find the package root (package.json named "pol")');
    dir = up;
  }
}

/** A path inside the package: `packagePath('templates', 'form.hbs')`. */
export function packagePath(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}
