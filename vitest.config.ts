import { defineConfig } from 'vitest/config';

// Unit and integration tests run under plain Node (no Electron); e2e drives real Chromium.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
