// @ts-check
/**
 * Mutation testing of the modules where a silent bug costs users most (`npm run test:mutation`).
 * Kept out of `npm test`: it takes minutes. Each module's score is printed at the end (the
 * clear-text table); the README keeps the last table.
 *
 * One module: `npm run test:mutation -- --mutate lib/vault/crypto.ts` (only that module's tests
 * run, see MODULES). Reruns: add `--incremental`; the results are kept per selection in
 * reports/ (git-ignored: they name this checkout's test ids and go stale with every edit), and
 * only mutants whose code or covering tests changed run again.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */

/**
 * Each mutated module and the unit tests written to kill its mutants. Stryker runs only these
 * test files (and of them, per mutant, only the tests that cover it), so a one-module run does
 * not pay for the other modules' dry run. A `file:first-last` entry (a line range) would pick
 * part of a large file; the key service is split by job, so its create and revoke are files.
 */
const MODULES = {
  'lib/vault/crypto.ts': ['test/unit/vault/crypto.test.ts', 'test/unit/golden/golden.test.ts'],
  'lib/vault/record.ts': [
    'test/unit/vault/record.test.ts',
    'test/unit/vault/plain-checks.test.ts',
    'test/unit/golden/golden.test.ts',
  ],
  'lib/vault/vault.ts': [
    'test/unit/vault/vault.test.ts',
    'test/unit/vault/api.test.ts',
    'test/unit/vault/autolock.test.ts',
    'test/unit/vault/pasted.test.ts',
    'test/unit/golden/golden.test.ts',
  ],
  // The vault's stored items (moved out of lib/vault/vault.ts).
  'lib/storage/vault.ts': [
    'test/unit/storage/item.test.ts',
    'test/unit/vault/vault.test.ts',
    'test/unit/golden/golden.test.ts',
  ],
  // The key service's create-then-save (with its session records) and revoke (with its rollback).
  'lib/keys/create-service.ts': [
    'test/unit/keys/service.test.ts',
    'test/unit/keys/created-limits.test.ts',
    'test/unit/keys/service-memory.test.ts',
  ],
  'lib/keys/revoke-service.ts': ['test/unit/keys/service.test.ts', 'test/unit/keys/service-memory.test.ts'],
  'lib/wallet/flow.ts': [
    'test/unit/wallet/flow.test.ts',
    'test/unit/wallet/flow-edges.test.ts',
    'test/unit/wallet/relay.test.ts',
    'test/unit/wallet/page-text.test.ts',
    'test/unit/wallet/service.test.ts',
  ],
  'lib/wallet/service.ts': ['test/unit/wallet/service.test.ts', 'test/unit/wallet/controller.test.ts'],
  // The mint's stored items (moved out of lib/wallet/service.ts and store.ts).
  'lib/storage/mint.ts': [
    'test/unit/storage/item.test.ts',
    'test/unit/wallet/service.test.ts',
    'test/unit/golden/golden.test.ts',
  ],
  'lib/messaging/router.ts': ['test/unit/messaging/router.test.ts'],
  'lib/badge/compute.ts': ['test/unit/badge/compute.test.ts'],
  'lib/venice/response-errors.ts': [
    'test/unit/venice/errors.test.ts',
    'test/unit/venice/response-errors.test.ts',
    'test/unit/venice/client.test.ts',
  ],
};

/** The `--mutate` / `-m` value given on the command line, if any (Stryker applies it itself). */
function mutateArgument() {
  const argv = process.argv;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--mutate' || arg === '-m') return argv[i + 1];
    if (arg.startsWith('--mutate=')) return arg.slice('--mutate='.length);
  }
  return undefined;
}

const chosen = mutateArgument()
  ?.split(',')
  .map((entry) => entry.trim().replace(/^\.\//, ''))
  .filter(Boolean);
const fileOf = (/** @type {string} */ entry) => entry.replace(/:\d+-\d+$/, '');
const selected = chosen
  ? Object.keys(MODULES).filter((entry) => chosen.some((c) => fileOf(c) === fileOf(entry)))
  : Object.keys(MODULES);
const unknown = (chosen ?? []).filter(
  (c) => !Object.keys(MODULES).some((entry) => fileOf(entry) === fileOf(c)),
);
if (unknown.length > 0) {
  throw new Error(
    `No tests are listed for ${unknown.join(', ')}: add the module to MODULES in stryker.config.mjs`,
  );
}
const testFiles = [
  ...new Set(selected.flatMap((entry) => MODULES[/** @type {keyof typeof MODULES} */ (entry)])),
];
const slug = chosen
  ? chosen
      .map((c) =>
        fileOf(c)
          .replace(/^lib\//, '')
          .replace(/[/.]/g, '-'),
      )
      .join('+')
  : 'all';

export default {
  testRunner: 'vitest',
  // `related`: Stryker already names each mutant's test files; vitest's own search for the tests
  // that import the mutated file would walk the module graph again on every mutant's run.
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: Object.keys(MODULES),
  testFiles,
  coverageAnalysis: 'perTest',
  ignoreStatic: true,
  // The machine is shared: two workers at most.
  concurrency: 2,
  // A mutant's time limit is 1.5 × its covering tests' dry-run time + this + the dry run's
  // per-run overhead. The tests take milliseconds, but at load average 30 a fresh worker alone
  // can take seconds: 5 s timed out 6 of the router's 66 mutants that 10 s lets fail normally
  // (a timeout also restarts the runner).
  timeoutMS: 10_000,
  incrementalFile: `reports/mutation/incremental-${slug}.json`,
  // The json report lists each survivor (`node scripts/mutation-survivors.mjs <report>`).
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: `reports/mutation/report-${slug}.json` },
  clearTextReporter: { allowColor: false, allowEmojis: false, reportMutants: false, reportTests: false },
  thresholds: { high: 90, low: 80, break: null },
  // TypeScript 7 has no JS API for Stryker's tsconfig rewrite; nothing here needs it.
  tsconfigFile: 'no-tsconfig-rewrite.json',
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
