/**
 * Changes to the cached key list (`keys.cache`), one at a time: refresh, create, edit and revoke
 * all read-modify-write it, so they share one queue and the second write never loses the first.
 */
import { createQueue } from '@/lib/queue';
import { type KeyCacheRecord, readKeyCache, writeKeyCache } from '@/lib/storage/key-cache';

export type KeyCacheWrites = ReturnType<typeof createKeyCacheWrites>;

export function createKeyCacheWrites() {
  const writes = createQueue();

  /** `change` answers the next cache, or null to leave it as it is. */
  function mutateCache(change: (cache: KeyCacheRecord) => KeyCacheRecord | null): Promise<KeyCacheRecord> {
    return writes.run(async () => {
      const current = await readKeyCache();
      const next = change(current);
      if (next) await writeKeyCache(next);
      return next ?? current;
    });
  }

  /** Venice no longer knows this key: its row goes from the owner's list. */
  function dropFromCache(ownerEntryId: string, id: string) {
    return mutateCache((cache) =>
      cache.ownerEntryId === ownerEntryId && cache.keys.some((k) => k.id === id)
        ? {
            ...cache,
            keys: cache.keys.filter((k) => k.id !== id),
            inVault: cache.inVault.filter((k) => k !== id),
          }
        : null,
    );
  }

  return { mutateCache, dropFromCache };
}
