/**
 * The add-on in real Firefox (Debian's firefox-esr), driven by puppeteer-core over WebDriver BiDi:
 * installed as a temporary add-on, the options page opened on install creates a vault and adds an
 * ADMIN key verified against the simulator, then the popup page lists the account's keys.
 *
 * Facts this relies on (checked with firefox-esr 153): `browser.installExtension(dir)` installs the
 * unpacked build (BiDi webExtension.install); the `extensions.webextensions.uuids` pref fixes the
 * moz-extension:// origin; BiDi refuses page.goto('moz-extension://…'), so the test opens the popup
 * page from inside the add-on (`tabs.create`); a page's reported URL can lag behind
 * (about:blank), so pages are told apart by what they say about themselves.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GECKO_ID } from '../../wxt.config';
import { type Simulator, startSimulator } from '../simulator';
import { findFirefox } from './firefox';

const UUID = '0d7c6a5e-4b3f-4e21-9a8d-5c6b7a8f9e01';
const ORIGIN = `moz-extension://${UUID}/`;
const EXTENSION_DIR = resolve('.output/firefox-mv3-dev');
const PASSPHRASE = 'firefox smoke passphrase, synthetic';

/** The WebExtension API an extension page sees as `browser` (the few calls used here). */
interface ExtensionApi {
  runtime: {
    getManifest(): unknown;
    getURL(path: string): string;
    sendMessage(m: unknown): Promise<unknown>;
  };
  tabs: { create(props: { url: string }): Promise<unknown> };
}

let browser: Browser;
let sim: Simulator;

/** How long the add-on's page may take to show up: a ceiling for a loaded machine, not a measure. */
const PAGE_WAIT_MS = 60_000;

/**
 * Waits until one of the browser's pages is showing `path` of our add-on. The install tab's URL
 * lags behind (BiDi sends no event when it settles), so the pages are asked again until then.
 */
async function extensionPage(path: string): Promise<Page> {
  const target = `${ORIGIN}${path}`;
  const deadline = Date.now() + PAGE_WAIT_MS;
  let seen: string[] = [];
  while (Date.now() < deadline) {
    seen = [];
    for (const page of await browser.pages()) {
      const href = await page.evaluate(() => location.href).catch(() => '');
      if (href === target) return page;
      seen.push(href || '(no answer)');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `No page of the add-on showed ${path} within ${PAGE_WAIT_MS / 1000} s; the pages showed: ${seen.join(', ') || 'none'}`,
  );
}

/** An ARIA query (role and accessible name), answered by Firefox's accessibility tree over BiDi. */
const aria = (role: string, name?: string) =>
  `::-p-aria(${name === undefined ? '' : `[name=${JSON.stringify(name)}]`}[role="${role}"])`;
const byRole = (page: Page, role: string, name?: string) => page.locator(aria(role, name));
/**
 * Types into the form field with this accessible name. Firefox names the wrapping <label> too (and
 * puts it first), and gives password inputs no role that the ARIA query matches, so this keeps the
 * named element that takes input.
 */
async function fill(page: Page, name: string, text: string): Promise<void> {
  const named = `::-p-aria([name=${JSON.stringify(name)}])`;
  await page.locator(named).wait();
  for (const handle of await page.$$(named)) {
    if (await handle.evaluate((el) => el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)) {
      await handle.type(text);
      return;
    }
  }
  throw new Error(`No field named "${name}"`);
}
/** Waits for `text` inside an element that `query` finds. */
const within = (page: Page, query: string, text: string) =>
  page.locator(`${query} ::-p-text(${JSON.stringify(text)})`).wait();

beforeAll(async () => {
  expect(existsSync(resolve(EXTENSION_DIR, 'manifest.json')), 'run "npm run build:test:firefox" first').toBe(
    true,
  );
  sim = await startSimulator({ port: 0 });
  browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: findFirefox(),
    headless: !process.env.VKC_HEADED,
    extraPrefsFirefox: { 'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: UUID }) },
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await sim?.close();
});

describe('Firefox', () => {
  it('installs, creates a vault, adds a key against the simulator and lists the keys in the popup', async () => {
    const { accountId, adminKey } = sim.control.createAccount({ balances: { USD: 25 } });
    const inference = sim.control.addKey({ accountId, apiKeyType: 'INFERENCE', description: 'firefox app' });

    expect(await browser.installExtension(EXTENSION_DIR)).toBe(GECKO_ID);

    // The add-on opens its options page on install.
    const page = await extensionPage('options.html');
    const manifest = await page.evaluate(() =>
      (
        globalThis as unknown as { browser: { runtime: { getManifest(): unknown } } }
      ).browser.runtime.getManifest(),
    );
    expect(manifest).toMatchObject({
      manifest_version: 3,
      browser_specific_settings: { gecko: { id: GECKO_ID } },
    });

    // Point the add-on at the simulator, as the e2e fixture does in Chromium.
    const configured = await page.evaluate(
      (patch) =>
        (
          globalThis as unknown as {
            browser: { runtime: { sendMessage(m: unknown): Promise<{ ok: boolean }> } };
          }
        ).browser.runtime.sendMessage({ kind: 'vkc/rpc', method: 'settings.update', input: patch }),
      { apiBaseUrl: sim.apiBase, veniceSiteUrl: sim.siteUrl, baseRpcUrl: sim.rpcUrl },
    );
    expect(configured).toMatchObject({ ok: true });

    await byRole(page, 'heading', 'Create your vault').wait();
    await fill(page, 'Passphrase', PASSPHRASE);
    await fill(page, 'Repeat the passphrase', PASSPHRASE);
    await byRole(page, 'button', 'Create vault').click();

    // The guided first run: add a key, verified live; a lone ADMIN key manages the keys by itself.
    await byRole(page, 'region', 'Add your first key').wait();
    await fill(page, 'Label (optional)', 'Main admin');
    await fill(page, 'API key', adminKey);
    await byRole(page, 'button', 'Add key').click();
    await within(page, aria('region', 'You’re set'), 'Added “Main admin” (verified, ADMIN).');

    // The popup page in a tab of its own, opened by the add-on (BiDi will not navigate to moz-extension://).
    await page.evaluate(async () => {
      const ext = (globalThis as unknown as { browser: ExtensionApi }).browser;
      await ext.tabs.create({ url: ext.runtime.getURL('popup.html') });
    });
    const popup = await extensionPage('popup.html');
    await byRole(popup, 'heading', 'Venice keys').wait();
    // The account's two keys, from the simulator through the background: the ADMIN key and the app key.
    await byRole(popup, 'listitem', `firefox app …${inference.last6Chars}`).wait();
    const list = await byRole(popup, 'list', 'Keys').waitHandle();
    const rows = await list.$$(aria('listitem'));
    expect(rows).toHaveLength(2);
  }, 240_000);
});
