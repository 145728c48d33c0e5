/**
 * Key management's storage: a non-secret cache of the key list and the account balance
 * (`local`, so the popup paints at once even after a browser restart), and the create
 * guard (`session`: in-flight creates survive a stopped worker, never a browser restart).
 */
import { storage } from 'wxt/utils/storage';
import type { SerializedError } from '@/lib/errors';
import { STORAGE_KEYS } from '@/lib/storage/keys';
import type { ApiKey } from '@/lib/venice/types';
import type { CachedBalance, CachedKeyList, VaultCopy } from './types';

export interface KeyCacheRecord extends CachedKeyList {
  /** The vault entry of the management key the list belongs to: another key = another account. */
  ownerEntryId: string | null;
  balance: CachedBalance | null;
  /** Why the last balance refresh failed; absent in caches written before it existed. */
  balanceError?: SerializedError | null;
  /**
   * Ids of listed keys whose secret was in the vault at the last refresh (ids only, not secret),
   * so the popup can paint the marks straight from this cache before the background answers.
   */
  inVault: string[];
}

export const EMPTY_KEY_CACHE: KeyCacheRecord = {
  ownerEntryId: null,
  keys: [],
  fetchedAt: null,
  refreshError: null,
  balance: null,
  inVault: [],
};

/** Storage key the popup watches (`chrome.storage.local`, key `keys.cache`). */
export const KEY_CACHE_STORAGE_KEY = STORAGE_KEYS.local.keyCache;

export const keyCacheItem = storage.defineItem<KeyCacheRecord>(`local:${STORAGE_KEYS.local.keyCache}`, {
  fallback: EMPTY_KEY_CACHE,
  version: 1,
});

export async function readKeyCache(): Promise<KeyCacheRecord> {
  const raw = await keyCacheItem.getValue();
  if (!raw || !Array.isArray(raw.keys)) return { ...EMPTY_KEY_CACHE };
  return { ...EMPTY_KEY_CACHE, ...raw, inVault: Array.isArray(raw.inVault) ? raw.inVault : [] };
}

export async function writeKeyCache(next: KeyCacheRecord): Promise<void> {
  await keyCacheItem.setValue(next);
}

/** One create, by the page's request id. Never holds the secret. */
export type CreateRecord =
  | { state: 'pending'; startedAt: number }
  | { state: 'done'; finishedAt: number; key: ApiKey; vaultCopy: VaultCopy | null }
  | { state: 'failed'; finishedAt: number; error: SerializedError };

export const createRecordsItem = storage.defineItem<Record<string, CreateRecord>>(
  `session:${STORAGE_KEYS.session.keyCreates}`,
  {
    fallback: {},
  },
);

/** Records older than this are forgotten (a page never asks about a create that old). */
export const CREATE_RECORD_TTL_MS = 60 * 60 * 1000;
