/**
 * Changes to the cached key list (`keys.cache`), one at a time: refresh, create, edit and revoke
 * all read-modify-write it, so they share one queue and the second write never loses the first.
 */
import { createQueue } from '@/lib/queue';
import { type KeyCacheRecord, readKeyCache, writeKeyCache } from '@/lib/storage/key-cache';
import type { ApiKey } from '@/lib/venice/types';

/** How long this worker remembers a key it created, for a list asked before the create. */
const CREATED_MEMORY_MS = 10 * 60_000;

export type KeyCacheWrites = ReturnType<typeof createKeyCacheWrites>;

export function createKeyCacheWrites(now: () => number = Date.now) {
  const writes = createQueue();
  /**
   * Keys this worker created, by id, with the owner and this machine's time of the create. A list
   * asked before a create cannot have its key; the refresh keeps such a key by this memory (the
   * local clock on both sides: Venice's createdAt comes from another clock), and also when the
   * create found no cache of its owner to write into (the first list still on its way).
   */
  const created = new Map<string, { key: ApiKey; ownerEntryId: string; at: number }>();

  function noteCreated(ownerEntryId: string, key: ApiKey): void {
    const at = now();
    for (const [id, c] of created) if (at - c.at > CREATED_MEMORY_MS) created.delete(id);
    created.set(key.id, { key, ownerEntryId, at });
  }

  /** The owner's keys created here at or after `askedAt` (this machine's clock). */
  function createdSince(ownerEntryId: string, askedAt: number): ApiKey[] {
    return [...created.values()]
      .filter((c) => c.ownerEntryId === ownerEntryId && c.at >= askedAt)
      .sort((a, b) => b.at - a.at)
      .map((c) => c.key);
  }

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

  return { mutateCache, dropFromCache, noteCreated, createdSince };
}
