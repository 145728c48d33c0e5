/**
 * Reads and follows the stored sites for the popup (`keys.provenance`, written by lib/apps). Loaded
 * after the list's first paint: the "used on" lines are not part of it, and the popup's initial load
 * stays within its budget.
 */
import { browser } from 'wxt/browser';
import { STORAGE_KEYS } from '@/lib/storage/keys';
import { type KeySite, keySites } from './sites';

const STORAGE_KEY = STORAGE_KEYS.local.keyProvenance;

export function sitesFrom(raw: unknown): ReadonlyMap<string, KeySite> {
  const out = new Map<string, KeySite>();
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return out;
  for (const [id, value] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof value !== 'object' || value === null) continue;
    const v = value as Record<string, unknown>;
    if (typeof v.origin !== 'string' || typeof v.at !== 'string') continue;
    let url: URL;
    try {
      url = new URL(v.origin);
    } catch {
      continue;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') continue;
    out.set(id, {
      origin: url.origin,
      host: url.host,
      title: typeof v.title === 'string' ? v.title : '',
      at: v.at,
      how: v.how === 'tagged' ? 'tagged' : 'filled',
    });
  }
  return out;
}

/** Starts following the stored sites; returns the unsubscribe. */
export function watchSites(): () => void {
  let live = true;
  void browser.storage.local
    .get(STORAGE_KEY)
    .then((stored) => {
      if (live) keySites.value = sitesFrom(stored[STORAGE_KEY]);
    })
    .catch(() => undefined);
  const listener = (changes: Record<string, { newValue?: unknown }>) => {
    if (STORAGE_KEY in changes) keySites.value = sitesFrom(changes[STORAGE_KEY]?.newValue);
  };
  browser.storage.local.onChanged.addListener(listener);
  return () => {
    live = false;
    browser.storage.local.onChanged.removeListener(listener);
  };
}
