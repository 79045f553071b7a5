/** Hostile inputs: see generators/dates.ts. */
import { describe, it } from 'vitest';
import { dateCases } from './generators/dates.ts';
import { runCase } from './harness.ts';

describe('hostile: dates', () => {
  for (const c of dateCases()) it(c.name, () => runCase(c).then(() => undefined));
});
