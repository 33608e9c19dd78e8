import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Three layers, by directory (CONTRIBUTING.md, "Tests"): `unit` (test/unit/, nothing but
 * node_modules), `oracle` (test/e2e/, the real Python tools of the test venv and the oldest
 * supported Node binaries) and `integration` (every other test/ directory: the built bins and
 * git). Each has only the global setup it needs. Timeouts are there to end a hung run, not to
 * judge speed: many times what the slowest test takes on a busy machine.
 */
const BUILD = 'test/support/setup/build.ts';

export default defineConfig({
  test: {
    // Two cores: the slow suites (real Python tools) each take one.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/unit/**', 'test/e2e/**'],
          globalSetup: [BUILD],
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'oracle',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: [BUILD, 'test/support/setup/python-venv.ts', 'test/support/setup/node-binaries.ts'],
          testTimeout: 600_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
