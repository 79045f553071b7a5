/**
 * The order in which vitest hands test files to its workers: the known long files first, so that on 2 cores
 * the two workers finish together instead of one starting the longest file while the other has run out of
 * work. vitest's own order sorts by the durations it cached from earlier runs, which a fresh clone (CI) does
 * not have: there it sorts by file size, which puts small but slow files (real processes, PostgreSQL,
 * Chromium) last. Files after the list keep vitest's order.
 */
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Path prefixes (from the repository's root) of the longest files, longest first (wall time of a whole run on
 * 2 cores). Small files that start slow work (crosscheck-expo.test.ts is 108 bytes) would come last by size.
 * The two PostgreSQL files apart: the first to start waits for the run's cluster.
 */
export const LONG_FIRST = [
  'test/documents/deep',
  'test/desk/',
  'test/export/code.test.ts',
  'test/structure/cli-smoke.test.ts',
  'test/store/postgres.test.ts',
  'test/export/crosscheck-expo.test.ts',
  'test/export/crosscheck-reach.test.ts',
  'test/export/crosscheck-',
  'test/serve/postgres.test.ts',
  'test/fmt/properties.test.ts',
  'test/export/pack.test.ts',
  'test/workflow/faults.test.ts',
  'test/serve/sqlite.test.ts',
  'test/hostile/length.test.ts',
  'test/hostile/process.test.ts',
  'test/language/mutation.test.ts',
];

export default class LongFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => {
      const path = relative(f.project.config.root, f.moduleId).replaceAll('\\', '/');
      const i = LONG_FIRST.findIndex((p) => path.startsWith(p));
      return i < 0 ? LONG_FIRST.length : i;
    };
    // Array.prototype.sort is stable: within a rank (all the files after the list), vitest's order stays
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}
