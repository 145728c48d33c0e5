// Starts reading the popup's non-secret list cache while the page's modules are still loading;
// entrypoints/popup/state.ts picks the promise up (`npm run bench`: the list paints sooner).
globalThis.vkcListCache = (globalThis.browser ?? globalThis.chrome).storage.local.get('keys.cache');
