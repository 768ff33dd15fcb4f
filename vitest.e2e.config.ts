import { defineConfig } from 'vitest/config';

// End-to-end: the real authorization server and a real Chromium, driven from Node. One file at a time,
// because every file starts its own servers and browser and the suite must fit a 2-core machine.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/e2e/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    teardownTimeout: 20_000,
    // Browser round trips on a loaded 2-core machine: waits are bounded, never asserted on.
    expect: { poll: { timeout: 15_000, interval: 50 } },
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'reports/e2e.json' }]] : ['default'],
  },
});
