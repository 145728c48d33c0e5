import type { Worker } from '@playwright/test';
import type { Simulator } from '../simulator';
import { type ExtensionHarness, expect, test } from './fixtures';

/** A synthetic passphrase; strong enough for the vault's strength check. */
const PASSPHRASE = `rotation-e2e ${Math.random().toString(36).slice(2)} correct horse battery`;
const REVOKE_ALARM_PREFIX = 'vkc-revoke:';

interface StoredKey {
  entryId: string;
  label: string;
  veniceKeyId: string | null;
  last6: string;
}

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
  const account = simulator.control.createAccount({
    balances: { USD: 50, DIEM: 12.5, diemEpochAllocation: 20 },
  });
  await ext.call('vault.create', { passphrase: PASSPHRASE });
  const added = await ext.call<{ key: StoredKey }>('vault.addKey', {
    label: 'Admin',
    secret: account.adminKey,
    allowUnverified: false,
  });
  await ext.configure({ managementKeyId: added.key.entryId });
  return { accountId: account.accountId, adminKeyId: account.adminKeyId, adminEntryId: added.key.entryId };
}

async function rotations(ext: ExtensionHarness): Promise<Rotation[]> {
  return ext.call<Rotation[]>('keys.rotations');
}

async function rotationState(ext: ExtensionHarness, id: string): Promise<string | undefined> {
  return (await rotations(ext)).find((r) => r.id === id)?.state;
}

/** Fires a pending revocation's own alarm now (re-created with `when: now`), once Chrome dispatched it. */
async function fireRevokeAlarm(worker: Worker, rotationId: string): Promise<void> {
  await worker.evaluate(
    (name) =>
      new Promise<void>((resolve) => {
        const seen = (alarm: chrome.alarms.Alarm) => {
          if (alarm.name !== name) return;
          chrome.alarms.onAlarm.removeListener(seen);
          resolve();
        };
        chrome.alarms.onAlarm.addListener(seen);
        void chrome.alarms.create(name, { when: Date.now() });
      }),
    `${REVOKE_ALARM_PREFIX}${rotationId}`,
  );
}

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
    const started = await ext.call<{ rotation: Rotation; created: { secret: string } }>('keys.rotate', {
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
    expect(started.created.secret).toBe(fresh.secret);

    const scheduled = await ext.call<Rotation>('keys.rotationRevoke', {
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
