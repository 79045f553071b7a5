/**
 * A handful of the hostile inputs again, through the built CLI as a real process (its own stack size,
 * exit status and streams), so that the in-process runs cannot hide a difference.
 */
import { describe, it } from 'vitest';
import { dateCases } from './generators/dates.ts';
import { depthCases } from './generators/depth.ts';
import { escapeCases } from './generators/escape.ts';
import { lengthCases } from './generators/length.ts';
import { overwriteCases } from './generators/overwrite.ts';
import { type HostileCase, runCase } from './harness.ts';

const PICK: [() => HostileCase[], string][] = [
  [depthCases, '200 nested parentheses: pol check'],
  [depthCases, 'a sum of 3,000 terms: pol eval'],
  [depthCases, 'application JSON, arrays nested 5,000 deep: pol wf apply'],
  [lengthCases, 'a 12,000-letter unbreakable name: pol doc acceptance'],
  [overwriteCases, 'compile -o the policy itself'],
  [dateCases, '--issued "9999-12-31": pol eval'],
  [dateCases, 'application with a stray 0xFF byte: pol wf apply'],
  [escapeCases, 'an applicant name with control characters "\\u001b[31m红色公司": pol eval'],
];

describe('hostile: real processes', () => {
  for (const [cases, name] of PICK) {
    const c = cases().find((x) => x.name === name);
    it(name, () => {
      if (!c) throw new Error(`no hostile case named ${name}`);
      return runCase({ ...c, process: true, limitMs: Math.max(c.limitMs ?? 10_000, 20_000) }).then(() => undefined);
    });
  }
});
