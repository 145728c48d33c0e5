import { defineConfig, mergeConfig } from 'vitest/config';
import { CheapestFirst, testCostRecorder } from './test/unit/support/cheapest-first';
import { warmPool } from './test/unit/support/warm-pool';
import base from './vitest.config';

/**
 * The unit tests that can kill mutants of the modules `npm run test:mutation` mutates: no
 * contract tests (they start the simulator), no UI. Stryker runs only the tests that cover
 * each mutant; this keeps its dry run and its workers small on a 2-core machine.
 */
const config = mergeConfig(
  base,
  defineConfig({
    // One test thread per Stryker runner, kept between mutants (test/unit/support/warm-pool.ts).
    // MUTATION_COLD_THREADS=1 gives each run a new thread, as vitest's threads pool does (A/B).
    plugins: process.env.MUTATION_COLD_THREADS === '1' ? [] : [warmPool()],
    test: {
      // Stryker runs the covering tests once per mutant. Without isolation a mutant whose tests
      // sit in several files loads the shared modules once, not once per file (2.3x faster on
      // the storage modules, the same verdict for every mutant); the warm thread still loads
      // them afresh for each mutant.
      isolate: false,
      // A mutant that leaves a test waiting for something that never comes is killed when the
      // test times out: at vitest's 20 s that was 21 runs (7 min of one core) of a full run.
      // The slowest test here takes ~2.7 s in a cold thread at load ~12 (the wallet window's
      // first mint, which imports the whole background); runs after the first are warm.
      testTimeout: 8_000,
      setupFiles: ['test/unit/support/mutation-setup.ts'],
      // Cheapest test files first: a mutant's run stops at its first failing test.
      sequence: { sequencer: CheapestFirst },
      reporters: ['default', testCostRecorder],
    },
  }),
);
// Set, not merged: mergeConfig appends arrays, which kept the base's contract and UI tests in.
config.test = {
  ...config.test,
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
};
export default config;
