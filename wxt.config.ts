import { resolve } from 'node:path';
import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { popupCacheScript } from './lib/storage/popup-cache-script';
import { bundleReport, clearBundleReport } from './scripts/bundle-report';
import { inlineStylesheets } from './scripts/inline-css';
import { trackedFiles } from './scripts/zip-sources';

/**
 * Hosts the extension talks to. The production build asks for nothing beyond these.
 * The development/test build (`--mode development`) also reaches the local Venice
 * simulator on 127.0.0.1 (any port), and holds `localhost` so that the e2e tests can walk
 * through the custom-endpoint opt-in (a host already held is granted without the prompt,
 * which a test cannot click). lib/settings/endpoints.ts decides which origin may get what.
 */
const VENICE_API = 'https://api.venice.ai/*';
const VENICE_SITE = 'https://venice.ai/*';
const BASE_RPC = 'https://mainnet.base.org/*';
const SIMULATOR = 'http://127.0.0.1/*';
const LOCALHOST = 'http://localhost/*';
/** A custom endpoint (https only): asked for one origin at a time, from the user's click on the options page. */
const CUSTOM_ENDPOINTS = ['https://*/*'];

/** Modules every extension page loads first, the offscreen document too. */
const EVERY_PAGE =
  /node_modules\/webextension-polyfill\/|\/lib\/browser\.ts$|modulepreload-polyfill|virtual:wxt|rolldown\/runtime/;
/** Modules every extension page with a UI loads first (the offscreen document loads none of them). */
const PAGE_CORE =
  /node_modules\/(preact|@preact\/signals|@preact\/signals-core)\/|\/lib\/messaging\/(client|protocol)\.ts$|\/lib\/error-shape\.ts$|vite\/preload-helper|\/lib\/settings\/endpoints-client\.ts$|\/entrypoints\/popup\/lazy\.tsx$|\/lib\/keys\/key-settings-draft\.ts$|\/components\/clock\.ts$|\/entrypoints\/popup\/format\.ts$/;

/**
 * Firefox's add-on id. A GUID claims no domain the project does not own; it must never change once
 * the add-on is on addons.mozilla.org (it keys the user's storage). test/firefox fixes the internal
 * UUID of this id.
 */
export const GECKO_ID = '{336c44db-664d-43c6-b7cf-db67f637603b}';

/** The store description: the Chrome Web Store allows 132 characters (test/unit/package.test.ts). */
export const DESCRIPTION =
  'Unofficial companion for the Venice.ai API: mint, edit and revoke API keys, keep them in an encrypted vault, see a balance badge.';

export default defineConfig({
  // Manifest V3 on Firefox too: the same event-driven background, `action`, `host_permissions` and
  // `storage.session` as on Chromium, so one code path runs (README "Firefox").
  manifestVersion: 3,
  zip: {
    // The sources zip holds exactly git's tracked files (scripts/zip-sources.ts sets the list):
    // nothing ignored, untracked or scratch.
    excludeSources: ['**/*', '**/.*'],
  },
  hooks: {
    'zip:sources:start': (wxt) => {
      wxt.config.zip.includeSources = trackedFiles(wxt.config.zip.sourcesRoot);
    },
    'build:before': (wxt) => clearBundleReport(wxt.config.outDir),
    // The popup's early cache read, written from the key constant (lib/storage/popup-cache-script.ts).
    'build:publicAssets': (_wxt, files) => {
      files.push({ relativeDest: 'popup-cache.js', contents: popupCacheScript() });
    },
    // The pages' build: what every page loads (Preact, signals, the message client) goes in one chunk
    // instead of five small ones, since each file is compressed on its own (the popup's initial load
    // is ~1.4 kB smaller gzipped; test/bundle/budget.test.ts holds it to 25 kB).
    'vite:build:extendConfig': (entrypoints, config) => {
      if (!entrypoints.some((e) => e.name === 'popup')) return;
      const output = config.build?.rollupOptions?.output;
      if (!output || Array.isArray(output)) return;
      Object.assign(output, {
        // No content hash in the file names: an extension's files ship together and are never
        // cached by URL across versions, and the popup's entry lists every lazy chunk's name
        // (each hash ~6 bytes gzipped, ~45 of them), which counts in its initial load.
        chunkFileNames: 'chunks/[name].js',
        codeSplitting: {
          groups: [
            { name: 'browser', test: EVERY_PAGE, priority: 2 },
            { name: 'ui', test: PAGE_CORE, priority: 1 },
          ],
        },
      });
    },
    // The blank harness page serves tests and the benchmark; the production build leaves it out.
    'entrypoints:resolved': (wxt, entrypoints) => {
      if (wxt.config.mode === 'development') return;
      const at = entrypoints.findIndex((e) => e.name === 'harness');
      if (at >= 0) entrypoints.splice(at, 1);
    },
  },
  vite: ({ command }) => ({
    // Preact's devtools hook only with the dev server: the development build that tests and the
    // bench load should run the code the production build runs.
    // The popup's stylesheets inline (scripts/inline-css.ts): two files fewer before its first paint.
    plugins: [
      preact({ devToolsEnabled: command === 'serve' }),
      inlineStylesheets(/\/entrypoints\/popup\/index\.html$/),
      bundleReport(),
    ],
    // Every browser this supports has modulepreload; the polyfill only cost each page's first load.
    build: { target: 'es2022', modulePreload: { polyfill: false } },
    // The browser's own `browser` namespace, read without a namespace copy (see lib/browser.ts).
    resolve: { alias: { 'wxt/browser': resolve(import.meta.dirname, 'lib/browser.ts') } },
  }),
  manifest: ({ mode, browser }) => {
    const dev = mode === 'development';
    return {
      name: 'Venice Key Companion',
      description: DESCRIPTION,
      permissions: [
        'storage',
        'alarms',
        'scripting',
        'notifications',
        'offscreen',
        'clipboardWrite',
        'contextMenus',
        'activeTab',
      ].filter((p) => browser !== 'firefox' || p !== 'offscreen'),
      host_permissions: [VENICE_API, VENICE_SITE, BASE_RPC, ...(dev ? [SIMULATOR, LOCALHOST] : [])],
      optional_host_permissions: CUSTOM_ENDPOINTS,
      // Nothing outside connects to us: no web page, no other extension (we connect to MetaMask,
      // over a port we open; MetaMask's own manifest is the one that must allow it). Firefox does
      // not read this key (it has no external messaging from web pages) and warns about it.
      ...(browser === 'firefox' ? {} : { externally_connectable: { ids: [], matches: [] } }),
      action: { default_title: 'Venice Key Companion' },
      // 148: the first Chromium with the `browser` namespace (lib/browser.ts uses it unpolyfilled)
      // and with promise-returning runtime.onMessage listeners, which the router answers with.
      ...(browser === 'firefox' ? {} : { minimum_chrome_version: '148' }),
      ...(browser === 'firefox'
        ? {
            browser_specific_settings: {
              gecko: {
                id: GECKO_ID,
                // 140: the first Firefox (ESR) that reads data_collection_permissions.
                strict_min_version: '140.0',
                data_collection_permissions: { required: ['none'] },
              },
              // Firefox for Android reads data_collection_permissions from 142 on.
              gecko_android: { strict_min_version: '142.0' },
            },
          }
        : {}),
    };
  },
});
