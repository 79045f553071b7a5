/** Hostile inputs: see generators/escape.ts. */
import { describe, it } from 'vitest';
import { escapeCases } from './generators/escape.ts';
import { runCase } from './harness.ts';

describe('hostile: escape', () => {
  for (const c of escapeCases()) it(c.name, () => runCase(c).then(() => undefined));
});
