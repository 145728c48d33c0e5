/**
 * Our content scripts cannot read our storage (docs/security.md). The page scan,
 * the per-app fill and the wallet relay run code in the extension's isolated world of a web page
 * (chrome.scripting.executeScript), a world as exposed as the page around it: neither
 * storage.session (the unlocked vault's key) nor storage.local (the vault's ciphertext, settings,
 * key metadata) may answer it. The worker sets both areas to TRUSTED_CONTEXTS on install, update
 * and browser start only (lib/vault/index.ts), since Chromium keeps an area's level in the
 * extension's preferences; these tests hold Chromium to that when no such event comes.
 *
 * For storage.session, TRUSTED_CONTEXTS is Chromium's default, so its check passes even if we
 * never set it. storage.local defaults to TRUSTED_AND_UNTRUSTED_CONTEXTS (this Chromium supports
 * setAccessLevel on it): with the two setAccessLevel calls removed, each local check below reads
 * 'read 4 items' instead, so the local checks are the ones that can fail.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { type ExtensionHarness, expect, test } from './fixtures';
import { openPopup, scanFromPopup } from './popup-page';
import { type PageServer, servePages, setupAdminAccount, testPassphrase } from './setup';

const PASSPHRASE = testPassphrase('storage-access');

const REFUSED = 'refused: Access to storage is not allowed from this context.';

/** What our isolated world in a page gets from chrome.storage: counts and errors, never a value. */
interface WorldReport {
  /** chrome.runtime.id there: proves the world is our extension's. */
  runtimeId: string | null;
  session: string;
  local: string;
}

/** Runs in the content-script world: reads both areas as a content script of ours would. */
const READ_BOTH_AREAS = `(async () => {
  const area = async (name) => {
    const api = globalThis.chrome && chrome.storage && chrome.storage[name];
    if (!api) return 'unavailable';
    try {
      return 'read ' + Object.keys(await api.get(null)).length + ' items';
    } catch (e) {
      return 'refused: ' + (e && e.message);
    }
  };
  return {
    runtimeId: (globalThis.chrome && chrome.runtime && chrome.runtime.id) || null,
    session: await area('session'),
    local: await area('local'),
  };
})()`;

interface ExecutionContext {
  id: number;
  origin: string;
  auxData?: { type?: string; isDefault?: boolean };
}

/**
 * Evaluates READ_BOTH_AREAS in the execution context Chromium made in `page` for our injected
 * scripts (CDP: the isolated world whose origin is our extension), not in an extension page.
 */
async function readStorageAsContentScript(page: Page, extensionId: string): Promise<WorldReport> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const contexts: ExecutionContext[] = [];
    cdp.on('Runtime.executionContextCreated', ({ context }) => contexts.push(context));
    // Runtime.enable reports every context that already exists before it answers.
    await cdp.send('Runtime.enable');
    const ours = contexts.filter(
      (c) => c.auxData?.type === 'isolated' && c.origin === `chrome-extension://${extensionId}`,
    );
    expect(ours, 'our isolated world in the page').toHaveLength(1);
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
      contextId: ours[0]?.id,
      expression: READ_BOTH_AREAS,
      awaitPromise: true,
      returnByValue: true,
    });
    expect(exceptionDetails?.text).toBeUndefined();
    return result.value as WorldReport;
  } finally {
    await cdp.detach();
  }
}

/**
 * Both areas hold something worth reading (session: the unlocked vault's key), as the worker (a
 * trusted context) reads them: a refusal below is not an empty area.
 */
async function expectBothAreasHold(ext: ExtensionHarness): Promise<void> {
  const worker = await ext.worker();
  const held = await worker.evaluate(async () => ({
    session: Object.keys(await chrome.storage.session.get(null)).length,
    local: Object.keys(await chrome.storage.local.get(null)).length,
  }));
  expect(held.session).toBeGreaterThan(0);
  expect(held.local).toBeGreaterThan(0);
}

/** Our isolated world in `page` (our runtime id proves it ours) is refused both areas. */
async function expectBothAreasRefused(page: Page, ext: ExtensionHarness): Promise<void> {
  expect(await readStorageAsContentScript(page, ext.id)).toEqual({
    runtimeId: ext.id,
    session: REFUSED,
    local: REFUSED,
  });
}

/**
 * Opens `site`/`name` and scans it from the popup ("Scan this page for my keys"): the scan's
 * code runs in our isolated world there, which stays in the page afterwards.
 */
async function scannedPage(ext: ExtensionHarness, context: BrowserContext, name: string): Promise<Page> {
  const tab = await context.newPage();
  await tab.goto(`${site.origin}/${name}`);
  const popup = await openPopup(ext);
  const leak = await scanFromPopup(popup, tab, context);
  await expect(leak.page.getByText(`Scanned Notes ${name}`)).toBeVisible();
  await expect(leak.page.getByText('No Venice key on this page.')).toBeVisible();
  await leak.page.close();
  await popup.page.close();
  return tab;
}

let site: PageServer;
test.beforeEach(async () => {
  site = await servePages(
    (path) => `<!doctype html><title>Notes ${path.slice(1)}</title><p>Nothing secret here.</p>`,
  );
});
test.afterEach(async () => {
  await site.close();
});

test.describe('our content scripts cannot read our storage', () => {
  test('with the vault unlocked, and still after the worker was stopped and woken (no install event)', async ({
    ext,
    simulator,
    context,
  }) => {
    await setupAdminAccount(ext, simulator, { passphrase: PASSPHRASE });
    const first = await scannedPage(ext, context, 'first');
    await expectBothAreasHold(ext);
    await expectBothAreasRefused(first, ext);

    // A new worker run, woken by a message: it sets no access level (lib/vault/index.ts).
    await ext.stopWorker();
    await ext.call('status');
    await expectBothAreasHold(ext);
    // The world made before the restart, and one the restarted worker makes.
    await expectBothAreasRefused(first, ext);
    await expectBothAreasRefused(await scannedPage(ext, context, 'second'), ext);
  });

  test('after the extension was disabled and enabled again (no install or startup event)', async ({
    ext,
    simulator,
    context,
  }) => {
    await setupAdminAccount(ext, simulator, { passphrase: PASSPHRASE });
    // As the user's switch on chrome://extensions does; the page may use chrome.management.
    const manager = await context.newPage();
    await manager.goto('chrome://extensions');
    const setEnabled = (enabled: boolean) =>
      manager.evaluate(([id, on]) => chrome.management.setEnabled(id, on), [ext.id, enabled] as const);
    await setEnabled(false);
    // Disabling closes the extension's pages (the harness too) and drops its session storage.
    await expect.poll(() => context.pages().some((p) => p.url().startsWith(ext.url('')))).toBe(false);
    await setEnabled(true);
    await ext.call('vault.unlock', { passphrase: PASSPHRASE });

    const tab = await scannedPage(ext, context, 'reenabled');
    await expectBothAreasHold(ext);
    await expectBothAreasRefused(tab, ext);
  });
});
