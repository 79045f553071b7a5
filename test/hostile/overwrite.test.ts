/** Hostile inputs: see generators/overwrite.ts. */
import { describe, it } from 'vitest';
import { overwriteCases } from './generators/overwrite.ts';
import { runCase } from './harness.ts';

describe('hostile: overwrite', () => {
  for (const c of overwriteCases()) it(c.name, () => runCase(c).then(() => undefined));
});
