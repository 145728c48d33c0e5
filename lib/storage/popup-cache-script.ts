/**
 * The popup's early reads (`popup-cache.js`, a parser-blocking script in popup/index.html's head): it starts reading
 * the non-secret key-list cache and the screen the user left (`storage.session`) while the page's
 * modules are still loading, and entrypoints/popup/state.ts takes the promises when it ran first. Written out by the build
 * (wxt.config.ts, `build:publicAssets`) from the same key constant the rest of the code uses,
 * rather than bundled as an unlisted script: the bundler's wrapper tripled its size, and it
 * counts in the popup's initial load (test/bundle/budget.test.ts). The raw extension API, not
 * wxt/browser: the polyfill would make it heavier than the read it starts. Not `async`: Chromium
 * fetches an async script at low priority, after the page's modules, so the read started later
 * (side by side, 40 opens each at load ~8: the parser-blocking script painted 0.93x per pair, the
 * live list 0.97x). No comment in the HTML about it: the HTML counts in the popup's initial load.
 *
 * When the read brings the list's last rendered markup (the cache's `shell`, saved by the popup
 * through the worker, entrypoints/popup/shell.ts) and the popup opens on the list, it puts that
 * markup on the page at once, before the modules have run: the user sees the list as it was,
 * inert and hidden from assistive technology, until the live render takes its place (App.tsx
 * removes it). Storage is not trusted to hold only what we wrote (in Firefox, content scripts may
 * write `storage.local`), so the markup is parsed inert (a `<template>`: nothing loads, nothing
 * runs), every element outside a short list of tags goes with its subtree, every attribute but a
 * few harmless ones goes, and text stays text. Shown only when the cache belongs to the management
 * key the settings name now (a changed or removed management key never shows the old list).
 */
import { KEY_CACHE_KEY, LIVE_FLAG, POPUP_ROUTE_KEY, SETTINGS_KEY, SHELL_ID } from './page-keys';

/** The tags and attributes the popup's list is drawn with (entrypoints/popup/App.tsx, views/KeyList.tsx). */
export const SHELL_TAGS =
  'main|header|h1|h2|section|div|span|p|strong|em|ul|li|button|input|select|option|meter';
/** `value`, `min`…: a usage bar's figures (a `<meter>`'s properties are reflected in its attributes). */
export const SHELL_ATTRIBUTES = 'class|type|placeholder|disabled|value|min|max|low|high|optimum';

export function popupCacheScript(): string {
  const local = JSON.stringify([KEY_CACHE_KEY, SETTINGS_KEY]);
  return `(()=>{const g=globalThis,a=g.browser??g.chrome;if(!a)return;const l=g.vkcListCache=a.storage.local.get(${local}),r=g.vkcRoute=a.storage.session.get(${JSON.stringify(POPUP_ROUTE_KEY)});Promise.all([l,r]).then(([x,y])=>{const c=x[${JSON.stringify(KEY_CACHE_KEY)}],s=x[${JSON.stringify(SETTINGS_KEY)}],o=y[${JSON.stringify(POPUP_ROUTE_KEY)}],h=c&&s&&c.ownerEntryId===s.managementKeyId&&c.shell;if(typeof h!="string"||o&&o.name!="list"||location.search)return;const d=document,p=()=>{if(g.${LIVE_FLAG})return;const t=d.createElement("template"),b=d.createElement("div");t.innerHTML=h;for(const e of t.content.querySelectorAll("*"))if(/^(${SHELL_TAGS})$/.test(e.localName))for(const n of[...e.attributes])/^(${SHELL_ATTRIBUTES})$/.test(n.name)||e.removeAttribute(n.name);else e.remove();b.id="${SHELL_ID}";b.inert=!0;b.ariaHidden="true";b.append(t.content);d.body.prepend(b);performance.mark("vkc:list-painted")};d.body?p():addEventListener("DOMContentLoaded",p)},()=>{})})();\n`;
}
