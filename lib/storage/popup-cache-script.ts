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
 * Its first read is the list's last rendered markup (`keys.shell`, saved by the popup through the
 * worker, entrypoints/popup/shell.ts) with the settings, apart from the list itself (`keys.cache`,
 * read next, for the app): with 500 keys the list is large, and the shell waited for it (side by
 * side with 500 keys, the shell came at ~68 ms instead of ~87 ms; docs/measurements.md).
 * When the popup opens on the list, it puts that markup on the page at once, before the modules
 * have run: the user sees the list as it was, inert and hidden from assistive technology, until the
 * live render takes its place (App.tsx removes it). Storage is not trusted to hold only what we
 * wrote (in Firefox, content scripts may write `storage.local`), so the markup is parsed inert (a
 * `<template>`: nothing loads, nothing runs), every element outside a short list of tags goes with
 * its subtree, every attribute but a few harmless ones goes, and text stays text. Shown only when
 * the shell belongs to the management key the settings name now (a changed or removed management
 * key never shows the old list; the store removes the shell whenever it clears the list). The
 * list-cache promise the app takes (`vkcListCache`, both reads in one object) settles only after
 * that decision, so the app's own render from the same read always comes after it: before, the two
 * raced on the depth of their promise chains, and now and then the app went live first and no shell
 * was shown (popup-shell.spec, about 1 run in 4 with two workers). When the read comes back before
 * the parser has made the body, the shell goes in at the document's first readystatechange
 * ("interactive"), which comes before any module script runs; it waited for DOMContentLoaded, which
 * comes after them, and the app went live first (seen in the same spec). The shell sets the live
 * flag itself, so the second readystatechange puts no second shell. The script stays in the head:
 * first in the body it started the read after the modules' fetches, and the shell came no sooner
 * than the live list (bench: 1.44x a blank page against 1.23x).
 *
 * The usage view has a shell of its own, the same way (entrypoints/popup/usage-shell.ts): kept in
 * the usage cache's entry of the window it shows (`shell`), so that any write of that window's
 * figures takes it along, and shown only when the popup opens on the usage view of that window
 * and the entry's owner is the management key now. Its chart is SVG: a few more tags and
 * attributes are kept for it, and for it only.
 */
import {
  KEY_CACHE_KEY,
  KEY_SHELL_KEY,
  LIVE_FLAG,
  POPUP_ROUTE_KEY,
  SETTINGS_KEY,
  SHELL_ID,
  USAGE_CACHE_KEY,
} from './page-keys';

/** The tags and attributes the popup's list is drawn with (entrypoints/popup/App.tsx, views/KeyList.tsx). */
export const SHELL_TAGS =
  'main|header|h1|h2|section|div|span|p|strong|em|ul|li|button|input|select|option|meter';
/** `value`, `min`…: a usage bar's figures (a `<meter>`'s properties are reflected in its attributes). */
export const SHELL_ATTRIBUTES = 'class|type|placeholder|disabled|value|min|max|low|high|optimum';

/**
 * What the usage view's shell keeps beyond those: its day chart (components/charts/DailyBars.tsx).
 * Nothing that links, loads or styles (`a`, `use`, `image`,
 * `foreignObject`, `style`, `href`, `style=`, `on…`): shapes, their coordinates and text.
 */
export const USAGE_SHELL_TAGS = 'h3|figure|figcaption|svg|path|text';
export const USAGE_SHELL_ATTRIBUTES = 'viewBox|d|x|y';

export function popupCacheScript(): string {
  const q = JSON.stringify;
  // `f`: the list's shell and the settings that name its owner, read first and on its own (small
  // whatever the number of keys); `l`: the list, for the app. `u`: the popup opens on the usage
  // view, whose cache is read then only (it is not small), as soon as the route is known; its
  // window is 30 days when the route names none (as in Usage.tsx). `P` puts a shell on the page.
  return `(()=>{const g=globalThis,a=g.browser??g.chrome;if(!a)return;const L=a.storage.local,f=L.get(${q([KEY_SHELL_KEY, SETTINGS_KEY])}),r=g.vkcRoute=a.storage.session.get(${q(POPUP_ROUTE_KEY)}),l=L.get(${q(KEY_CACHE_KEY)}),P=(h,u)=>{if(typeof h!="string"||location.search)return;const d=document,p=()=>{if(g.${LIVE_FLAG})return;g.${LIVE_FLAG}=1;const t=d.createElement("template"),b=d.createElement("div"),T=RegExp("^(${SHELL_TAGS}"+(u?"|${USAGE_SHELL_TAGS}":"")+")$"),A=RegExp("^(${SHELL_ATTRIBUTES}"+(u?"|${USAGE_SHELL_ATTRIBUTES}":"")+")$");t.innerHTML=h;for(const e of t.content.querySelectorAll("*"))if(T.test(e.localName))for(const n of[...e.attributes])A.test(n.name)||e.removeAttribute(n.name);else e.remove();b.id="${SHELL_ID}";b.inert=!0;b.ariaHidden="true";b.append(t.content);d.body.prepend(b);performance.mark("vkc:"+(u?"usage":"list")+"-painted")};d.body?p():d.onreadystatechange=p},O=(z,s)=>z&&s&&z.ownerEntryId===s.managementKeyId&&z.shell,v=Promise.all([f,r]).then(([x,y])=>{const o=y[${q(POPUP_ROUTE_KEY)}];(!o||o.name=="list")&&P(O(x[${q(KEY_SHELL_KEY)}],x[${q(SETTINGS_KEY)}]))});g.vkcListCache=Promise.all([f,l,r,r.then(y=>(y=y[${q(POPUP_ROUTE_KEY)}])&&y.name=="usage"&&L.get(${q(USAGE_CACHE_KEY)})),v]).then(([x,c,y,u])=>{u&&P(O(u[${q(USAGE_CACHE_KEY)}]?.[y[${q(POPUP_ROUTE_KEY)}].days||30],x[${q(SETTINGS_KEY)}]),1);return{...c,...x}})})();\n`;
}
