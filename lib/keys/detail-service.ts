/** One key's detail with its own rate limits, and the limits of the key the extension holds. */
import { serializeError } from '@/lib/errors';
import { VaultLockedError, VaultMissingError } from '@/lib/vault/errors';
import { VeniceNotFoundError } from '@/lib/venice/errors';
import type { ApiKey, RateLimits } from '@/lib/venice/types';
import { asAdmin, type KeyAccessService, vaultIndex } from './access';
import type { KeyCacheWrites } from './cache-writes';
import type { KeyServiceDeps } from './deps';
import { NoManagementKeyError } from './errors';
import { followRenames } from './renames';
import type { KeyDetail, OwnLimits } from './types';

export interface KeyDetailDeps extends Pick<KeyServiceDeps, 'getClient' | 'vault' | 'now'> {
  access: KeyAccessService;
  cache: KeyCacheWrites;
}

export type KeyDetailService = ReturnType<typeof createKeyDetailService>;

export function createKeyDetailService(deps: KeyDetailDeps) {
  async function detail(id: string): Promise<KeyDetail> {
    const { entryId, secret, stored } = await deps.access.requireAdmin();
    const client = await deps.getClient();
    let key: ApiKey;
    try {
      key = await asAdmin(client.getApiKey(secret, id));
    } catch (err) {
      if (err instanceof VeniceNotFoundError) await deps.cache.dropFromCache(entryId, id);
      throw err;
    }
    const seen: { before?: string } = {};
    await deps.cache.mutateCache((cache) => {
      if (cache.ownerEntryId !== entryId) return null;
      const index = cache.keys.findIndex((k) => k.id === id);
      if (index < 0) return null;
      seen.before = (cache.keys[index] as ApiKey).description;
      const keys = cache.keys.slice();
      keys[index] = key;
      return { ...cache, keys };
    });
    // A rename at Venice seen here first must move the label as a refresh would: the cache now
    // holds the new name, so the next refresh no longer sees a rename to follow.
    const { before } = seen;
    const current =
      before !== undefined && before !== key.description
        ? await followRenames(deps.vault, stored, [[key, before]])
        : stored;
    const vaultCopy = vaultIndex(current)(key);
    let rateLimits: RateLimits | null = null;
    let rateLimitsError = null;
    if (vaultCopy) {
      try {
        rateLimits = await client.getRateLimits(await deps.vault.getStoredSecret(vaultCopy.entryId));
      } catch (err) {
        rateLimitsError = serializeError(err);
      }
    }
    return { key, vaultCopy, rateLimits, rateLimitsError, fetchedAt: deps.now() };
  }

  /** The limits of the key we hold when it is an INFERENCE key (or of the management key). */
  async function ownLimits(): Promise<OwnLimits> {
    const { access, stored } = await deps.access.resolveAccess();
    if (access.state === 'locked') throw new VaultLockedError();
    if (access.state === 'no_vault') throw new VaultMissingError();
    if (access.state === 'no_management_key') throw new NoManagementKeyError();
    const entry = stored.find((e) => e.entryId === access.entryId);
    if (!entry) throw new NoManagementKeyError();
    const client = await deps.getClient();
    const rateLimits = await client.getRateLimits(await deps.vault.getStoredSecret(entry.entryId));
    return { label: entry.label, last6: entry.last6, rateLimits, fetchedAt: deps.now() };
  }

  return { detail, ownLimits };
}
