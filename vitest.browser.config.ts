import { defineConfig } from 'vitest/config';

// Browser tests drive one headless Chromium against one hub per file, so files run one at a time.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts', 'test/browser/build-web.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 300_000,
  },
});
