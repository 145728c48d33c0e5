/**
 * Key management's storage: a non-secret cache of the key list and the account balance
 * (`local`, so the popup paints at once even after a browser restart), and the create
 * guard (`session`: in-flight creates survive a stopped worker, never a browser restart).
 */
import { readSerializedError, type SerializedError } from '@/lib/errors';
import type { CachedBalance, CachedKeyList, VaultCopy } from '@/lib/keys/types';
import type { ApiKey, BillingBalance, UnreadableRows } from '@/lib/venice/types';
import { arr, bool, checked, fail, nullable, num, type Obj, obj, str } from './check';
import { defineStoredItem } from './item';
import { STORAGE_KEYS } from './keys';

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
  /**
   * The popup's markup of this list as it last rendered it (no secret: names and figures only,
   * entrypoints/popup/shell.ts), painted by popup-cache.js before the popup's modules run. Part
   * of the record in memory, so every write that clears or replaces the list takes it along; in
   * storage it is its own item (`keys.shell`, below), so that popup-cache.js reads only it first.
   * Caches written before 2026-11-30 hold it in the list's record: it is read from there until the
   * next write moves it.
   */
  shell?: string;
}

/** The list's shell as stored: the markup, and the management key whose list it draws. */
export interface KeyShellRecord {
  ownerEntryId: string;
  shell: string;
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

const nullableStr = nullable(str);
const nullableNum = nullable(num);

function limits(v: unknown, path: string): ApiKey['consumptionLimits'] {
  const o = obj(v, path);
  return { usd: nullableNum(o.usd, `${path}.usd`), diem: nullableNum(o.diem, `${path}.diem`) };
}

function figures(v: unknown, path: string): { usd: number; diem: number } {
  const o = obj(v, path);
  return { usd: num(o.usd, `${path}.usd`), diem: num(o.diem, `${path}.diem`) };
}

function apiKey(v: unknown, path: string): ApiKey {
  const k = obj(v, path);
  return {
    id: str(k.id, `${path}.id`),
    apiKeyType: str(k.apiKeyType, `${path}.apiKeyType`),
    description: str(k.description, `${path}.description`),
    createdAt: nullableStr(k.createdAt, `${path}.createdAt`),
    expiresAt: nullableStr(k.expiresAt, `${path}.expiresAt`),
    lastUsedAt: nullableStr(k.lastUsedAt, `${path}.lastUsedAt`),
    last6Chars: str(k.last6Chars, `${path}.last6Chars`),
    consumptionLimits: limits(k.consumptionLimits, `${path}.consumptionLimits`),
    limitPeriod: nullableStr(k.limitPeriod, `${path}.limitPeriod`),
    trailingSevenDays: nullable(figures)(k.trailingSevenDays, `${path}.trailingSevenDays`),
    currentPeriodUsage: nullable(figures)(k.currentPeriodUsage, `${path}.currentPeriodUsage`),
    modelPrivacy: nullableStr(k.modelPrivacy, `${path}.modelPrivacy`),
  };
}

function serializedError(v: unknown, path: string): SerializedError {
  const e = obj(v, path);
  str(e.code, `${path}.code`);
  str(e.message, `${path}.message`);
  if (e.hint !== undefined) str(e.hint, `${path}.hint`);
  // Older versions stored codes spelled differently: read them in today's vocabulary.
  const out = readSerializedError(e);
  if (e.retryable !== undefined) out.retryable = bool(e.retryable, `${path}.retryable`);
  if (e.retryAfterSeconds !== undefined)
    out.retryAfterSeconds = num(e.retryAfterSeconds, `${path}.retryAfterSeconds`);
  return out;
}

function balance(v: unknown, path: string): CachedBalance {
  const b = obj(v, path);
  const value = obj(b.value, `${path}.value`);
  const amounts = obj(value.balances, `${path}.value.balances`);
  const amount = (name: keyof BillingBalance['balances']) =>
    nullableNum(amounts[name], `${path}.value.balances.${name}`);
  return {
    value: {
      canConsume: bool(value.canConsume, `${path}.value.canConsume`),
      consumptionCurrency: nullableStr(value.consumptionCurrency, `${path}.value.consumptionCurrency`),
      balances: {
        usd: amount('usd'),
        diem: amount('diem'),
        bundledCredits: amount('bundledCredits'),
        earnedCredits: amount('earnedCredits'),
      },
      diemEpochAllocation: nullableNum(value.diemEpochAllocation, `${path}.value.diemEpochAllocation`),
    },
    fetchedAt: num(b.fetchedAt, `${path}.fetchedAt`),
  };
}

function unreadable(v: unknown, path: string): UnreadableRows {
  const u = obj(v, path);
  return {
    count: num(u.count, `${path}.count`),
    reasons: arr(u.reasons, `${path}.reasons`).map((r, i) => str(r, `${path}.reasons[${i}]`)),
  };
}

/** Present and valid, or absent (fields added after version 1 are missing from older caches). */
function optional<T>(c: Obj, name: string, read: (v: unknown, path: string) => T, absent: T): T {
  return c[name] === undefined ? absent : read(c[name], name);
}

/**
 * The whole cache, field by field: a cache that does not read is dropped and refetched rather
 * than painted half right. Values come back rebuilt from what was read, so nothing unchecked
 * reaches the popup.
 */
export function checkKeyCache(raw: unknown) {
  return checked((): KeyCacheRecord => {
    const c = obj(raw, 'cache');
    if (c.ownerEntryId !== null && typeof c.ownerEntryId !== 'string')
      fail('ownerEntryId', 'not a string or null');
    const out: KeyCacheRecord = {
      ownerEntryId: c.ownerEntryId as string | null,
      keys: arr(c.keys, 'keys').map((k, i) => apiKey(k, `keys[${i}]`)),
      fetchedAt: optional(c, 'fetchedAt', nullableNum, null),
      refreshError: optional(c, 'refreshError', nullable(serializedError), null),
      balance: optional(c, 'balance', nullable(balance), null),
      inVault: optional(c, 'inVault', (v, p) => arr(v, p).map((id, i) => str(id, `${p}[${i}]`)), []),
    };
    if (c.balanceError !== undefined)
      out.balanceError = nullable(serializedError)(c.balanceError, 'balanceError');
    if (c.unreadable !== undefined) out.unreadable = nullable(unreadable)(c.unreadable, 'unreadable');
    if (c.shell !== undefined) out.shell = str(c.shell, 'shell');
    return out;
  });
}

export const keyCacheItem = defineStoredItem<KeyCacheRecord>({
  key: `local:${STORAGE_KEYS.local.keyCache}`,
  version: 1,
  check: checkKeyCache,
  fallback: EMPTY_KEY_CACHE,
  kind: 'cache',
});

export function checkKeyShell(raw: unknown) {
  return checked((): KeyShellRecord => {
    const o = obj(raw, 'shell record');
    return { ownerEntryId: str(o.ownerEntryId, 'ownerEntryId'), shell: str(o.shell, 'shell') };
  });
}

export const keyShellItem = defineStoredItem<KeyShellRecord | null>({
  key: `local:${STORAGE_KEYS.local.keyShell}`,
  version: 1,
  check: checkKeyShell,
  fallback: null,
  kind: 'cache',
});

/** The list with its shell: the shell joins only the list of the management key it was drawn for. */
export async function readKeyCache(): Promise<KeyCacheRecord> {
  const [cache, shell] = await Promise.all([keyCacheItem.getValue(), keyShellItem.getValue()]);
  const { shell: inRecord, ...list } = cache;
  const drawn = shell && shell.ownerEntryId === list.ownerEntryId ? shell.shell : inRecord;
  return drawn === undefined ? { ...list } : { ...list, shell: drawn };
}

/**
 * Writes the list and its shell, each to its own item. A list without a shell (cleared, or of an
 * owner with none yet) removes the stored shell first, so no moment holds an old list's markup
 * beside a newer list; a list with one is written before its shell, and the shell only when it
 * changed. A legacy shell inside the list's record moves out at the first write.
 */
export async function writeKeyCache(next: KeyCacheRecord): Promise<void> {
  const { shell, ...list } = next;
  if (shell === undefined || list.ownerEntryId === null) {
    await keyShellItem.removeValue();
    await keyCacheItem.setValue(list);
    return;
  }
  await keyCacheItem.setValue(list);
  // Most writes (a refresh, a create) keep the markup as it is: not written again then.
  const stored = await keyShellItem.getValue();
  if (stored?.ownerEntryId !== list.ownerEntryId || stored.shell !== shell)
    await keyShellItem.setValue({ ownerEntryId: list.ownerEntryId, shell });
}

/** One create, by the page's request id. Never holds the secret. */
export type CreateRecord =
  | { state: 'pending'; startedAt: number }
  | { state: 'done'; finishedAt: number; key: ApiKey; vaultCopy: VaultCopy | null }
  | { state: 'failed'; finishedAt: number; error: SerializedError };

function createRecord(v: unknown, path: string): CreateRecord {
  const r = obj(v, path);
  switch (r.state) {
    case 'pending':
      return { state: 'pending', startedAt: num(r.startedAt, `${path}.startedAt`) };
    case 'done': {
      const copy = nullable(obj)(r.vaultCopy, `${path}.vaultCopy`);
      return {
        state: 'done',
        finishedAt: num(r.finishedAt, `${path}.finishedAt`),
        key: apiKey(r.key, `${path}.key`),
        vaultCopy: copy && {
          entryId: str(copy.entryId, `${path}.vaultCopy.entryId`),
          label: str(copy.label, `${path}.vaultCopy.label`),
        },
      };
    }
    case 'failed':
      return {
        state: 'failed',
        finishedAt: num(r.finishedAt, `${path}.finishedAt`),
        error: serializedError(r.error, `${path}.error`),
      };
    default:
      return fail(`${path}.state`, 'not pending, done or failed');
  }
}

/**
 * The create guard. A record that does not read is reported and left alone (the create it
 * guards may still be finishing; a page asking about it hears "unknown").
 */
export const createRecordsItem = defineStoredItem<Record<string, CreateRecord>>({
  key: `session:${STORAGE_KEYS.session.keyCreates}`,
  version: 1,
  check: (raw) =>
    checked(() => {
      const all = obj(raw, 'creates');
      const out: Record<string, CreateRecord> = {};
      for (const [id, record] of Object.entries(all)) out[id] = createRecord(record, `creates[${id}]`);
      return out;
    }),
  fallback: {},
  kind: 'record',
});

/** Records older than this are forgotten (a page never asks about a create that old). */
export const CREATE_RECORD_TTL_MS = 60 * 60 * 1000;
