/**
 * Expiry reminders: a notification a chosen number of days before a listed key expires, once per
 * key per threshold (what was notified is recorded: key id, threshold, expiry; nothing secret).
 * The check runs on the badge's periodic alarm, from the cached list (no request of its own).
 * Clicking the notification opens the popup on that key's rotation.
 */
import { browser } from 'wxt/browser';
import { type ExpiryNotified, expiryNotifiedItem } from '@/lib/storage/expiry-notified';
import type { ApiKey } from '@/lib/venice/types';

export const EXPIRY_NOTIFICATION_PREFIX = 'vkc-expiry:';
const DAY = 24 * 60 * 60 * 1000;

/** The keys to remind of now: expiring within `days`, not yet reminded at this threshold and expiry. */
export function dueReminders(
  keys: readonly ApiKey[],
  notified: ExpiryNotified,
  days: number,
  now: number,
): ApiKey[] {
  if (days <= 0) return [];
  return keys.filter((key) => {
    if (!key.expiresAt) return false;
    const at = Date.parse(key.expiresAt);
    if (!Number.isFinite(at) || at <= now || at - now > days * DAY) return false;
    const seen = notified[key.id];
    return !(seen && seen.days === days && seen.expiresAt === key.expiresAt);
  });
}

/** "in 3 d" / "in 5 h": how soon, in the words of the list rows. */
export function expiresInWords(expiresAt: string, now: number): string {
  const ms = Date.parse(expiresAt) - now;
  if (ms >= DAY) return `in ${Math.round(ms / DAY)} d`;
  return `in ${Math.max(1, Math.floor(ms / (60 * 60 * 1000)))} h`;
}

export interface ExpiryDeps {
  now(): number;
  /** The cached key list (and whether it belongs to the management key in use). */
  listedKeys(): Promise<ApiKey[]>;
  reminderDays(): Promise<number>;
  notify(id: string, title: string, message: string): Promise<void>;
}

/** Shows the reminders due, and records them; keys gone from the list are forgotten. */
export async function checkExpiryReminders(deps: ExpiryDeps): Promise<string[]> {
  const [keys, days, notified] = await Promise.all([
    deps.listedKeys(),
    deps.reminderDays(),
    expiryNotifiedItem.getValue(),
  ]);
  const now = deps.now();
  const due = dueReminders(keys, notified ?? {}, days, now);
  const listed = new Set(keys.map((k) => k.id));
  const next: ExpiryNotified = {};
  for (const [id, seen] of Object.entries(notified ?? {})) if (listed.has(id)) next[id] = seen;
  const shown: string[] = [];
  for (const key of due) {
    const name = `${key.description || 'Untitled key'} …${key.last6Chars}`;
    try {
      await deps.notify(
        `${EXPIRY_NOTIFICATION_PREFIX}${key.id}`,
        `Venice key expires ${expiresInWords(key.expiresAt as string, now)}: ${name}`,
        `It stops working on ${new Date(Date.parse(key.expiresAt as string)).toISOString().slice(0, 16).replace('T', ' ')} UTC. Click to rotate it.`,
      );
      next[key.id] = { days, expiresAt: key.expiresAt as string, at: now };
      shown.push(key.id);
    } catch {
      // Notifications blocked: the amber row still says it; try again on the next tick.
    }
  }
  if (shown.length > 0 || Object.keys(next).length !== Object.keys(notified ?? {}).length)
    await expiryNotifiedItem.setValue(next);
  return shown;
}

/** The popup, on this key's rotation, in a small window (an action popup cannot be opened from here). */
export async function openRotationFor(keyId: string): Promise<void> {
  await browser.windows.create({
    url: browser.runtime.getURL(`/popup.html?rotate=${encodeURIComponent(keyId)}`),
    type: 'popup',
    width: 420,
    height: 640,
  });
}
