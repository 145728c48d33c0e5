/**
 * The popup's early reads (`popup-cache.js`, loaded async by popup/index.html): it starts reading
 * the non-secret key-list cache and the screen the user left (`storage.session`) while the page's
 * modules are still loading, and entrypoints/popup/state.ts takes the promises when it ran first. Written out by the build
 * (wxt.config.ts, `build:publicAssets`) from the same key constant the rest of the code uses,
 * rather than bundled as an unlisted script: the bundler's wrapper tripled its size, and it
 * counts in the popup's initial load (test/bundle/budget.test.ts). The raw extension API, not
 * wxt/browser: the polyfill would make it heavier than the read it starts.
 */
import { KEY_CACHE_KEY, POPUP_ROUTE_KEY } from './keys';

export function popupCacheScript(): string {
  return `(()=>{const g=globalThis,a=g.browser??g.chrome;if(a){g.vkcListCache=a.storage.local.get(${JSON.stringify(KEY_CACHE_KEY)});g.vkcRoute=a.storage.session.get(${JSON.stringify(POPUP_ROUTE_KEY)})}})();\n`;
}
