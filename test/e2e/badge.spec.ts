import type { Worker } from '@playwright/test';
import type { Simulator } from '../simulator';
import { expect, test } from './fixtures';
import { openOptions } from './options-page';
import { fireAlarm, testPassphrase } from './setup';

/** Kept in step with lib/badge/updater.ts and lib/badge/compute.ts (the spec must not import the extension). */
const BADGE_ALARM = 'vkc-badge-refresh';
const GREEN = [0x2e, 0x7d, 0x32, 255];
const AMBER = [0xf9, 0xa8, 0x25, 255];
const RED = [0xc6, 0x28, 0x28, 255];
const GREY = [0x6b, 0x72, 0x80, 255];
const RATE_LIMITS_PATH = '/api/v1/api_keys/rate_limits';
const PASSPHRASE = testPassphrase('badge');

interface Badge {
  text: string;
  color: number[];
  title: string;
}

async function readBadge(worker: Worker): Promise<Badge> {
  return worker.evaluate(async () => ({
    text: await chrome.action.getBadgeText({}),
    color: [...(await chrome.action.getBadgeBackgroundColor({}))],
    title: await chrome.action.getTitle({}),
  }));
}

/**
 * Fires the badge's real periodic alarm now (re-created with `when: now`, same period) and
 * resolves once Chrome has dispatched it. The unpacked test build is allowed short alarms.
 */
function fireBadgeAlarm(worker: Worker, periodInMinutes: number): Promise<void> {
  return fireAlarm(worker, BADGE_ALARM, { periodInMinutes });
}

/**
 * Balance requests Venice received. Counted by path, not key: a request answered by a fault or
 * refused (revoked key) has no key id. Nothing else in these tests reads rate limits after setup.
 */
function badgeRequests(simulator: Simulator) {
  return simulator.control.requestLog().filter((e) => e.path === RATE_LIMITS_PATH);
}

async function veniceAdmin(
  simulator: Simulator,
  adminKey: string,
  method: string,
  path: string,
  body?: unknown,
) {
  const res = await fetch(`${simulator.apiBase}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${adminKey}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(res.status, `${method} ${path}`).toBe(200);
}

test('the badge follows the badge key through every state, one request per period', async ({
  ext,
  simulator,
  consoleLog,
}) => {
  const { control } = simulator;
  const { accountId, adminKey } = control.createAccount({ balances: { USD: 100 } });
  const badgeKey = control.addKey({
    accountId,
    apiKeyType: 'INFERENCE',
    description: 'Badge e2e key',
    consumptionLimit: { usd: 80 },
    limitPeriod: 'LIFETIME',
  });
  const period = 5;
  const worker = await ext.worker();

  await test.step('set up the vault with the key', async () => {
    await ext.call('vault.create', { passphrase: PASSPHRASE });
    await ext.call('vault.addKey', { label: 'Prod app', secret: badgeKey.secret });
  });
  const keys = await ext.call('vault.listKeys');
  const entryId = keys.find((k) => k.label === 'Prod app')?.entryId;
  expect(entryId).toBeTruthy();

  await test.step('no badge key → no badge', async () => {
    expect((await readBadge(worker)).text).toBe('');
  });

  await test.step('choose the badge key → the badge shows its balance (clamped to its cap)', async () => {
    await ext.configure({ badgeKeyId: entryId, badge: { periodMinutes: period } });
    await expect.poll(async () => (await readBadge(worker)).text).toBe('$80');
    const badge = await readBadge(worker);
    expect(badge.color).toEqual(GREEN);
    expect(badge.title).toContain('Prod app');
    expect(badge.title).toContain('USD: 80');
    expect(badge.title).toContain('Updated just now');
    const alarm = await worker.evaluate((name) => chrome.alarms.get(name), BADGE_ALARM);
    expect(alarm?.periodInMinutes).toBe(period);
  });

  await test.step('the balance moves at Venice → the next period shows it', async () => {
    control.recordUsage({ keyId: badgeKey.id, amount: 77, currency: 'USD' });
    const before = badgeRequests(simulator).length;
    await fireBadgeAlarm(worker, period);
    await expect.poll(async () => (await readBadge(worker)).text).toBe('$3');
    expect((await readBadge(worker)).color).toEqual(AMBER);
    expect(badgeRequests(simulator).length).toBe(before + 1);
  });

  await test.step('the cap is exhausted → red "!" with the reason', async () => {
    control.recordUsage({ keyId: badgeKey.id, amount: 3, currency: 'USD' });
    await fireBadgeAlarm(worker, period);
    await expect.poll(async () => (await readBadge(worker)).text).toBe('!');
    const badge = await readBadge(worker);
    expect(badge.color).toEqual(RED);
    expect(badge.title).toContain('Nothing left to spend');
    // The same words as the options page's legend (one table, lib/badge/vocabulary.ts).
    expect(badge.title).toContain('the account balance is empty');
  });

  await test.step('Venice fails → the last figure goes grey, with the reason and the age', async () => {
    control.addFault({ path: RATE_LIMITS_PATH, kind: 'status', status: 503 });
    const before = badgeRequests(simulator).length;
    await fireBadgeAlarm(worker, period);
    await expect.poll(async () => (await readBadge(worker)).color).toEqual(GREY);
    const badge = await readBadge(worker);
    expect(badge.text).toBe('!');
    expect(badge.title).toContain('Last refresh failed');
    // The figure's age reads as old, never "Updated just now" next to the failure.
    expect(badge.title).not.toContain('Updated');
    expect(badge.title).toMatch(/Figures from the last successful refresh, (under a minute|\d+ min) ago\./);
    // One request for the period: no immediate retries hammering a failing Venice.
    expect(badgeRequests(simulator).length).toBe(before + 1);
    control.clearFaults();
  });

  await test.step('lock → the grey figure stays, with a lock; ticks while locked ask Venice nothing', async () => {
    // Raise the cap at Venice meanwhile, so the refresh after unlock has something new to show.
    await veniceAdmin(simulator, adminKey, 'PATCH', '/api_keys', {
      id: badgeKey.id,
      consumptionLimit: { usd: 100 },
    });
    await ext.call('vault.lock');
    await expect.poll(async () => (await readBadge(worker)).title).toContain('🔒');
    const before = badgeRequests(simulator).length;
    await fireBadgeAlarm(worker, period);
    await fireBadgeAlarm(worker, period);
    // badge.refresh joins a tick still running, so once it answers the ticks are done.
    await ext.call('badge.refresh');
    const badge = await readBadge(worker);
    expect(badge).toMatchObject({ text: '!', color: GREY });
    expect(badgeRequests(simulator).length).toBe(before);
  });

  await test.step('unlock → refreshes at once', async () => {
    const before = badgeRequests(simulator).length;
    await ext.call('vault.unlock', { passphrase: PASSPHRASE });
    await expect.poll(async () => (await readBadge(worker)).text).toBe('$20');
    const badge = await readBadge(worker);
    expect(badge.color).toEqual(GREEN);
    expect(badge.title).not.toContain('🔒');
    expect(badgeRequests(simulator).length).toBe(before + 1);
  });

  await test.step('one request per period', async () => {
    const before = badgeRequests(simulator).length;
    for (let i = 1; i <= 3; i++) {
      await fireBadgeAlarm(worker, period);
      await expect.poll(() => badgeRequests(simulator).length).toBe(before + i);
    }
    await ext.call('badge.state');
    expect(badgeRequests(simulator).length).toBe(before + 3);
  });

  await test.step('the badge key is revoked → "?" with the reason; the clock stops asking', async () => {
    await veniceAdmin(simulator, adminKey, 'DELETE', `/api_keys?id=${encodeURIComponent(badgeKey.id)}`);
    await fireBadgeAlarm(worker, period);
    await expect.poll(async () => (await readBadge(worker)).text).toBe('?');
    const badge = await readBadge(worker);
    expect(badge.color).toEqual(GREY);
    expect(badge.title).toContain('The badge key does not work: Venice refused it');
    expect(badge.title).toMatch(/invalid, expired or revoked/);
    const before = badgeRequests(simulator).length;
    await fireBadgeAlarm(worker, period);
    await ext.call('badge.state');
    expect(badgeRequests(simulator).length).toBe(before);
  });

  await test.step('the secret never reached a log or local storage', async () => {
    const local = await worker.evaluate(() => chrome.storage.local.get(null));
    expect(JSON.stringify(local)).not.toContain(badgeKey.secret);
    expect(consoleLog.join('\n')).not.toContain(badgeKey.secret);
  });
});

test('a restarted worker (or browser) paints the cached figure at once, without asking Venice', async ({
  ext,
  simulator,
}) => {
  const { control } = simulator;
  const { accountId } = control.createAccount({ balances: { USD: 12.5, DIEM: 9.57 } });
  const key = control.addKey({ accountId, apiKeyType: 'INFERENCE', description: 'Options key' });
  await ext.call('vault.create', { passphrase: PASSPHRASE });
  await ext.call('vault.addKey', { label: 'Options key', secret: key.secret });
  const [stored] = await ext.call('vault.listKeys');
  await ext.configure({ badgeKeyId: stored?.entryId });
  let worker = await ext.worker();
  await expect.poll(async () => (await readBadge(worker)).text).toBe('Đ9.5');

  await ext.call('vault.lock');
  // A browser restart forgets the painted badge; clear it so only the restarted worker can paint it again.
  await worker.evaluate(async () => {
    await chrome.action.setBadgeText({ text: '' });
    await chrome.action.setTitle({ title: '' });
  });
  await ext.stopWorker();
  const requests = badgeRequests(simulator).length;
  // Wake it the way the browser would (any event); it paints from the cache as it starts.
  await ext.call('status');
  worker = await ext.worker();
  await expect.poll(async () => (await readBadge(worker)).title).toContain('🔒');
  expect(await readBadge(worker)).toMatchObject({ text: 'Đ9.5', color: GREY });
  expect(badgeRequests(simulator).length).toBe(requests);

  const status = await ext.call('badge.state');
  expect(status.view).toMatchObject({ text: 'Đ9.5', state: 'locked' });
  expect(status.keyLabel).toBe('Options key');
});

test('the options page chooses the badge key and its levels, and shows what the badge says', async ({
  ext,
  simulator,
}) => {
  const { control } = simulator;
  const { accountId } = control.createAccount({ balances: { USD: 50 } });
  const key = control.addKey({ accountId, apiKeyType: 'INFERENCE', description: 'UI key' });
  await ext.call('vault.create', { passphrase: PASSPHRASE });
  await ext.call('vault.addKey', { label: 'UI key', secret: key.secret });
  const worker = await ext.worker();

  const options = await openOptions(ext);
  await options.openSection('Badge');
  const section = options.badge;
  await expect(section).toBeVisible();
  await expect(section.getByText('no badge (no badge key chosen)')).toBeVisible();

  await section.getByLabel('Badge key').selectOption({ label: `UI key (…${key.last6Chars}, INFERENCE)` });
  await section.getByLabel('Warning level (amber below)').fill('10');
  await section.getByLabel('Critical level (red below)').fill('20');
  await options.saveBadgeSettings();
  await expect(section.getByText('The critical level must not be above the warning level.')).toBeVisible();
  await expect(section.getByText('Nothing was saved: fix the highlighted fields.')).toBeVisible();
  expect((await readBadge(worker)).text).toBe('');

  await section.getByLabel('Warning level (amber below)').fill('100');
  await section.getByLabel('Refresh every (minutes)').fill('15');
  await options.saveBadgeSettings();
  await expect(options.badgeSaved).toBeVisible();

  await expect.poll(async () => (await readBadge(worker)).text).toBe('$50');
  expect((await readBadge(worker)).color).toEqual(AMBER);
  await expect(section.getByRole('img', { name: 'Badge preview: $50' })).toHaveText('$50');
  await expect(section.getByText('USD: 50')).toBeVisible();
  const alarm = await worker.evaluate((name) => chrome.alarms.get(name), BADGE_ALARM);
  expect(alarm?.periodInMinutes).toBe(15);

  control.setBalances(accountId, { USD: 7.25 });
  await section.getByRole('button', { name: 'Refresh badge now' }).click();
  await expect(section.getByRole('img', { name: 'Badge preview: $7.2' })).toHaveText('$7.2');
  expect((await readBadge(worker)).color).toEqual(RED);
});
