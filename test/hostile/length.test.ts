/** Hostile inputs: see generators/length.ts. */
import { describe, it } from 'vitest';
import { lengthCases } from './generators/length.ts';
import { runCase } from './harness.ts';

describe('hostile: length', () => {
  for (const c of lengthCases()) it(c.name, () => runCase(c).then(() => undefined));
});
