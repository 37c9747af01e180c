import { defineConfig } from 'vitest/config';

// `npm run test:compat`: taskctl against moto's server, a second, independent implementation of
// the AWS APIs (test/compat). Not part of `npm test`: it needs Python and moto[server].
export default defineConfig({
  test: {
    include: ['test/compat/**/*.test.ts'],
    // Fails the run, naming how to install moto, when it is missing (never a silent skip).
    globalSetup: ['test/compat/support/require-moto.ts'],
    // Each file starts its own moto server and spawns the built CLI; moto answers slowly.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
  },
});
