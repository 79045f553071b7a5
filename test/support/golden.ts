/**
 * Golden files: `expectGolden(path, actual)` compares with the file, or rewrites it when the tests run
 * with UPDATE_GOLDEN=1 (`UPDATE_GOLDEN=1 npm test`). Changed goldens are reviewed in the diff.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { expect } from 'vitest';

export const UPDATE = process.env.UPDATE_GOLDEN === '1';

export function expectGolden(path: string, actual: string): void {
  if (UPDATE) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) throw new Error(`golden file missing: ${path} (UPDATE_GOLDEN=1 npm test writes it; review it in the diff)`);
  expect(actual, `golden ${path} (UPDATE_GOLDEN=1 npm test rewrites it)`).toBe(readFileSync(path, 'utf8'));
}
