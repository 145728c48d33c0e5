import type { Locator, Page } from '@playwright/test';
import type { Simulator } from '../simulator';
import { type ExtensionHarness, expect, test } from './fixtures';
import { openPopup } from './popup-page';
import { setupAdminAccount, testPassphrase } from './setup';

/** A synthetic passphrase; strong enough for the vault's strength check. */
const PASSPHRASE = testPassphrase('keyboard');

/** An account, a vault holding its ADMIN key, chosen for management (and the badge when asked). */
const setupAccount = (ext: ExtensionHarness, simulator: Simulator, { badge = false } = {}) =>
  setupAdminAccount(ext, simulator, { passphrase: PASSPHRASE, badge });

/** Presses Tab (at most `max` times) until `target` has focus: the keyboard's way there, whatever lies between. */
async function tabTo(page: Page, target: Locator, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

const DAY = 86_400_000;

test.describe('the popup from the keyboard', () => {
  test('arrow keys move between rows; Enter opens a key and Back returns to it', async ({
    ext,
    simulator,
  }) => {
    const s = await setupAccount(ext, simulator);
    const now = simulator.control.now();
    for (const [i, description] of ['alpha', 'bravo', 'charlie'].entries())
      simulator.control.addKey({ accountId: s.accountId, description, createdAt: now - (i + 1) * 60_000 });
    const popup = await openPopup(ext);
    const { page, row } = popup;
    await expect(popup.rows).toHaveCount(4);
    // Newest first: the account's ADMIN key (made with the account), then alpha, bravo, charlie.
    await page.getByRole('combobox', { name: 'Sort keys' }).focus();
    await page.keyboard.press('Tab');
    await expect(row(/^Admin key …/)).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(row(/^alpha …/)).toBeFocused();
    await page.keyboard.press('End');
    await expect(row(/^charlie …/)).toBeFocused();
    await page.keyboard.press('ArrowUp');
    await expect(row(/^bravo …/)).toBeFocused();
    await page.keyboard.press('Home');
    await expect(row(/^Admin key …/)).toBeFocused();
    await page.keyboard.press('ArrowDown');
    // The list is one tab stop: Tab from a row goes into that row's buttons, Shift+Tab back to the row.
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: /^Details of alpha/ })).toBeFocused();
    await page.keyboard.press('Shift+Tab');
    await expect(row(/^alpha …/)).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: /^alpha …/ })).toBeFocused();
    await page.getByRole('button', { name: 'Back to keys' }).press('Enter');
    await expect(page.getByRole('button', { name: /^Details of alpha/ })).toBeFocused();
  });

  test('the usage view: reached, its period changed, a key opened from its slice and back, all from the keyboard', async ({
    ext,
    simulator,
  }) => {
    const s = await setupAccount(ext, simulator);
    const now = simulator.control.now();
    const prod = simulator.control.addKey({ accountId: s.accountId, description: 'Production backend' });
    for (let d = 1; d <= 40; d += 1)
      simulator.control.recordUsage({ keyId: prod.id, amount: 1, currency: 'USD', at: now - d * DAY });
    const popup = await openPopup(ext);
    const { page } = popup;
    await expect(popup.rows).toHaveCount(2);

    await tabTo(page, page.getByRole('button', { name: 'Usage', exact: true }));
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Account usage' })).toBeFocused();
    await expect(page.getByRole('img', { name: /^Spend by day: \$29\.00 .* over 30 days/ })).toBeVisible();

    // A radio group is one tab stop (the chosen period); the arrow keys choose another.
    await tabTo(page, page.getByRole('radio', { name: '30 days' }));
    await page.keyboard.press('ArrowDown');
    await expect(page.getByRole('radio', { name: '90 days' })).toBeChecked();
    await expect(page.getByRole('radio', { name: '90 days' })).toBeFocused();
    await expect(page.getByRole('img', { name: /^Spend by day: \$40\.00 .* over 90 days/ })).toBeVisible();

    const slice = page
      .getByRole('region', { name: 'Spend by key' })
      .getByRole('button', { name: /^Open Production backend: \$40\.00/ });
    await tabTo(page, slice);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: /^Production backend …/ })).toBeFocused();

    await page.keyboard.press('Shift+Tab');
    await expect(page.getByRole('button', { name: 'Back to keys' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('button', { name: /^Details of Production backend/ })).toBeFocused();
  });

  test('Escape closes the create form and the edit form, keeping what was typed', async ({
    ext,
    simulator,
  }) => {
    const s = await setupAccount(ext, simulator);
    const key = simulator.control.addKey({ accountId: s.accountId, description: 'to edit' });
    const popup = await openPopup(ext);
    const { page } = popup;
    await popup.newKey();
    await page.getByRole('textbox', { name: 'Description' }).fill('half typed');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('textbox', { name: 'Description' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'New key' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('textbox', { name: 'Description' })).toHaveValue('half typed');
    await popup.backToKeys();

    await popup.openDetail(`to edit …${key.last6Chars}`);
    await popup.edit(`to edit …${key.last6Chars}`);
    await page.getByRole('textbox', { name: 'Description' }).fill('edited, not saved');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('heading', { name: `to edit …${key.last6Chars}` })).toBeVisible();
    await popup.edit(`to edit …${key.last6Chars}`);
    await expect(page.getByRole('textbox', { name: 'Description' })).toHaveValue('edited, not saved');
    expect(simulator.control.key(key.id).description).toBe('to edit');
  });

  test('revoking the key the extension itself uses asks again, saying what stops working', async ({
    ext,
    simulator,
  }) => {
    const s = await setupAccount(ext, simulator, { badge: true });
    const { page, row } = await openPopup(ext);
    const adminRow = row(/^Admin key …/);
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
    const popup = await openPopup(ext);
    await popup.revoke(`other …${other.last6Chars}`);
    await expect(popup.page.getByRole('status').filter({ hasText: 'Revoked other' })).toBeVisible();
    expect(simulator.control.key(other.id).revoked).toBe(true);
    await expect(popup.page.getByRole('alertdialog')).toHaveCount(0);
  });
});
