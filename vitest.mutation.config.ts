import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config';

/**
 * The unit tests that can kill mutants of the modules `npm run test:mutation` mutates: no
 * contract tests (they start the simulator), no UI. Stryker runs only the tests that cover
 * each mutant; this keeps its dry run and its workers small on a 2-core machine.
 */
export default mergeConfig(
  base,
  defineConfig({
    test: {
      // Stryker runs the covering tests once per mutant, each run in a fresh worker. Without
      // isolation a mutant whose tests sit in several files loads the shared modules once, not
      // once per file (2.3x faster on the storage modules, the same verdict for every mutant).
      isolate: false,
      setupFiles: ['test/unit/support/mutation-setup.ts'],
      include: [
        'test/unit/vault/**/*.test.ts',
        'test/unit/golden/**/*.test.ts',
        'test/unit/keys/service.test.ts',
        'test/unit/keys/created-limits.test.ts',
        'test/unit/keys/service-memory.test.ts',
        'test/unit/wallet/**/*.test.ts',
        'test/unit/messaging/**/*.test.ts',
        'test/unit/badge/compute.test.ts',
        'test/unit/venice/errors.test.ts',
        'test/unit/venice/response-errors.test.ts',
        'test/unit/storage/item.test.ts',
        'test/unit/venice/client.test.ts',
      ],
    },
  }),
);
