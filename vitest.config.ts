import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // generous: some tests start many real processes, and CI shares 2 cores; these are hang guards, not timings
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
