/** The README states how many hostile inputs the suite runs: keep the figure true. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from '../support/cli.ts';
import { GENERATORS, PROCESS_PICKS } from './generators/index.ts';

it('README states the number of hostile inputs', () => {
  const n = GENERATORS.reduce((k, g) => k + g().length, 0) + PROCESS_PICKS.length;
  expect(readFileSync(resolve(ROOT, 'README.md'), 'utf8')).toContain(`${n} hostile inputs, 0 crashes, 0 hangs`);
});
