/**
 * The usage cache (`chrome.storage.local`, no secrets): one entry per window (7/30/90 days),
 * each with its own age, so switching windows paints at once and refreshes on its own clock.
 */

import { createQueue } from '@/lib/queue';
import { type StoredUsageCache as StoredCache, usageCacheItem } from '@/lib/storage/usage-cache';
import { readEntry } from './read';
import { USAGE_WINDOWS, type UsageCacheEntry, type UsageWindowDays } from './types';

export interface UsageStore {
  read(windowDays: UsageWindowDays): Promise<UsageCacheEntry>;
  write(entry: UsageCacheEntry): Promise<void>;
}

export function createStorageUsageStore(): UsageStore {
  const writes = createQueue();
  return {
    async read(windowDays) {
      return readEntry(await usageCacheItem.getValue(), windowDays);
    },
    write(entry) {
      return writes.run(async () => {
        const current = (await usageCacheItem.getValue()) ?? {};
        const next: StoredCache = {};
        for (const days of USAGE_WINDOWS)
          if (current[String(days)]) next[String(days)] = current[String(days)];
        next[String(entry.windowDays)] = entry;
        await usageCacheItem.setValue(next);
      });
    },
  };
}
