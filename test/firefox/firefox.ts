import { existsSync } from 'node:fs';

/** The variable that points the Firefox smoke test at another Firefox. */
export const FIREFOX_ENV = 'VKC_FIREFOX';

const CANDIDATES = [
  '/usr/bin/firefox-esr',
  '/usr/bin/firefox',
  '/Applications/Firefox.app/Contents/MacOS/firefox',
];

/** Finds a Firefox (≥ 140: BiDi add-on install and data_collection_permissions), or throws with what to do. */
export function findFirefox(): string {
  const fromEnv = process.env[FIREFOX_ENV];
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`${FIREFOX_ENV}=${fromEnv} does not exist. Point it at a Firefox executable.`);
  }
  const found = CANDIDATES.find((p) => existsSync(p));
  if (found) return found;
  throw new Error(
    [
      'No Firefox found.',
      '  Debian/Ubuntu: sudo apt-get install -y firefox-esr',
      `  Or point ${FIREFOX_ENV} at a Firefox executable (140 or later).`,
    ].join('\n'),
  );
}
