import { defineConfig } from 'vitest/config';

/** The Firefox smoke test (npm run test:firefox builds the Firefox test build first). */
export default defineConfig({
  test: { include: ['test/firefox/**/*.test.ts'], testTimeout: 240_000, hookTimeout: 120_000 },
});
