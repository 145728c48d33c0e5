/**
 * Per-app keys (issue 17): "Fill a new Venice key" on a field of a local test page, against the
 * simulator. The menu handler is invoked with the data Chrome passes (menuItemId, frameId,
 * frameUrl, pageUrl, editable, and the tab), through the development build's hook, since a test
 * cannot click a native context menu.
 */
import type { BrowserContext, Page } from '@playwright/test';
import type { Simulator } from '../simulator';
import { type ExtensionHarness, expect, test } from './fixtures';
import { openPopup, scanFromPopup } from './popup-page';
import {
  checkSelection,
  clickMenuItem,
  type PageServer,
  servePages,
  setupAdminAccount,
  testPassphrase,
} from './setup';

const PASSPHRASE = testPassphrase('per-app');
const DAY = 24 * 60 * 60 * 1000;

/**
 * The app under test: a plain input; a React-style controlled input (its script keeps the value in
 * its own state and re-renders from it, so a value set without an `input` event is reverted on the
 * next render); a field inside an iframe of the same origin.
 */
const APP_PAGE = `<!doctype html><html><head><title>Chat app — settings</title></head><body>
<h1>Settings</h1>
<label>Plain key <input id="plain" type="password"></label>
<label>Controlled key <input id="controlled" type="text"></label>
<p>Saved in state: <output id="state" aria-label="Controlled state"></output></p>
<label>Amount <input id="amount" type="number"></label>
<iframe src="/frame" title="Key frame"></iframe>
<script>
  let state = '';
  const input = document.getElementById('controlled');
  const out = document.getElementById('state');
  function render() { input.value = state; out.textContent = state ? 'set (' + state.length + ' characters)' : 'empty'; }
  input.addEventListener('input', () => { state = input.value; render(); });
  // Any other event re-renders from state, as React does on its next commit.
  input.addEventListener('change', render);
  input.addEventListener('blur', render);
  render();
</script></body></html>`;
const FRAME_PAGE = `<!doctype html><html><head><title>Frame</title></head><body>
<label>Framed key <input id="framed" type="text"></label></body></html>`;

/** An account whose ADMIN key manages keys (no DIEM: the per-app defaults cap USD). */
async function setupAccount(ext: ExtensionHarness, simulator: Simulator): Promise<{ accountId: string }> {
  return setupAdminAccount(ext, simulator, {
    passphrase: PASSPHRASE,
    balances: { USD: 50, DIEM: 0, diemEpochAllocation: 0 },
  });
}

/** The tab id and the frame ids of the app page, as Chrome knows them. */
async function tabAndFrames(ext: ExtensionHarness, page: Page) {
  await page.bringToFront();
  const worker = await ext.worker();
  return worker.evaluate(async () => {
    // The browser window's front tab (a confirm window opened before is a popup-type window).
    const [tab] = await chrome.tabs.query({ active: true, windowType: 'normal' });
    if (tab?.id === undefined) throw new Error('no active tab');
    const frames = await chrome.scripting
      .executeScript({ target: { tabId: tab.id, allFrames: true }, func: () => location.href })
      .catch(() => []);
    return { tabId: tab.id, frames: frames.map((f) => ({ frameId: f.frameId, url: String(f.result) })) };
  });
}

/** Right-click → "Fill a new Venice key" on the focused field of `page`: returns the confirm window. */
async function fillFromMenu(
  ext: ExtensionHarness,
  context: BrowserContext,
  page: Page,
  where: { frame?: 'framed'; url?: string; title?: string } = {},
): Promise<Page> {
  const { tabId, frames } = await tabAndFrames(ext, page);
  const url = where.url ?? page.url();
  const frame = where.frame ? frames.find((f) => f.url.endsWith('/frame')) : undefined;
  const info = {
    menuItemId: 'vkc-fill-new-key',
    editable: true,
    pageUrl: url,
    frameId: frame?.frameId ?? 0,
    ...(frame ? { frameUrl: frame.url } : {}),
  };
  const tab = { id: tabId, url, title: where.title ?? (await page.title()), windowId: 1 };
  const win = await clickMenuItem(ext, context, '/fill.html', info, tab);
  await win.waitForLoadState('domcontentloaded');
  return win;
}

/** The app's settings page in a new tab, its field `field` focused (where a right-click would be). */
async function openApp(context: BrowserContext, field: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${app.origin}/app`);
  await page.getByLabel(field).focus();
  return page;
}

/** Confirms the fill window's "Create and fill", once it says the key is filled. */
async function createAndFill(win: Page): Promise<void> {
  await win.getByRole('button', { name: 'Create and fill' }).click();
  await expect(win.getByRole('heading', { name: 'Key filled' })).toBeVisible();
}

function keysOf(simulator: Simulator, accountId: string) {
  return simulator.control.account(accountId).keys.filter((k) => !k.revoked && k.apiKeyType === 'INFERENCE');
}

/** An account, the app's page with `field` focused, and the confirm window its "Fill a new Venice key" opened. */
async function fillWindowOn(
  ext: ExtensionHarness,
  context: BrowserContext,
  simulator: Simulator,
  field: string,
) {
  const { accountId } = await setupAccount(ext, simulator);
  const page = await openApp(context, field);
  const win = await fillFromMenu(ext, context, page);
  return { accountId, page, win };
}

/** The same, confirmed: a new key made and filled into `field`; `made` is that key as Venice holds it. */
async function filledNewKey(
  ext: ExtensionHarness,
  context: BrowserContext,
  simulator: Simulator,
  field: string,
) {
  const opened = await fillWindowOn(ext, context, simulator, field);
  await createAndFill(opened.win);
  const [made] = keysOf(simulator, opened.accountId);
  return { ...opened, made };
}

let app: PageServer;
test.beforeEach(async () => {
  app = await servePages((path) => (path === '/frame' ? FRAME_PAGE : APP_PAGE));
});
test.afterEach(async () => {
  await app.close();
});

test.describe('Fill a new Venice key', () => {
  test('mints an INFERENCE key with the per-app defaults, saves it, fills the field, and lists it by site', async ({
    ext,
    context,
    simulator,
  }) => {
    const asked = Date.now();
    const { accountId, page, win } = await fillWindowOn(ext, context, simulator, 'Plain key');
    const site = win.getByRole('region', { name: 'Where the key goes' });
    await expect(site).toContainText(`Site: ${app.origin}`);
    await expect(site).toContainText('Page: Chat app — settings');
    // What will be created, all editable; nothing is minted before the click.
    await expect(win.getByRole('textbox', { name: /Description/ })).toHaveValue(app.host);
    // The default expiry: the UTC day 90 days after the window's form was made, bracketed by the
    // menu click and the form shown (either day, should the bracket span a UTC midnight).
    const shown = Date.now();
    const in90Days = [asked, shown].map((at) => new Date(at + 90 * DAY).toISOString().slice(0, 10));
    const expiryDate = await win.getByLabel(/^Expiry date \(UTC\)/).inputValue();
    expect(in90Days).toContain(expiryDate);
    await expect(win.getByRole('textbox', { name: /USD cap/ })).toHaveValue('5');
    await expect(win.getByRole('combobox', { name: /Limit period/ })).toHaveValue('MONTH');
    expect(keysOf(simulator, accountId)).toHaveLength(0);

    await createAndFill(win);
    await expect(win.getByRole('status')).toContainText(
      `is in the field on ${app.host} and saved in your vault`,
    );

    const [made] = keysOf(simulator, accountId);
    expect(made).toMatchObject({
      description: app.host,
      limitPeriod: 'MONTH',
      limits: { usd: 5, diem: null },
    });
    expect(made?.expiresAt).toBe(`${expiryDate}T00:00:00.000Z`);
    // Filled with exactly the new key, which the vault holds.
    await expect(page.getByLabel('Plain key')).toHaveValue(made?.secret ?? 'missing');
    const stored = await ext.call('vault.listKeys');
    expect(stored.find((k) => k.veniceKeyId === made?.id)?.label).toBe(app.host);
    // Where it went.
    const sites = await ext.call('apps.sites');
    expect(sites[made?.id ?? '']).toMatchObject({
      origin: app.origin,
      title: 'Chat app — settings',
      how: 'filled',
    });

    // The list says so, and filters by site.
    simulator.control.addKey({ accountId, description: 'made elsewhere' });
    const popup = await openPopup(ext);
    await popup.refresh();
    const row = popup.row(new RegExp(`^${app.host.replace('.', '\\.')}`));
    await expect(row).toContainText(`used on ${app.host}`);
    await expect(popup.keyCount).toHaveText('3 keys');
    await popup.page.getByRole('combobox', { name: 'Site' }).selectOption(app.host);
    await expect(popup.keyCount).toHaveText('1 of 3 keys');
    // The detail links back to the site.
    await row.getByRole('button', { name: /^Details of/ }).click();
    await expect(popup.page.getByRole('link', { name: app.host })).toHaveAttribute('href', app.origin);
  });

  test('fills a React-style controlled input, then offers this site’s key again in a frame instead of minting another', async ({
    ext,
    context,
    simulator,
  }) => {
    const { accountId, page, made } = await filledNewKey(ext, context, simulator, 'Controlled key');
    // The page's own state took the value (an input event reached it), and a re-render keeps it.
    await expect(page.getByRole('status', { name: 'Controlled state' })).toHaveText(
      `set (${made?.secret.length} characters)`,
    );
    await page.getByLabel('Controlled key').blur();
    await expect(page.getByLabel('Controlled key')).toHaveValue(made?.secret ?? 'missing');

    // The same site again, in a field inside the iframe: the existing key is offered first.
    await page.frameLocator('iframe').getByLabel('Framed key').focus();
    const again = await fillFromMenu(ext, context, page, { frame: 'framed' });
    const reuse = again.getByRole('button', {
      name: `Fill the existing key “${app.host}” (…${made?.last6Chars})`,
    });
    await reuse.click();
    await expect(again.getByRole('heading', { name: 'Key filled' })).toBeVisible();
    await expect(again.getByRole('status')).toContainText('The existing key');
    await expect(page.frameLocator('iframe').getByLabel('Framed key')).toHaveValue(made?.secret ?? 'missing');
    expect(keysOf(simulator, accountId)).toHaveLength(1);
  });

  test('when the field is gone after the key was made, says so; the key is in the vault with one-click copy', async ({
    ext,
    context,
    simulator,
  }) => {
    const { accountId, page, win } = await fillWindowOn(ext, context, simulator, 'Plain key');
    // The app closes its settings form while the user confirms.
    await page.evaluate(() => document.getElementById('plain')?.closest('label')?.remove());
    await win.getByRole('button', { name: 'Create and fill' }).click();
    await expect(win.getByRole('heading', { name: 'Key saved, not filled' })).toBeVisible();
    await expect(win.getByRole('alert')).toHaveText(
      'Could not fill the field: The field is gone from the page (it was closed or the page changed).',
    );
    const [made] = keysOf(simulator, accountId);
    await expect(win.getByText(`is saved in your vault as “${app.host}”`)).toBeVisible();
    await expect(win.getByRole('button', { name: 'Copy the key' })).toBeVisible();
    const stored = await ext.call('vault.listKeys');
    expect(stored.some((k) => k.veniceKeyId === made?.id)).toBe(true);
    // Reopening the window tells the same outcome; nothing is minted twice.
    await win.reload();
    await expect(win.getByRole('heading', { name: 'Key saved, not filled' })).toBeVisible();
    expect(keysOf(simulator, accountId)).toHaveLength(1);
  });

  test('when Venice refuses the create for its 20 keys a minute, says when to try again and loses nothing', async ({
    ext,
    context,
    simulator,
  }) => {
    const { accountId, page, win } = await fillWindowOn(ext, context, simulator, 'Plain key');
    await win.getByRole('textbox', { name: /Description/ }).fill('chat app, staging');
    // Every creation this minute is spent (the user minted elsewhere): Venice answers 429, Retry-After 60.
    simulator.control.configure({ creationsPerMinute: 0 });
    await win.getByRole('button', { name: 'Create and fill' }).click();
    await expect(win.getByRole('alert')).toHaveText(
      'Venice allows 20 new keys per minute. Try again in 60 seconds.',
    );
    // Nothing made, nothing filled, nothing stored; the form keeps what was typed.
    expect(keysOf(simulator, accountId)).toHaveLength(0);
    await expect(page.getByLabel('Plain key')).toHaveValue('');
    expect((await ext.call('vault.listKeys')).map((k) => k.label)).not.toContain('chat app, staging');
    await expect(win.getByRole('textbox', { name: /Description/ })).toHaveValue('chat app, staging');
    // A reload of the window brings back what was typed, not the defaults.
    await win.reload();
    await expect(win.getByRole('textbox', { name: /Description/ })).toHaveValue('chat app, staging');

    // A minute later the same click makes the key and fills it.
    simulator.control.configure({ creationsPerMinute: 20 });
    await createAndFill(win);
    const [made] = keysOf(simulator, accountId);
    expect(made?.description).toBe('chat app, staging');
    await expect(page.getByLabel('Plain key')).toHaveValue(made?.secret ?? 'missing');
  });

  test('a worker stopped between the menu click and the confirm loses nothing', async ({
    ext,
    context,
    simulator,
  }) => {
    const { accountId, page, win } = await fillWindowOn(ext, context, simulator, 'Plain key');
    await expect(win.getByRole('button', { name: 'Create and fill' })).toBeEnabled();
    await ext.stopWorker();
    await createAndFill(win);
    const [made] = keysOf(simulator, accountId);
    await expect(page.getByLabel('Plain key')).toHaveValue(made?.secret ?? 'missing');
  });

  test('refuses an http page and a field that is not a text field, minting nothing', async ({
    ext,
    context,
    simulator,
  }) => {
    const { accountId } = await setupAccount(ext, simulator);
    await context.route('http://app.example.test/**', (route) =>
      route.fulfill({ contentType: 'text/html', body: APP_PAGE }),
    );
    const insecure = await context.newPage();
    await insecure.goto('http://app.example.test/settings');
    await insecure.getByLabel('Plain key').focus();
    const win = await fillFromMenu(ext, context, insecure);
    await expect(win.getByRole('heading', { name: 'No key can be filled here' })).toBeVisible();
    await expect(win.getByRole('alert')).toContainText('app.example.test is not a secure page (http://)');
    await expect(win.getByRole('button', { name: 'Create and fill' })).toHaveCount(0);

    const page = await openApp(context, 'Amount');
    const numberWin = await fillFromMenu(ext, context, page);
    await expect(numberWin.getByRole('alert')).toHaveText(
      'That field takes a number value, not text: a key can only go into a text or password field.',
    );
    expect(keysOf(simulator, accountId)).toHaveLength(0);
  });
});

const masked = (secret: string) => `VENICE_INFERENCE_KEY_…${secret.slice(-6)}`;

test.describe('The popup’s “Fill a new Venice key”', () => {
  test('fills a new key with the defaults into the current tab’s focused field, stored with its site and listed by it', async ({
    ext,
    context,
    simulator,
  }) => {
    const { accountId } = await setupAccount(ext, simulator);
    const page = await openApp(context, 'Controlled key');

    const popup = await openPopup(ext);
    // The popup fills "the current tab": the active tab of its own window (tabs.query with
    // currentWindow). A real popup floats over the page; here the popup is a tab of the same
    // window, so the page is brought to the front to be that tab, as the scan spec does (a test
    // cannot click the toolbar button). Its focused field stays the document's active element.
    await page.bringToFront();
    const opened = context.waitForEvent('page', { predicate: (p) => p.url().includes('/fill.html') });
    await popup.page.getByRole('button', { name: 'Fill a new Venice key' }).click();
    const win = await opened;
    await expect(win.getByRole('region', { name: 'Where the key goes' })).toContainText(
      `Site: ${app.origin}`,
    );
    await expect(win.getByRole('textbox', { name: /Description/ })).toHaveValue(app.host);
    await expect(win.getByRole('textbox', { name: /USD cap/ })).toHaveValue('5');
    expect(keysOf(simulator, accountId)).toHaveLength(0);

    await createAndFill(win);
    const [made] = keysOf(simulator, accountId);
    expect(made).toMatchObject({
      description: app.host,
      limitPeriod: 'MONTH',
      limits: { usd: 5, diem: null },
    });
    await expect(page.getByLabel('Controlled key')).toHaveValue(made?.secret ?? 'missing');
    await expect(page.getByRole('status', { name: 'Controlled state' })).toHaveText(
      `set (${made?.secret.length} characters)`,
    );
    expect((await ext.call('apps.sites'))[made?.id ?? '']).toMatchObject({
      origin: app.origin,
      title: 'Chat app — settings',
      how: 'filled',
    });

    await popup.page.bringToFront();
    await popup.refresh();
    await popup.page.getByRole('combobox', { name: 'Site' }).selectOption(app.host);
    await expect(popup.keyCount).toHaveText('1 of 2 keys');
    await expect(popup.row(new RegExp(`^${app.host.replace('.', '\\.')}`))).toContainText(
      `used on ${app.host}`,
    );
  });
});

test.describe('Where a leaked or rotated key was used', () => {
  test('a page scan names the app a leaked key was filled into; rotating it offers that site, where Fill offers the new key', async ({
    ext,
    context,
    simulator,
  }) => {
    const { accountId, page, made } = await filledNewKey(ext, context, simulator, 'Controlled key');
    const secret = made?.secret ?? 'missing';
    await expect(page.getByLabel('Controlled key')).toHaveValue(secret);

    // The page now shows the key in a text field: scanning it finds the key, and says which app it was for.
    const popup = await openPopup(ext);
    const result = await scanFromPopup(popup, page, context);
    const card = result.page.getByRole('article', { name: masked(secret) });
    await expect(card.getByRole('heading')).toHaveText(`This is your key ${app.host}`);
    await expect(card).toContainText(`Used on ${app.host} (“Chat app — settings”)`);
    await expect(card.getByRole('link', { name: app.host })).toHaveAttribute('href', app.origin);

    // Rotate from the leak window: the new key is saved, the old one revoked, and the site offered.
    await card.getByRole('button', { name: 'Rotate' }).click();
    await expect(
      card.getByText(`The old key is revoked: ${app.host} no longer works anywhere.`),
    ).toBeVisible();
    const replacement = keysOf(simulator, accountId).find((k) => k.id !== made?.id);
    expect(replacement?.description.startsWith(`${app.host} `)).toBe(true);
    expect((await ext.call('apps.sites'))[replacement?.id ?? '']).toMatchObject({ origin: app.origin });
    const siteOpened = context.waitForEvent('page', { predicate: (p) => p.url().startsWith(app.origin) });
    await card.getByRole('button', { name: `Open ${app.host} to fill the new key` }).click();
    const site = await siteOpened;
    // Opening the site put nothing into it: the key goes in only on the user's Fill.
    await expect(site.getByLabel('Controlled key')).toHaveValue('');
    await site.getByLabel('Controlled key').focus();
    const again = await fillFromMenu(ext, context, site);
    const offered = again.getByRole('button', { name: /^Fill the existing key/ });
    await expect(offered).toHaveCount(1);
    await expect(offered).toHaveAccessibleName(
      `Fill the existing key “${replacement?.description}” (…${replacement?.last6Chars})`,
    );
    await offered.click();
    await expect(again.getByRole('heading', { name: 'Key filled' })).toBeVisible();
    await expect(site.getByLabel('Controlled key')).toHaveValue(replacement?.secret ?? 'missing');
    expect(keysOf(simulator, accountId)).toHaveLength(1);
  });

  test('a checked selection names the site a key was tagged with; the popup’s rotation offers to open it', async ({
    ext,
    context,
    simulator,
  }) => {
    const { accountId } = await setupAccount(ext, simulator);
    const old = simulator.control.addKey({ accountId, description: 'Notebook' });
    await ext.call('keys.refresh');
    await ext.call('apps.tag', { keyId: old.id, site: app.origin });

    const check = await checkSelection(ext, context, `token=${old.secret}`);
    const card = check.page.getByRole('article', { name: masked(old.secret) });
    await expect(card).toContainText(`Used on ${app.host} (tagged by you)`);
    await check.page.close();

    const popup = await openPopup(ext);
    await popup.rotate(`Notebook …${old.last6Chars}`);
    await expect(popup.page.getByRole('status').filter({ hasText: 'New key created' })).toContainText(
      'saved in your vault',
    );
    const replacement = keysOf(simulator, accountId).find((k) => k.id !== old.id);
    expect((await ext.call('apps.sites'))[replacement?.id ?? '']).toMatchObject({
      origin: app.origin,
      how: 'tagged',
    });
    const siteOpened = context.waitForEvent('page', { predicate: (p) => p.url().startsWith(app.origin) });
    await popup.page.getByRole('button', { name: `Open ${app.host} to fill the new key` }).click();
    const site = await siteOpened;
    await expect(site).toHaveTitle('Chat app — settings');
  });
});

test.describe('The popup toolbar', () => {
  test('every control’s label fits on one or two lines at the popup’s width, none cut off', async ({
    ext,
    simulator,
  }) => {
    await setupAccount(ext, simulator);
    const popup = await ext.open('popup.html');
    const names = [
      'New key',
      'Breach log',
      'Usage',
      'Scan this page for my keys',
      'Fill a new Venice key',
      'Refresh the key list',
    ];
    // The last to arrive: the page tools are a lazy chunk.
    await expect(popup.getByRole('button', { name: 'Fill a new Venice key' })).toBeVisible();
    for (const name of names) {
      const button = popup.getByRole('button', { name, exact: true });
      const fit = await button.evaluate((b) => {
        const cs = getComputedStyle(b);
        const box = b.getBoundingClientRect();
        const text =
          box.height -
          ['paddingTop', 'paddingBottom', 'borderTopWidth', 'borderBottomWidth']
            .map((p) => Number.parseFloat(cs[p as 'paddingTop']))
            .reduce((a, c) => a + c, 0);
        const lineHeight = Number.parseFloat(cs.lineHeight) || Number.parseFloat(cs.fontSize) * 1.2;
        return { lines: Math.round(text / lineHeight), right: box.right, width: document.body.clientWidth };
      });
      expect(fit.lines, `${name}: lines`).toBeLessThanOrEqual(2);
      expect(fit.right, `${name}: inside the popup`).toBeLessThanOrEqual(fit.width);
    }
  });
});
