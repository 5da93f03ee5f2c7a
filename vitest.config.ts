import { defineConfig } from 'vitest/config';

// Unit and integration suites; the browser e2e suite has its own config (vitest.e2e.config.ts).
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
