/**
 * The usage cache (`chrome.storage.local`, no secrets), one entry per window (7/30/90 days), in two
 * items: `usage.cache` holds what the account view draws (days, spend by key and by model, series
 * names) and `usage.series` the per-key and per-model daily series, which only the sparklines and
 * the key detail draw. With 90 days × 50 keys the series are nearly all of the bytes, and the
 * popup's usage view paints from the first item alone. Each window's entry is read tolerantly
 * where it is used (lib/usage/read.ts: an unreadable entry reads as empty and is refetched); here
 * only the envelope is checked.
 */
import { lazy } from '@/lib/lazy';
import { checked, obj } from './check';
import { defineStoredItem } from './item';
import { STORAGE_KEYS } from './keys';

/** Entries by window length in days ('7', '30', '90'), each checked when read. */
export type StoredUsageCache = Partial<Record<string, unknown>>;

/** A window's daily series as stored in `usage.series`: written with the entry of the same `fetchedAt`. */
export interface StoredUsageSeries {
  fetchedAt: number | null;
  keyDaily: unknown[];
  modelDaily: unknown[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Version 1 held the series inside each entry's snapshot. A migration writes only its own item,
 * so the series are dropped rather than moved, and the entry's `fetchedAt` is cleared: the next
 * refresh asks Venice again (a cache: nothing is lost but one request), instead of the key views
 * showing no series for up to 10 minutes.
 */
export function usageCacheV1toV2(old: unknown): unknown {
  if (!isRecord(old)) return old;
  const next: StoredUsageCache = {};
  for (const [window, entry] of Object.entries(old)) {
    if (!isRecord(entry) || !isRecord(entry.snapshot)) {
      next[window] = entry;
      continue;
    }
    const { keyDaily: _k, modelDaily: _m, ...totals } = entry.snapshot;
    next[window] = { ...entry, fetchedAt: null, snapshot: totals };
  }
  return next;
}

// Defined on first use: an item with migrations reads its value and version as it is defined,
// which would add a storage read to every cold start of the worker, usage or not.
export const usageCacheItem = lazy(() =>
  defineStoredItem<StoredUsageCache>({
    key: `local:${STORAGE_KEYS.local.usageCache}`,
    version: 2,
    migrations: { 2: usageCacheV1toV2 },
    check: (raw) => checked(() => obj(raw, 'cache')),
    fallback: {},
    kind: 'cache',
  }),
);

/** Series by window ('7', '30', '90'), each read tolerantly where it is used. */
export const usageSeriesItem = defineStoredItem<StoredUsageCache>({
  key: `local:${STORAGE_KEYS.local.usageSeries}`,
  version: 1,
  check: (raw) => checked(() => obj(raw, 'series')),
  fallback: {},
  kind: 'cache',
});
