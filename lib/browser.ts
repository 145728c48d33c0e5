/**
 * `wxt/browser` for this extension (wxt.config.ts points the alias here): the browser's own
 * `browser` namespace, typed as webextension-polyfill's promise API.
 *
 * Every browser this extension installs in has one: Firefox always had it, and Chromium from 148
 * on (the Chromium manifest says `minimum_chrome_version: "148"`), where `browser === chrome` and
 * a `runtime.onMessage` listener may answer with a promise. webextension-polyfill was loaded here
 * until 2026-11-30; where a native `browser` exists it hands that object back untouched, so in
 * every supported browser it was 9.6 kB of code (2.8 kB gzipped in each page's first load) that
 * did nothing. Its types stay the API our code is written against.
 *
 * Read straight from `globalThis`, never through an ES namespace copy of it: copying the native
 * object's properties makes the browser build every extension API binding it has (windows,
 * notifications, USB …), about 4 ms before the first line of our code.
 */
import type Browser from 'webextension-polyfill';

// @types/chrome types the global as `chrome`'s API; our code is written against the promise API's types.
const native = (globalThis as { browser?: unknown }).browser as typeof Browser | undefined;
if (!native?.runtime) {
  // Only an older Chromium that ignored the manifest's minimum, or code run outside an extension.
  throw new Error('Venice Key Companion needs the browser namespace (Chrome 148+, Firefox 140+).');
}

export const browser: typeof Browser = native;
