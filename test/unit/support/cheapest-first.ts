/**
 * Test file order for `npm run test:mutation`: the files whose tests are cheapest run first.
 *
 * Stryker stops a mutant's run at its first failing test (bail), so a mutant killed by a
 * millisecond unit test should not first wait for a file of slow integration tests that cover it
 * too (the wallet window's mint, a vault at the real KDF floor): for a mutant that raises the
 * vault's iteration count those took ~10 s before the unit test that kills it ran. vitest's own
 * order puts the slowest files first. The cost of a file is the mean time of its tests in the
 * first run that saw all of them (Stryker's dry run), measured by the reporter below.
 */
import type { Reporter, TestModule, TestSpecification } from 'vitest/node';
import { BaseSequencer } from 'vitest/node';

const meanTestMs = new Map<string, number>();

export const testCostRecorder: Reporter = {
  onTestModuleEnd(module: TestModule) {
    if (meanTestMs.has(module.moduleId)) return;
    const tests = [...module.children.allTests()].length;
    meanTestMs.set(module.moduleId, module.diagnostic().duration / Math.max(tests, 1));
  },
};

export class CheapestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const cost = (file: TestSpecification) => meanTestMs.get(file.moduleId) ?? Number.POSITIVE_INFINITY;
    return [...files].sort((a, b) => cost(a) - cost(b));
  }
}
