import type { Page } from '@playwright/test';
import type { Simulator } from '../simulator';
import { type ExtensionHarness, expect, test } from './fixtures';

/** A synthetic passphrase; strong enough for the vault's strength check. */
const PASSPHRASE = `usage-e2e ${Math.random().toString(36).slice(2)} correct horse battery`;
const DAY = 24 * 60 * 60 * 1000;

async function setupAccount(ext: ExtensionHarness, simulator: Simulator, balances = { USD: 40 }) {
  const account = simulator.control.createAccount({ balances });
  await ext.call('vault.create', { passphrase: PASSPHRASE });
  const added = await ext.call<{ key: { entryId: string } }>('vault.addKey', {
    label: 'Admin',
    secret: account.adminKey,
    allowUnverified: false,
  });
  await ext.configure({ managementKeyId: added.key.entryId });
  return account;
}

async function openUsage(ext: ExtensionHarness): Promise<Page> {
  const page = await ext.open('popup.html');
  await page.getByRole('button', { name: 'Usage', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Account usage' })).toBeVisible();
  return page;
}

test.describe('account usage in the popup', () => {
  test('shows spend by day, key and model, the web-app row, a forecast, and opens a key from its slice', async ({
    ext,
    simulator,
  }) => {
    const { accountId } = await setupAccount(ext, simulator);
    const now = simulator.control.now();
    const prod = simulator.control.addKey({ accountId, description: 'Production backend' });
    const ci = simulator.control.addKey({ accountId, description: 'CI smoke tests' });
    for (let d = 1; d <= 10; d += 1) {
      simulator.control.recordUsage({ keyId: prod.id, amount: 2, currency: 'USD', at: now - d * DAY });
    }
    simulator.control.recordUsage({
      keyId: ci.id,
      amount: 0.5,
      currency: 'USD',
      model: 'qwen3-235b',
      at: now - 2 * DAY,
    });
    simulator.control.recordUsage({ keyId: null, accountId, amount: 1.25, currency: 'USD', at: now - DAY });

    const page = await openUsage(ext);
    const byKey = page.getByRole('region', { name: 'Spend by key' });
    await expect(byKey.getByRole('button', { name: /^Open Production backend: \$20\.00/ })).toBeVisible();
    await expect(byKey.getByText('Venice web app')).toBeVisible();
    await expect(byKey.getByText('(not an API key)')).toBeVisible();
    // The web app's row is not a key: nothing to open.
    await expect(byKey.getByRole('button', { name: /Venice web app/ })).toHaveCount(0);
    const byModel = page.getByRole('region', { name: 'Spend by model' });
    await expect(byModel.getByText('qwen3-235b')).toBeVisible();

    const chart = page.getByRole('img', { name: /^Spend by day: \$21\.75 and 0\.00 DIEM over 30 days/ });
    await expect(chart).toBeVisible();
    await page.getByText('Table of spend by day').click();
    const yesterday = new Date(now - DAY).toISOString().slice(0, 10);
    await expect(page.getByRole('row', { name: `${yesterday} $3.25 0.00 DIEM` })).toBeVisible();

    // $40 left, $2/day over the last 7 days (plus the web app and CI): a date, in words.
    await expect(page.getByRole('region', { name: 'Balance forecast' })).toContainText(
      /At the last 7 days' pace the USD balance runs out on [A-Z][a-z]{2} \d{1,2}\./,
    );

    await byKey.getByRole('button', { name: /^Open Production backend/ }).click();
    await expect(page.getByRole('heading', { name: 'Production backend' })).toBeVisible();
  });

  test('a window Venice cannot compute in time (504) says so and offers a shorter one', async ({
    ext,
    simulator,
  }) => {
    const { accountId } = await setupAccount(ext, simulator);
    const key = simulator.control.addKey({ accountId, description: 'app' });
    simulator.control.recordUsage({ keyId: key.id, amount: 1.5, currency: 'USD' });
    simulator.control.configure({ analyticsTimeoutAboveDays: 7 });

    const page = await openUsage(ext);
    await expect(page.getByRole('alert')).toContainText(
      'Venice took too long to compute these analytics. Choose a shorter period.',
    );
    await page.getByRole('button', { name: 'Show the last 7 days instead' }).click();
    await expect(page.getByRole('radio', { name: '7 days' })).toBeChecked();
    await expect(
      page.getByRole('img', { name: /^Spend by day: \$1\.50 and 0\.00 DIEM over 7 days/ }),
    ).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
  });

  test('an account without usage says so, and the figures come from the cache within 10 minutes', async ({
    ext,
    simulator,
  }) => {
    await setupAccount(ext, simulator);
    const page = await openUsage(ext);
    await expect(page.getByText('No usage in the last 30 days.')).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Updated' })).toBeVisible();
    simulator.control.clearRequestLog();
    await page.getByRole('radio', { name: '90 days' }).check();
    await expect(page.getByText('No usage in the last 90 days.')).toBeVisible();
    await page.getByRole('radio', { name: '30 days' }).check();
    await expect(page.getByText('No usage in the last 30 days.')).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Updated' })).toBeVisible();
    const analyticsCalls = simulator.control
      .requestLog()
      .filter((entry) => entry.path.includes('usage-analytics'))
      .map((entry) => entry.query.lookback);
    // 90 days was new; 30 days was cached 10 minutes ago at most: no second request.
    expect(analyticsCalls).toHaveLength(1);
    expect(analyticsCalls[0]).toBe('90d');
  });
});
