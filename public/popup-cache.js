// Starts reading the popup's non-secret list cache while the page's modules are still loading.
// Loaded async, so it never holds up parsing; entrypoints/popup/state.ts takes the promise when
// this ran first and reads the cache itself otherwise (`npm run bench`: the list paints sooner).
globalThis.vkcListCache = (globalThis.browser ?? globalThis.chrome).storage.local.get('keys.cache');
