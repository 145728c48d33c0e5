import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The files the sources zip holds: git's tracked files, as picomatch patterns (special characters
 * escaped). Store reviewers rebuild from this zip, so it must be the project and nothing else: no
 * test results, no scratch folders, no ignored files.
 */
export function trackedFiles(root: string): string[] {
  let out: string;
  try {
    out = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' });
  } catch {
    throw new Error(
      'The sources zip is made from git’s tracked files: run "npm run zip" inside a git clone.',
    );
  }
  return out
    .split('\0')
    .filter((f) => f && existsSync(join(root, f))) // a deletion not yet committed
    .map((f) => f.replace(/[\\*?[\]{}()!+@]/g, '\\$&'));
}
