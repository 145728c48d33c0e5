/**
 * Temporary directories for tests and scripts that are gone when the process that made them exits:
 * the e2e runs used to leave two directories and two files in the system's temp folder for each
 * run (an "intruder" extension, the stand-in wallet's build, a vault backup and a foreign file),
 * and the diagnostic scripts a Chromium profile each. A process killed outright (a timed-out
 * worker) leaves its directory behind; nothing else does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made = new Set<string>();

function removeAll(): void {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  made.clear();
}

/** A new empty directory in the temp folder, named `<prefix>XXXXXX`, removed when this process exits. */
export function scratchDir(prefix: string): string {
  if (made.size === 0) process.once('exit', removeAll);
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.add(dir);
  return dir;
}
