/**
 * Setup for `npm run test:mutation` only (vitest.mutation.config.ts). A property that fails has
 * killed its mutant: shrinking the counterexample to the smallest one only costs time, once per
 * mutant. The properties keep their full number of runs.
 */
import { appendFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, inject, vi } from 'vitest';

fc.configureGlobal({ endOnFailure: true });

/** Stryker's runner provides these; its type augmentation is not part of this program. */
const provided = inject as (key: string) => unknown;

// MUTATION_PROFILE=<file>: one line per test file of each run (mutant id or "dry", file, ms from
// this setup to the file's end: its imports and its tests), for "where the time goes".
const profile = process.env.MUTATION_PROFILE;
if (profile) {
  const started = performance.now();
  const mutant = provided('activeMutant') ?? 'dry';
  // biome-ignore lint/correctness/noEmptyPattern: vitest parses a hook's first parameter and accepts only a pattern
  afterAll(({}, suite) => {
    const file = 'filepath' in suite ? String(suite.filepath) : suite.name;
    const ms = (performance.now() - started).toFixed(1);
    appendFileSync(profile, `${mutant}\t${file.replace(/^.*\/test\/unit\//, '')}\t${ms}\n`);
  });
}

// Stryker's vitest runner activates a mutant in a beforeAll, after the test files are imported
// ("runtime" activation, for runners that keep modules loaded from one mutant to the next). Here
// each run loads the project's modules afresh (a new thread, or the warm thread's reset), so the
// mutant is active from the start, as in a mutated build: code that runs as its module loads
// (an item's check defined at the top level, imported again in a test) is mutated too.
if (provided('mode') === 'mutant') {
  const namespace = String(provided('globalNamespace'));
  const ns = (globalThis as unknown as Record<string, { activeMutant?: unknown }>)[namespace];
  if (ns) ns.activeMutant = provided('activeMutant');
}

// Which tests a module's top-level code answers to. Stryker's dry run records code that runs as a
// module loads as "static" coverage, with no test, and runs such a mutant against only the tests
// that happened to load the module inside a test: the golden and base64 tests that kill a changed
// HKDF info string or base64 pattern import the module at their top and were never run against
// it (those mutants counted as survivors in a full run). In the dry run each file loads its
// modules afresh, and what its loading covered is credited to each of its tests.
type Coverage = { static: Record<string, number>; perTest: Record<string, Record<string, number>> };
if (provided('mode') === 'dry-run') {
  const ns = (globalThis as unknown as Record<string, { mutantCoverage?: Coverage; currentTestId?: string }>)[
    String(provided('globalNamespace'))
  ];
  vi.resetModules();
  const before = { ...ns?.mutantCoverage?.static };
  let loading: [string, number][] = [];
  beforeAll(() => {
    loading = Object.entries(ns?.mutantCoverage?.static ?? {})
      .map(([id, hits]): [string, number] => [id, hits - (before[id] ?? 0)])
      .filter(([, hits]) => hits > 0);
  });
  beforeEach(() => {
    const coverage = ns?.mutantCoverage;
    const test = ns?.currentTestId;
    if (!coverage || !test || loading.length === 0) return;
    const covered = coverage.perTest[test] ?? {};
    coverage.perTest[test] = covered;
    for (const [id, hits] of loading) covered[id] = (covered[id] ?? 0) + hits;
  });
}
