/**
 * The vault copy of a key is named after the key: when the key is renamed at Venice (through the
 * extension's edit, or anywhere else and then seen in a refreshed list), a label that was the old
 * name follows; a label the user chose stays.
 */
import type { Simulator } from '../simulator';
import { type ExtensionHarness, expect, test } from './fixtures';
import { openPopup } from './popup-page';
import { setupAdminAccount, testPassphrase } from './setup';

const PASSPHRASE = testPassphrase('labels');

const setupAccount = (ext: ExtensionHarness, simulator: Simulator) =>
  setupAdminAccount(ext, simulator, { passphrase: PASSPHRASE, balances: { USD: 50 } });

async function labelOf(ext: ExtensionHarness, entryId: string): Promise<string | undefined> {
  const keys = await ext.call('vault.listKeys');
  return keys.find((k) => k.entryId === entryId)?.label;
}

test('the vault label follows a rename at Venice, made in the popup or elsewhere; a chosen label stays', async ({
  ext,
  simulator,
}) => {
  const account = await setupAccount(ext, simulator);
  const named = simulator.control.addKey({ accountId: account.accountId, description: 'first name' });
  const chosen = simulator.control.addKey({ accountId: account.accountId, description: 'at venice' });
  const copied = await ext.call('vault.addKey', {
    label: 'first name',
    secret: named.secret,
    allowUnverified: false,
  });
  const own = await ext.call('vault.addKey', {
    label: 'my label',
    secret: chosen.secret,
    allowUnverified: false,
  });

  // Renamed in the popup.
  const popup = await openPopup(ext);
  const { page } = popup;
  await popup.openDetail(`first name …${named.last6Chars}`);
  await popup.edit(`first name …${named.last6Chars}`);
  await page.getByRole('textbox', { name: 'Description' }).fill('second name');
  await popup.saveChanges();
  await expect(page.getByRole('heading', { name: `second name …${named.last6Chars}` })).toBeVisible();
  expect(await labelOf(ext, copied.key.entryId)).toBe('second name');

  // Renamed at Venice by something else; the popup's refresh sees it.
  for (const [id, description] of [
    [named.id, 'third name'],
    [chosen.id, 'renamed too'],
  ] as const) {
    const res = await fetch(`${simulator.apiBase}/api_keys`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${account.adminKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ id, description }),
    });
    expect(res.status).toBe(200);
  }
  await popup.backToKeys();
  await popup.refresh();
  await expect(popup.row(`third name …${named.last6Chars}`)).toBeVisible();
  await expect.poll(() => labelOf(ext, copied.key.entryId)).toBe('third name');
  expect(await labelOf(ext, own.key.entryId)).toBe('my label');
});
