/**
 * Least privilege, pinned: the production manifests hold exactly these permissions. Adding one
 * means changing this list on purpose, with the code that uses it:
 * - storage: the vault record, settings, caches, session state;
 * - alarms: the badge period, auto-lock;
 * - scripting: the page-wallet transport (executeScript into the Venice-site tab);
 * - notifications: the low-balance notice;
 * - offscreen (Chromium): the background-owned clipboard clear (CLIPBOARD reason);
 * - clipboardWrite: copying a secret, and clearing it without focus;
 * - contextMenus: "Check this Venice key" on selected text (lib/menus), with no access to the page;
 * - activeTab: "Scan this page for my keys" and filling a field, on the current tab only, when the
 *   user asks from the popup (no standing host access to web pages).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const VENICE_HOSTS = ['https://api.venice.ai/*', 'https://venice.ai/*', 'https://mainnet.base.org/*'];

function manifestOf(dir: string) {
  const path = resolve('.output', dir, 'manifest.json');
  expect(existsSync(path), `run \`wxt build\` for ${dir} first (npm run test:bundle does)`).toBe(true);
  return JSON.parse(readFileSync(path, 'utf8'));
}

describe('production manifest permissions', () => {
  it('Chromium: exactly the permissions the code uses, Venice’s hosts, and nobody connecting in', () => {
    const m = manifestOf('chrome-mv3');
    expect([...m.permissions].sort()).toEqual(
      [
        'activeTab',
        'alarms',
        'clipboardWrite',
        'contextMenus',
        'notifications',
        'offscreen',
        'scripting',
        'storage',
      ].sort(),
    );
    expect(m.host_permissions).toEqual(VENICE_HOSTS);
    // A custom endpoint is one https origin the user grants from the options page.
    expect(m.optional_host_permissions).toEqual(['https://*/*']);
    expect(m.optional_permissions).toBeUndefined();
    expect(m.externally_connectable).toEqual({ ids: [], matches: [] });
    expect(m.content_scripts).toBeUndefined();
    expect(m.web_accessible_resources).toBeUndefined();
    // lib/browser.ts uses the native `browser` namespace, which Chromium has from 148 on.
    expect(m.minimum_chrome_version).toBe('148');
  });

  it('Firefox: the same hosts and optional hosts, without offscreen (no such API there)', () => {
    const m = manifestOf('firefox-mv3');
    expect([...m.permissions].sort()).toEqual(
      [
        'activeTab',
        'alarms',
        'clipboardWrite',
        'contextMenus',
        'notifications',
        'scripting',
        'storage',
      ].sort(),
    );
    expect(m.host_permissions).toEqual(VENICE_HOSTS);
    expect(m.optional_host_permissions).toEqual(['https://*/*']);
    expect(m.optional_permissions).toBeUndefined();
    expect(m.content_scripts).toBeUndefined();
    expect(m.web_accessible_resources).toBeUndefined();
    expect(m.minimum_chrome_version).toBeUndefined();
    expect(m.browser_specific_settings.gecko.strict_min_version).toBe('140.0');
  });
});
