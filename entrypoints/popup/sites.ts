/**
 * Where each key went (issue 17), for the key list and detail: read straight from storage
 * (`keys.provenance` in storage.local, written by lib/apps) and followed as it changes, so the list's
 * first paint waits for nothing. Read defensively: an entry that does not fit is skipped.
 */
import { signal } from '@preact/signals';
import { browser } from 'wxt/browser';
import { STORAGE_KEYS } from '@/lib/storage/keys';

export interface KeySite {
  origin: string;
  host: string;
  title: string;
  at: string;
  how: 'filled' | 'tagged';
}

const STORAGE_KEY = STORAGE_KEYS.local.keyProvenance;

/** Venice key id → its site. */
export const keySites = signal<ReadonlyMap<string, KeySite>>(new Map());
/** The list's site filter: a host, or '' for every key. */
export const siteFilter = signal('');

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
