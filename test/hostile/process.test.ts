/**
 * A handful of the hostile inputs again, through the built CLI as a real process (its own stack size,
 * exit status and streams), so that the in-process runs cannot hide a difference.
 */
import { describe, it } from 'vitest';
import { PROCESS_PICKS } from './generators/index.ts';
import { runCase } from './harness.ts';

describe('hostile: real processes', () => {
  for (const [cases, name] of PROCESS_PICKS) {
    it(name, () => {
      const c = cases().find((x) => x.name === name);
      if (!c) throw new Error(`no hostile case named ${name}`);
      return runCase({ ...c, process: true, limitMs: Math.max(c.limitMs ?? 20_000, 30_000) }).then(() => undefined);
    });
  }
});
