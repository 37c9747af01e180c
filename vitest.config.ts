import { defineConfig } from 'vitest/config';

// Tests that time the engine against the clock: one poll per 60 ms must keep up with a history
// growing by ~300 events a second, which fails when another test file shares the CPU.
const alone = ['test/lib/watch/poller.test.ts'];

export default defineConfig({
  test: {
    // End-to-end tests talk to real engine processes (and *.process.test.ts files spawn the CLI);
    // on a shared 2-core machine a single step can take seconds, so timeouts are generous (they
    // bound hangs, they do not time work).
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // vitest's default on 2 cores is one file at a time, but the end-to-end files spend most of
    // their time waiting on engines; two at once took 432 s instead of 531 s for the suite.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/cli/**', 'test/readme/**', 'test/engine/e2e/**', 'test/compat/**', ...alone],
          // Pure modules (and a few engines they start themselves): one worker process for many
          // files instead of one each, which the unit files took 62 s instead of 80 s with.
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'alone',
          include: alone,
          // Runs after the others, on its own.
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/cli/**/*.test.ts', 'test/readme/**/*.test.ts', 'test/engine/e2e/**/*.test.ts'],
          // As for the unit files: modules (src/ through vitest, oclif's config) load once per worker,
          // not once per file; each file starts its own engines, and runInProcess restores the
          // environment after every run. 8 of these files took 22.6 s of CPU instead of 32.2 s.
          isolate: false,
        },
      },
    ],
  },
});
