/**
 * A minimal extension whose worker answers one message, with one blank page: the floor that the
 * bench (scripts/bench.ts) and the worker A/B script (scripts/worker-ab.ts) measure ours against.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir } from '../test/support/scratch';

export function makeFloorExtension(pageName: string): string {
  const dir = scratchDir('vkc-floor-');
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({
      manifest_version: 3,
      name: 'Floor',
      version: '1.0',
      background: { service_worker: 'sw.js' },
    }),
  );
  writeFileSync(
    join(dir, 'sw.js'),
    'chrome.runtime.onMessage.addListener((m, s, reply) => { reply({ ok: true }); });\n',
  );
  writeFileSync(join(dir, pageName), '<!doctype html><title>floor</title>');
  return dir;
}
