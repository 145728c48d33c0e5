import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import type { Simulator } from '../simulator';
import { installPageWallet } from '../wallets';
import { type ExtensionHarness, expect, test } from './fixtures';
import { OPTIONS_SECTIONS, type OptionsPage, type OptionsSection, openOptions } from './options-page';
import { openPopup } from './popup-page';
import { setupAdminAccount, testPassphrase } from './setup';
import { openWalletWindow } from './wallet-window';

/**
 * Every view, light and dark, has no serious or critical axe-core violation. Each state is
 * reached the way a user reaches it, then checked in both colour schemes.
 */

/** A synthetic passphrase; strong enough for the vault's strength check. */
const PASSPHRASE = testPassphrase('a11y');

async function expectAccessible(page: Page, view: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page }).analyze();
    const serious = violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id} (${v.impact}), ${v.nodes.length} nodes: ${v.nodes
            .slice(0, 3)
            .map((n) => `${n.target.join(' ')} ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`)
            .join(' | ')}`,
      );
    expect(serious, `${view}, ${colorScheme}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: null });
}

/** An account whose ADMIN key manages keys and feeds the badge, a capped key, a plain one, a breach. */
async function popupAccount(ext: ExtensionHarness, simulator: Simulator) {
  const account = await setupAdminAccount(ext, simulator, {
    passphrase: PASSPHRASE,
    balances: { USD: 50, DIEM: 2, diemEpochAllocation: 5 },
    badge: true,
  });
  const now = simulator.control.now();
  const capped = simulator.control.addKey({
    accountId: account.accountId,
    description: 'capped',
    consumptionLimit: { usd: 10 },
    limitPeriod: 'MONTH',
    expiresAt: new Date(now + 2 * 24 * 3_600_000).toISOString(),
  });
  simulator.control.addKey({ accountId: account.accountId, description: 'plain' });
  simulator.control.addBreach({
    accountId: account.accountId,
    apiKeyId: capped.id,
    modelId: 'zai-org-glm-5-1',
    rateLimitType: 'RPM',
  });

  return { capped, now };
}

test('the popup: the list, a key, the edit and create forms, light and dark', async ({ ext, simulator }) => {
  const { capped } = await popupAccount(ext, simulator);
  const popup = await openPopup(ext);
  const { page } = popup;
  const cappedRow = popup.row(`capped …${capped.last6Chars}`);
  await expect(cappedRow).toBeVisible();
  // The amber expiry is on screen for the contrast check, in words as well as colour.
  await expect(cappedRow).toContainText('Expires soon: in 2 d');
  await expectAccessible(page, 'key list');

  await popup.openDetail(`capped …${capped.last6Chars}`);
  await expect(page.getByText('Loading the latest from Venice…')).toHaveCount(0);
  await expectAccessible(page, 'key detail');

  await popup.edit(`capped …${capped.last6Chars}`);
  await expect(page.getByRole('textbox', { name: 'Description' })).toHaveValue('capped');
  await expectAccessible(page, 'edit form');
  await page.keyboard.press('Escape');
  await popup.backToKeys();

  await popup.create('x'.repeat(80));
  await expect(popup.alert).toBeVisible();
  await expectAccessible(page, 'create form with an error');
  await page.getByRole('textbox', { name: 'Description' }).fill('made here');
  await page.getByRole('button', { name: 'Create key' }).click();
  await expect(page.getByRole('heading', { name: 'Key created' })).toBeVisible();
  await expectAccessible(page, 'key created, secret shown once');
});

test('the popup and options: a rotation, its secret, a pending revocation, light and dark', async ({
  ext,
  simulator,
}) => {
  const { capped } = await popupAccount(ext, simulator);
  const name = `capped …${capped.last6Chars}`;
  const popup = await openPopup(ext);
  const { page } = popup;
  await popup.openRotation(name);
  await expect(page.getByRole('button', { name: 'Create the new key' })).toBeVisible();
  await expectAccessible(page, 'rotate, before the create');
  await page.getByRole('button', { name: 'Create the new key' }).click();
  await expect(popup.newSecret).toBeVisible();
  await expectAccessible(page, 'rotate, new key shown once');
  await page.getByRole('button', { name: 'Revoke it in 7 days' }).click();
  await popup.backToKeys();
  await expect(popup.row(`Pending revocation of ${name}`)).toBeVisible();
  await expectAccessible(page, 'key list with a pending revocation');
  const options = await ext.open('options.html#keys');
  await expect(options.getByRole('listitem', { name: `Pending revocation of ${name}` })).toBeVisible();
  await expectAccessible(options, 'options: rotation and expiry');
});

test('the popup: usage, breach log, revoke confirms, a stale list, locked, light and dark', async ({
  ext,
  simulator,
}) => {
  const { capped, now } = await popupAccount(ext, simulator);
  const popup = await openPopup(ext);
  const { page } = popup;
  const cappedRow = popup.row(`capped …${capped.last6Chars}`);
  await expect(cappedRow).toBeVisible();

  await page.getByRole('button', { name: 'Breach log' }).click();
  await expect(page.getByRole('list', { name: 'Breaches' }).getByRole('listitem')).toHaveCount(1);
  await expectAccessible(page, 'breach log');
  await popup.backToKeys();

  simulator.control.recordUsage({ keyId: capped.id, amount: 2, currency: 'USD', at: now - 24 * 3_600_000 });
  await page.getByRole('button', { name: 'Usage', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Spend by key' })).toBeVisible();
  await expectAccessible(page, 'account usage');
  await popup.backToKeys();

  await popup.askRevoke(`capped …${capped.last6Chars}`);
  await expect(popup.revokeDialog).toBeVisible();
  await expectAccessible(page, 'revoke confirm');
  await page.keyboard.press('Escape');
  await page
    .getByRole('listitem', { name: /^Admin key …/ })
    .getByRole('button', { name: /^Revoke Admin key/ })
    .click();
  await page.getByRole('button', { name: /^Revoke Admin key .* now$/ }).click();
  await expect(page.getByRole('alertdialog', { name: 'Revoke the extension’s own key?' })).toBeVisible();
  await expectAccessible(page, 'second confirm for the extension’s own key');
  await page.keyboard.press('Escape');

  // A refresh that fails: the cached list stays, marked as not current.
  simulator.control.addFault({ method: 'GET', path: '/api/v1/api_keys', kind: 'status', status: 503 });
  await popup.refresh();
  await expect(popup.alert).toContainText('Could not refresh');
  await expectAccessible(page, 'stale list');
  simulator.control.clearFaults();

  // Locked: the unlock form over the last known list, read-only.
  await popup.lock();
  await expect(cappedRow).toBeVisible();
  await expect(cappedRow.getByRole('button')).toHaveCount(0);
  await expectAccessible(page, 'locked, with the last known list');
});

test('the popup without a vault, without a management key, with only an INFERENCE key', async ({
  ext,
  simulator,
}) => {
  let { page } = await openPopup(ext);
  await expect(page.getByRole('heading', { name: 'Set up your vault' })).toBeVisible();
  await expectAccessible(page, 'no vault');
  await page.close();

  const account = simulator.control.createAccount({ balances: { USD: 9 } });
  const inference = simulator.control.addKey({
    accountId: account.accountId,
    description: 'app key',
    consumptionLimit: { usd: 5 },
  });
  await ext.call('vault.create', { passphrase: PASSPHRASE });
  await ext.call('vault.addKey', { label: 'app key', secret: inference.secret, allowUnverified: false });
  ({ page } = await openPopup(ext));
  await expect(page.getByRole('region', { name: 'Limits of “app key”' })).toContainText('$5.00');
  await expectAccessible(page, 'only an INFERENCE key');
  await page.close();

  await ext.call('vault.addKey', { label: 'admin', secret: account.adminKey, allowUnverified: false });
  ({ page } = await openPopup(ext));
  await expect(page.getByRole('heading', { name: 'Choose a key for managing keys' })).toBeVisible();
  await expectAccessible(page, 'no management key');
});

test('the options page: the guided first run; the wallet window before it, light and dark', async ({
  ext,
  simulator,
}) => {
  const wallet = await ext.open('wallet.html');
  await expect(wallet.getByRole('heading', { name: 'Mint a key with your wallet' })).toBeVisible();
  await expectAccessible(wallet, 'wallet window, no vault yet');
  await wallet.close();

  const account = simulator.control.createAccount({ balances: { USD: 20 } });
  const page = await ext.open('options.html');
  await expect(page.getByRole('heading', { name: 'Create your vault' })).toBeVisible();
  await page.getByLabel('Passphrase', { exact: true }).fill('password1234');
  await page.getByLabel('Repeat the passphrase').fill('password1234');
  await page.getByRole('button', { name: 'Create vault' }).click();
  await expect(page.getByRole('alert')).toContainText('well-known password');
  await expectAccessible(page, 'first run: create the vault, with an error');

  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Repeat the passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Create vault' }).click();
  await expect(page.getByRole('region', { name: 'Add your first key' })).toBeVisible({ timeout: 20_000 });
  await expectAccessible(page, 'first run: add a key');
  await page.getByLabel('API key', { exact: true }).fill(account.adminKey);
  await page.getByRole('button', { name: 'Add key' }).click();
  await expect(page.getByRole('region', { name: 'You’re set' })).toBeVisible();
  await expectAccessible(page, 'first run: done');
});

/** A vault holding the account's ADMIN key (management and badge), and the options page open. */
async function optionsWithKey(ext: ExtensionHarness, simulator: Simulator): Promise<OptionsPage> {
  await setupAdminAccount(ext, simulator, { passphrase: PASSPHRASE, balances: { USD: 20 }, badge: true });
  return openOptions(ext);
}

const SECTIONS = Object.keys(OPTIONS_SECTIONS) as OptionsSection[];

// Two halves, so each test stays well inside the timeout on a loaded machine.
for (const half of [SECTIONS.slice(0, 3), SECTIONS.slice(3)]) {
  test(`the options page: sections ${half.join(', ')}, light and dark`, async ({ ext, simulator }) => {
    const options = await optionsWithKey(ext, simulator);
    for (const link of half) {
      await options.openSection(link);
      await expectAccessible(options.page, `section ${link}`);
    }
  });
}

test('the options page: a remove confirm and the unlock form, light and dark', async ({ ext, simulator }) => {
  const { page } = await optionsWithKey(ext, simulator);
  await page.getByRole('button', { name: /^Remove / }).click();
  await expect(page.getByRole('group', { name: /from the vault\?$/ })).toBeVisible();
  await expectAccessible(page, 'remove confirm');

  await ext.call('vault.lock');
  await expect(page.getByRole('heading', { name: 'Unlock the vault' })).toBeVisible();
  await expectAccessible(page, 'options, locked');
});

test('the wallet window through a mint: the transport choice, the wallets found, the key form, the minted key, light and dark', async ({
  ext,
  context,
  simulator,
}) => {
  const privateKey = generatePrivateKey();
  simulator.control.setStake(privateKeyToAccount(privateKey).address, '1250.5');
  await ext.call('vault.create', { passphrase: PASSPHRASE });
  await installPageWallet(context, { privateKey, origin: simulator.origin });
  const wallet = await openWalletWindow(ext, context);
  const win = wallet.page;
  await expectAccessible(win, 'wallet window, transport choice');

  await win.getByRole('button', { name: 'A wallet on the Venice site' }).click();
  await expect(win.getByRole('button', { name: 'Connect Test Wallet' })).toBeVisible();
  await expectAccessible(win, 'wallet window, wallets found on the site');

  await win.getByRole('button', { name: 'Connect Test Wallet' }).click();
  await expect(wallet.staked('1,250.5')).toBeVisible();
  await expectAccessible(win, 'wallet window, the key form');

  await wallet.sign('a11y mint');
  await expect(win.getByRole('heading', { name: 'Key minted' })).toBeVisible();
  await expectAccessible(win, 'wallet window, the minted key shown once');
});
