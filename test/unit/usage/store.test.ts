import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { readWeekSparks } from '@/entrypoints/popup/sparks-data';
import { STORAGE_KEYS } from '@/lib/storage/keys';
import { usageCacheItem } from '@/lib/storage/usage-cache';
import { createStorageUsageStore } from '@/lib/usage/store';
import type { UsageCacheEntry } from '@/lib/usage/types';

const { usageCache, usageSeries } = STORAGE_KEYS.local;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 20);

/** A 7-day window of two keys (synthetic figures), as the service hands it to the store. */
function week(fetchedAt: number): UsageCacheEntry {
  const days = Array.from({ length: 7 }, (_, d) => T0 + d * DAY);
  return {
    windowDays: 7,
    ownerEntryId: 'entry-admin',
    fetchedAt,
    error: null,
    snapshot: {
      lookback: '7d',
      days: days.map((date, d) => ({ date: new Date(date).toISOString().slice(0, 10), usd: d, diem: 0 })),
      byKey: [
        { apiKeyId: 'key-a', name: 'alpha', usd: 21, diem: 0, units: 7 },
        { apiKeyId: 'key-b', name: 'beta', usd: 7, diem: 0, units: 7 },
      ],
      byModel: [{ name: 'qwen3-235b', usd: 28, diem: 0, units: 14 }],
      keyDaily: days.map((date, d) => ({ date, values: { alpha: d, beta: 1 } })),
      modelDaily: days.map((date, d) => ({ date, values: { 'qwen3-235b': d + 1 } })),
      topKeyNames: ['alpha', 'beta'],
      topModels: ['qwen3-235b'],
      unreadableRows: 0,
    },
  };
}

describe('the usage store (two items: the account view’s figures, the daily series)', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await usageCacheItem().migrate();
  });

  it('keeps the daily series out of usage.cache, and reads the entry back whole', async () => {
    const store = createStorageUsageStore();
    await store.write(week(T0 + 7 * DAY));
    const stored = await fakeBrowser.storage.local.get(usageCache);
    const snapshot = (stored[usageCache] as Record<string, { snapshot: Record<string, unknown> }>)['7']
      ?.snapshot;
    expect(snapshot).toBeDefined();
    expect(snapshot).not.toHaveProperty('keyDaily');
    expect(snapshot).not.toHaveProperty('modelDaily');
    expect(await store.read(7)).toEqual(week(T0 + 7 * DAY));
  });

  it('does not join series written with other figures (a write between the two items)', async () => {
    const store = createStorageUsageStore();
    await store.write(week(T0 + 7 * DAY));
    const series = (await fakeBrowser.storage.local.get(usageSeries))[usageSeries] as Record<string, object>;
    await fakeBrowser.storage.local.set({ [usageSeries]: { '7': { ...series['7'], fetchedAt: T0 } } });
    const read = await store.read(7);
    expect(read.snapshot?.byKey).toHaveLength(2);
    expect(read.snapshot?.keyDaily).toEqual([]);
    expect(read.snapshot?.modelDaily).toEqual([]);
  });

  it('gives the key list its sparklines from the two items, and none from series of other figures', async () => {
    const store = createStorageUsageStore();
    await store.write(week(T0 + 7 * DAY));
    // The background's refresh brings no figures here: what is drawn came from storage.
    const sendMessage = vi
      .spyOn(fakeBrowser.runtime, 'sendMessage')
      .mockResolvedValue({ ok: true, value: { snapshot: null } });
    const got: ReadonlyMap<string, number[]>[] = [];
    await readWeekSparks((sparks) => got.push(sparks));
    expect(got).toHaveLength(1);
    expect(Object.fromEntries(got[0] ?? [])).toEqual({
      'key-a': [0, 1, 2, 3, 4, 5, 6],
      'key-b': [1, 1, 1, 1, 1, 1, 1],
    });
    expect(sendMessage).toHaveBeenCalledTimes(1);

    const series = (await fakeBrowser.storage.local.get(usageSeries))[usageSeries] as Record<string, object>;
    await fakeBrowser.storage.local.set({ [usageSeries]: { '7': { ...series['7'], fetchedAt: T0 } } });
    const later: unknown[] = [];
    await readWeekSparks((sparks) => later.push(sparks));
    // It went on to ask the background, and the stored figures gave nothing to draw.
    expect(sendMessage).toHaveBeenCalledTimes(2);
    expect(later).toEqual([]);
  });
});
