import type { Page } from '@playwright/test';
import type { Simulator } from '../simulator';
import { type ExtensionHarness, expect, test } from './fixtures';
import { testPassphrase } from './setup';

/** A synthetic passphrase; strong enough for the vault's strength check. */
const PASSPHRASE = testPassphrase('keyboard');

/** An account, a vault holding its ADMIN key, chosen for management (and the badge when asked). */
async function setupAccount(ext: ExtensionHarness, simulator: Simulator, { badge = false } = {}) {
  const account = simulator.control.createAccount({ balances: { USD: 50 } });
  await ext.call('vault.create', { passphrase: PASSPHRASE });
  const added = await ext.call('vault.addKey', {
    label: 'Admin',
    secret: account.adminKey,
    allowUnverified: false,
  });
  await ext.configure({
    managementKeyId: added.key.entryId,
    ...(badge ? { badgeKeyId: added.key.entryId } : {}),
  });
  return { ...account, adminEntryId: added.key.entryId };
}

async function openPopup(ext: ExtensionHarness): Promise<Page> {
  const page = await ext.open('popup.html');
  await expect(page.getByRole('heading', { name: 'Venice keys' })).toBeVisible();
  return page;
}

const row = (page: Page, name: string | RegExp) => page.getByRole('listitem', { name });

test.describe('the popup from the keyboard', () => {
  test('arrow keys move between rows; Enter opens a key and Back returns to it', async ({
    ext,
    simulator,
  }) => {
    const s = await setupAccount(ext, simulator);
    const now = simulator.control.now();
    for (const [i, description] of ['alpha', 'bravo', 'charlie'].entries())
      simulator.control.addKey({ accountId: s.accountId, description, createdAt: now - (i + 1) * 60_000 });
    const page = await openPopup(ext);
    const rows = page.getByRole('list', { name: 'Keys' }).getByRole('listitem');
    await expect(rows).toHaveCount(4);
    // Newest first: the account's ADMIN key (made with the account), then alpha, bravo, charlie.
    await page.getByRole('combobox', { name: 'Sort keys' }).focus();
    await page.keyboard.press('Tab');
    await expect(row(page, /^Admin key …/)).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(row(page, /^alpha …/)).toBeFocused();
    await page.keyboard.press('End');
    await expect(row(page, /^charlie …/)).toBeFocused();
    await page.keyboard.press('ArrowUp');
    await expect(row(page, /^bravo …/)).toBeFocused();
    await page.keyboard.press('Home');
    await expect(row(page, /^Admin key …/)).toBeFocused();
    await page.keyboard.press('ArrowDown');
    // The list is one tab stop: Tab from a row goes into that row's buttons, Shift+Tab back to the row.
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: /^Details of alpha/ })).toBeFocused();
    await page.keyboard.press('Shift+Tab');
    await expect(row(page, /^alpha …/)).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: /^alpha …/ })).toBeFocused();
    await page.getByRole('button', { name: 'Back to keys' }).press('Enter');
    await expect(page.getByRole('button', { name: /^Details of alpha/ })).toBeFocused();
  });

  test('Escape closes the create form and the edit form, keeping what was typed', async ({
    ext,
    simulator,
  }) => {
    const s = await setupAccount(ext, simulator);
    const key = simulator.control.addKey({ accountId: s.accountId, description: 'to edit' });
    const page = await openPopup(ext);
    await page.getByRole('button', { name: 'New key' }).click();
    await page.getByRole('textbox', { name: 'Description' }).fill('half typed');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('textbox', { name: 'Description' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'New key' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('textbox', { name: 'Description' })).toHaveValue('half typed');
    await page.getByRole('button', { name: 'Back to keys' }).click();

    await page.getByRole('button', { name: `Details of to edit …${key.last6Chars}` }).click();
    await page.getByRole('button', { name: `Edit to edit …${key.last6Chars}` }).click();
    await page.getByRole('textbox', { name: 'Description' }).fill('edited, not saved');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('heading', { name: `to edit …${key.last6Chars}` })).toBeVisible();
    await page.getByRole('button', { name: `Edit to edit …${key.last6Chars}` }).click();
    await expect(page.getByRole('textbox', { name: 'Description' })).toHaveValue('edited, not saved');
    expect(simulator.control.key(key.id).description).toBe('to edit');
  });

  test('revoking the key the extension itself uses asks again, saying what stops working', async ({
    ext,
    simulator,
  }) => {
    const s = await setupAccount(ext, simulator, { badge: true });
    const page = await openPopup(ext);
    const adminRow = row(page, /^Admin key …/);
    await adminRow.getByRole('button', { name: /^Revoke Admin key/ }).click();
    await page.getByRole('button', { name: /^Revoke Admin key .* now$/ }).click();

    const second = page.getByRole('alertdialog', { name: 'Revoke the extension’s own key?' });
    await expect(second).toContainText('the key this extension manages your keys with');
    await expect(second).toContainText('can no longer list, create, edit or revoke keys');
    await expect(second).toContainText('the toolbar badge stops showing a balance');
    // The safe choice has focus: Enter keeps the key.
    await expect(second.getByRole('button', { name: 'Keep the key' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(second).toHaveCount(0);
    await expect(adminRow).toBeVisible();
    expect(simulator.control.key(s.adminKeyId).revoked).toBe(false);

    await adminRow.getByRole('button', { name: /^Revoke Admin key/ }).click();
    await page.getByRole('button', { name: /^Revoke Admin key .* now$/ }).click();
    await second.getByRole('button', { name: /^Yes, revoke Admin key .* and lose that access$/ }).click();
    await expect.poll(() => simulator.control.key(s.adminKeyId).revoked).toBe(true);
  });

  test('an ordinary key is revoked after one confirmation', async ({ ext, simulator }) => {
    const s = await setupAccount(ext, simulator, { badge: true });
    const other = simulator.control.addKey({ accountId: s.accountId, description: 'other' });
    const page = await openPopup(ext);
    await row(page, /^other …/)
      .getByRole('button', { name: /^Revoke other/ })
      .click();
    await page.getByRole('button', { name: `Revoke other …${other.last6Chars} now` }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Revoked other' })).toBeVisible();
    expect(simulator.control.key(other.id).revoked).toBe(true);
    await expect(page.getByRole('alertdialog')).toHaveCount(0);
  });
});
