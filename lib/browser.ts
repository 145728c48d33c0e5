/**
 * `wxt/browser` for this extension (wxt.config.ts points the alias here): webextension-polyfill,
 * loaded with `require` on purpose.
 *
 * The polyfill is CommonJS. Imported with `import`, the bundler wraps its export in an ES
 * namespace by copying every property of it; where the browser already has a native `browser`
 * (Chromium 156 here, Firefox), the export *is* that native object, and reading each property's
 * descriptor makes the browser build every extension API binding it has (windows, notifications,
 * USB …). That cost every page and every cold worker about 4 ms before its first line of our code
 * (`npm run bench`). `require` returns the export itself: the native `browser` where there is one,
 * the polyfill's promise wrapper around `chrome` where there is not.
 */
import type Browser from 'webextension-polyfill';

declare const require: (id: 'webextension-polyfill') => typeof Browser;

export const browser = require('webextension-polyfill');
