import { createHash } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';

/** The variable that points the tests, the demo and the benchmark at another Chromium-based browser. */
export const BROWSER_ENV = 'VKC_BROWSER';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/** Finds a Chromium to drive, or throws with what to do about it. */
export function findChromium(): string {
  const fromEnv = process.env[BROWSER_ENV];
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(
      `${BROWSER_ENV}=${fromEnv} does not exist. Point it at a Chromium-based browser's executable.`,
    );
  }
  const found = CANDIDATES.find((p) => existsSync(p));
  if (found) return found;
  throw new Error(
    [
      'No Chromium found.',
      '  Debian/Ubuntu: sudo apt-get install -y chromium',
      `  Or point ${BROWSER_ENV} at a Chromium-based browser, e.g. ${BROWSER_ENV}=/path/to/chrome npm test`,
      '  (Google Chrome 137+ ignores --load-extension; use Chromium, or Chrome for Testing.)',
    ].join('\n'),
  );
}

/** The built extension the tests load: the development build, which may reach the simulator on 127.0.0.1. */
export function devExtensionPath(root = process.cwd()): string {
  const dir = resolve(root, '.output/chrome-mv3-dev');
  if (!existsSync(resolve(dir, 'manifest.json'))) {
    throw new Error(`No built extension at ${dir}. Run "npm run build:test" first.`);
  }
  return dir;
}

/** Chromium flags for a quiet, offline, reproducible browser with our extension(s) loaded. */
export function chromiumArgs(extensionDirs: string[]): string[] {
  const list = extensionDirs.join(',');
  return [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-features=DialMediaRouteProvider',
    `--disable-extensions-except=${list}`,
    `--load-extension=${list}`,
  ];
}

/**
 * The id Chromium gives an unpacked extension without a manifest `key`: the first 128 bits of
 * SHA-256 over its absolute path, written with the letters a–p.
 */
export function unpackedExtensionId(dir: string): string {
  const hex = createHash('sha256').update(realpathSync(dir)).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + Number.parseInt(c, 16))).join('');
}
