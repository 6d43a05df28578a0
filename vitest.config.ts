import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Two test files at once, even on two cores: most tests wait on child processes, servers and
    // Chromium, not on the CPU (the default, one worker fewer than the cores, ran them one by one).
    maxWorkers: 2,
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 20_000 } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 30_000,
          // The CLI tests run the built command, as users do: built here when it is missing or stale.
          globalSetup: ['test/support/cli-build.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/cli-build.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // What the UI waits for may include a key derivation (Argon2id, 64 MiB): allow it time on a busy machine.
          expect: { poll: { timeout: 15_000 } },
          // Two files at once, each with its own Chromium: measured 191 s against 237 s one at a time
          // on two cores, since much of each test waits on the core, servers and child processes.
          fileParallelism: true,
        },
      },
    ],
  },
});
