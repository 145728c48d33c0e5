/**
 * Seven-day sparklines for the key list, from the background's 7-day analytics cache
 * (`usage.cache` in storage.local, written by lib/usage). Read here directly and defensively, so
 * the list's first paint carries none of lib/usage; then one refresh (which asks Venice only when
 * the figures are older than its 10-minute cache).
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { call } from '@/lib/messaging/client';
import { STORAGE_KEYS } from '@/lib/storage/keys';

export type Sparks = ReadonlyMap<string, number[]>;

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

export function useWeekSparks(enabled: boolean): Sparks {
  const [sparks, setSparks] = useState<Sparks>(EMPTY);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    void browser.storage.local
      .get(STORAGE_KEYS.local.usageCache)
      .then((stored) => {
        const cache = stored[STORAGE_KEYS.local.usageCache];
        if (live && isRecord(cache) && isRecord(cache['7'])) setSparks(sparksFrom(cache['7'].snapshot));
        return call('usage.refresh', { windowDays: 7 });
      })
      .then((fresh) => {
        if (live && fresh.snapshot) setSparks(sparksFrom(fresh.snapshot));
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [enabled]);
  return sparks;
}
