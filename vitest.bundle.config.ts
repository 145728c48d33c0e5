import { defineConfig } from 'vitest/config';

/** Checks the production build's sizes and contents (npm run test:bundle builds it first). */
export default defineConfig({
  test: { include: ['test/bundle/**/*.test.ts'] },
});
