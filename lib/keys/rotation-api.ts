/**
 * Rotation's background surface: the service with its real dependencies, its alarms and
 * listeners, and the `keys.rotate*` methods pages (and the leak window) call.
 *
 * Shape, for callers: `keys.rotate { rotationId, id }` creates the replacement and answers
 * `{ rotation, created }` (`created.secret` only to that call); then `keys.rotationRevoke
 * { rotationId, when: 'now' | '1h' | '1d' | '7d' }`. When `rotation.roles.management`, call
 * `keys.rotationVerify { rotationId }` before the revoke. `keys.rotations` lists every rotation
 * still known (pending revocations included); `keys.rotationCancel` keeps the old key.
 */
import { browser } from 'wxt/browser';
import { readProvenance, recordProvenance } from '@/lib/apps/provenance';
import { BADGE_ALARM } from '@/lib/badge/updater';
import { lazy } from '@/lib/lazy';
import { method } from '@/lib/messaging/define';
import { getSettings, updateSettings } from '@/lib/settings/service';
import { readKeyCache } from '@/lib/storage/key-cache';
import { getStoredSecret, listStoredKeys, onVaultUnlocked } from '@/lib/vault';
import { getVeniceClient } from '@/lib/venice';
import { z } from '@/lib/zod';
import { checkExpiryReminders, EXPIRY_NOTIFICATION_PREFIX, openRotationFor } from './expiry';
import { getKeyService } from './index';
import { createRotationService, type RotationService } from './rotation';
import { REVOKE_ALARM_PREFIX } from './rotation-store';

let service: RotationService | null = null;

export function getRotationService(): RotationService {
  service ??= createRotationService({
    keys: getKeyService(),
    getClient: getVeniceClient,
    getSettings,
    setSettings: async (patch) => {
      await updateSettings(patch);
    },
    vault: { listStoredKeys, getStoredSecret },
    alarms: {
      set: async (rotationId, when) => {
        await browser.alarms.create(`${REVOKE_ALARM_PREFIX}${rotationId}`, { when });
      },
      clear: async (rotationId) => {
        await browser.alarms.clear(`${REVOKE_ALARM_PREFIX}${rotationId}`);
      },
    },
    provenance: { read: readProvenance, record: recordProvenance },
    now: () => Date.now(),
  });
  return service;
}

/** After a woken worker answered what woke it (as the badge does). */
const RESUME_DELAY_MS = 250;

/** Listeners; call synchronously at worker start so a waking alarm is delivered. */
export function registerRotation(): void {
  const resume = () =>
    void getRotationService()
      .resume()
      .catch(() => undefined);
  browser.alarms.onAlarm.addListener((alarm) =>
    alarm.name.startsWith(REVOKE_ALARM_PREFIX)
      ? getRotationService()
          .onAlarm(alarm.name.slice(REVOKE_ALARM_PREFIX.length))
          .catch(() => undefined)
      : undefined,
  );
  // Expiry reminders ride on the badge's periodic alarm, from the cached list (no request).
  browser.alarms.onAlarm.addListener((alarm) =>
    alarm.name === BADGE_ALARM ? runExpiryCheck().catch(() => undefined) : undefined,
  );
  browser.notifications.onClicked.addListener((id) => {
    if (!id.startsWith(EXPIRY_NOTIFICATION_PREFIX)) return;
    void openRotationFor(id.slice(EXPIRY_NOTIFICATION_PREFIX.length)).catch(() => undefined);
    void browser.notifications.clear(id).catch(() => undefined);
  });
  // A revoke that failed because the vault was locked can run once it is open.
  onVaultUnlocked(resume);
  setTimeout(resume, RESUME_DELAY_MS);
}

/** The expiry reminders due now (lib/keys/expiry.ts). */
export function runExpiryCheck(): Promise<string[]> {
  return checkExpiryReminders({
    now: () => Date.now(),
    listedKeys: async () => (await readKeyCache()).keys,
    reminderDays: async () => (await getSettings()).expiryReminderDays,
    notify: async (id, title, message) => {
      await browser.notifications.create(id, {
        type: 'basic',
        iconUrl: browser.runtime.getURL('/icon/128.png'),
        title,
        message,
      });
    },
  });
}

const rotationIdInput = lazy(() => z.string().check(z.regex(/^[A-Za-z0-9_-]{8,64}$/, 'Not a rotation id')));

export const rotationApi = {
  'keys.rotate': method(
    () => z.object({ rotationId: rotationIdInput(), id: z.string().check(z.minLength(1), z.maxLength(200)) }),
    ({ rotationId, id }) => getRotationService().start(rotationId, id),
  ),
  'keys.rotation': method(
    () => z.object({ rotationId: rotationIdInput() }),
    ({ rotationId }) => getRotationService().get(rotationId),
  ),
  'keys.rotations': method(() => getRotationService().list()),
  'keys.rotationVerify': method(
    () => z.object({ rotationId: rotationIdInput() }),
    ({ rotationId }) => getRotationService().verifyManagement(rotationId),
  ),
  'keys.rotationRevoke': method(
    () => z.object({ rotationId: rotationIdInput(), when: z.enum(['now', '1h', '1d', '7d']) }),
    ({ rotationId, when }) => getRotationService().chooseRevoke(rotationId, when),
  ),
  'keys.rotationCancel': method(
    () => z.object({ rotationId: rotationIdInput() }),
    ({ rotationId }) => getRotationService().cancel(rotationId),
  ),
};
