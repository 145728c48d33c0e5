/**
 * Copies of a built Chromium extension whose worker loads its bundle through `importScripts()`, for
 * side-by-side cold starts with scripts/worker-ab.ts (docs/measurements.md, the worker
 * paragraphs). Not shipped, not part of `npm run bench`.
 *
 *   npx tsx scripts/worker-variants.ts .output/chrome-mv3-dev /tmp/variants
 *   npx tsx scripts/worker-ab.ts old=.output/chrome-mv3-dev import-all=/tmp/variants/import-all …
 *
 * - `import-all`: `background.js` is one line that imports the whole bundle at its top level.
 * - `lazy-all`: a first-turn file that imports the bundle when the first message comes and hands the
 *   message to the bundle's listeners (only `runtime.onMessage` is handed over: enough to time it).
 * - `no-bundle`: imports the bundle in its install run only (so the vault can be set up) and then
 *   answers `status` with an empty value and nothing else: what a worker that loads no code costs.
 * - `listeners-only`: `no-bundle` plus an empty listener on each event our worker listens to at start
 *   (MV3 needs them in the first turn): what building those API bindings costs.
 */
import { cpSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const BUNDLE = 'bundle.js';

const NO_BUNDLE = `self.addEventListener('install', () => importScripts('${BUNDLE}'));
chrome.runtime.onMessage.addListener((message, sender, reply) => {
  if (message?.method === 'status') reply({ ok: true, value: {} });
});
`;

const WORKERS: Record<string, string> = {
  'import-all': `importScripts('${BUNDLE}');\n`,
  'lazy-all': `const event = (self.browser ?? chrome).runtime.onMessage;
const addListener = event.addListener;
const listeners = [];
let loaded = false;
function load() {
  if (loaded) return;
  loaded = true;
  event.addListener = (listener) => listeners.push(listener);
  try { importScripts('${BUNDLE}'); } finally { event.addListener = addListener; }
}
self.addEventListener('install', load);
event.addListener((message, sender, reply) => {
  load();
  for (const listener of listeners) {
    const answer = listener(message, sender, reply);
    if (answer === true || typeof answer?.then === 'function') return answer;
  }
  return undefined;
});
`,
  'no-bundle': NO_BUNDLE,
  'listeners-only': `${NO_BUNDLE}for (const event of [
  chrome.runtime.onInstalled, chrome.runtime.onStartup, chrome.alarms.onAlarm, chrome.contextMenus.onClicked,
  chrome.notifications.onClicked, chrome.tabs.onRemoved,
]) event.addListener(() => undefined);
`,
};

function main() {
  const [from, to] = process.argv.slice(2);
  if (!from || !to) throw new Error('usage: worker-variants.ts <built extension> <output folder>');
  const manifest = JSON.parse(readFileSync(join(from, 'manifest.json'), 'utf8'));
  const worker = manifest.background?.service_worker;
  if (typeof worker !== 'string' || manifest.background.type === 'module')
    throw new Error('needs a Chromium build with a classic service worker');
  for (const [name, source] of Object.entries(WORKERS)) {
    const dir = resolve(to, name);
    cpSync(resolve(from), dir, { recursive: true });
    renameSync(join(dir, worker), join(dir, BUNDLE));
    writeFileSync(join(dir, worker), source);
    console.info(dir);
  }
}

main();
