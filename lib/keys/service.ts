/**
 * Key management in the background: the list (a non-secret cache, stale-while-revalidate),
 * detail with the key's own rate limits, create (secret into the vault before anyone sees it),
 * edit (only what changed), revoke (optimistic, rolled back if Venice refuses), the breach log
 * and the account balance. Everything it needs comes in through `KeyServiceDeps`, so tests can
 * run it against a fake Venice client and an in-memory vault.
 */

import { serializeError } from '@/lib/errors';
import {
  hasErrors,
  type KeySettingsDraft,
  toCreateInput,
  toUpdateInput,
  validateKeySettings,
} from '@/lib/keys/key-settings';
import { createQueue } from '@/lib/queue';
import {
  CREATE_RECORD_TTL_MS,
  type CreateRecord,
  createRecordsItem,
  EMPTY_KEY_CACHE,
  type KeyCacheRecord,
  readKeyCache,
  writeKeyCache,
} from '@/lib/storage/key-cache';
import { VaultLockedError, VaultMissingError } from '@/lib/vault/errors';
import type { VaultStatus } from '@/lib/vault/types';
import { VeniceAdminRequiredError, VeniceNotFoundError } from '@/lib/venice/errors';
import type { ApiKey, ApiKeyType, RateLimits, VeniceClient } from '@/lib/venice/types';
import {
  CreateInterruptedError,
  KeySettingsInvalidError,
  ManagementKeyNotAdminError,
  NoManagementKeyError,
} from './errors';
import { vaultFieldsOfCreated } from './normalise';
import type {
  BreachLog,
  CreateKeyResult,
  CreateOutcome,
  KeyDetail,
  KeysAccess,
  KeysOverview,
  OwnLimits,
  RevokeKeyResult,
  UpdateKeyResult,
  VaultCopy,
} from './types';

/** The part of a vault entry key management reads (lib/vault's StoredKeyMeta has more). */
export interface VaultKeyMeta {
  entryId: string;
  label: string;
  type: ApiKeyType;
  last6: string;
  veniceKeyId: string | null;
}

export interface KeyServiceDeps {
  getClient(): Promise<VeniceClient>;
  getSettings(): Promise<{ managementKeyId: string | null; badgeKeyId: string | null }>;
  vault: {
    getVaultStatus(): Promise<VaultStatus>;
    listStoredKeys(): Promise<VaultKeyMeta[]>;
    getStoredSecret(entryId: string): Promise<string>;
    addStoredKey(input: {
      label: string;
      secret: string;
      type: ApiKeyType;
      source: 'created';
      veniceKeyId: string | null;
      verified: boolean;
    }): Promise<VaultKeyMeta>;
    updateStoredKey(entryId: string, patch: { label: string }): Promise<unknown>;
  };
  requestBadgeRefresh(reason: string): Promise<void>;
  now(): number;
}

/**
 * Calls made with the management key: Venice's "Admin API key required" is said in words that
 * point at the fix (the key chosen on the options page), not as a generic Venice refusal.
 */
function asAdmin<T>(call: Promise<T>): Promise<T> {
  return call.catch((err: unknown) => {
    throw err instanceof VeniceAdminRequiredError ? new ManagementKeyNotAdminError() : err;
  });
}

/** A revoked key can still be in a list Venice sent just before the revoke landed. */
const REVOKED_MEMORY_MS = 60_000;

export type KeyService = ReturnType<typeof createKeyService>;

export function createKeyService(deps: KeyServiceDeps) {
  let refreshing: Promise<KeysOverview> | null = null;
  /** When this worker last asked Venice for the list (not kept across a worker restart). */
  let lastAskedAt: number | null = null;
  const inflightCreates = new Map<string, Promise<CreateKeyResult>>();
  const recentlyRevoked = new Map<string, number>();
  const cacheWrites = createQueue();
  const recordsWrites = createQueue();

  /** Read-modify-write of the cache, one at a time (refresh, revoke and create all write it). */
  function mutateCache(change: (cache: KeyCacheRecord) => KeyCacheRecord | null): Promise<KeyCacheRecord> {
    return cacheWrites.run(async () => {
      const current = await readKeyCache();
      const next = change(current);
      if (next) await writeKeyCache(next);
      return next ?? current;
    });
  }

  function mutateRecords(change: (records: Record<string, CreateRecord>) => void): Promise<void> {
    return recordsWrites.run(async () => {
      const records = { ...(await createRecordsItem.getValue()) };
      const cutoff = deps.now() - CREATE_RECORD_TTL_MS;
      for (const [id, rec] of Object.entries(records)) {
        const at = rec.state === 'pending' ? rec.startedAt : rec.finishedAt;
        if (at < cutoff) delete records[id];
      }
      change(records);
      await createRecordsItem.setValue(records);
    });
  }

  function badge(reason: string): void {
    deps.requestBadgeRefresh(reason).catch(() => undefined);
  }

  function isRecentlyRevoked(id: string): boolean {
    const at = recentlyRevoked.get(id);
    if (at === undefined) return false;
    if (deps.now() - at > REVOKED_MEMORY_MS) {
      recentlyRevoked.delete(id);
      return false;
    }
    return true;
  }

  async function resolveAccess(): Promise<{ access: KeysAccess; stored: VaultKeyMeta[] }> {
    const status = await deps.vault.getVaultStatus();
    if (status === 'none') return { access: { state: 'no_vault' }, stored: [] };
    if (status === 'locked') return { access: { state: 'locked' }, stored: [] };
    const stored = await deps.vault.listStoredKeys();
    const settings = await deps.getSettings();
    const chosen = stored.find((entry) => entry.entryId === settings.managementKeyId);
    if (chosen) {
      const who = { entryId: chosen.entryId, label: chosen.label, last6: chosen.last6 };
      return {
        access: chosen.type === 'ADMIN' ? { state: 'ready', ...who } : { state: 'inference_only', ...who },
        stored,
      };
    }
    const hasAdminKeyInVault = stored.some((entry) => entry.type === 'ADMIN');
    if (!hasAdminKeyInVault) {
      // Only INFERENCE keys: we cannot list anything, but can show a key's own limits.
      const inference =
        stored.find((entry) => entry.entryId === settings.badgeKeyId) ??
        stored.find((entry) => entry.type === 'INFERENCE');
      if (inference)
        return {
          access: {
            state: 'inference_only',
            entryId: inference.entryId,
            label: inference.label,
            last6: inference.last6,
          },
          stored,
        };
    }
    return { access: { state: 'no_management_key', hasAdminKeyInVault }, stored };
  }

  /** The management key's secret, or the error that says why there is none. */
  async function requireAdmin(): Promise<{ entryId: string; secret: string; stored: VaultKeyMeta[] }> {
    const { access, stored } = await resolveAccess();
    switch (access.state) {
      case 'no_vault':
        throw new VaultMissingError();
      case 'locked':
        throw new VaultLockedError();
      case 'no_management_key':
        throw new NoManagementKeyError();
      case 'inference_only':
        throw new ManagementKeyNotAdminError();
      case 'ready':
        return { entryId: access.entryId, secret: await deps.vault.getStoredSecret(access.entryId), stored };
    }
  }

  /** Which vault entry holds this key's secret: by Venice id, or else by last 6 characters and type. */
  function vaultIndex(stored: VaultKeyMeta[]) {
    const byId = new Map<string, VaultKeyMeta>();
    const byTail = new Map<string, VaultKeyMeta>();
    for (const entry of stored) {
      if (entry.veniceKeyId) byId.set(entry.veniceKeyId, entry);
      else byTail.set(`${entry.type}:${entry.last6}`, entry);
    }
    return (key: {
      id: string;
      apiKeyType?: ApiKeyType | (string & {});
      last6Chars?: string;
    }): VaultCopy | null => {
      const entry =
        byId.get(key.id) ??
        (key.apiKeyType && key.last6Chars ? byTail.get(`${key.apiKeyType}:${key.last6Chars}`) : undefined);
      return entry ? { entryId: entry.entryId, label: entry.label } : null;
    };
  }

  /**
   * The vault label follows a rename at Venice when it is still the name Venice had: a label
   * copied from the description (as a create stores it) is the key's name, and a user expects
   * the copy to follow. A label the user chose themselves differs from the old description and
   * is theirs: it is kept. `renames`: [key with its new description, description before].
   */
  async function followRenames(stored: VaultKeyMeta[], renames: [ApiKey, string][]): Promise<VaultKeyMeta[]> {
    if (renames.length === 0) return stored;
    // Judge against the vault as it is now: `stored` was read when the refresh began, and a label
    // changed since (an edit's own rename, finished while this refresh waited on Venice) is what
    // the rename must be compared with.
    const current = await deps.vault.listStoredKeys().catch(() => stored);
    const findCopy = vaultIndex(current);
    let changed = false;
    for (const [key, before] of renames) {
      const copy = findCopy(key);
      const next = key.description.trim();
      if (!copy || next === '' || copy.label !== before || copy.label === next) continue;
      try {
        await deps.vault.updateStoredKey(copy.entryId, { label: next });
        changed = true;
      } catch {
        // The vault locked meanwhile, or refused the label: the old one stays, nothing is lost.
      }
    }
    return changed ? deps.vault.listStoredKeys().catch(() => current) : current;
  }

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
    const [{ access, stored }, cache] = await Promise.all([resolveAccess(), readKeyCache()]);
    return buildOverview(access, stored, cache);
  }

  async function refreshNow(): Promise<KeysOverview> {
    const { access, stored } = await resolveAccess();
    if (access.state !== 'ready') return buildOverview(access, stored, await readKeyCache());
    const secret = await deps.vault.getStoredSecret(access.entryId);
    const client = await deps.getClient();
    lastAskedAt = deps.now();
    const [list, balance] = await Promise.allSettled([
      asAdmin(client.listApiKeys(secret)),
      asAdmin(client.getBillingBalance(secret)),
    ]);
    const at = deps.now();
    const renames: [ApiKey, string][] = [];
    const cache = await mutateCache((current) => {
      if (list.status === 'fulfilled' && current.ownerEntryId === access.entryId) {
        const before = new Map(current.keys.map((k) => [k.id, k.description]));
        for (const key of list.value.keys) {
          const old = before.get(key.id);
          if (old !== undefined && old !== key.description) renames.push([key, old]);
        }
      }
      const next: KeyCacheRecord =
        current.ownerEntryId === access.entryId
          ? { ...current }
          : { ...EMPTY_KEY_CACHE, ownerEntryId: access.entryId };
      if (list.status === 'fulfilled') {
        next.keys = list.value.keys.filter((key) => !isRecentlyRevoked(key.id));
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
    return buildOverview(access, await followRenames(stored, renames), cache);
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

  async function detail(id: string): Promise<KeyDetail> {
    const { entryId, secret, stored } = await requireAdmin();
    const client = await deps.getClient();
    let key: ApiKey;
    try {
      key = await asAdmin(client.getApiKey(secret, id));
    } catch (err) {
      if (err instanceof VeniceNotFoundError) await dropFromCache(entryId, id);
      throw err;
    }
    await mutateCache((cache) => {
      if (cache.ownerEntryId !== entryId) return null;
      const index = cache.keys.findIndex((k) => k.id === id);
      if (index < 0) return null;
      const keys = cache.keys.slice();
      keys[index] = key;
      return { ...cache, keys };
    });
    const vaultCopy = vaultIndex(stored)(key);
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

  function checkDraft(draft: KeySettingsDraft, mode: 'create' | 'edit', original?: KeySettingsDraft): void {
    const errors = validateKeySettings(draft, mode, { now: deps.now(), ...(original ? { original } : {}) });
    if (hasErrors(errors)) throw new KeySettingsInvalidError(errors as Record<string, string>);
  }

  /**
   * Creates a key once per request id. A second call with the same id joins the first (a double
   * click), or, after the worker restarted, answers from the session record without the secret.
   */
  function create(requestId: string, draft: KeySettingsDraft): Promise<CreateKeyResult> {
    const running = inflightCreates.get(requestId);
    if (running) return running;
    const run = createOnce(requestId, draft);
    inflightCreates.set(requestId, run);
    run.finally(() => inflightCreates.delete(requestId)).catch(() => undefined);
    return run;
  }

  async function createOnce(requestId: string, draft: KeySettingsDraft): Promise<CreateKeyResult> {
    const previous = (await createRecordsItem.getValue())[requestId];
    if (previous?.state === 'done')
      return { key: previous.key, secret: null, vaultCopy: previous.vaultCopy, vaultError: null };
    if (previous?.state === 'pending') {
      // Nobody in this worker is running it: the worker that was, stopped mid-request.
      const error = new CreateInterruptedError();
      await mutateRecords((records) => {
        records[requestId] = { state: 'failed', finishedAt: deps.now(), error: serializeError(error) };
      });
      void refresh().catch(() => undefined);
      throw error;
    }
    checkDraft(draft, 'create');
    const { entryId: ownerEntryId, secret: adminSecret } = await requireAdmin();
    const client = await deps.getClient();
    await mutateRecords((records) => {
      records[requestId] = { state: 'pending', startedAt: deps.now() };
    });
    const input = toCreateInput(draft);
    let created: Awaited<ReturnType<VeniceClient['createApiKey']>>;
    try {
      created = await asAdmin(client.createApiKey(adminSecret, input));
    } catch (err) {
      await mutateRecords((records) => {
        records[requestId] = { state: 'failed', finishedAt: deps.now(), error: serializeError(err) };
      });
      throw err;
    }
    // Venice shows this secret once: it goes into the vault before anything else happens.
    let vaultCopy: VaultCopy | null = null;
    let vaultError = null;
    try {
      const meta = await deps.vault.addStoredKey({
        ...vaultFieldsOfCreated(created, input.description, 'Created key'),
        type: created.apiKeyType,
        source: 'created',
        verified: true,
      });
      vaultCopy = { entryId: meta.entryId, label: meta.label };
    } catch (err) {
      vaultError = serializeError(err);
    }
    const now = deps.now();
    const key: ApiKey = {
      id: created.id,
      apiKeyType: created.apiKeyType,
      description: created.description ?? input.description,
      createdAt: new Date(now).toISOString(),
      expiresAt: created.expiresAt,
      lastUsedAt: null,
      last6Chars: created.apiKey.slice(-6),
      consumptionLimits: created.consumptionLimits,
      limitPeriod: created.limitPeriod ?? input.limitPeriod ?? null,
      trailingSevenDays: null,
      currentPeriodUsage: null,
      modelPrivacy: input.modelPrivacy ?? 'ALL',
    };
    await mutateRecords((records) => {
      records[requestId] = { state: 'done', finishedAt: now, key, vaultCopy };
    });
    await mutateCache((cache) =>
      cache.ownerEntryId === ownerEntryId
        ? {
            ...cache,
            keys: [key, ...cache.keys.filter((k) => k.id !== key.id)],
            inVault: vaultCopy ? [key.id, ...cache.inVault] : cache.inVault,
          }
        : null,
    );
    badge('key created');
    return { key, secret: created.apiKey, vaultCopy, vaultError };
  }

  async function createOutcome(requestId: string): Promise<CreateOutcome> {
    const record = (await createRecordsItem.getValue())[requestId];
    if (!record) return { state: 'unknown' };
    if (record.state === 'pending') return { state: 'pending', startedAt: record.startedAt };
    if (record.state === 'failed') return { state: 'failed', error: record.error };
    return { state: 'done', key: record.key, vaultCopy: record.vaultCopy };
  }

  async function update(
    id: string,
    original: KeySettingsDraft,
    draft: KeySettingsDraft,
  ): Promise<UpdateKeyResult> {
    checkDraft(draft, 'edit', original);
    const patch = toUpdateInput(id, original, draft);
    const { entryId, secret, stored } = await requireAdmin();
    const client = await deps.getClient();
    if (!patch) {
      const cached = (await readKeyCache()).keys.find((k) => k.id === id);
      return { key: cached ?? (await asAdmin(client.getApiKey(secret, id))), changed: false, sent: [] };
    }
    let updated: ApiKey;
    try {
      updated = await asAdmin(client.updateApiKey(secret, patch));
    } catch (err) {
      if (err instanceof VeniceNotFoundError) await dropFromCache(entryId, id);
      throw err;
    }
    let merged = updated;
    await mutateCache((cache) => {
      if (cache.ownerEntryId !== entryId) return null;
      const index = cache.keys.findIndex((k) => k.id === id);
      if (index < 0) return null;
      const before = cache.keys[index] as ApiKey;
      const capped = updated.consumptionLimits.usd !== null || updated.consumptionLimits.diem !== null;
      // PATCH answers without usage: keep what the list knew.
      merged = {
        ...updated,
        trailingSevenDays: updated.trailingSevenDays ?? before.trailingSevenDays,
        currentPeriodUsage: updated.currentPeriodUsage ?? (capped ? before.currentPeriodUsage : null),
        modelPrivacy: updated.modelPrivacy ?? patch.modelPrivacy ?? before.modelPrivacy,
      };
      const keys = cache.keys.slice();
      keys[index] = merged;
      return { ...cache, keys };
    });
    if (merged.description !== original.description)
      await followRenames(stored, [[merged, original.description]]);
    badge('key edited');
    return { key: merged, changed: true, sent: Object.keys(patch).filter((field) => field !== 'id') };
  }

  /** Removes the row at once; puts it back where it was if Venice refuses. */
  async function revoke(id: string): Promise<RevokeKeyResult> {
    const { entryId, secret, stored } = await requireAdmin();
    const client = await deps.getClient();
    type Removed = { key: ApiKey; index: number; inVault: boolean };
    let removed: Removed | null = null;
    await mutateCache((cache) => {
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
    recentlyRevoked.set(id, deps.now());
    let alreadyGone = false;
    try {
      await asAdmin(client.revokeApiKey(secret, id));
    } catch (err) {
      if (err instanceof VeniceNotFoundError) alreadyGone = true;
      else {
        recentlyRevoked.delete(id);
        const back = removed as Removed | null;
        if (back)
          await mutateCache((cache) => {
            if (cache.ownerEntryId !== entryId || cache.keys.some((k) => k.id === id)) return null;
            const keys = cache.keys.slice();
            keys.splice(Math.min(back.index, keys.length), 0, back.key);
            return { ...cache, keys, inVault: back.inVault ? [...cache.inVault, id] : cache.inVault };
          });
        throw err;
      }
    }
    badge('key revoked');
    const gone = removed as Removed | null;
    return { alreadyGone, vaultCopy: vaultIndex(stored)(gone ? gone.key : { id }) };
  }

  async function breaches(): Promise<BreachLog> {
    const { entryId, secret, stored } = await requireAdmin();
    const client = await deps.getClient();
    const { entries: log, unreadable } = await asAdmin(client.getRateLimitLog(secret));
    let cache = await readKeyCache();
    let known = new Map((cache.ownerEntryId === entryId ? cache.keys : []).map((k) => [k.id, k]));
    if (log.some((entry) => !known.has(entry.apiKeyId))) {
      // A key we have not seen yet: the list is older than the log. Ask once.
      try {
        const { keys, unreadable: unreadableKeys } = await asAdmin(client.listApiKeys(secret));
        const at = deps.now();
        cache = await mutateCache((current) => ({
          ...(current.ownerEntryId === entryId ? current : { ...EMPTY_KEY_CACHE, ownerEntryId: entryId }),
          keys: keys.filter((k) => !isRecentlyRevoked(k.id)),
          unreadable: unreadableKeys,
          fetchedAt: at,
          refreshError: null,
          inVault: keys.filter((k) => vaultIndex(stored)(k) !== null).map((k) => k.id),
        }));
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

  /** The limits of the key we hold when it is an INFERENCE key (or of the management key). */
  async function ownLimits(): Promise<OwnLimits> {
    const { access, stored } = await resolveAccess();
    if (access.state === 'locked') throw new VaultLockedError();
    if (access.state === 'no_vault') throw new VaultMissingError();
    if (access.state === 'no_management_key') throw new NoManagementKeyError();
    const entry = stored.find((e) => e.entryId === access.entryId);
    if (!entry) throw new NoManagementKeyError();
    const client = await deps.getClient();
    const rateLimits = await client.getRateLimits(await deps.vault.getStoredSecret(entry.entryId));
    return { label: entry.label, last6: entry.last6, rateLimits, fetchedAt: deps.now() };
  }

  /** A key as the cached list has it, or else as Venice answers for it now. */
  async function findKey(id: string): Promise<ApiKey> {
    const { entryId, secret } = await requireAdmin();
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
    return mutateCache((cache) =>
      cache.ownerEntryId === fromEntryId ? { ...cache, ownerEntryId: toEntryId } : null,
    );
  }

  return {
    overview,
    refresh,
    detail,
    findKey,
    adoptCacheOwner,
    create,
    createOutcome,
    update,
    revoke,
    breaches,
    ownLimits,
    /** The management (ADMIN) key for other background domains (usage), or why there is none. */
    managementKey: async () => {
      const { entryId, secret } = await requireAdmin();
      return { entryId, secret };
    },
  };
}
