import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { updateSettings } from '@/lib/settings/service';
import { AUTO_LOCK_ALARM, isPassiveMethod, registerAutoLock } from '@/lib/vault/autolock';
import { createVaultService } from '@/lib/vault/vault';

const PASS = 'copper-violin-harbor-lantern-31';
const MINUTE = 60_000;
const trusted = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/options.html') };

/** Chrome fires alarms on its own; the fake browser does not: fire those that are due now. */
async function fireDueAlarms(): Promise<void> {
  for (const alarm of await browser.alarms.getAll()) {
    if (alarm.scheduledTime <= Date.now()) {
      await browser.alarms.clear(alarm.name);
      await fakeBrowser.alarms.onAlarm.trigger(alarm);
    }
  }
}

/** Lets the fire-and-forget work of listeners settle (storage reads, alarm writes). */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await vi.advanceTimersByTimeAsync(0);
}

async function setup(minutes: number) {
  const vault = createVaultService({
    policy: { minIterations: 1_000, maxIterations: 1_000, targetMs: 1 },
    measure: async () => 1,
  });
  registerAutoLock(vault);
  await updateSettings({ autoLockMinutes: minutes });
  await vault.create(PASS);
  await settle();
  return vault;
}

async function rpcFrom(sender: { id?: string; url?: string }, method: string) {
  await fakeBrowser.runtime.onMessage.trigger({ kind: 'vkc/rpc', method }, sender);
  await settle();
}

beforeEach(() => {
  fakeBrowser.reset();
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-03-01T10:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
});

describe('auto-lock', () => {
  it('locks after the idle time, not before', async () => {
    const vault = await setup(15);
    const alarm = await browser.alarms.get(AUTO_LOCK_ALARM);
    expect(alarm?.scheduledTime).toBe(Date.now() + 15 * MINUTE);

    vi.setSystemTime(Date.now() + 14 * MINUTE);
    await fireDueAlarms();
    await settle();
    expect(await vault.getStatus()).toBe('unlocked');

    vi.setSystemTime(Date.now() + 1 * MINUTE);
    await fireDueAlarms();
    await settle();
    expect(await vault.getStatus()).toBe('locked');
    expect(await browser.alarms.get(AUTO_LOCK_ALARM)).toBeUndefined();
  });

  it('activity from one of our pages pushes the lock back; passive reads and strangers do not', async () => {
    const vault = await setup(5);
    vi.setSystemTime(Date.now() + 4 * MINUTE);
    await rpcFrom(trusted, 'vault.listKeys');
    expect((await browser.alarms.get(AUTO_LOCK_ALARM))?.scheduledTime).toBe(Date.now() + 5 * MINUTE);

    vi.setSystemTime(Date.now() + 4 * MINUTE);
    await rpcFrom(trusted, 'vault.status');
    await rpcFrom(trusted, 'badge.state');
    await rpcFrom(
      { id: 'another-extension', url: 'chrome-extension://another-extension/x.html' },
      'vault.listKeys',
    );
    await rpcFrom({ id: fakeBrowser.runtime.id, url: 'https://evil.example/' }, 'vault.listKeys');
    vi.setSystemTime(Date.now() + 1 * MINUTE);
    await fireDueAlarms();
    await settle();
    expect(await vault.getStatus()).toBe('locked');
  });

  it('"only on browser restart" (0) schedules no alarm at all', async () => {
    const vault = await setup(0);
    expect(await browser.alarms.getAll()).toEqual([]);
    await rpcFrom(trusted, 'vault.listKeys');
    vi.setSystemTime(Date.now() + 24 * 60 * MINUTE);
    await fireDueAlarms();
    expect(await vault.getStatus()).toBe('unlocked');
  });

  it('a manual lock clears the alarm, and activity while locked schedules nothing', async () => {
    const vault = await setup(15);
    await vault.lock();
    await settle();
    expect(await browser.alarms.get(AUTO_LOCK_ALARM)).toBeUndefined();
    await rpcFrom(trusted, 'keys.list');
    expect(await browser.alarms.get(AUTO_LOCK_ALARM)).toBeUndefined();
  });

  it('classifies passive methods', () => {
    expect(['status', 'vault.status', 'badge.state', 'settings.get'].every(isPassiveMethod)).toBe(true);
    expect(
      ['vault.unlock', 'keys.list', 'vault.revealSecret', 'settings.update', 'keys.getStatusLog'].some(
        isPassiveMethod,
      ),
    ).toBe(false);
  });
});
