/**
 * The key list: the cached list the popup paints first (a non-secret cache,
 * stale-while-revalidate), the refresh that asks Venice for the list and the account balance,
 * the breach log with each key's name, and a key looked up by id.
 */
import { serializeError } from '@/lib/errors';
import { EMPTY_KEY_CACHE, type KeyCacheRecord, readKeyCache } from '@/lib/storage/key-cache';
import type { ApiKey } from '@/lib/venice/types';
import { asAdmin, type KeyAccessService, vaultIndex } from './access';
import type { KeyCacheWrites } from './cache-writes';
import type { KeyServiceDeps, VaultKeyMeta } from './deps';
import { followRenames, renamesIn } from './renames';
import type { RecentlyRevoked } from './revoke-service';
import type { BreachLog, KeysAccess, KeysOverview } from './types';

export interface KeyListDeps extends Pick<KeyServiceDeps, 'getClient' | 'vault' | 'now'> {
  access: KeyAccessService;
  cache: KeyCacheWrites;
  revoked: RecentlyRevoked;
}

export type KeyListService = ReturnType<typeof createKeyListService>;

export function createKeyListService(deps: KeyListDeps) {
  const { access: keyAccess, cache: cacheWrites, revoked } = deps;
  let refreshing: Promise<KeysOverview> | null = null;
  /** When this worker last asked Venice for the list (not kept across a worker restart). */
  let lastAskedAt: number | null = null;

  function buildOverview(access: KeysAccess, stored: VaultKeyMeta[], cache: KeyCacheRecord): KeysOverview {
    let effective = access;
    // Venice is the judge of a key's type: a key stored as ADMIN that Venice calls INFERENCE is one.
    if (
      access.state === 'ready' &&
      cache.ownerEntryId === access.entryId &&
      cache.refreshError?.code === 'venice.admin_required'
    )
      effective = { ...access, state: 'inference_only' };
    const showCache =
      access.state === 'locked' ||
      ((access.state === 'ready' || access.state === 'inference_only') &&
        cache.ownerEntryId === access.entryId);
    const list = showCache ? cache : EMPTY_KEY_CACHE;
    const findCopy = vaultIndex(stored);
    const inVault = stored.length
      ? list.keys.filter((key) => findCopy(key) !== null).map((key) => key.id)
      : [];
    return {
      access: effective,
      list: {
        keys: list.keys,
        fetchedAt: list.fetchedAt,
        refreshError: list.refreshError,
        unreadable: list.unreadable ?? null,
      },
      inVault,
      balance: showCache ? cache.balance : null,
      balanceError: showCache ? (cache.balanceError ?? null) : null,
      now: deps.now(),
    };
  }

  /** What the popup paints first: the cached list with its age, no network. */
  async function overview(): Promise<KeysOverview> {
    const [{ access, stored }, cache] = await Promise.all([keyAccess.resolveAccess(), readKeyCache()]);
    return buildOverview(access, stored, cache);
  }

  async function refreshNow(): Promise<KeysOverview> {
    const { access, stored } = await keyAccess.resolveAccess();
    if (access.state !== 'ready') return buildOverview(access, stored, await readKeyCache());
    const secret = await deps.vault.getStoredSecret(access.entryId);
    const client = await deps.getClient();
    const askedAt = deps.now();
    lastAskedAt = askedAt;
    const [list, balance] = await Promise.allSettled([
      asAdmin(client.listApiKeys(secret)),
      asAdmin(client.getBillingBalance(secret)),
    ]);
    const at = deps.now();
    const renames: [ApiKey, string][] = [];
    const cache = await cacheWrites.mutateCache((current) => {
      if (list.status === 'fulfilled' && current.ownerEntryId === access.entryId)
        renames.push(...renamesIn(current.keys, list.value.keys));
      const next: KeyCacheRecord =
        current.ownerEntryId === access.entryId
          ? { ...current }
          : { ...EMPTY_KEY_CACHE, ownerEntryId: access.entryId };
      if (list.status === 'fulfilled') {
        // A key created here after the list was asked cannot be in it: it stays until a list that
        // can have it comes (cache-writes remembers it, by this machine's clock).
        const listed = new Set(list.value.keys.map((key) => key.id));
        const createdSince = cacheWrites
          .createdSince(access.entryId, askedAt)
          .filter((key) => !listed.has(key.id));
        next.keys = [...createdSince, ...list.value.keys].filter((key) => !revoked.has(key.id));
        next.unreadable = list.value.unreadable;
        next.fetchedAt = at;
        next.refreshError = null;
        const findCopy = vaultIndex(stored);
        next.inVault = next.keys.filter((key) => findCopy(key) !== null).map((key) => key.id);
      } else {
        next.refreshError = serializeError(list.reason);
      }
      // A failed balance keeps the last figure, and says so (with its age) until a refresh succeeds.
      if (balance.status === 'fulfilled') {
        next.balance = { value: balance.value, fetchedAt: at };
        next.balanceError = null;
      } else next.balanceError = serializeError(balance.reason);
      return next;
    });
    return buildOverview(access, await followRenames(deps.vault, stored, renames), cache);
  }

  /**
   * Asks Venice for the list and balance; one refresh at a time. Failures land in `refreshError`.
   * `since`: a page asking for a list at least as new as its opening. When Venice was already
   * asked since then (the refresh an unlock starts, say), that answer stands: one list and one
   * balance request per popup open, however the unlock and the page's own call interleave.
   */
  function refresh(options: { since?: number } = {}): Promise<KeysOverview> {
    if (refreshing) return refreshing;
    if (options.since !== undefined && lastAskedAt !== null && lastAskedAt >= options.since)
      return overview();
    refreshing = refreshNow().finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  async function breaches(): Promise<BreachLog> {
    const { entryId, secret, stored } = await keyAccess.requireAdmin();
    const client = await deps.getClient();
    const { entries: log, unreadable } = await asAdmin(client.getRateLimitLog(secret));
    let cache = await readKeyCache();
    let known = new Map((cache.ownerEntryId === entryId ? cache.keys : []).map((k) => [k.id, k]));
    if (log.some((entry) => !known.has(entry.apiKeyId))) {
      // A key we have not seen yet: the list is older than the log. Ask once.
      try {
        const { keys, unreadable: unreadableKeys } = await asAdmin(client.listApiKeys(secret));
        const at = deps.now();
        const renames: [ApiKey, string][] = [];
        cache = await cacheWrites.mutateCache((current) => {
          if (current.ownerEntryId === entryId) renames.push(...renamesIn(current.keys, keys));
          return {
            ...(current.ownerEntryId === entryId ? current : { ...EMPTY_KEY_CACHE, ownerEntryId: entryId }),
            keys: keys.filter((k) => !revoked.has(k.id)),
            unreadable: unreadableKeys,
            fetchedAt: at,
            refreshError: null,
            inVault: keys.filter((k) => vaultIndex(stored)(k) !== null).map((k) => k.id),
          };
        });
        // This list replaced the cached one: a rename in it must move the label now, or no refresh will.
        await followRenames(deps.vault, stored, renames);
        known = new Map(cache.keys.map((k) => [k.id, k]));
      } catch {
        // Names stay unresolved; the log itself is still worth showing.
      }
    }
    const entries = log
      .map((entry) => {
        const key = known.get(entry.apiKeyId);
        return {
          ...entry,
          keyDescription: key ? key.description : null,
          keyLast6: key ? key.last6Chars : null,
        };
      })
      .sort((a, b) => Date.parse(b.timestamp) - Date.parse(a.timestamp));
    return { entries, unreadable, fetchedAt: deps.now() };
  }

  /** A key as the cached list has it, or else as Venice answers for it now. */
  async function findKey(id: string): Promise<ApiKey> {
    const { entryId, secret } = await keyAccess.requireAdmin();
    const cache = await readKeyCache();
    const cached = cache.ownerEntryId === entryId ? cache.keys.find((k) => k.id === id) : undefined;
    if (cached) return cached;
    const client = await deps.getClient();
    return asAdmin(client.getApiKey(secret, id));
  }

  /**
   * The management key moved to another key of the same account (a rotation): the cached list is
   * still this account's, so it stays shown instead of being taken for another account's.
   */
  function adoptCacheOwner(fromEntryId: string, toEntryId: string): Promise<unknown> {
    return cacheWrites.mutateCache((cache) =>
      cache.ownerEntryId === fromEntryId ? { ...cache, ownerEntryId: toEntryId } : null,
    );
  }

  /**
   * The popup's markup of the list it drew from the cache of `fetchedAt` (entrypoints/popup/shell.ts),
   * kept in the cache record, so that whatever clears or replaces the list takes it along. Kept
   * only while the cache is still the one it was drawn from, and the management key's.
   */
  async function saveShell(fetchedAt: number, html: string): Promise<boolean> {
    const { access } = await keyAccess.resolveAccess();
    if (access.state !== 'ready') return false;
    let saved = false;
    await cacheWrites.mutateCache((cache) => {
      if (cache.ownerEntryId !== access.entryId || cache.fetchedAt !== fetchedAt || cache.shell === html)
        return null;
      saved = true;
      return { ...cache, shell: html };
    });
    return saved;
  }

  /**
   * The vault changed (reset, a backup restored, a key removed): a list whose management key is no
   * longer stored is forgotten, its markup in the same write, so no page paints it again.
   */
  async function dropOrphanCache(): Promise<void> {
    const status = await deps.vault.getVaultStatus();
    if (status === 'locked') return;
    const stored = status === 'unlocked' ? await deps.vault.listStoredKeys() : [];
    const ids = new Set(stored.map((key) => key.entryId));
    await cacheWrites.mutateCache((cache) =>
      cache.ownerEntryId !== null && !ids.has(cache.ownerEntryId) ? { ...EMPTY_KEY_CACHE } : null,
    );
  }

  return { overview, refresh, breaches, findKey, adoptCacheOwner, saveShell, dropOrphanCache };
}
