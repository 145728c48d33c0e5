import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  resolve: {
    // WXT's mock of `wxt/browser` imports `fakeBrowser` from the `wxt/testing` index, which also
    // exports the Vitest plugin and so loads WXT's whole build core (vite builder, c12, linkedom):
    // ~2 s in every test worker that touches `wxt/browser`, paid again for each Stryker mutant.
    // The fake browser alone is the same module the tests import.
    alias: [{ find: /^wxt\/testing$/, replacement: 'wxt/testing/fake-browser' }],
  },
  test: {
    include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx', 'test/contract/**/*.test.ts'],
    restoreMocks: true,
    testTimeout: 20_000,
  },
});
