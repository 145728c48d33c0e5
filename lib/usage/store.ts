/**
 * The usage cache (`chrome.storage.local`, no secrets): one entry per window (7/30/90 days),
 * each with its own age, so switching windows paints at once and refreshes on its own clock.
 * Stored in two items (lib/storage/usage-cache.ts): the account view's figures, and the daily
 * series per key and model; read and written here as one entry.
 */

import { createQueue } from '@/lib/queue';
import {
  type StoredUsageCache as StoredCache,
  type StoredUsageSeries,
  usageCacheItem,
  usageSeriesItem,
} from '@/lib/storage/usage-cache';
import { readEntry, readUsage } from './read';
import { USAGE_WINDOWS, type UsageCacheEntry, type UsageWindowDays } from './types';

export interface UsageStore {
  read(windowDays: UsageWindowDays): Promise<UsageCacheEntry>;
  write(entry: UsageCacheEntry): Promise<void>;
  /**
   * The popup's markup of the usage view it drew from the `windowDays` figures of `fetchedAt`
   * (entrypoints/popup/usage-shell.ts), kept in that window's entry (`shell`), beside the owner
   * popup-cache.js checks: every write of the window's figures replaces the entry, so whatever
   * replaces or clears them takes the shell along. Kept only while those figures are the stored ones.
   */
  saveShell(windowDays: UsageWindowDays, fetchedAt: number, html: string): Promise<boolean>;
}

/** The windows kept of `current`, with `windowDays` set to `value`. */
function withWindow(current: StoredCache, windowDays: UsageWindowDays, value: unknown): StoredCache {
  const next: StoredCache = {};
  for (const days of USAGE_WINDOWS) if (current[String(days)]) next[String(days)] = current[String(days)];
  next[String(windowDays)] = value;
  return next;
}

export function createStorageUsageStore(): UsageStore {
  const writes = createQueue();
  return {
    async read(windowDays) {
      const [totals, series] = await Promise.all([usageCacheItem().getValue(), usageSeriesItem.getValue()]);
      const entry = readEntry(totals, windowDays, { series: false });
      const stored = series[String(windowDays)];
      if (!entry.snapshot || typeof stored !== 'object' || stored === null) return entry;
      // The series of other figures (a write between the two items) are not these figures' series.
      if ((stored as StoredUsageSeries).fetchedAt !== entry.fetchedAt) return entry;
      const { keyDaily, modelDaily } = readUsage(stored);
      return { ...entry, snapshot: { ...entry.snapshot, keyDaily, modelDaily } };
    },
    write(entry) {
      return writes.run(async () => {
        const { snapshot, ...rest } = entry;
        let totals: Omit<NonNullable<typeof snapshot>, 'keyDaily' | 'modelDaily'> | null = null;
        if (snapshot) {
          const { keyDaily, modelDaily, ...figures } = snapshot;
          totals = figures;
          const series: StoredUsageSeries = { fetchedAt: entry.fetchedAt, keyDaily, modelDaily };
          // The series first: a reader between the two writes finds the old figures, whose series no longer match.
          await usageSeriesItem.setValue(
            withWindow(await usageSeriesItem.getValue(), entry.windowDays, series),
          );
        }
        const cache = usageCacheItem();
        await cache.setValue(
          withWindow(await cache.getValue(), entry.windowDays, { ...rest, snapshot: totals }),
        );
      });
    },
    saveShell(windowDays, fetchedAt, html) {
      return writes.run(async () => {
        const cache = usageCacheItem();
        const current = await cache.getValue();
        const stored = current[String(windowDays)];
        const entry = readEntry(current, windowDays, { series: false });
        if (entry.fetchedAt !== fetchedAt || entry.ownerEntryId === null || !entry.snapshot) return false;
        if (typeof stored !== 'object' || stored === null) return false;
        await cache.setValue({ ...current, [String(windowDays)]: { ...stored, shell: html } });
        return true;
      });
    },
  };
}
