/**
 * The popup's shell: the key list as the popup last drew it, put on the page by popup-cache.js
 * before the popup's modules run (so the list is seen at once), inert and hidden from assistive
 * technology until the live list takes its place. It never holds a secret, and a list that was
 * cleared or belongs to another management key is never shown.
 */
import type { BrowserContext, Page } from '@playwright/test';
import type { Simulator } from '../simulator';
import { type ExtensionHarness, expect, test } from './fixtures';
import { openPopup, popupPage } from './popup-page';
import { addToVault, setupAdminAccount, testPassphrase } from './setup';

const PASSPHRASE = testPassphrase('shell');

interface Seen {
  /** The shell as it was when it appeared. */
  shell: {
    text: string;
    inert: boolean;
    ariaHidden: string | null;
    appShown: boolean;
    /** The usage chart's shapes (SVG), drawn in the shell. */
    chart: boolean;
  } | null;
  /** The page's text after every change, from the first one on. */
  texts: string[];
  /** The performance marks, in order. */
  marks: string[];
}

/** Opens the popup with every change of its page recorded from before its first script runs. */
async function openObserved(
  context: BrowserContext,
  ext: ExtensionHarness,
): Promise<{ page: Page; seen: () => Promise<Seen> }> {
  const page = await context.newPage();
  await page.addInitScript(() => {
    const seen: Omit<Seen, 'marks'> = { shell: null, texts: [] };
    Object.assign(window, { vkcSeen: seen });
    new MutationObserver(() => {
      const shell = document.getElementById('vkc-shell');
      const app = document.getElementById('app');
      if (shell && !seen.shell)
        seen.shell = {
          text: shell.textContent ?? '',
          inert: shell.inert,
          ariaHidden: shell.getAttribute('aria-hidden'),
          appShown: app !== null && getComputedStyle(app).display !== 'none' && app.childElementCount > 0,
          chart: shell.querySelector('svg path') instanceof SVGPathElement,
        };
      seen.texts.push(document.body?.textContent ?? '');
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });
  await page.goto(ext.url('popup.html'));
  return {
    page,
    seen: () =>
      page.evaluate(() => ({
        ...(window as unknown as { vkcSeen: Omit<Seen, 'marks'> }).vkcSeen,
        marks: performance.getEntriesByType('mark').map((m) => m.name),
      })),
  };
}

/**
 * The list cache as stored, with its shell: `keys.shell`, stored apart so that popup-cache.js
 * reads only it first (the list's own record holds no markup).
 */
async function storedCache(ext: ExtensionHarness): Promise<{ shell?: string; keys: unknown[] } | undefined> {
  const worker = await ext.worker();
  const got = await worker.evaluate(() => chrome.storage.local.get(['keys.cache', 'keys.shell']));
  const cache = got['keys.cache'] as { shell?: string; keys: unknown[] } | undefined;
  expect(cache?.shell).toBeUndefined();
  const drawn = got['keys.shell'] as { shell?: string } | undefined;
  return cache && (drawn ? { ...cache, shell: drawn.shell } : cache);
}

/** An account with a few keys, its list fetched and drawn once by a popup, which saved the shell. */
async function accountWithShell(ext: ExtensionHarness, simulator: Simulator, description: string) {
  const account = await setupAdminAccount(ext, simulator, { passphrase: PASSPHRASE });
  const key = simulator.control.addKey({ accountId: account.accountId, description });
  await ext.call('keys.refresh');
  const popup = await openPopup(ext);
  await expect(popup.row(`${description} …${key.secret.slice(-6)}`)).toBeVisible();
  await expect.poll(async () => (await storedCache(ext))?.shell ?? '').toContain(description);
  await popup.page.close();
  return { account, key };
}

test.describe('the popup shell', () => {
  test('paints the list as last drawn before the modules run, inert and hidden, then the live list takes over', async ({
    ext,
    simulator,
    context,
  }) => {
    const { key } = await accountWithShell(ext, simulator, 'shell ci app');
    const { page, seen } = await openObserved(context, ext);
    const live = popupPage(page).row(`shell ci app …${key.secret.slice(-6)}`);
    await expect(live).toBeVisible();
    await expect(live).toHaveCount(1);
    const got = await seen();
    expect(got.shell).toEqual({
      text: expect.stringContaining('shell ci app'),
      inert: true,
      ariaHidden: 'true',
      appShown: false,
      chart: false,
    });
    // What the user saw first was the shell; the live list followed.
    expect(got.marks.indexOf('vkc:list-painted')).toBeGreaterThanOrEqual(0);
    expect(got.marks.indexOf('vkc:list-painted')).toBeLessThan(got.marks.indexOf('vkc:list-interactive'));
    expect(await page.evaluate(() => document.getElementById('vkc-shell'))).toBeNull();
    // Focus is where it is without a shell: on the page, and the first Tab lands on a live control.
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.getElementById('app')?.contains(document.activeElement))).toBe(
      true,
    );
  });

  test("a freshly created key's secret never reaches the stored markup", async ({ ext, simulator }) => {
    await accountWithShell(ext, simulator, 'existing app');
    const popup = await openPopup(ext);
    await popup.create('fresh shell key');
    await expect(popup.newSecret).toBeVisible();
    const secret = await popup.newSecret.inputValue();
    expect(secret).toMatch(/^VENICE_INFERENCE_KEY_/);
    await popup.page.getByRole('button', { name: 'Done' }).click();
    await expect(popup.row(`fresh shell key …${secret.slice(-6)}`)).toBeVisible();
    // The list drawn after the create is saved as the shell, with the new key's name and not its secret.
    await expect.poll(async () => (await storedCache(ext))?.shell ?? '').toContain('fresh shell key');
    const worker = await ext.worker();
    const everything = JSON.stringify(await worker.evaluate(() => chrome.storage.local.get(null)));
    expect(everything).toContain('fresh shell key');
    expect(everything).not.toContain(secret);
  });

  test('never shows a list cleared by a vault reset', async ({ ext, simulator, context }) => {
    await accountWithShell(ext, simulator, 'reset away app');
    await ext.call('vault.reset', { confirmation: 'delete my vault' });
    const { page, seen } = await openObserved(context, ext);
    await expect(page.getByRole('heading', { name: 'Set up your vault' })).toBeVisible();
    const got = await seen();
    expect(got.shell).toBeNull();
    expect(got.marks).not.toContain('vkc:list-painted');
    expect(got.texts.filter((t) => t.includes('reset away app'))).toEqual([]);
    await expect.poll(async () => (await storedCache(ext))?.keys ?? []).toEqual([]);
    expect((await storedCache(ext))?.shell).toBeUndefined();
  });

  test("never shows another management key's list after the management key changed", async ({
    ext,
    simulator,
    context,
  }) => {
    await accountWithShell(ext, simulator, 'first account app');
    const other = simulator.control.createAccount({ balances: { USD: 5 } });
    const otherKey = simulator.control.addKey({
      accountId: other.accountId,
      description: 'second account app',
    });
    const stored = await addToVault(ext, 'Other admin', other.adminKey);
    await ext.configure({ managementKeyId: stored.entryId });
    const { page, seen } = await openObserved(context, ext);
    await expect(popupPage(page).row(`second account app …${otherKey.secret.slice(-6)}`)).toBeVisible();
    const got = await seen();
    expect(got.shell).toBeNull();
    expect(got.texts.filter((t) => t.includes('first account app'))).toEqual([]);
  });
});

const DAY = 24 * 60 * 60 * 1000;

/** The usage cache's 30-day entry as stored, shell included. */
async function storedUsage(
  ext: ExtensionHarness,
): Promise<{ shell?: string; ownerEntryId?: string } | undefined> {
  const worker = await ext.worker();
  const cache = await worker.evaluate(
    async () => (await chrome.storage.local.get('usage.cache'))['usage.cache'],
  );
  return (cache as Record<string, { shell?: string; ownerEntryId?: string }> | undefined)?.['30'];
}

/** An account with usage, its 30-day figures drawn once by the popup's usage view, which saved the usage shell. */
async function usageWithShell(ext: ExtensionHarness, simulator: Simulator) {
  const account = await setupAdminAccount(ext, simulator, { passphrase: PASSPHRASE });
  const key = simulator.control.addKey({ accountId: account.accountId, description: 'charted app' });
  const now = simulator.control.now();
  for (let d = 1; d <= 5; d += 1)
    simulator.control.recordUsage({ keyId: key.id, amount: 3, currency: 'USD', at: now - d * DAY });
  const popup = await openPopup(ext);
  await popup.page.getByRole('button', { name: 'Usage', exact: true }).click();
  await expect(popup.page.getByRole('img', { name: /^Spend by day: \$15\.00/ })).toBeVisible();
  await expect.poll(async () => (await storedUsage(ext))?.shell ?? '').toContain('$15.00');
  await popup.page.close();
  return account;
}

/** The next opening lands on the usage view (as after closing the popup there). */
async function nextOpeningOnUsage(ext: ExtensionHarness) {
  const worker = await ext.worker();
  await worker.evaluate(() => chrome.storage.session.set({ 'popup.route': { name: 'usage' } }));
}

test.describe("the usage view's shell", () => {
  test('paints the usage chart as last drawn before the modules run, inert and hidden, then the live view takes over', async ({
    ext,
    simulator,
    context,
  }) => {
    await usageWithShell(ext, simulator);
    await nextOpeningOnUsage(ext);
    const { page, seen } = await openObserved(context, ext);
    const live = page.getByRole('img', { name: /^Spend by day: \$15\.00/ });
    await expect(live).toBeVisible();
    await expect(live).toHaveCount(1);
    const got = await seen();
    expect(got.shell).toEqual({
      text: expect.stringContaining('Spend by day'),
      inert: true,
      ariaHidden: 'true',
      appShown: false,
      chart: true,
    });
    expect(got.shell?.text).toContain('$15.00');
    // What the user saw first was the shell; the live chart followed.
    expect(got.marks.indexOf('vkc:usage-painted')).toBeGreaterThanOrEqual(0);
    expect(got.marks.indexOf('vkc:usage-painted')).toBeLessThan(got.marks.indexOf('vkc:usage-interactive'));
    expect(got.marks).not.toContain('vkc:list-painted');
    expect(await page.evaluate(() => document.getElementById('vkc-shell'))).toBeNull();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.getElementById('app')?.contains(document.activeElement))).toBe(
      true,
    );
  });

  test('never shows usage figures that were cleared, nor those of another management key', async ({
    ext,
    simulator,
    context,
  }) => {
    await usageWithShell(ext, simulator);
    const other = simulator.control.createAccount({ balances: { USD: 5 } });
    const stored = await addToVault(ext, 'Other admin', other.adminKey);
    await ext.configure({ managementKeyId: stored.entryId });
    await nextOpeningOnUsage(ext);
    const first = await openObserved(context, ext);
    await expect(first.page.getByText('No usage in the last 30 days.')).toBeVisible();
    const got = await first.seen();
    expect(got.shell).toBeNull();
    // The first paint was the live view's own.
    expect(got.marks.indexOf('vkc:usage-painted')).toBeGreaterThan(
      got.marks.indexOf('vkc:usage-interactive'),
    );
    // Nor did the live view paint the first account's figures while it asked for the other's.
    expect(got.texts.filter((t) => t.includes('$15.00'))).toEqual([]);
    // The other account's figures replaced the first's, and the first's shell went with them in the same write.
    await expect.poll(async () => (await storedUsage(ext))?.ownerEntryId).toBe(stored.entryId);
    expect((await storedUsage(ext))?.shell ?? '').not.toContain('$15.00');
    await first.page.close();

    // A cleared cache: nothing to paint from, so no shell either.
    const worker = await ext.worker();
    await worker.evaluate(() => chrome.storage.local.remove('usage.cache'));
    await nextOpeningOnUsage(ext);
    const second = await openObserved(context, ext);
    await expect(second.page.getByText('No usage in the last 30 days.')).toBeVisible();
    expect((await second.seen()).shell).toBeNull();
  });
});
