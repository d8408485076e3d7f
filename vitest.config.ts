import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    setupFiles: ['test/setup-env.ts'],
    // The JSON report lets .ci/run print one plain 'N passed, N failed' line at the end.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results.json' },
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx', 'src/**/*.test.ts', 'src/**/*.test.tsx'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration tests start real servers on loopback ports; keep files from starving each other.
    maxWorkers: 2,
  },
});
