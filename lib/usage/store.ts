/**
 * The usage cache (`chrome.storage.local`, no secrets): one entry per window (7/30/90 days),
 * each with its own age, so switching windows paints at once and refreshes on its own clock.
 */

import { createQueue } from '@/lib/queue';
import { type StoredUsageCache as StoredCache, usageCacheItem } from '@/lib/storage/usage-cache';
import { readUsage } from './read';
import { USAGE_WINDOWS, type UsageCacheEntry, type UsageWindowDays } from './types';

export function emptyEntry(windowDays: UsageWindowDays): UsageCacheEntry {
  return { windowDays, ownerEntryId: null, fetchedAt: null, snapshot: null, error: null };
}

/** Reads one window's entry tolerantly: anything unreadable gives an empty entry, never a throw. */
export function readEntry(
  stored: StoredCache | null | undefined,
  windowDays: UsageWindowDays,
): UsageCacheEntry {
  const raw = stored?.[String(windowDays)];
  if (typeof raw !== 'object' || raw === null) return emptyEntry(windowDays);
  const r = raw as Record<string, unknown>;
  const error =
    typeof r.error === 'object' &&
    r.error !== null &&
    typeof (r.error as { code?: unknown }).code === 'string' &&
    typeof (r.error as { message?: unknown }).message === 'string'
      ? { code: (r.error as { code: string }).code, message: (r.error as { message: string }).message }
      : null;
  return {
    windowDays,
    ownerEntryId: typeof r.ownerEntryId === 'string' ? r.ownerEntryId : null,
    fetchedAt: typeof r.fetchedAt === 'number' && Number.isFinite(r.fetchedAt) ? r.fetchedAt : null,
    snapshot: r.snapshot === null || r.snapshot === undefined ? null : readUsage(r.snapshot),
    error,
  };
}

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
