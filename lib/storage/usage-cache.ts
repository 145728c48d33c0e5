/**
 * The usage cache (`chrome.storage.local`, no secrets): one entry per window (7/30/90 days).
 * Each window's entry is read tolerantly where it is used (lib/usage/store.ts: an unreadable
 * entry reads as empty and is refetched); here only the envelope is checked.
 */
import { checked, obj } from './check';
import { defineStoredItem } from './item';
import { STORAGE_KEYS } from './keys';

/** Entries by window length in days ('7', '30', '90'), each checked when read. */
export type StoredUsageCache = Partial<Record<string, unknown>>;

export const usageCacheItem = defineStoredItem<StoredUsageCache>({
  key: `local:${STORAGE_KEYS.local.usageCache}`,
  version: 1,
  check: (raw) => checked(() => obj(raw, 'cache')),
  fallback: {},
  kind: 'cache',
});
