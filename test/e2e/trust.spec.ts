/**
 * What must not outlive its use, or reach further than meant (issue 12): a copied secret
 * leaves the clipboard after the popup closed, and no extension page listens to the storage
 * area that holds the unlocked vault's key.
 */
import type { Page } from '@playwright/test';
import type { Simulator } from '../simulator';
import { type ExtensionHarness, expect, test } from './fixtures';
import { openPopup } from './popup-page';
import { setupAdminAccount, testPassphrase } from './setup';

const PASSPHRASE = testPassphrase('trust');

const withManagementKey = (ext: ExtensionHarness, simulator: Simulator) =>
  setupAdminAccount(ext, simulator, { passphrase: PASSPHRASE, balances: { USD: 20 } });

/** storage.onChanged listeners in a page: any of them would be handed the vault's session key on unlock. */
function storageListeners(page: Page): Promise<{ any: boolean; session: boolean }> {
  return page.evaluate(() => ({
    any: chrome.storage.onChanged.hasListeners(),
    session: chrome.storage.session.onChanged.hasListeners(),
  }));
}

test('a secret copied in the popup leaves the clipboard after the popup closed', async ({
  ext,
  context,
  simulator,
}) => {
  const { accountId } = await withManagementKey(ext, simulator);
  // The extension cannot read the clipboard: the test reads it from a web page granted that.
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: simulator.origin });
  const reader = await context.newPage();
  await reader.goto(simulator.siteUrl);
  const readClipboard = () => reader.evaluate(() => navigator.clipboard.readText());

  const { page: popup, create, newSecret } = await openPopup(ext);
  await create('copied then closed');
  await expect(newSecret).toBeVisible();
  const secret = simulator.control
    .account(accountId)
    .keys.find((k) => k.description === 'copied then closed')!.secret;
  await popup.getByRole('button', { name: 'Copy secret' }).click();
  await expect(
    popup.getByText(/Copied. It is taken off the clipboard in 30 s, even if this popup closes/),
  ).toBeVisible();
  expect(await readClipboard()).toBe(secret);

  // The user clicks away to paste: the popup is gone, the clear is not.
  await popup.close();
  const cleared = await ext.call('clipboard.clearNow');
  expect(cleared.pending).toBe(true);
  await expect.poll(readClipboard).toBe('');
});

test('no extension page listens to storage changes, so an unlock never hands a page the vault key', async ({
  ext,
  simulator,
}) => {
  await withManagementKey(ext, simulator);
  await ext.call('vault.lock');
  const win = await ext.open('wallet.html');
  await expect(win.getByRole('heading', { name: 'Choose your wallet' })).toBeVisible();
  const { page: popup, unlock } = await openPopup(ext);
  await expect(popup.getByLabel('Passphrase')).toBeVisible();
  await unlock(PASSPHRASE);
  await expect(popup.getByRole('heading', { name: 'Venice keys' })).toBeVisible({ timeout: 20_000 });
  // The popup shows the mint's state (MintStatus) and the window follows the flow: by message.
  await expect(popup.getByRole('button', { name: 'Mint with wallet' })).toBeVisible();
  for (const page of [win, popup])
    expect(await storageListeners(page)).toEqual({ any: false, session: false });

  // The window still follows the flow as it changes (the background's messages).
  await win.getByRole('button', { name: 'A wallet on the Venice site' }).click();
  await expect(
    win.getByRole('heading', { name: /Connect a wallet on the Venice site|The mint stopped/ }),
  ).toBeVisible();
});
