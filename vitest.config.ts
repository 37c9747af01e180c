import { defineConfig } from 'vitest/config';

// End-to-end tests spawn real engine and CLI processes; on a shared 2-core machine a single
// step can take seconds, so timeouts are generous (they bound hangs, they do not time work).
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    include: ['test/**/*.test.ts'],
  },
});
