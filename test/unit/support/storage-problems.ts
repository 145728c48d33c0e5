import { afterEach, beforeEach, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { onStorageProblem, type StorageProblem } from '@/lib/storage/item';

/**
 * The stored-item tests' setup: an empty fake browser for each test, every problem a load
 * reports in `problems`, and the console warning each one prints kept in `warnings` (out of the
 * test output). The arrays are emptied before each test.
 */
export function collectStorageProblems(): { problems: StorageProblem[]; warnings: string[] } {
  const problems: StorageProblem[] = [];
  const warnings: string[] = [];
  let stopListening: () => void = () => undefined;
  beforeEach(() => {
    fakeBrowser.reset();
    problems.length = 0;
    warnings.length = 0;
    stopListening = onStorageProblem((p) => problems.push(p));
    vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
      warnings.push(args.join(' '));
    });
  });
  afterEach(() => {
    stopListening();
    vi.restoreAllMocks();
  });
  return { problems, warnings };
}
