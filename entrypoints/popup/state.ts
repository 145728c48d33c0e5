/**
 * The popup's shared view state, as signals. The background is the source of truth: this holds
 * only its last answer, the current screen, and what the user is typing (persisted in
 * `storage.session`, so closing the popup loses nothing).
 */
import { signal } from '@preact/signals';
import { browser } from 'wxt/browser';
import type { KeySettingsDraft } from '@/components/keySettings';
import type { SerializedError } from '@/lib/errors';
import type { CachedBalance, CachedKeyList, KeysOverview, VaultCopy } from '@/lib/keys/types';
import { call, onVaultChanged, RemoteError } from '@/lib/messaging/client';

export type Route =
  | { name: 'list' }
  | { name: 'detail'; id: string }
  | { name: 'create' }
  | { name: 'edit'; id: string }
  | { name: 'revoke'; id: string; from: 'list' | 'detail' }
  | { name: 'breaches' };

/** A create form in progress. `requestId` is the background's double-submit guard. */
export interface CreateDraft {
  requestId: string;
  draft: KeySettingsDraft;
  /** Set just before sending: a popup reopened after that asks how the create ended. */
  submittedAt: number | null;
}

export interface EditDraft {
  id: string;
  original: KeySettingsDraft;
  draft: KeySettingsDraft;
}

/** The background's list cache as stored (lib/keys/cache.ts KeyCacheRecord), read directly for the first paint. */
export interface StoredKeyCache extends CachedKeyList {
  ownerEntryId: string | null;
  balance: CachedBalance | null;
  inVault?: string[];
}

/** Rows rendered at first; more on "Show more" or when scrolled to the end. Keeps 500 keys cheap. */
export const PAGE_SIZE = 50;

export type Notice =
  | { kind: 'error'; text: string; retryAt?: number }
  | { kind: 'info'; text: string }
  | { kind: 'revoked'; text: string; vaultCopy: VaultCopy | null };

const SESSION_KEYS = { route: 'popup.route', create: 'popup.createDraft', edit: 'popup.editDraft' } as const;
/** The background's list cache (lib/keys/cache.ts): when it changes, the popup repaints. */
const CACHE_KEY = 'keys.cache';

export function toSerialized(err: unknown): SerializedError {
  if (err instanceof RemoteError) {
    const out: SerializedError = { code: err.code, message: err.message };
    if (err.retryable) out.retryable = true;
    if (err.retryAfterSeconds !== undefined) out.retryAfterSeconds = err.retryAfterSeconds;
    return out;
  }
  return { code: 'internal', message: 'Something went wrong inside the extension. Please try again.' };
}

export function newRequestId(): string {
  return crypto.randomUUID();
}

export function createPopupState() {
  const overview = signal<KeysOverview | null>(null);
  /** The cache read straight from storage: painted before the background has answered. */
  const cached = signal<StoredKeyCache | null>(null);
  const rowLimit = signal(PAGE_SIZE);
  const loadError = signal<SerializedError | null>(null);
  const refreshing = signal(false);
  const now = signal(Date.now());
  const route = signal<Route>({ name: 'list' });
  /** Rows revoked a moment ago: hidden at once, shown again if Venice refuses. */
  const hidden = signal<ReadonlySet<string>>(new Set());
  const notice = signal<Notice | null>(null);
  const createDraft = signal<CreateDraft | null>(null);
  const editDraft = signal<EditDraft | null>(null);
  const filterText = signal('');
  const filterType = signal<'ALL' | 'INFERENCE' | 'ADMIN'>('ALL');
  const sortBy = signal<SortKey>('created');

  async function load(): Promise<KeysOverview | null> {
    try {
      const next = await call('keys.list');
      overview.value = next;
      loadError.value = null;
      return next;
    } catch (err) {
      loadError.value = toSerialized(err);
      return null;
    }
  }

  async function refresh(): Promise<void> {
    if (refreshing.value) return;
    refreshing.value = true;
    try {
      overview.value = await call('keys.refresh');
      loadError.value = null;
    } catch (err) {
      loadError.value = toSerialized(err);
    } finally {
      refreshing.value = false;
    }
  }

  /**
   * The list cache is not secret and lives in storage.local: reading it here skips waking the
   * worker, so the list paints while the background is still checking the vault.
   */
  async function readCache(): Promise<void> {
    try {
      // Started by popup-cache.js as the page began loading (taken once), or else now.
      const holder = globalThis as { vkcListCache?: Promise<Record<string, unknown>> };
      const early = holder.vkcListCache;
      holder.vkcListCache = undefined;
      const got = await (early ?? browser.storage.local.get(CACHE_KEY));
      const value = got[CACHE_KEY] as StoredKeyCache | undefined;
      if (value && Array.isArray(value.keys) && value.ownerEntryId) cached.value = value;
    } catch {
      // The background's answer follows anyway.
    }
  }

  /** Restores the screen and drafts the user left, in parallel with the first list answer. */
  async function restore(): Promise<void> {
    const saved = await browser.storage.session.get([
      SESSION_KEYS.route,
      SESSION_KEYS.create,
      SESSION_KEYS.edit,
    ]);
    // Whatever the user already did in this popup wins over what was saved before it opened.
    if (!touched.create) createDraft.value = (saved[SESSION_KEYS.create] as CreateDraft | undefined) ?? null;
    if (!touched.edit) editDraft.value = (saved[SESSION_KEYS.edit] as EditDraft | undefined) ?? null;
    const savedRoute = saved[SESSION_KEYS.route] as Route | undefined;
    if (!touched.route && savedRoute && typeof savedRoute === 'object' && typeof savedRoute.name === 'string')
      route.value = savedRoute;
  }

  function persist(key: string, value: unknown): void {
    const write =
      value === null ? browser.storage.session.remove(key) : browser.storage.session.set({ [key]: value });
    write.catch(() => undefined);
  }

  const touched = { route: false, create: false, edit: false };

  function go(next: Route): void {
    touched.route = true;
    route.value = next;
    // A confirmation is never restored on reopen: revoking must be a fresh decision.
    persist(SESSION_KEYS.route, next.name === 'revoke' ? null : next);
  }

  function setCreateDraft(next: CreateDraft | null): void {
    touched.create = true;
    createDraft.value = next;
    persist(SESSION_KEYS.create, next);
  }

  function setEditDraft(next: EditDraft | null): void {
    touched.edit = true;
    editDraft.value = next;
    persist(SESSION_KEYS.edit, next);
  }

  function hide(id: string, on: boolean): void {
    const next = new Set(hidden.value);
    if (on) next.add(id);
    else next.delete(id);
    hidden.value = next;
  }

  /** Repaints when the background rewrites the cache (a refresh, a create elsewhere, a mint). */
  function watch(): () => void {
    const onChanged = (changes: Record<string, unknown>) => {
      if (CACHE_KEY in changes) void load();
    };
    browser.storage.local.onChanged.addListener(onChanged);
    // Locked by the idle timer or from another page while the popup is open: show it at once.
    const stopVault = onVaultChanged(() => void load());
    const tick = setInterval(() => {
      now.value = Date.now();
    }, 1000);
    return () => {
      browser.storage.local.onChanged.removeListener(onChanged);
      stopVault();
      clearInterval(tick);
    };
  }

  return {
    overview,
    cached,
    rowLimit,
    readCache,
    loadError,
    refreshing,
    now,
    route,
    hidden,
    notice,
    createDraft,
    editDraft,
    filterText,
    filterType,
    sortBy,
    load,
    refresh,
    restore,
    go,
    setCreateDraft,
    setEditDraft,
    hide,
    watch,
  };
}

export type SortKey = 'created' | 'name' | 'lastUsed' | 'expiry' | 'usage';

export type PopupState = ReturnType<typeof createPopupState>;
