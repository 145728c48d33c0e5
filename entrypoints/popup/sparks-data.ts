/**
 * The key list's seven-day sparklines: the reader of the background's 7-day analytics cache
 * (`usage.cache` and `usage.series` in storage.local, written by lib/usage), read directly and defensively, and the
 * sparkline itself. A chunk of its own, loaded after the list's first paint (sparks.ts).
 */
import { browser } from 'wxt/browser';
import { call } from '@/lib/messaging/client';
import { STORAGE_KEYS } from '@/lib/storage/keys';
import type { Sparks } from './sparks';

export { Sparkline } from '@/components/charts/Sparkline';

const EMPTY: Sparks = new Map();

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Key id → its last 7 daily figures, from a stored or fresh usage snapshot; junk gives nothing. */
export function sparksFrom(snapshot: unknown): Sparks {
  if (!isRecord(snapshot) || !Array.isArray(snapshot.byKey) || !Array.isArray(snapshot.keyDaily))
    return EMPTY;
  const days = snapshot.keyDaily.filter(isRecord).slice(-7);
  const out = new Map<string, number[]>();
  for (const row of snapshot.byKey) {
    if (!isRecord(row) || typeof row.apiKeyId !== 'string' || typeof row.name !== 'string') continue;
    const name = row.name;
    out.set(
      row.apiKeyId,
      days.map((d) => {
        const v = isRecord(d.values) ? d.values[name] : undefined;
        return typeof v === 'number' && Number.isFinite(v) ? v : 0;
      }),
    );
  }
  return out;
}

/**
 * The stored figures (the 7-day window's keys from `usage.cache`, their daily series from
 * `usage.series`, lib/storage/usage-cache.ts), then one refresh (which asks Venice only when they
 * are older than its 10-minute cache).
 */
export async function readWeekSparks(onSparks: (sparks: Sparks) => void): Promise<void> {
  const { usageCache, usageSeries } = STORAGE_KEYS.local;
  const stored = await browser.storage.local.get([usageCache, usageSeries]);
  const week = isRecord(stored[usageCache]) ? stored[usageCache]['7'] : undefined;
  const series = isRecord(stored[usageSeries]) ? stored[usageSeries]['7'] : undefined;
  // Series written with other figures than these are not theirs (lib/usage/store.ts).
  if (isRecord(week) && isRecord(week.snapshot) && isRecord(series) && series.fetchedAt === week.fetchedAt)
    onSparks(sparksFrom({ ...week.snapshot, keyDaily: series.keyDaily }));
  const fresh = await call('usage.refresh', { windowDays: 7 });
  if (fresh.snapshot) onSparks(sparksFrom(fresh.snapshot));
}
