/**
 * Starts reading the popup's non-secret list cache while the page's modules are still loading.
 * Loaded async by popup/index.html, so it never holds up parsing; entrypoints/popup/state.ts takes
 * the promise when this ran first and reads the cache itself otherwise (`npm run bench`: the list
 * paints sooner). The raw extension API, not wxt/browser: the polyfill would make this script
 * heavier than the read it starts.
 */
import { KEY_CACHE_KEY } from '@/lib/storage/keys';

export default defineUnlistedScript(() => {
  const scope = globalThis as unknown as {
    chrome?: typeof chrome;
    browser?: typeof chrome;
    vkcListCache?: Promise<Record<string, unknown>>;
  };
  const api = scope.browser ?? scope.chrome;
  if (api) scope.vkcListCache = api.storage.local.get(KEY_CACHE_KEY);
});
