/**
 * The few storage keys (and the shell's names) the popup's first load needs, in a module of their
 * own: importing them from keys.ts would bring the whole table (lib/storage/keys.ts) into the
 * popup's initial load, which every new item would grow. keys.ts builds its table from these.
 */
/** The key list cache (lib/storage/key-cache.ts). */
export const KEY_CACHE_KEY = 'keys.cache';
/** The list's shell, apart from the list (lib/storage/key-cache.ts): the early script's first read. */
export const KEY_SHELL_KEY = 'keys.shell';
/** The popup's screen (lib/storage/popup-session.ts), which the early script reads as well. */
export const POPUP_ROUTE_KEY = 'popup.route';
/** The usage cache (lib/storage/usage-cache.ts), whose `shell` the early script shows on the usage view. */
export const USAGE_CACHE_KEY = 'usage.cache';
/** The settings (lib/storage/settings-item.ts). */
export const SETTINGS_KEY = 'settings';
/** Why an endpoint read from storage was set back to Venice's. */
export const ENDPOINT_NOTICE_KEY = 'endpointNotice';

/** The element that holds the shell (popup-cache.js puts it in, App.tsx takes it out; popup.css hides the app meanwhile). */
export const SHELL_ID = 'vkc-shell';
/** Set by the popup once its own render has taken over: a late read then adds no shell. */
export const LIVE_FLAG = 'vkcLive';
