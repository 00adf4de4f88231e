import os from 'node:os';
import { defineConfig } from 'vitest/config';

// Vitest's default is one worker fewer than the cores, which on CI's 2-core machine is one: every
// unit file ran after the other while many of them wait on child processes, servers and timers.
// Two workers keep both cores busy (each file still runs in a process of its own).
const cores = os.availableParallelism();

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'src/**/*.test.ts',
            // Component tests: each opens with `// @vitest-environment happy-dom`.
            'src/**/*.test.tsx',
            'test/integration/**/*.test.ts',
            'test/corpus/**/*.test.ts',
          ],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          pool: 'forks',
          maxWorkers: Math.max(2, cores - 1),
          setupFiles: ['test/setup/hashCost.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/globalSetup.ts'],
          setupFiles: ['test/setup/hashCost.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
          fileParallelism: false,
        },
      },
    ],
  },
});
