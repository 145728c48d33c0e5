import { resolve } from 'node:path';
import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { bundleReport, clearBundleReport } from './scripts/bundle-report';

/**
 * Hosts the extension talks to. The production build asks for nothing beyond these.
 * The development/test build (`--mode development`) also reaches the local Venice
 * simulator on 127.0.0.1 (any port); `localhost` is deliberately not granted.
 */
const VENICE_API = 'https://api.venice.ai/*';
const VENICE_SITE = 'https://venice.ai/*';
const BASE_RPC = 'https://mainnet.base.org/*';
const SIMULATOR = 'http://127.0.0.1/*';

export default defineConfig({
  hooks: {
    'build:before': (wxt) => clearBundleReport(wxt.config.outDir),
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
    plugins: [preact({ devToolsEnabled: command === 'serve' }), bundleReport()],
    build: { target: 'es2022' },
    // webextension-polyfill, without the bundler's CommonJS namespace copy (see lib/browser.ts).
    resolve: { alias: { 'wxt/browser': resolve(import.meta.dirname, 'lib/browser.ts') } },
  }),
  manifest: ({ mode, browser }) => {
    const dev = mode === 'development';
    return {
      name: 'Venice Key Companion',
      description:
        'Mint, inspect, edit and revoke Venice.ai API keys from the toolbar, keep them in an encrypted vault, and see a key’s balance on the badge.',
      permissions: ['storage', 'alarms', 'scripting', 'notifications', 'offscreen', 'clipboardWrite'].filter(
        (p) => browser !== 'firefox' || p !== 'offscreen',
      ),
      host_permissions: [VENICE_API, VENICE_SITE, BASE_RPC, ...(dev ? [SIMULATOR] : [])],
      action: { default_title: 'Venice Key Companion' },
      ...(browser === 'firefox'
        ? {
            browser_specific_settings: {
              gecko: { id: 'venice-key-companion@example.org', strict_min_version: '128.0' },
            },
          }
        : {}),
    };
  },
});
