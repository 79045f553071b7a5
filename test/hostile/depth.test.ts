/** Hostile inputs, category 1: nesting and length past any real policy never overflow the stack. */
import { describe, it } from 'vitest';
import { depthCases } from './generators/depth.ts';
import { runCase } from './harness.ts';

describe('hostile: stack depth', () => {
  for (const c of depthCases()) it(c.name, () => runCase(c).then(() => undefined));
});
