import { expect, test } from './fixtures';
import { openOptions } from './options-page';
import { setupAdminAccount, testPassphrase } from './setup';

/** A synthetic passphrase; strong enough for the vault's strength check. */
const PASSPHRASE = testPassphrase('options');

test('the options page is in sections: a keyboard-operable nav, the section kept in the URL across a reload', async ({
  ext,
}) => {
  await ext.call('vault.create', { passphrase: PASSPHRASE });
  const page = await ext.open('options.html');
  const nav = page.getByRole('navigation', { name: 'Settings sections' });
  await expect(nav.getByRole('link')).toHaveText([
    'Keys',
    'Badge',
    'Wallet',
    'Usage',
    'Vault & security',
    'Advanced',
  ]);
  await expect(nav.getByRole('link', { name: 'Keys' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('region', { name: 'Stored keys' })).toBeVisible();
  // One section at a time, not one long scroll.
  await expect(page.getByRole('region', { name: 'Balance badge' })).toHaveCount(0);

  await nav.getByRole('link', { name: 'Keys' }).focus();
  await page.keyboard.press('Tab');
  await expect(nav.getByRole('link', { name: 'Badge' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#badge$/);
  await expect(page.getByRole('region', { name: 'Balance badge' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Stored keys' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Badge' })).toHaveAttribute('aria-current', 'page');
  // Focus follows to the section, so the next Tab is in its content.
  await expect(page.getByRole('region', { name: 'Badge', exact: true })).toBeFocused();

  await page.reload();
  await expect(page.getByRole('region', { name: 'Balance badge' })).toBeVisible();
  await page.goBack();
  await expect(page.getByRole('region', { name: 'Stored keys' })).toBeVisible();
  await nav.getByRole('link', { name: 'Vault & security' }).click();
  await expect(page.getByRole('button', { name: 'Lock now' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Auto-lock' })).toBeVisible();
});

test('removing the key the extension itself uses from the vault asks a second time, saying what stops working', async ({
  ext,
  simulator,
}) => {
  await setupAdminAccount(ext, simulator, { passphrase: PASSPHRASE, balances: { USD: 5 }, badge: true });
  const { page } = await openOptions(ext);
  const item = page.getByRole('listitem', { name: 'Admin' });
  await item.getByRole('button', { name: 'Remove Admin' }).click();
  const first = item.getByRole('group', { name: 'Remove “Admin” from the vault?' });
  await expect(first.getByRole('button', { name: 'Keep it' })).toBeFocused();
  await first.getByRole('button', { name: 'Remove from vault' }).click();

  const second = item.getByRole('group', { name: '“Admin” is the extension’s own key. Remove it anyway?' });
  await expect(second).toContainText('can no longer list, create, edit or revoke keys');
  await expect(second).toContainText('the toolbar badge stops showing a balance');
  await expect(second.getByRole('button', { name: 'Keep it' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(second).toHaveCount(0);
  expect(await ext.call('vault.listKeys')).toHaveLength(1);

  await item.getByRole('button', { name: 'Remove Admin' }).click();
  await item.getByRole('button', { name: 'Remove from vault' }).click();
  await item.getByRole('button', { name: 'Yes, remove Admin and lose that access' }).click();
  await expect(page.getByRole('status')).toContainText('Removed “Admin” from the vault');
  expect(await ext.call('vault.listKeys')).toHaveLength(0);
});

test('a pasted key Venice refuses (revoked or invalid) is not saved, says so, and keeps what was typed', async ({
  ext,
  simulator,
}) => {
  await setupAdminAccount(ext, simulator, { passphrase: PASSPHRASE });
  const options = await openOptions(ext, 'keys');
  // Well formed, but no key of any account: Venice answers 401.
  const unknown = `VENICE_INFERENCE_KEY_${'u'.repeat(30)}Gone01`;
  await options.addKey(unknown, 'old laptop key');
  await expect(options.page.getByRole('alert')).toHaveText(
    'Venice does not accept this key: it is invalid, expired or revoked. It was not saved.',
  );
  expect((await ext.call('vault.listKeys')).map((k) => k.label)).toEqual(['Admin']);
  await expect(options.page.getByLabel('Label (optional)')).toHaveValue('old laptop key');
  await expect(options.page.getByLabel('API key', { exact: true })).toHaveValue(unknown);
});
