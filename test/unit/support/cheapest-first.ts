/**
 * Test file order for `npm run test:mutation`: the files whose tests are cheapest run first.
 *
 * Stryker stops a mutant's run at its first failing test (bail), so a mutant killed by a
 * millisecond unit test should not first wait for a file of slow integration tests that cover it
 * too (the wallet window's mint, a vault at the real KDF floor): for a mutant that raises the
 * vault's iteration count those took ~10 s before the unit test that kills it ran. vitest's own
 * order puts the slowest files first. The cost of a file is the median time of its tests in the
 * first run that saw all of them (Stryker's dry run): a file of unit tests with one slow test
 * (crypto.test.ts calibrates with real PBKDF2) still goes before a file of slow tests.
 */
import type { Reporter, TestModule, TestSpecification } from 'vitest/node';
import { BaseSequencer } from 'vitest/node';

const medianTestMs = new Map<string, number>();

export const testCostRecorder: Reporter = {
  onTestModuleEnd(module: TestModule) {
    if (medianTestMs.has(module.moduleId)) return;
    const times = [...module.children.allTests()]
      .map((test) => test.diagnostic()?.duration ?? 0)
      .sort((a, b) => a - b);
    medianTestMs.set(module.moduleId, times[Math.floor(times.length / 2)] ?? 0);
  },
};

export class CheapestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const cost = (file: TestSpecification) => medianTestMs.get(file.moduleId) ?? Number.POSITIVE_INFINITY;
    return [...files].sort((a, b) => cost(a) - cost(b));
  }
}
