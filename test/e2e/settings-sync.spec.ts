/**
 * One source of truth per setting: every control on the options page shows the stored value and
 * follows it when it changes anywhere; saving one group never writes back stale values.
 */
import { expect, test } from './fixtures';
import { openOptions } from './options-page';
import { testPassphrase } from './setup';

const PASSPHRASE = testPassphrase('settings');

test.describe('settings on the options page', () => {
  test('Show on badge in another tab is reflected in the Badge key select at once, and saving the levels keeps it', async ({
    ext,
    simulator,
  }) => {
    const { accountId } = simulator.control.createAccount({ balances: { USD: 50 } });
    const key = simulator.control.addKey({ accountId, apiKeyType: 'INFERENCE', description: 'UI key' });
    await ext.call('vault.create', { passphrase: PASSPHRASE });
    const added = await ext.call('vault.addKey', {
      label: 'UI key',
      secret: key.secret,
    });

    const options = await openOptions(ext, 'badge');
    const { badge } = options;
    const select = badge.getByLabel('Badge key');
    await expect(select).toHaveValue('');

    const other = await openOptions(ext, 'keys');
    await other.page.getByRole('button', { name: 'Show UI key on the badge' }).click();
    await expect(select).toHaveValue(added.key.entryId);

    await badge.getByLabel('Warning level (amber below)').fill('100');
    await options.saveBadgeSettings();
    await expect(options.badgeSaved).toBeVisible();
    const saved = await ext.call('settings.get');
    expect(saved.badgeKeyId).toBe(added.key.entryId);
    expect(saved.badge.warnAt).toBe(100);
    await expect(select).toHaveValue(added.key.entryId);
  });

  test('badge fields follow changes made elsewhere, keep what is being typed, and save only that', async ({
    ext,
  }) => {
    await ext.call('vault.create', { passphrase: PASSPHRASE });
    const options = await openOptions(ext, 'badge');
    const { badge } = options;
    const period = badge.getByLabel('Refresh every (minutes)');
    const critical = badge.getByLabel('Critical level (red below)');
    await expect(period).toHaveValue('5');

    await critical.fill('2');
    // Another page changes two badge settings, one of them the field being typed into.
    await ext.configure({ badge: { periodMinutes: 30, criticalAt: 3 } });
    await expect(period).toHaveValue('30');
    await expect(critical).toHaveValue('2');

    await options.saveBadgeSettings();
    await expect(options.badgeSaved).toBeVisible();
    const saved = await ext.call('settings.get');
    expect(saved.badge.criticalAt).toBe(2);
    expect(saved.badge.periodMinutes).toBe(30);
  });

  test('wallet fields follow changes made elsewhere, and saving one field leaves the others as stored', async ({
    ext,
    simulator,
  }) => {
    await ext.call('vault.create', { passphrase: PASSPHRASE });
    const options = await openOptions(ext, 'wallet');
    const { wallet } = options;
    const rpc = wallet.getByRole('textbox', { name: 'Base RPC URL' });
    const site = wallet.getByRole('textbox', { name: 'Venice site URL' });
    await expect(rpc).toHaveValue(simulator.rpcUrl);

    const elsewhere = `${simulator.rpcUrl}/elsewhere`;
    await ext.configure({ baseRpcUrl: elsewhere });
    await expect(rpc).toHaveValue(elsewhere);

    const newSite = `${simulator.siteUrl.replace(/\/$/, '')}/other`;
    await site.fill(newSite);
    await options.saveWalletSettings();
    await expect(wallet.getByRole('status')).toHaveText('Saved.');
    const saved = await ext.call('settings.get');
    expect(saved.veniceSiteUrl).toBe(newSite);
    expect(saved.baseRpcUrl).toBe(elsewhere);
  });
});
