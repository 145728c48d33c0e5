/**
 * Auto-lock: a `chrome.alarms` alarm that locks the vault after the idle time the user picked.
 * Alarms outlive a stopped service worker, unlike timers. Activity (the user doing something
 * through one of this extension's pages) pushes the alarm back; 0 minutes means "only when the
 * browser closes" (storage.session is wiped then), so no alarm at all.
 */
import { browser } from 'wxt/browser';
import { isRpcRequest } from '@/lib/messaging/protocol';
import { isTrustedSender, type SenderInfo } from '@/lib/messaging/router';
import { getSettings } from '@/lib/settings/service';
import type { VaultService } from './vault';

export const AUTO_LOCK_ALARM = 'vault.autolock';

/**
 * Requests a page makes on its own, without the user doing anything (status reads, state
 * refreshes after a storage change): they must not keep an idle vault open.
 */
export function isPassiveMethod(method: string): boolean {
  return /(^|\.)(status|state|get)$/.test(method);
}

/** (Re)starts the idle countdown if the vault is unlocked; clears it otherwise. */
export async function scheduleAutoLock(vault: VaultService): Promise<void> {
  const [status, settings] = await Promise.all([vault.getStatus(), getSettings()]);
  if (status !== 'unlocked' || settings.autoLockMinutes <= 0) {
    await browser.alarms.clear(AUTO_LOCK_ALARM);
    return;
  }
  await browser.alarms.create(AUTO_LOCK_ALARM, { delayInMinutes: settings.autoLockMinutes });
}

/** Wires the alarm and the activity signal. Called once per worker start. */
export function registerAutoLock(vault: VaultService): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === AUTO_LOCK_ALARM) void vault.lock();
  });
  vault.onUnlocked(() => void scheduleAutoLock(vault));
  vault.onLocked(() => void browser.alarms.clear(AUTO_LOCK_ALARM));

  const origin = { extensionId: browser.runtime.id, extensionOrigin: browser.runtime.getURL('/') };
  // A second listener next to the router: it never answers (returns nothing), it only notes
  // that one of our own pages asked for something on the user's behalf.
  browser.runtime.onMessage.addListener((message: unknown, sender: SenderInfo) => {
    if (!isRpcRequest(message) || isPassiveMethod(message.method)) return undefined;
    if (!isTrustedSender(sender, origin)) return undefined;
    void scheduleAutoLock(vault).catch(() => undefined);
    return undefined;
  });
}
