/** Every generator of hostile inputs, and the few run again as real processes. */
import type { HostileCase } from '../harness.ts';
import { dateCases } from './dates.ts';
import { depthCases } from './depth.ts';
import { escapeCases } from './escape.ts';
import { lengthCases } from './length.ts';
import { overwriteCases } from './overwrite.ts';

export const GENERATORS: (() => HostileCase[])[] = [depthCases, lengthCases, overwriteCases, escapeCases, dateCases];

/** Cases run again through the built CLI as a real process (its own stack, exit status and streams). */
export const PROCESS_PICKS: [() => HostileCase[], string][] = [
  [depthCases, '200 nested parentheses: pol check'],
  [depthCases, 'a sum of 3,000 terms: pol eval'],
  [depthCases, 'application JSON, arrays nested 5,000 deep: pol wf apply'],
  [lengthCases, 'a 12,000-letter unbreakable name: pol doc acceptance'],
  [overwriteCases, 'compile -o the policy itself'],
  [dateCases, '--issued "9999-12-31": pol eval'],
  [dateCases, 'application with a stray 0xFF byte: pol wf apply'],
  [escapeCases, 'an applicant name with control characters "\\u001b[31m红色公司": pol eval'],
];
