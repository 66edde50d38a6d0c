import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{spec,common,generators,emulator,harness,suites,reporters,config,bench,cli,testing,regressions}/**/*.test.ts'],
    // Explicit so the summary ("Tests  N passed") is printed in every environment, CI included.
    reporters: ['default'],
    testTimeout: 30_000,
    // Tests that need the reference text or Chromium: one line each when missing, mandatory under CI.
    globalSetup: ['testing/globalSetup.ts'],
  },
});
