import { defineConfig } from 'vitest/config';

// `npm run test:slow`: fault tests that run whole bot processes for a while (kill -9 in the
// middle of a dispatch, two instances on one PostgreSQL). CI runs them after `npm test`.
export default defineConfig({
  test: {
    include: ['test/slow/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 240_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
