import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{spec,generators,emulator,harness,suites,reporters,config,bench,cli,regressions}/**/*.test.ts'],
    // Explicit so the summary ("Tests  N passed") is printed in every environment, CI included.
    reporters: ['default'],
    testTimeout: 30_000,
  },
});
