/** The compiler's version, from the package's package.json. */
import { readFileSync } from 'node:fs';
import { packagePath } from './paths.ts';

function readVersion(): string {
  try {
    return (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export const VERSION = readVersion();
