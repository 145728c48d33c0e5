import type { Page } from '@playwright/test';
import type { Simulator } from '../simulator';
import type { BalancesInput } from '../simulator/types';
import { type ExtensionHarness, expect, test } from './fixtures';
import { openOptions } from './options-page';
import { setupAdminAccount, testPassphrase } from './setup';

const PASSPHRASE = testPassphrase('usage');
const DAY = 24 * 60 * 60 * 1000;

const setupAccount = (ext: ExtensionHarness, simulator: Simulator, balances: BalancesInput = { USD: 40 }) =>
  setupAdminAccount(ext, simulator, { passphrase: PASSPHRASE, balances });

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

    // Every list row carries its key's 7-day sparkline, from the analytics cache.
    const list = await ext.open('popup.html');
    await expect(
      list.getByRole('img', {
        name: /^Spend of Production backend …\S+ per day over the last 7 days \(USD and DIEM together\): 2\.00, 2\.00, 2\.00, 2\.00, 2\.00, 2\.00, 0\.00$/,
      }),
    ).toBeVisible();
    await list.close();

    const page = await openUsage(ext);
    const byKey = page.getByRole('region', { name: 'Spend by key' });
    await expect(byKey.getByRole('button', { name: /^Open Production backend: \$20\.00/ })).toBeVisible();
    await expect(byKey.getByText('Venice web app')).toBeVisible();
    await expect(byKey.getByText('(not an API key, so there is no key to open)')).toBeVisible();
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

  test('a key’s detail draws its 30 days against its cap and says when the cap is reached', async ({
    ext,
    simulator,
  }) => {
    const { accountId } = await setupAccount(ext, simulator);
    const now = simulator.control.now();
    const key = simulator.control.addKey({
      accountId,
      description: 'Capped worker',
      consumptionLimit: { usd: 50 },
      limitPeriod: 'LIFETIME',
      createdAt: now - 20 * DAY,
    });
    for (let d = 1; d <= 6; d += 1) {
      simulator.control.recordUsage({ keyId: key.id, amount: 2, currency: 'USD', at: now - d * DAY });
    }
    const page = await ext.open('popup.html');
    await page.getByRole('button', { name: 'Details of Capped worker' }).click();
    await expect(page.getByRole('heading', { name: 'Capped worker' })).toBeVisible();
    const usage = page.getByRole('region', { name: 'Usage of this key' });
    await expect(
      usage.getByRole('img', {
        name: /^Spend in the period, last 30 days: \$12\.00 spent in the period by [A-Z][a-z]{2} \d{1,2}; USD cap: \$50\.00/,
      }),
    ).toBeVisible();
    // $12 in the last 7 days = $1.71/day; $38 left: about 22 days from now.
    await expect(usage).toContainText(
      /At the last 7 days' pace this key reaches its \$50 lifetime cap on [A-Z][a-z]{2} \d{1,2}\./,
    );
    await usage.getByText('Table of spend in the period, last 30 days').click();
    await expect(usage.getByRole('table')).toBeVisible();
  });

  test('the badge tooltip carries the badge key’s cap forecast', async ({ ext, simulator }) => {
    const { accountId } = await setupAccount(ext, simulator);
    const now = simulator.control.now();
    const key = simulator.control.addKey({
      accountId,
      description: 'Badge worker',
      consumptionLimit: { usd: 50 },
      limitPeriod: 'LIFETIME',
    });
    for (let d = 1; d <= 6; d += 1) {
      simulator.control.recordUsage({ keyId: key.id, amount: 2, currency: 'USD', at: now - d * DAY });
    }
    const added = await ext.call('vault.addKey', {
      label: 'Badge worker',
      secret: key.secret,
      allowUnverified: false,
    });
    await ext.configure({ badgeKeyId: added.key.entryId });
    await ext.call('keys.refresh');
    const worker = await ext.worker();
    await ext.call('badge.refresh');
    await expect
      .poll(() => worker.evaluate(() => chrome.action.getTitle({})))
      .toMatch(/At the last 7 days' pace this key reaches its \$50 lifetime cap on [A-Z][a-z]{2} \d{1,2}\./);
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

  test('Venice refusing the management key (401) is said as that key’s failure, with where to fix it', async ({
    ext,
    simulator,
  }) => {
    await setupAccount(ext, simulator);
    simulator.control.addFault({ path: '/api/v1/billing/usage-analytics', kind: 'status', status: 401 });
    const page = await openUsage(ext);
    await expect(page.getByRole('alert')).toContainText(
      'Venice did not accept the ADMIN key this extension manages keys with: it is invalid, expired or revoked. Choose or add a working ADMIN key on the options page.',
    );
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
      .map((entry) => entry.query.lookback)
      // The key list asks for its 7-day sparklines on its own.
      .filter((lookback) => lookback !== '7d');
    // 90 days was new; 30 days was cached 10 minutes ago at most: no second request.
    expect(analyticsCalls).toHaveLength(1);
    expect(analyticsCalls[0]).toBe('90d');
  });
});

/** 1,234 charges over the last three days, three to each minute (so a page can end inside an instant). */
function seedLedger(simulator: Simulator, accountId: string, count = 1234): void {
  const key = simulator.control.addKey({ accountId, description: 'Batch jobs' });
  const base = simulator.control.now() - 3 * DAY;
  for (let i = 0; i < count; i += 1) {
    simulator.control.recordUsage({
      keyId: key.id,
      amount: 0.001,
      currency: 'USD',
      at: base + Math.floor(i / 3) * 60_000,
      requestId: `req-${String(i).padStart(5, '0')}`,
      completionTokens: 100,
    });
  }
}

async function openUsageSection(ext: ExtensionHarness): Promise<Page> {
  const options = await openOptions(ext);
  await options.openSection('Usage');
  return options.page;
}

async function exportCsv(page: Page): Promise<string> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  const { readFile } = await import('node:fs/promises');
  return readFile(await file.path(), 'utf8');
}

function requestIdsOf(csv: string): string[] {
  const lines = csv.split('\r\n').filter(Boolean);
  expect(lines[0]).toBe(
    'timestamp,sku,pricePerUnitUsd,units,amount,currency,notes,inferenceDetails.requestId,' +
      'inferenceDetails.inferenceExecutionTime,inferenceDetails.promptTokens,inferenceDetails.completionTokens',
  );
  return lines.slice(1).map((line) => line.split(',')[7] ?? '');
}

test.describe('usage on the options page', () => {
  test('the fuller view names every key, and the ledger exports as CSV across pages with only the cursor on continuations', async ({
    ext,
    simulator,
  }) => {
    const { accountId } = await setupAccount(ext, simulator, { USD: 100 });
    seedLedger(simulator, accountId);
    simulator.control.recordUsage({ keyId: null, accountId, amount: 0.5, currency: 'USD' });
    const page = await openUsageSection(ext);
    const byKey = page.getByRole('region', { name: 'Spend by key' });
    await expect(byKey.getByText('Venice web app')).toBeVisible();
    await expect(byKey.getByText('Batch jobs', { exact: true })).toBeVisible();

    simulator.control.clearRequestLog();
    const csv = await exportCsv(page);
    await expect(page.getByRole('status').filter({ hasText: 'Exported 1,235 rows' })).toBeVisible();
    const ids = requestIdsOf(csv);
    expect(ids).toHaveLength(1235);
    expect(new Set(ids).size).toBe(1235);
    expect(ids.slice(0, 2)).toEqual(['req-00000', 'req-00001']);

    const pages = simulator.control
      .requestLog()
      .filter((entry) => entry.path.endsWith('/billing/usage-history'));
    expect(pages).toHaveLength(2);
    expect(Object.keys(pages[0]?.query ?? {}).sort()).toEqual(['endTimestamp', 'pageSize', 'startTimestamp']);
    expect(Object.keys(pages[1]?.query ?? {})).toEqual(['cursor']);
  });

  test('a key’s slice opens that key’s detail in a new tab, from the keyboard too; the web app’s row says why it opens nothing', async ({
    ext,
    simulator,
  }) => {
    const { accountId } = await setupAccount(ext, simulator, { USD: 100 });
    seedLedger(simulator, accountId, 3);
    simulator.control.recordUsage({ keyId: null, accountId, amount: 0.5, currency: 'USD' });
    const page = await openUsageSection(ext);
    const byKey = page.getByRole('region', { name: 'Spend by key' });
    await expect(byKey.getByText('(not an API key, so there is no key to open)')).toBeVisible();
    await expect(byKey.getByRole('link', { name: /Venice web app/ })).toHaveCount(0);
    await expect(byKey.getByRole('button', { name: /Venice web app/ })).toHaveCount(0);

    const open = byKey.getByRole('link', { name: /^Open Batch jobs in a new tab: \$0\.00/ });
    await open.focus();
    const opened = page.context().waitForEvent('page');
    await page.keyboard.press('Enter');
    const tab = await opened;
    await expect(tab.getByRole('heading', { name: 'Batch jobs' })).toBeVisible();
    // The options page stays where it was.
    await expect(page.getByRole('heading', { name: 'Account usage' })).toBeVisible();
  });

  test('an expired cursor restarts the walk without losing or repeating a row', async ({
    ext,
    simulator,
  }) => {
    const { accountId } = await setupAccount(ext, simulator, { USD: 100 });
    seedLedger(simulator, accountId);
    // Every cursor is stale by the time it comes back (each page takes a few real ms).
    simulator.control.configure({ usageHistoryCursorTtlMs: 0 });
    simulator.control.addFault({ path: '/api/v1/billing/usage-history', kind: 'latency', ms: 5 });
    const page = await openUsageSection(ext);
    simulator.control.clearRequestLog();
    const ids = requestIdsOf(await exportCsv(page));
    expect(ids).toHaveLength(1234);
    expect(new Set(ids).size).toBe(1234);
    expect(ids.at(-1)).toBe('req-01233');
    const statuses = simulator.control
      .requestLog()
      .filter((entry) => entry.path.endsWith('/billing/usage-history'))
      .map((entry) => [entry.status, Object.keys(entry.query).includes('cursor') ? 'cursor' : 'first']);
    expect(statuses).toEqual([
      [200, 'first'],
      [400, 'cursor'],
      [200, 'first'],
    ]);
  });

  test('shows its progress and can be cancelled, saving nothing', async ({ ext, simulator }) => {
    const { accountId } = await setupAccount(ext, simulator, { USD: 100 });
    seedLedger(simulator, accountId);
    // Slow pages, so the export is still running when Cancel is pressed.
    simulator.control.addFault({ path: '/api/v1/billing/usage-history', kind: 'latency', ms: 1500 });
    const page = await openUsageSection(ext);
    let downloaded = false;
    page.on('download', () => {
      downloaded = true;
    });
    await page.getByRole('button', { name: 'Export CSV' }).click();
    await expect(page.getByRole('progressbar', { name: 'Export progress' })).toBeVisible();
    await page.getByRole('button', { name: 'Cancel export' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: 'Export cancelled; no file was saved.' }),
    ).toBeVisible();
    await expect(page.getByRole('progressbar', { name: 'Export progress' })).toHaveCount(0);
    expect(downloaded).toBe(false);
  });

  test('a range that ends before it starts is refused with a clear message', async ({ ext, simulator }) => {
    await setupAccount(ext, simulator);
    const page = await openUsageSection(ext);
    await page.getByLabel('From').fill('2026-03-10');
    await page.getByLabel('To').fill('2026-03-01');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    await expect(page.getByRole('alert')).toHaveText('The end date must be on or after the start date.');
  });
});

/** Kept in step with lib/badge/updater.ts and lib/usage/notify.ts (the spec must not import the extension). */
const BADGE_ALARM = 'vkc-badge-refresh';
const FORECAST_NOTIFIED = 'usage.forecastNotified';

/** Fires the badge's periodic alarm now (same period) and resolves once Chrome dispatched it. */
async function fireBadgeAlarm(ext: ExtensionHarness): Promise<void> {
  const worker = await ext.worker();
  await worker.evaluate(
    (name) =>
      new Promise<void>((resolve) => {
        const seen = (alarm: chrome.alarms.Alarm) => {
          if (alarm.name !== name) return;
          chrome.alarms.onAlarm.removeListener(seen);
          resolve();
        };
        chrome.alarms.onAlarm.addListener(seen);
        void chrome.alarms.get(name).then((current) => {
          void chrome.alarms.create(name, {
            when: Date.now(),
            periodInMinutes: current?.periodInMinutes ?? 5,
          });
        });
      }),
    BADGE_ALARM,
  );
}

test.describe('the forecast notification', () => {
  test('chosen on the options page, it notifies once on the alarm, days before a cap runs out', async ({
    ext,
    simulator,
  }) => {
    const { accountId } = await setupAccount(ext, simulator, { USD: 1000 });
    const now = simulator.control.now();
    // A $50 lifetime cap, $6 a day for the last 7 days: $42 spent, $8 left, about a day and a half.
    const batch = simulator.control.addKey({
      accountId,
      description: 'Nightly batch',
      consumptionLimit: { usd: 50 },
      limitPeriod: 'LIFETIME',
    });
    for (let d = 0; d < 7; d += 1)
      simulator.control.recordUsage({
        keyId: batch.id,
        amount: 6,
        currency: 'USD',
        at: now - d * DAY - 60_000,
      });
    await ext.call('keys.refresh');

    const page = await openUsageSection(ext);
    const form = page.getByRole('form', { name: 'Forecast notification' });
    const days = form.getByRole('spinbutton', { name: 'Days ahead' });
    await expect(days).toHaveValue('3');
    await expect(
      form.getByRole('checkbox', { name: /^Notify me before a key's cap or the account balance runs out/ }),
    ).not.toBeChecked();

    // Off (the default): the alarm notifies nothing (checked below, after the form's round trips).
    await fireBadgeAlarm(ext);
    const worker = await ext.worker();
    const notified = () =>
      worker.evaluate(
        (key) => chrome.storage.local.get(key).then((got) => got[key] ?? null),
        FORECAST_NOTIFIED,
      );

    // Bad input is refused with the reason, and nothing is saved.
    await form.getByRole('checkbox', { name: /^Notify me before/ }).check();
    await days.fill('0');
    await form.getByRole('button', { name: 'Save notification setting' }).click();
    await expect(form.getByText('Enter whole days from 1 to 30.')).toBeVisible();
    await expect(days).toHaveAttribute('aria-invalid', 'true');
    expect((await ext.call('settings.get')).forecastNotice).toEqual({
      enabled: false,
      daysBefore: 3,
    });
    expect(await notified()).toBeNull();

    await days.fill('2');
    await form.getByRole('button', { name: 'Save notification setting' }).click();
    await expect(form.getByRole('status')).toHaveText('Saved: you will be notified 2 days ahead.');

    await fireBadgeAlarm(ext);
    const subject = `key:${batch.id}:usd`;
    await expect.poll(async () => Object.keys((await notified()) ?? {})).toEqual([subject]);
    const dates = ((await notified()) as Record<string, string[]>)[subject];
    expect(dates).toHaveLength(1);
    const ids = await worker.evaluate(() => chrome.notifications.getAll().then((all) => Object.keys(all)));
    expect(ids).toContain(`vkc-forecast:${subject}`);

    // The same exhaustion date is never notified twice: cleared, the next tick shows nothing new.
    await worker.evaluate((id) => chrome.notifications.clear(id), `vkc-forecast:${subject}`);
    await fireBadgeAlarm(ext);
    await fireBadgeAlarm(ext);
    expect(
      await worker.evaluate(() => chrome.notifications.getAll().then((all) => Object.keys(all))),
    ).toEqual([]);
    expect(((await notified()) as Record<string, string[]>)[subject]).toEqual(dates);
  });
});
