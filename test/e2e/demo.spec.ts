import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';

/** `npm run demo` on a machine without a display: it says so, leaves screenshots, and stops when told. */
test('the headless demo saves screenshots of the popup and the options page and prints where', async () => {
  test.setTimeout(120_000);
  const { stdout } = await promisify(execFile)('node_modules/.bin/tsx', ['scripts/demo.ts', '--headless'], {
    env: { ...process.env, VKC_DEMO_EXIT_AFTER: '1', VKC_DEMO_PORT: '0' },
  });
  expect(stdout).toContain('Chromium runs headless');
  expect(stdout).toContain('Stops by itself after 1 s (VKC_DEMO_EXIT_AFTER).');
  const shots = [...stdout.matchAll(/^ {2}Screenshot +(\S+\.png)$/gm)].map((m) => m[1] as string);
  expect(shots.map((p) => p.split('/').at(-1))).toEqual(['popup.png', 'options.png']);
  const size = (file: string) => {
    const png = readFileSync(file);
    return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
  };
  expect(size(shots[0] as string)).toEqual({ width: 400, height: 600 });
  expect(size(shots[1] as string)).toEqual({ width: 1280, height: 800 });
  rmSync(dirname(shots[0] as string), { recursive: true, force: true });
});
