import type { Worker } from '@playwright/test';
import type { Simulator } from '../simulator';
import { type ExtensionHarness, expect, test } from './fixtures';
import { openOptions } from './options-page';
import { openPopup } from './popup-page';
import {
  failNextRevoke,
  fireAlarm,
  type StoredKey,
  setupAdminAccount,
  stopWorkerMidRequest,
  testPassphrase,
} from './setup';

const PASSPHRASE = testPassphrase('rotation');
const REVOKE_ALARM_PREFIX = 'vkc-revoke:';

interface Rotation {
  id: string;
  state: string;
  revokeAt: number | null;
  old: { id: string };
  created: { id: string; description: string; entryId: string | null } | null;
  roles: { badge: boolean; management: boolean };
  badgeMoved: boolean;
  managementMoved: boolean;
  error: { code: string; message: string } | null;
}

async function setupAccount(ext: ExtensionHarness, simulator: Simulator) {
  return setupAdminAccount(ext, simulator, {
    passphrase: PASSPHRASE,
    balances: { USD: 50, DIEM: 12.5, diemEpochAllocation: 20 },
  });
}

/** The ids of the account's keys as Venice holds them, sorted. */
function keyIdsOf(simulator: Simulator, accountId: string): string[] {
  return simulator.control
    .account(accountId)
    .keys.map((k) => k.id)
    .sort();
}

async function rotations(ext: ExtensionHarness): Promise<Rotation[]> {
  return ext.call('keys.rotations');
}

async function rotationState(ext: ExtensionHarness, id: string): Promise<string | undefined> {
  return (await rotations(ext)).find((r) => r.id === id)?.state;
}

/** Fires a pending revocation's own alarm now, once Chrome dispatched it. */
const fireRevokeAlarm = (worker: Worker, rotationId: string) =>
  fireAlarm(worker, `${REVOKE_ALARM_PREFIX}${rotationId}`);

const deletes = (simulator: Simulator) =>
  simulator.control.requestLog().filter((r) => r.method === 'DELETE' && r.path === '/api/v1/api_keys');

test.describe('rotation through the background API (what the leak window calls)', () => {
  test('a pending revocation survives the worker stopping, and runs when its alarm fires', async ({
    ext,
    simulator,
  }) => {
    const s = await setupAccount(ext, simulator);
    const old = simulator.control.addKey({
      accountId: s.accountId,
      description: 'Production backend',
      consumptionLimit: { usd: 25 },
      limitPeriod: 'MONTH',
      modelPrivacy: 'PRIVATE_ONLY',
    });
    await ext.call('keys.refresh');
    const started = await ext.call('keys.rotate', {
      rotationId: 'e2e-rotation-0001',
      id: old.id,
    });
    const fresh = simulator.control.key(started.rotation.created!.id);
    expect(fresh).toMatchObject({
      apiKeyType: 'INFERENCE',
      limitPeriod: 'MONTH',
      modelPrivacy: 'PRIVATE_ONLY',
      revoked: false,
    });
    expect(fresh.limits.usd).toBe(25);
    expect(fresh.description).toMatch(/^Production backend \d{4}-\d{2}-\d{2}$/);
    expect(started.created?.secret).toBe(fresh.secret);

    const scheduled = await ext.call('keys.rotationRevoke', {
      rotationId: 'e2e-rotation-0001',
      when: '1d',
    });
    expect(scheduled.state).toBe('scheduled');
    await ext.stopWorker();
    // Wake it the way the browser would (any event).
    await ext.call('status');
    const worker = await ext.worker();
    const alarm = await worker.evaluate(
      (name) => chrome.alarms.get(name),
      `${REVOKE_ALARM_PREFIX}e2e-rotation-0001`,
    );
    expect(alarm?.scheduledTime).toBe(scheduled.revokeAt);
    expect(simulator.control.key(old.id).revoked).toBe(false);

    await fireRevokeAlarm(worker, 'e2e-rotation-0001');
    await expect.poll(() => rotationState(ext, 'e2e-rotation-0001')).toBe('revoked');
    expect(simulator.control.key(old.id).revoked).toBe(true);
    expect(simulator.control.key(fresh.id).revoked).toBe(false);
    // Nothing secret in storage.local's rotation records.
    const local = await worker.evaluate(() => chrome.storage.local.get('keys.rotations'));
    expect(JSON.stringify(local)).not.toContain(fresh.secret);
  });

  test('a revocation due while the vault is locked waits, says why, and runs on unlock', async ({
    ext,
    simulator,
  }) => {
    const s = await setupAccount(ext, simulator);
    const old = simulator.control.addKey({ accountId: s.accountId, description: 'overnight' });
    await ext.call('keys.refresh');
    await ext.call('keys.rotate', { rotationId: 'e2e-rotation-0004', id: old.id });
    await ext.call('keys.rotationRevoke', { rotationId: 'e2e-rotation-0004', when: '1h' });
    await ext.call('vault.lock');
    const worker = await ext.worker();
    await fireRevokeAlarm(worker, 'e2e-rotation-0004');
    await expect.poll(() => rotationState(ext, 'e2e-rotation-0004')).toBe('revoke_failed');
    expect(simulator.control.key(old.id).revoked).toBe(false);

    const waiting = (await rotations(ext)).find((r) => r.id === 'e2e-rotation-0004');
    expect(waiting?.error?.message).toBe('The vault is locked. Unlock it with your passphrase first.');

    // Unlocked the way a user does; the revoke that waited runs.
    const popup = await openPopup(ext);
    await popup.unlock(PASSPHRASE);
    await expect.poll(() => rotationState(ext, 'e2e-rotation-0004')).toBe('revoked');
    expect(simulator.control.key(old.id).revoked).toBe(true);
  });

  test('a worker stopped mid-revoke runs the revoke again when it wakes', async ({ ext, simulator }) => {
    const s = await setupAccount(ext, simulator);
    const old = simulator.control.addKey({ accountId: s.accountId, description: 'leaky' });
    await ext.call('keys.refresh');
    await ext.call('keys.rotate', { rotationId: 'e2e-rotation-0002', id: old.id });
    await ext.call('keys.rotationRevoke', { rotationId: 'e2e-rotation-0002', when: '1h' });
    simulator.control.addFault({
      method: 'DELETE',
      path: '/api/v1/api_keys',
      kind: 'latency',
      ms: 4_000,
      times: 1,
    });
    const worker = await ext.worker();
    await fireRevokeAlarm(worker, 'e2e-rotation-0002');
    await expect.poll(() => rotationState(ext, 'e2e-rotation-0002')).toBe('revoking');
    await expect.poll(() => deletes(simulator).length).toBeGreaterThan(0);
    await ext.stopWorker();
    // Waking the worker (any message) resumes the revoke it was running.
    await expect.poll(() => rotationState(ext, 'e2e-rotation-0002')).toBe('revoked');
    expect(simulator.control.key(old.id).revoked).toBe(true);
  });

  test('a worker stopped mid-rotation leaves the old key alone and says the create was interrupted', async ({
    ext,
    simulator,
  }) => {
    const s = await setupAccount(ext, simulator);
    const old = simulator.control.addKey({ accountId: s.accountId, description: 'half rotated' });
    await ext.call('keys.refresh');
    simulator.control.addFault({
      method: 'POST',
      path: '/api/v1/api_keys',
      kind: 'latency',
      ms: 4_000,
      times: 1,
    });
    const page = await ext.open('harness.html');
    // Not awaited: the answer is lost with the worker.
    void page
      .evaluate(
        (id) =>
          chrome.runtime.sendMessage({
            kind: 'vkc/rpc',
            method: 'keys.rotate',
            input: { rotationId: 'e2e-rotation-0003', id },
          }),
        old.id,
      )
      .catch(() => undefined);
    await expect.poll(() => simulator.control.requestLog().some((r) => r.method === 'POST')).toBe(true);
    await ext.stopWorker();
    await expect.poll(() => rotationState(ext, 'e2e-rotation-0003')).toBe('create_failed');
    const record = (await rotations(ext)).find((r) => r.id === 'e2e-rotation-0003');
    expect(record?.error?.message).toContain('interrupted');
    expect(simulator.control.key(old.id).revoked).toBe(false);
    expect(deletes(simulator)).toHaveLength(0);
  });
});

async function vaultKeys(ext: ExtensionHarness): Promise<StoredKey[]> {
  return ext.call('vault.listKeys');
}

test.describe('rotating a key in the popup', () => {
  test('from the list: the new key is saved, shown once with copy lines, the badge follows, and a 1-day revocation is listed and cancellable', async ({
    ext,
    simulator,
    context,
    consoleLog,
  }) => {
    const s = await setupAccount(ext, simulator);
    const old = simulator.control.addKey({
      accountId: s.accountId,
      description: 'Production backend',
      consumptionLimit: { usd: 25, diem: 2 },
      limitPeriod: 'MONTH',
      // Whole seconds: the key settings carry an expiry to the second.
      expiresAt: new Date(
        Math.floor(simulator.control.now() / 1000) * 1000 + 40 * 24 * 3_600_000,
      ).toISOString(),
    });
    const inVault = (
      await ext.call('vault.addKey', {
        label: 'Production backend',
        secret: old.secret,
        allowUnverified: false,
      })
    ).key;
    await ext.configure({ badgeKeyId: inVault.entryId });
    const oldName = `Production backend …${old.last6Chars}`;

    let popup = await openPopup(ext);
    let { page } = popup;
    await popup.rotate(oldName);
    const secretBox = popup.newSecret;
    await expect(secretBox).toBeVisible();

    const fresh = simulator.control
      .account(s.accountId)
      .keys.find((k) => k.id !== old.id && k.description.startsWith('Production backend '))!;
    expect(fresh.description).toMatch(/^Production backend \d{4}-\d{2}-\d{2}$/);
    expect(fresh).toMatchObject({ limitPeriod: 'MONTH', expiresAt: simulator.control.key(old.id).expiresAt });
    expect(fresh.limits).toMatchObject({ usd: 25, diem: 2 });
    await expect(secretBox).toHaveValue(fresh.secret);
    // In the vault (it was saved before it was shown), and the badge moved to it.
    const stored = (await vaultKeys(ext)).find((k) => k.veniceKeyId === fresh.id);
    expect(stored).toBeDefined();
    expect((await ext.call('settings.get')).badgeKeyId).toBe(stored?.entryId);
    await expect(
      page.getByRole('status').filter({ hasText: 'The toolbar badge now shows the new key.' }),
    ).toBeVisible();

    // Copy as a shell line, through the shared copy-and-clear.
    const clipboardReader = await context.newPage();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: simulator.origin });
    await clipboardReader.goto(simulator.siteUrl);
    await page.getByRole('button', { name: 'Copy as export VENICE_API_KEY=…' }).click();
    await expect(
      page.getByText(/^Copied the export line\. It is taken off the clipboard in \d+ s/),
    ).toBeVisible();
    expect(await clipboardReader.evaluate(() => navigator.clipboard.readText())).toBe(
      `export VENICE_API_KEY=${fresh.secret}`,
    );
    await page.getByRole('button', { name: 'Copy as .env line' }).click();
    await expect(page.getByText(/^Copied the \.env line\./)).toBeVisible();
    expect(await clipboardReader.evaluate(() => navigator.clipboard.readText())).toBe(
      `VENICE_API_KEY=${fresh.secret}`,
    );
    expect((await ext.call('clipboard.clearNow')).pending).toBe(true);
    expect(await clipboardReader.evaluate(() => navigator.clipboard.readText())).toBe('');

    // Closed and reopened: the rotation is where it was, the secret is not shown again by itself.
    await page.close();
    popup = await openPopup(ext);
    ({ page } = popup);
    await expect(page.getByRole('heading', { name: `Rotate ${oldName}` })).toBeVisible();
    await expect(popup.newSecret).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Reveal the new secret' })).toBeVisible();

    await page.getByRole('button', { name: 'Revoke it in 1 day' }).click();
    await expect(page.getByRole('status').filter({ hasText: `${oldName} will be revoked in` })).toBeVisible();
    expect(simulator.control.key(old.id).revoked).toBe(false);

    await popup.backToKeys();
    const pending = page.getByRole('listitem', { name: `Pending revocation of ${oldName}` });
    await expect(pending).toContainText(`${oldName} will be revoked in 24 h`);
    await expect(pending).toContainText(`Replaced by ${fresh.description} …${fresh.last6Chars}`);

    // Listed on the options page too; cancelled there, it leaves both lists.
    const { page: options } = await openOptions(ext, 'keys');
    const onOptions = options.getByRole('listitem', { name: `Pending revocation of ${oldName}` });
    await expect(onOptions).toContainText('will be revoked in 24 h');
    await onOptions.getByRole('button', { name: `Cancel the revocation of ${oldName} (keep it)` }).click();
    await expect(
      options.getByRole('status').filter({ hasText: 'Revocation cancelled: the old key stays.' }),
    ).toBeVisible();
    await expect(onOptions).toHaveCount(0);
    await expect(pending).toHaveCount(0);
    const worker = await ext.worker();
    expect(
      await worker.evaluate(
        (name) => chrome.alarms.get(name),
        `${REVOKE_ALARM_PREFIX}${(await rotations(ext))[0]?.id}`,
      ),
    ).toBeUndefined();
    expect(simulator.control.key(old.id).revoked).toBe(false);
    expect(consoleLog.join('\n')).not.toContain(fresh.secret);
  });

  test('from the key detail, the worker stopped mid-create and mid-revoke: nothing is lost, the view follows without a reload', async ({
    ext,
    simulator,
  }) => {
    const s = await setupAccount(ext, simulator);
    const old = simulator.control.addKey({ accountId: s.accountId, description: 'leaked in a log' });
    const oldName = `leaked in a log …${old.last6Chars}`;
    const popup = await openPopup(ext);
    const { page } = popup;
    await popup.openDetail(oldName);
    await popup.openRotation(oldName);

    // The worker is stopped while Venice holds the create, which is then dropped unanswered.
    await stopWorkerMidRequest(ext, simulator, { method: 'POST', afterStop: 'drop' }, () =>
      page.getByRole('button', { name: 'Create the new key' }).click(),
    );
    await expect(page.getByRole('alert')).toContainText(
      'The new key was not created: The extension was interrupted while creating this key.',
    );
    expect(simulator.control.key(old.id).revoked).toBe(false);
    expect(deletes(simulator)).toHaveLength(0);

    await page.getByRole('button', { name: 'Try creating the new key again' }).click();
    const secretBox = popup.newSecret;
    await expect(secretBox).toBeVisible();
    const fresh = simulator.control
      .account(s.accountId)
      .keys.find((k) => k.id !== old.id && k.description.startsWith('leaked in a log '));
    expect(fresh).toBeDefined();
    await expect(secretBox).toHaveValue(String(fresh?.secret));
    expect((await vaultKeys(ext)).some((k) => k.veniceKeyId === fresh?.id)).toBe(true);

    // The worker is stopped while Venice holds the revoke, which Venice then carries out; its answer is lost.
    await stopWorkerMidRequest(ext, simulator, { method: 'DELETE', afterStop: 'answer' }, () =>
      page.getByRole('button', { name: 'Revoke the old key now' }).click(),
    );
    // The woken worker resumes the revoke under way; the view follows its record.
    await expect(page.getByRole('status').filter({ hasText: 'The old key is revoked.' })).toBeVisible();
    expect(simulator.control.key(old.id).revoked).toBe(true);
    await expect(secretBox).toHaveValue(String(fresh?.secret));
    expect((await vaultKeys(ext)).some((k) => k.veniceKeyId === fresh?.id)).toBe(true);
    await popup.backToKeys();
    await expect(popup.row(oldName)).toHaveCount(0);
    await expect(popup.row(`${fresh?.description} …${fresh?.last6Chars}`)).toBeVisible();
  });

  test('a leak, from the key detail: revoke now; a refused revoke shows both facts and is offered again', async ({
    ext,
    simulator,
  }) => {
    const s = await setupAccount(ext, simulator);
    const old = simulator.control.addKey({ accountId: s.accountId, description: 'pasted in an issue' });
    const oldName = `pasted in an issue …${old.last6Chars}`;
    const popup = await openPopup(ext);
    const { page } = popup;
    await popup.openDetail(oldName);
    await popup.rotate(oldName);
    await expect(popup.newSecret).toBeVisible();

    failNextRevoke(simulator);
    await page.getByRole('button', { name: 'Revoke the old key now' }).click();
    await expect(popup.alert).toContainText('The new key was created, but revoking the old key failed:');
    await expect(popup.alert).toContainText('The old key still works.');
    await expect(page.getByRole('status').filter({ hasText: 'New key created:' })).toBeVisible();
    expect(simulator.control.key(old.id).revoked).toBe(false);

    await expect(page.getByRole('group', { name: 'Revoke the old key again' })).toBeVisible();
    await page.getByRole('button', { name: 'Revoke the old key now' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'The old key is revoked.' })).toBeVisible();
    expect(simulator.control.key(old.id).revoked).toBe(true);
    await popup.backToKeys();
    await expect(popup.row(oldName)).toHaveCount(0);
  });

  test('a key with a setting this version cannot copy (a newer model privacy) is not rotated into a looser one', async ({
    ext,
    simulator,
  }) => {
    const s = await setupAccount(ext, simulator);
    const old = simulator.control.addKey({ accountId: s.accountId, description: 'newer privacy' });
    simulator.control.setWireQuirks(old.id, { key: { modelPrivacy: 'TEE_ONLY' } });
    const popup = await openPopup(ext);
    await popup.refresh();
    await popup.rotate(`newer privacy …${old.last6Chars}`);
    await expect(popup.alert).toContainText(
      'Rotate cannot copy this key’s model privacy “TEE_ONLY”: the replacement would allow more than the key it replaces.',
    );
    await expect(popup.alert).toContainText('The old key is unchanged.');
    expect(keyIdsOf(simulator, s.accountId)).toEqual([old.id, s.adminKeyId].sort());
  });

  test('a create Venice refuses (20 new keys per minute) is said as such, leaves the old key, and can be tried again', async ({
    ext,
    simulator,
  }) => {
    const s = await setupAccount(ext, simulator);
    const old = simulator.control.addKey({ accountId: s.accountId, description: 'busy minute' });
    const oldName = `busy minute …${old.last6Chars}`;
    simulator.control.addFault({
      method: 'POST',
      path: '/api/v1/api_keys',
      kind: 'rate_limit',
      retryAfterSeconds: 30,
      times: 1,
    });
    const popup = await openPopup(ext);
    const { page } = popup;
    await popup.rotate(oldName);
    const { alert } = popup;
    await expect(alert).toContainText('Venice allows 20 new keys per minute. Try again in 30 seconds.');
    await expect(alert).toContainText('The old key is unchanged.');
    expect(keyIdsOf(simulator, s.accountId)).toEqual([old.id, s.adminKeyId].sort());
    await page.getByRole('button', { name: 'Try creating the new key again' }).click();
    await expect(popup.newSecret).toBeVisible();
    expect(simulator.control.key(old.id).revoked).toBe(false);
  });

  test('the management key: the new ADMIN key is stored and verified before the old one can go', async ({
    ext,
    simulator,
  }) => {
    const s = await setupAccount(ext, simulator);
    const admin = simulator.control.key(s.adminKeyId);
    const adminName = `${admin.description || 'Untitled key'} …${admin.last6Chars}`;
    const popup = await openPopup(ext);
    const { page } = popup;
    await popup.rotate(adminName);
    await expect(popup.newSecret).toBeVisible();
    // No way to revoke yet: the new key must prove itself first.
    await expect(page.getByRole('button', { name: 'Revoke the old key now' })).toHaveCount(0);
    const rotation = (await rotations(ext))[0]!;
    expect(rotation.roles.management).toBe(true);
    expect((await ext.call('settings.get')).managementKeyId).toBe(s.adminEntryId);

    const before = simulator.control.requestLog().length;
    await page.getByRole('button', { name: 'Verify the new key and manage keys with it' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: 'The extension now manages your keys with the new key.' }),
    ).toBeVisible();
    const fresh = simulator.control.key(rotation.created!.id);
    expect(fresh.apiKeyType).toBe('ADMIN');
    expect(
      simulator.control
        .requestLog()
        .slice(before)
        .some((r) => r.method === 'GET' && r.path === '/api/v1/api_keys'),
    ).toBe(true);
    const stored = (await vaultKeys(ext)).find((k) => k.veniceKeyId === fresh.id);
    expect((await ext.call('settings.get')).managementKeyId).toBe(stored?.entryId);

    await page.getByRole('button', { name: 'Revoke the old key now' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'The old key is revoked.' })).toBeVisible();
    expect(simulator.control.key(s.adminKeyId).revoked).toBe(true);
    // The extension still manages keys, with the new one: the refresh's list is asked with it.
    await popup.backToKeys();
    const beforeRefresh = simulator.control.requestLog().length;
    await popup.refresh();
    await expect
      .poll(() =>
        simulator.control
          .requestLog()
          .slice(beforeRefresh)
          .filter((r) => r.method === 'GET' && r.path === '/api/v1/api_keys')
          .map((r) => [r.keyId, r.status]),
      )
      .toContainEqual([fresh.id, 200]);
    await expect(popup.row(`${fresh.description} …${fresh.last6Chars}`)).toBeVisible();
    await expect(popup.alert).toHaveCount(0);
  });
});

test.describe('expiry reminders', () => {
  test('a key expiring in 3 days is amber with words, notified once on the badge alarm, and the reminder opens its rotation', async ({
    ext,
    simulator,
  }) => {
    const s = await setupAccount(ext, simulator);
    const soon = simulator.control.addKey({
      accountId: s.accountId,
      description: 'expiring',
      expiresAt: new Date(Date.now() + 3 * 24 * 3_600_000).toISOString(),
    });
    const name = `expiring …${soon.last6Chars}`;
    const popup = await openPopup(ext);
    await expect(popup.row(name)).toContainText('Expires soon: in 3 d');

    const worker = await ext.worker();
    const fireBadgeAlarm = () => fireAlarm(worker, 'vkc-badge-refresh', { periodInMinutes: 5 });
    const notified = () =>
      worker.evaluate(
        async () =>
          ((await chrome.storage.local.get('keys.expiryNotified'))['keys.expiryNotified'] ?? {}) as Record<
            string,
            unknown
          >,
      );
    await fireBadgeAlarm();
    await expect.poll(async () => Object.keys(await notified())).toEqual([soon.id]);
    expect(Object.keys(await worker.evaluate(() => chrome.notifications.getAll()))).toContain(
      `vkc-expiry:${soon.id}`,
    );
    const first = (await notified())[soon.id];
    await worker.evaluate((id) => chrome.notifications.clear(id), `vkc-expiry:${soon.id}`);
    await fireBadgeAlarm();
    // Once per key per threshold: the second tick shows nothing again.
    expect((await notified())[soon.id]).toEqual(first);
    expect(Object.keys(await worker.evaluate(() => chrome.notifications.getAll()))).not.toContain(
      `vkc-expiry:${soon.id}`,
    );

    // What the notification's click opens: the popup on that key, Rotate ready.
    const reminder = await ext.open(`popup.html?rotate=${soon.id}`);
    await expect(reminder.getByRole('heading', { name: `Rotate ${name}` })).toBeVisible();
    await expect(reminder.getByRole('button', { name: 'Create the new key' })).toBeEnabled();
  });
});
