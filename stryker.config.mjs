// @ts-check
/**
 * Mutation testing of the modules where a silent bug costs users most (`npm run test:mutation`).
 * Kept out of `npm test`: it takes minutes. Each module's score is printed at the end (the
 * clear-text table); the README keeps the last table. Line ranges pick the parts of a large file
 * that matter (the key service's create-then-save and revoke rollback): check them when that
 * file moves.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: [
    'lib/vault/crypto.ts',
    'lib/vault/record.ts',
    'lib/vault/vault.ts',
    // create, createOnce, createOutcome; revoke (with its rollback)
    'lib/keys/service.ts:330-422',
    'lib/keys/service.ts:466-505',
    'lib/wallet/flow.ts',
    'lib/wallet/service.ts',
    'lib/messaging/router.ts',
    'lib/badge/compute.ts',
    'lib/venice/response-errors.ts',
  ],
  coverageAnalysis: 'perTest',
  ignoreStatic: true,
  concurrency: 2,
  timeoutMS: 10_000,
  reporters: ['clear-text', 'progress'],
  clearTextReporter: { allowColor: false, allowEmojis: false, reportMutants: false, reportTests: false },
  thresholds: { high: 90, low: 80, break: null },
  // TypeScript 7 has no JS API for Stryker's tsconfig rewrite; nothing here needs it.
  tsconfigFile: 'no-tsconfig-rewrite.json',
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
