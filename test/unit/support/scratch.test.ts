import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../../support/scratch';

const helper = fileURLToPath(new URL('../../support/scratch.ts', import.meta.url));

describe('scratchDir', () => {
  it('makes an empty directory that exists while the process runs', () => {
    const dir = scratchDir('vkc-scratch-test-');
    expect(existsSync(dir)).toBe(true);
    expect(dir).toMatch(/vkc-scratch-test-[^/]+$/);
    // vitest may end its workers without an `exit` event: this one is removed here.
    rmSync(dir, { recursive: true });
  });

  it('removes every directory it made, with what was put in it, when the process exits', () => {
    // A child process makes two directories, writes a file into one, prints both paths and exits.
    const script = `
      import { writeFileSync } from 'node:fs';
      import { join } from 'node:path';
      import { scratchDir } from ${JSON.stringify(helper)};
      const a = scratchDir('vkc-scratch-child-');
      const b = scratchDir('vkc-scratch-child-');
      writeFileSync(join(a, 'manifest.json'), '{}');
      console.log(JSON.stringify([a, b]));
    `;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    const dirs = JSON.parse(out.trim()) as string[];
    expect(dirs).toHaveLength(2);
    for (const dir of dirs) expect(existsSync(dir)).toBe(false);
  });
});
