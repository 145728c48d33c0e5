/**
 * Expiry reminders already shown (`chrome.storage.local`, key `keys.expiryNotified`): per key
 * id, the threshold (days) and expiry it was reminded of, and when (lib/keys/expiry.ts). Not
 * secret. A cache: a damaged one is dropped, at worst a reminder is shown a second time.
 */
import { checked, num, obj, str } from './check';
import { defineStoredItem } from './item';
import { STORAGE_KEYS } from './keys';

/** Per key id: the threshold (days) and expiry it was reminded of. */
export type ExpiryNotified = Record<string, { days: number; expiresAt: string; at: number }>;

export const expiryNotifiedItem = defineStoredItem<ExpiryNotified>({
  key: `local:${STORAGE_KEYS.local.expiryNotified}`,
  version: 1,
  check: (raw) =>
    checked(() => {
      const out: ExpiryNotified = {};
      for (const [id, value] of Object.entries(obj(raw, 'notified'))) {
        const seen = obj(value, id);
        out[id] = {
          days: num(seen.days, `${id}.days`),
          expiresAt: str(seen.expiresAt, `${id}.expiresAt`),
          at: num(seen.at, `${id}.at`),
        };
      }
      return out;
    }),
  fallback: {},
  kind: 'cache',
});
