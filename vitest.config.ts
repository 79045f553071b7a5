import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import LongFirst from './test/support/sequencer.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // generous: some tests start many real processes, and CI shares 2 cores; these are hang guards, not timings
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // the known long files first, whether or not vitest has cached durations (test/support/sequencer.ts)
    sequence: { sequencer: LongFirst },
    // vitest's default is one worker fewer than the cores: on CI's 2 cores, one file at a time. Much of the
    // suite waits on child processes (pol, LibreOffice, Chromium, javac, PostgreSQL), so one worker per core
    // keeps both cores busy. POL_TEST_WORKERS overrides (1 for a quiet, serial run).
    maxWorkers: Number(process.env.POL_TEST_WORKERS) || Math.max(2, availableParallelism()),
    // the test files share each worker's module graph (src/ is evaluated once per worker, not once per file):
    // no test leaves a global, process.env or the working folder changed (test/hostile/harness.ts and
    // test/support/cli-worker.mjs restore what they set), and src/'s module state is caches only
    isolate: false,
    // the built package (dist/, as `npm run build` left it) loads as Node loads it for a user, not through vite's
    // transform: the library tests import it (~1.5 s of transform CPU less); src/ is what vite transforms
    server: { deps: { external: [/\/dist\/src\//] } },
  },
});
