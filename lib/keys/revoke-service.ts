/**
 * Revoking a key: the row goes at once (optimistic) and comes back where it was if Venice
 * refuses; for a minute, a list that still names the key (sent just before the revoke landed)
 * does not bring it back.
 */
import { VeniceNotFoundError } from '@/lib/venice/errors';
import type { ApiKey } from '@/lib/venice/types';
import { asAdmin, type KeyAccessService, vaultIndex } from './access';
import type { KeyCacheWrites } from './cache-writes';
import type { KeyServiceDeps } from './deps';
import type { RevokeKeyResult } from './types';

/** A revoked key can still be in a list Venice sent just before the revoke landed. */
const REVOKED_MEMORY_MS = 60_000;

export type RecentlyRevoked = ReturnType<typeof createRecentlyRevoked>;

/** Ids revoked in this worker lately, which a list refresh leaves out. */
export function createRecentlyRevoked(now: () => number) {
  const revokedAt = new Map<string, number>();
  return {
    add(id: string): void {
      revokedAt.set(id, now());
    },
    delete(id: string): void {
      revokedAt.delete(id);
    },
    has(id: string): boolean {
      const at = revokedAt.get(id);
      if (at === undefined) return false;
      if (now() - at > REVOKED_MEMORY_MS) {
        revokedAt.delete(id);
        return false;
      }
      return true;
    },
  };
}

export interface KeyRevokeDeps extends Pick<KeyServiceDeps, 'getClient'> {
  access: KeyAccessService;
  cache: KeyCacheWrites;
  revoked: RecentlyRevoked;
  badge(reason: string): void;
}

export type KeyRevokeService = ReturnType<typeof createKeyRevokeService>;

export function createKeyRevokeService(deps: KeyRevokeDeps) {
  /** Removes the row at once; puts it back where it was if Venice refuses. */
  async function revoke(id: string): Promise<RevokeKeyResult> {
    const { entryId, secret, stored } = await deps.access.requireAdmin();
    const client = await deps.getClient();
    type Removed = { key: ApiKey; index: number; inVault: boolean };
    let removed: Removed | null = null;
    await deps.cache.mutateCache((cache) => {
      if (cache.ownerEntryId !== entryId) return null;
      const index = cache.keys.findIndex((k) => k.id === id);
      if (index < 0) return null;
      removed = { key: cache.keys[index] as ApiKey, index, inVault: cache.inVault.includes(id) };
      return {
        ...cache,
        keys: cache.keys.filter((k) => k.id !== id),
        inVault: cache.inVault.filter((k) => k !== id),
      };
    });
    deps.revoked.add(id);
    let alreadyGone = false;
    try {
      await asAdmin(client.revokeApiKey(secret, id));
    } catch (err) {
      if (err instanceof VeniceNotFoundError) alreadyGone = true;
      else {
        deps.revoked.delete(id);
        const back = removed as Removed | null;
        if (back)
          await deps.cache.mutateCache((cache) => {
            if (cache.ownerEntryId !== entryId || cache.keys.some((k) => k.id === id)) return null;
            const keys = cache.keys.slice();
            keys.splice(Math.min(back.index, keys.length), 0, back.key);
            return { ...cache, keys, inVault: back.inVault ? [...cache.inVault, id] : cache.inVault };
          });
        throw err;
      }
    }
    deps.badge('key revoked');
    const gone = removed as Removed | null;
    return { alreadyGone, vaultCopy: vaultIndex(stored)(gone ? gone.key : { id }) };
  }

  return { revoke };
}
