import type { BrowserContext } from '@playwright/test';
import type { Simulator } from '../simulator';
import { type ExtensionHarness, expect, test } from './fixtures';
import { openPopup, scanFromPopup } from './popup-page';
import {
  checkSelection,
  failNextRevoke,
  servePages,
  setupAdminAccount,
  stopWorkerMidRequest,
  testPassphrase,
} from './setup';

const PASSPHRASE = testPassphrase('leak');
const HOUR = 60 * 60 * 1000;

interface Setup {
  accountId: string;
  prod: { id: string; secret: string; last6: string };
  /** The account's ADMIN key: in the vault as "Admin", the management key. */
  admin: { id: string; secret: string; entryId: string };
  /** What the window should say the key spent this month (the usage is 2 h old: maybe last month's). */
  spentThisMonth: string;
}

/**
 * An account with an ADMIN key managing it and a key "Production backend" (INFERENCE, used 2 h
 * ago, $4.95 spent this month) whose secret is also in the vault; the key list is fetched once.
 */
async function setup(ext: ExtensionHarness, simulator: Simulator): Promise<Setup> {
  const account = await setupAdminAccount(ext, simulator, { passphrase: PASSPHRASE });
  const usedAt = simulator.control.now() - 2 * HOUR;
  const prod = simulator.control.addKey({
    accountId: account.accountId,
    description: 'Production backend',
    consumptionLimit: { usd: 100 },
    limitPeriod: 'MONTH',
    usage: [{ amount: 4.95, currency: 'USD', at: usedAt }],
  });
  const sameMonth = new Date(usedAt).getUTCMonth() === new Date(simulator.control.now()).getUTCMonth();
  await ext.call('vault.addKey', { label: 'prod copy', secret: prod.secret, allowUnverified: false });
  await ext.call('keys.refresh');
  return {
    accountId: account.accountId,
    prod: { id: prod.id, secret: prod.secret, last6: prod.secret.slice(-6) },
    admin: { id: account.adminKeyId, secret: account.adminKey, entryId: account.adminEntryId },
    spentThisMonth: sameMonth ? '$4.95' : '$0.00',
  };
}

/** `setup`, then "Check this Venice key" on Production backend's secret: the leak window and that key's card. */
async function checkProdKey(ext: ExtensionHarness, simulator: Simulator, context: BrowserContext) {
  const s = await setup(ext, simulator);
  const win = await checkSelection(ext, context, s.prod.secret);
  return { s, win, page: win.page, card: win.card(s.prod.last6) };
}

/** Everything the extension keeps in storage, as text (to search it for a secret). */
async function allStorage(ext: ExtensionHarness): Promise<string> {
  const worker = await ext.worker();
  return worker.evaluate(async () =>
    JSON.stringify([await chrome.storage.local.get(null), await chrome.storage.session.get(null)]),
  );
}

/** Moves the cached list's fetch time back by `ms` in storage, as that much time passing would. */
async function ageKeyList(ext: ExtensionHarness, ms: number): Promise<void> {
  const worker = await ext.worker();
  await worker.evaluate(async (by) => {
    const got = await chrome.storage.local.get('keys.cache');
    const cache = got['keys.cache'] as { fetchedAt: number | null };
    if (cache.fetchedAt === null) throw new Error('no list fetched');
    await chrome.storage.local.set({ 'keys.cache': { ...cache, fetchedAt: cache.fetchedAt - by } });
  }, ms);
}

test.describe('Check this Venice key (context menu)', () => {
  test('names the account’s key from a wrapped, quoted selection; says which are nobody’s; stores nothing', async ({
    ext,
    simulator,
    context,
    consoleLog,
  }) => {
    const s = await setup(ext, simulator);
    const stranger = `VENICE_INFERENCE_KEY_${'q'.repeat(36)}Zz9Yy8`;
    // Pasted into an issue as a Markdown quote, wrapped mid-key, next to a key of nobody here.
    const selection = `We saw this in the logs:\n> ${s.prod.secret.slice(0, 30)}\n> ${s.prod.secret.slice(30)}\n\nand ${stranger} too`;
    const { page, card } = await checkSelection(ext, context, selection);

    const prod = card(s.prod.last6);
    await expect(prod.getByRole('heading')).toHaveText('This is your key Production backend');
    await expect(prod).toContainText(`(INFERENCE, last used 2 h ago, ${s.spentThisMonth} this month)`);
    await expect(prod).toContainText('Its secret is in your vault as prod copy.');
    await expect(prod.getByRole('button', { name: 'Revoke' })).toBeVisible();
    await expect(prod.getByRole('button', { name: 'Rotate' })).toBeVisible();

    const other = card('Zz9Yy8');
    await expect(other.getByRole('heading')).toHaveText(
      'This looks like a Venice key but is not one of this account’s',
    );
    await expect(other.getByRole('button')).toHaveCount(0);

    // Only masked forms reach the window; the selection is nowhere in storage or the logs.
    expect(await page.content()).not.toContain(s.prod.secret.slice(-12));
    const stored = await allStorage(ext);
    expect(stored).not.toContain(s.prod.secret.slice(0, 40));
    expect(stored).not.toContain(stranger);
    expect(stored).not.toContain('We saw this in the logs');
    expect(consoleLog.join('\n')).not.toContain('We saw this in the logs');

    // The ticket works once: a reload cannot read the selection again.
    await page.reload();
    await expect(page.getByRole('alert')).toHaveText(/already shown, or is too old/);

    // Not mine: nothing changes.
    const again = await checkSelection(ext, context, s.prod.secret);
    await again.card(s.prod.last6).getByRole('button', { name: 'Not mine' }).click();
    await expect(again.page.getByRole('status')).toContainText('marked as not yours. Nothing was changed.');
    expect(simulator.control.key(s.prod.id).revoked).toBe(false);
  });

  test('a key made on venice.ai after the list was fetched is found; while the list cannot be fetched, no key is called nobody’s', async ({
    ext,
    simulator,
    context,
  }) => {
    const s = await setup(ext, simulator);
    await ageKeyList(ext, 60_000);
    // Made on venice.ai after the extension last fetched the list, then leaked; Venice's list is down.
    const made = simulator.control.addKey({ accountId: s.accountId, description: 'Made on the website' });
    const last6 = made.secret.slice(-6);
    simulator.control.addFault({ method: 'GET', path: '/api/v1/api_keys', kind: 'status', status: 503 });
    const down = await checkSelection(ext, context, made.secret);
    const unknown = down.card(last6);
    await expect(unknown.getByRole('heading')).toHaveText(
      'A Venice key, not compared with this account’s keys: the list could not be fetched',
    );
    await expect(unknown.getByRole('alert')).toContainText('Venice’s key list could not be fetched:');
    await expect(unknown.getByRole('alert')).toContainText('Treat this key as live');
    await expect(unknown.getByRole('button', { name: 'Revoke' })).toHaveCount(0);

    // Venice answers again: the same check asks for the list and names the key, with Revoke.
    simulator.control.clearFaults();
    const up = await checkSelection(ext, context, made.secret);
    const found = up.card(last6);
    await expect(found.getByRole('heading')).toHaveText('This is your key Made on the website');
    await found.getByRole('button', { name: 'Revoke' }).click();
    await found.getByRole('button', { name: 'Revoke Made on the website now' }).click();
    await expect(found.getByRole('status')).toContainText('Revoked Made on the website.');
    expect(simulator.control.key(made.id).revoked).toBe(true);
  });

  test('a selection with no key says so; a locked vault says what to do', async ({
    ext,
    simulator,
    context,
  }) => {
    const s = await setup(ext, simulator);
    const { page: none } = await checkSelection(
      ext,
      context,
      'VENICE_API_KEY=VENICE_INFERENCEKEY_abcdefghijklmnopqrstuvwxyz',
    );
    await expect(none.getByText('No Venice key in the selected text.')).toBeVisible();

    await ext.call('vault.lock');
    const { page: locked, card: lockedCard } = await checkSelection(ext, context, s.prod.secret);
    await expect(locked.getByRole('status').first()).toContainText(
      'The vault is locked. Unlock it on the options page',
    );
    await expect(locked.getByRole('button', { name: 'Open the options page' })).toBeVisible();
    // The cached list still names the key; acting on it waits for the vault.
    const card = lockedCard(s.prod.last6);
    await expect(card.getByRole('heading')).toHaveText('This is your key Production backend');
    await expect(card).toContainText('Revoke and Rotate need the vault open');
    await expect(card.getByRole('button')).toHaveCount(0);
    const { page: stranger } = await checkSelection(ext, context, `VENICE_ADMIN_KEY_${'w'.repeat(40)}`);
    await expect(stranger.getByRole('article').getByRole('heading')).toHaveText(
      'A Venice key, not yet compared with this account’s keys',
    );
  });

  test('Revoke: one confirm that opens on Cancel and closes on Escape, then the key is dead', async ({
    ext,
    simulator,
    context,
  }) => {
    const { s, page, card } = await checkProdKey(ext, simulator, context);
    await card.getByRole('button', { name: 'Revoke' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Revoke this key?' });
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(card.getByRole('button', { name: 'Revoke' })).toBeFocused();
    expect(simulator.control.key(s.prod.id).revoked).toBe(false);

    await card.getByRole('button', { name: 'Revoke' }).click();
    await dialog.getByRole('button', { name: 'Revoke Production backend now' }).click();
    await expect(card.getByRole('status')).toContainText('Revoked Production backend.');
    await expect(card.getByRole('status')).toContainText('Its copy “prod copy” is still in the vault');
    expect(simulator.control.key(s.prod.id).revoked).toBe(true);
  });

  test('Revoke of the management and badge key asks a second time, saying what stops working', async ({
    ext,
    simulator,
    context,
  }) => {
    const s = await setup(ext, simulator);
    await ext.configure({ badgeKeyId: s.admin.entryId });
    const adminName = `Admin key …${s.admin.secret.slice(-6)}`;
    const win = await checkSelection(ext, context, `export VENICE_API_KEY=${s.admin.secret}`);
    const { page } = win;
    const card = win.card(s.admin.secret.slice(-6));
    const firstThenSecond = async () => {
      await card.getByRole('button', { name: 'Revoke', exact: true }).click();
      await page
        .getByRole('alertdialog', { name: 'Revoke this key?' })
        .getByRole('button', {
          name: /^Revoke .* now$/,
        })
        .click();
      return page.getByRole('alertdialog', { name: 'Revoke the extension’s own key?' });
    };

    let second = await firstThenSecond();
    await expect(second).toContainText(
      'is the key this extension manages your keys with, and the key on the toolbar badge',
    );
    await expect(second).toContainText('can no longer list, create, edit or revoke keys');
    await expect(second).toContainText('the toolbar badge stops showing a balance');
    await expect(second.getByRole('button', { name: 'Keep the key' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(second).toHaveCount(0);
    await expect(card.getByRole('button', { name: 'Revoke', exact: true })).toBeFocused();
    expect(simulator.control.key(s.admin.id).revoked).toBe(false);

    second = await firstThenSecond();
    await second.getByRole('button', { name: `Yes, revoke ${adminName} and lose that access` }).click();
    await expect(card.getByRole('status')).toContainText('Revoked');
    expect(simulator.control.key(s.admin.id).revoked).toBe(true);
  });

  test('a refused revoke keeps the key with the reason; a worker stopped mid-revoke loses nothing', async ({
    ext,
    simulator,
    context,
  }) => {
    const { s, win, card } = await checkProdKey(ext, simulator, context);
    const confirmRevoke = () => win.revoke(s.prod.last6, 'Production backend');

    failNextRevoke(simulator);
    await confirmRevoke();
    await expect(card.getByRole('alert')).toContainText('Could not revoke Production backend:');
    await expect(card.getByRole('alert')).toContainText('The key is still live.');
    expect(simulator.control.key(s.prod.id).revoked).toBe(false);

    // Venice refuses the management key (401): the window names that key, not the leaked one.
    failNextRevoke(simulator, 401);
    await confirmRevoke();
    await expect(card.getByRole('alert')).toHaveText(
      'Could not revoke Production backend: Venice did not accept the ADMIN key this extension manages keys with: it is invalid, expired or revoked. Choose or add a working ADMIN key on the options page. The key is still live.',
    );
    expect(simulator.control.key(s.prod.id).revoked).toBe(false);

    // The worker is stopped while Venice holds the DELETE, which is then dropped unanswered.
    await stopWorkerMidRequest(ext, simulator, { method: 'DELETE', afterStop: 'drop' }, confirmRevoke);
    await expect(card.getByRole('alert')).toHaveText(
      'The revoke did not finish: the key is still live. Revoke it again.',
    );
    expect(simulator.control.key(s.prod.id).revoked).toBe(false);
    await expect.poll(() => simulator.control.faults().length).toBe(0);

    await confirmRevoke();
    await expect(card.getByRole('status')).toContainText('Revoked Production backend.');
    expect(simulator.control.key(s.prod.id).revoked).toBe(true);
  });

  test('Rotate: the replacement is created with the same settings and saved, then the leaked key is revoked', async ({
    ext,
    simulator,
    context,
  }) => {
    const { s, page, card } = await checkProdKey(ext, simulator, context);
    await card.getByRole('button', { name: 'Rotate' }).click();
    await expect(
      card.getByText('The old key is revoked: Production backend no longer works anywhere.'),
    ).toBeVisible();
    expect(simulator.control.key(s.prod.id).revoked).toBe(true);

    const fresh = simulator.control
      .account(s.accountId)
      .keys.find((k) => !k.revoked && k.id !== s.prod.id && k.description.startsWith('Production backend'));
    expect(fresh).toBeTruthy();
    expect(fresh?.limits.usd).toBe(100);
    expect(fresh?.limitPeriod).toBe('MONTH');
    await expect(card.getByRole('status').first()).toContainText(`…${fresh?.last6Chars}`);
    // Saved in the vault before anything was shown; the window never got the secret.
    const stored = await ext.call('vault.listKeys');
    expect(stored.some((e) => e.veniceKeyId === fresh?.id)).toBe(true);
    expect(await page.content()).not.toContain(String(fresh?.secret).slice(-12));
  });

  test('Rotate: the replacement’s secret is read from the vault only when asked, and copies as an export or .env line', async ({
    ext,
    simulator,
    context,
  }) => {
    const s = await setup(ext, simulator);
    // The extension cannot read the clipboard: the test reads it from a web page granted that.
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: simulator.origin });
    const reader = await context.newPage();
    await reader.goto(simulator.siteUrl);
    const readClipboard = () => reader.evaluate(() => navigator.clipboard.readText());

    const win = await checkSelection(ext, context, s.prod.secret);
    const card = win.card(s.prod.last6);
    await card.getByRole('button', { name: 'Rotate' }).click();
    await expect(
      card.getByText('The old key is revoked: Production backend no longer works anywhere.'),
    ).toBeVisible();
    const fresh = simulator.control
      .account(s.accountId)
      .keys.find((k) => !k.revoked && k.id !== s.prod.id && k.description.startsWith('Production backend'));
    if (!fresh) throw new Error('no replacement key at Venice');
    expect(await win.page.content()).not.toContain(fresh.secret.slice(-12));

    await card.getByRole('button', { name: 'Reveal the new secret' }).click();
    await expect(card.getByRole('textbox', { name: 'Secret of the new key' })).toHaveValue(fresh.secret);
    await card.getByRole('button', { name: 'Copy as .env line' }).click();
    await expect(
      card.getByText(
        'Copied the .env line. It is taken off the clipboard in 30 s, even if this window closes.',
      ),
    ).toBeVisible();
    expect(await readClipboard()).toBe(`VENICE_API_KEY=${fresh.secret}`);
    await card.getByRole('button', { name: 'Copy as export VENICE_API_KEY=…' }).click();
    await expect(card.getByText(/^Copied the export line\./)).toBeVisible();
    expect(await readClipboard()).toBe(`export VENICE_API_KEY=${fresh.secret}`);
    expect((await ext.call('clipboard.clearNow')).pending).toBe(true);
    await expect.poll(readClipboard).toBe('');
  });

  test('Rotate with the worker stopped mid-create, then mid-revoke: nothing is lost, the window follows without a reload', async ({
    ext,
    simulator,
    context,
  }) => {
    const { s, card } = await checkProdKey(ext, simulator, context);
    const rotate = () => card.getByRole('button', { name: 'Rotate' }).click();
    const deletes = () =>
      simulator.control.requestLog().filter((r) => r.method === 'DELETE' && r.path === '/api/v1/api_keys');

    // The worker is stopped while Venice holds the create, which is then dropped unanswered.
    await stopWorkerMidRequest(ext, simulator, { method: 'POST', afterStop: 'drop' }, rotate);
    await expect(card.getByRole('alert')).toContainText(
      'Could not rotate Production backend: The extension was interrupted while creating this key.',
    );
    await expect(card.getByRole('alert')).toContainText('The old key is unchanged and still live.');
    expect(simulator.control.key(s.prod.id).revoked).toBe(false);
    expect(deletes()).toHaveLength(0);

    // Again: the worker is stopped while Venice holds the revoke of the leaked key, which Venice then carries out.
    await stopWorkerMidRequest(ext, simulator, { method: 'DELETE', afterStop: 'answer' }, rotate);
    const fresh = simulator.control
      .account(s.accountId)
      .keys.find((k) => k.id !== s.prod.id && k.description.startsWith('Production backend'));
    expect(fresh).toBeDefined();
    expect(fresh?.revoked).toBe(false);
    // The woken worker resumes the revoke under way; the window follows the rotation's record.
    await expect(
      card.getByText('The old key is revoked: Production backend no longer works anywhere.'),
    ).toBeVisible();
    expect(simulator.control.key(s.prod.id).revoked).toBe(true);
    await expect(card.getByRole('status').first()).toContainText(`…${fresh?.last6Chars}`);
    const stored = await ext.call('vault.listKeys');
    expect(stored.some((e) => e.veniceKeyId === fresh?.id)).toBe(true);
  });

  test('Rotate the management key: the new ADMIN key is checked in an explicit step before the old one goes', async ({
    ext,
    simulator,
    context,
  }) => {
    const s = await setup(ext, simulator);
    const card = (await checkSelection(ext, context, s.admin.secret)).card(s.admin.secret.slice(-6));
    await card.getByRole('button', { name: 'Rotate' }).click();
    const verify = card.getByRole('button', { name: 'Verify the new key and manage keys with it' });
    await expect(verify).toBeVisible();
    await expect(card).toContainText('The old key is the key this extension manages your keys with.');
    const fresh = simulator.control
      .account(s.accountId)
      .keys.find((k) => k.apiKeyType === 'ADMIN' && k.id !== s.admin.id && !k.revoked);
    expect(fresh).toBeDefined();
    // Nothing goes before the user's step.
    expect(simulator.control.key(s.admin.id).revoked).toBe(false);
    expect((await ext.call('settings.get')).managementKeyId).toBe(s.admin.entryId);

    await verify.click();
    await expect(card.getByText('The old key is revoked: Admin key no longer works anywhere.')).toBeVisible();
    expect(simulator.control.key(s.admin.id).revoked).toBe(true);
    const entry = (await ext.call('vault.listKeys')).find((e) => e.veniceKeyId === fresh?.id);
    expect((await ext.call('settings.get')).managementKeyId).toBe(entry?.entryId);
  });

  test('Rotate: a revoke that fails after the create shows both facts and offers the revoke again', async ({
    ext,
    simulator,
    context,
  }) => {
    const { s, card } = await checkProdKey(ext, simulator, context);
    failNextRevoke(simulator);
    await card.getByRole('button', { name: 'Rotate' }).click();
    await expect(card.getByRole('alert')).toContainText(
      'The new key exists, but the old key Production backend is still live',
    );
    await expect(card.getByText(/^New key Production backend/)).toBeVisible();
    expect(simulator.control.key(s.prod.id).revoked).toBe(false);
    await card.getByRole('button', { name: 'Revoke the old key now' }).click();
    await expect(
      card.getByText('The old key is revoked: Production backend no longer works anywhere.'),
    ).toBeVisible();
    expect(simulator.control.key(s.prod.id).revoked).toBe(true);
  });
});

test.describe('Scan this page for my keys (popup)', () => {
  test('lists the keys in the page’s text and fields, masked, each with Revoke or Rotate', async ({
    ext,
    simulator,
    context,
  }) => {
    const s = await setup(ext, simulator);
    const pasted = simulator.control.addKey({ accountId: s.accountId, description: 'CI runner' });
    await ext.call('keys.refresh');
    const stranger = `VENICE_ADMIN_KEY_${'n'.repeat(34)}Nobody`;
    // A page on 127.0.0.1: a key in its text, another typed in a text area.
    const site = await servePages(
      () =>
        `<!doctype html><title>Issue 7</title><p>Crash log: ${s.prod.secret} and ${stranger}</p>` +
        '<textarea aria-label="Comment"></textarea>',
    );
    try {
      const tab = await context.newPage();
      await tab.goto(`${site.origin}/issue.html`);
      await tab.getByRole('textbox', { name: 'Comment' }).fill(`here is mine: ${pasted.secret}`);

      const popup = await openPopup(ext);
      const scan = await scanFromPopup(popup, tab, context);
      const { page: result, card } = scan;

      await expect(result.getByText('Scanned Issue 7')).toBeVisible();
      await expect(result.getByText('3 Venice keys on this page')).toBeVisible();
      const prod = card(s.prod.last6);
      await expect(prod.getByRole('heading')).toHaveText('This is your key Production backend');
      await expect(prod).toContainText('Its secret is in your vault as prod copy.');
      const typed = card(pasted.secret.slice(-6));
      await expect(typed.getByRole('heading')).toHaveText('This is your key CI runner');
      await expect(typed.getByRole('button', { name: 'Revoke' })).toBeVisible();
      await expect(typed.getByRole('button', { name: 'Rotate' })).toBeVisible();
      await expect(card('Nobody').getByRole('heading')).toHaveText(
        'This looks like a Venice key but is not one of this account’s',
      );
      expect(await result.content()).not.toContain(pasted.secret.slice(-12));
      expect(await allStorage(ext)).not.toContain(pasted.secret);

      await scan.revoke(pasted.secret.slice(-6), 'CI runner');
      await expect(typed.getByRole('status')).toContainText('Revoked CI runner.');
      expect(simulator.control.key(pasted.id).revoked).toBe(true);
    } finally {
      await site.close();
    }
  });

  test('the popup’s own tab cannot be scanned: it says what to do', async ({ ext, simulator }) => {
    await setup(ext, simulator);
    const { page: popup } = await openPopup(ext);
    await popup.getByRole('button', { name: 'Scan this page for my keys' }).click();
    await expect(popup.getByText('Open the page you want to scan, then open this popup on it')).toBeVisible();
  });
});
