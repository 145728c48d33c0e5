/**
 * The popup's shared view state, as signals. The background is the source of truth: this holds
 * only its last answer, the current screen, and what the user is typing (persisted in
 * `storage.session`, so closing the popup loses nothing).
 */
import { signal } from '@preact/signals';
import { browser } from 'wxt/browser';
import { clock } from '@/components/clock';
import { type SerializedError, serializeError } from '@/lib/error-shape';
import { defaultKeySettings, type KeySettingsDraft } from '@/lib/keys/key-settings-draft';
import type { CachedBalance, CachedKeyList, KeysOverview, VaultCopy } from '@/lib/keys/types';
import { call, onVaultChanged } from '@/lib/messaging/client';
import { KEY_CACHE_KEY, KEY_SHELL_KEY, POPUP_ROUTE_KEY, SETTINGS_KEY } from '@/lib/storage/page-keys';
import type { CreateDraft, EditDraft, Route } from '@/lib/storage/popup-session';

export type { CreateDraft, EditDraft, Route };

export type DraftField = keyof KeySettingsDraft;

/** A blank create form: it exists from the first render, so the first keystroke has a draft to land in. */
export function blankCreateDraft(): CreateDraft {
  return { requestId: newRequestId(), draft: defaultKeySettings(), submittedAt: null };
}

/** `saved` with the fields the user typed in this popup (`typed`) taken from `mine`. */
export function mergeTyped(
  saved: KeySettingsDraft,
  mine: KeySettingsDraft,
  typed: ReadonlySet<DraftField>,
): KeySettingsDraft {
  const out: Record<string, unknown> = { ...saved };
  for (const field of typed) out[field] = mine[field];
  return out as unknown as KeySettingsDraft;
}

/** The background's list cache as stored (lib/storage/key-cache.ts KeyCacheRecord), read directly for the first paint. */
export interface StoredKeyCache extends CachedKeyList {
  ownerEntryId: string | null;
  balance: CachedBalance | null;
  balanceError?: SerializedError | null;
  inVault?: string[];
  /** The list's markup for popup-cache.js (entrypoints/popup/shell.ts), stored apart as `keys.shell`. */
  shell?: string;
}

/** Rows rendered at first; more on "Show more" or when scrolled to the end. Keeps 500 keys cheap. */
export const PAGE_SIZE = 50;

export type Notice =
  | { kind: 'error'; text: string; retryAt?: number }
  | { kind: 'info'; text: string }
  | { kind: 'revoked'; text: string; vaultCopy: VaultCopy | null };

type SessionItems = typeof import('@/lib/storage/popup-session').popupSessionItems;
let sessionItemsLoad: Promise<SessionItems> | null = null;
/**
 * The screen and drafts are stored items (lib/storage/popup-session.ts), loaded after the first
 * paint: the storage library they use stays out of the popup's initial load.
 */
function sessionItems(): Promise<SessionItems> {
  sessionItemsLoad ??= import('@/lib/storage/popup-session').then((m) => m.popupSessionItems);
  return sessionItemsLoad;
}
/** The background's list cache (lib/storage/key-cache.ts): when it changes, the popup repaints. */
const CACHE_KEY = KEY_CACHE_KEY;

export function newRequestId(): string {
  return crypto.randomUUID();
}

export function createPopupState() {
  const openedAt = Date.now();
  const overview = signal<KeysOverview | null>(null);
  /** The cache read straight from storage: painted before the background has answered. */
  const cached = signal<StoredKeyCache | null>(null);
  const rowLimit = signal(PAGE_SIZE);
  const loadError = signal<SerializedError | null>(null);
  const refreshing = signal(false);
  /** The shared clock: whatever reads it re-renders each second, so only leaves should. */
  const now = clock;
  const route = signal<Route>({ name: 'list' });
  /** Rows revoked a moment ago: hidden at once, shown again if Venice refuses. */
  const hidden = signal<ReadonlySet<string>>(new Set());
  const notice = signal<Notice | null>(null);
  /** Never null: a blank form waits from the start, so typing never has to wait for an effect. */
  const createDraft = signal<CreateDraft>(blankCreateDraft());
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
      loadError.value = serializeError(err);
      return null;
    }
  }

  /**
   * `sinceOpen`: the refresh this popup makes by itself (on opening, after an unlock). One that
   * the background already asked Venice for since the popup opened (on unlock) answers it, so a
   * popup open sends one list and one balance request. The Refresh button always asks.
   */
  async function refresh(options: { sinceOpen?: boolean } = {}): Promise<void> {
    if (refreshing.value) return;
    refreshing.value = true;
    try {
      overview.value = await call('keys.refresh', options.sinceOpen ? { since: openedAt } : undefined);
      loadError.value = null;
    } catch (err) {
      loadError.value = serializeError(err);
    } finally {
      refreshing.value = false;
    }
  }

  /**
   * The list cache is not secret and lives in storage.local: reading it here skips waking the
   * worker, so the list paints while the background is still checking the vault. `after`: what
   * must settle before it is shown (the restore of the screen the user left).
   */
  async function readCache(after?: Promise<unknown>): Promise<void> {
    try {
      // Started by popup-cache.js as the page began loading (taken once), or else now.
      const holder = globalThis as { vkcListCache?: Promise<Record<string, unknown>> };
      const early = holder.vkcListCache;
      holder.vkcListCache = undefined;
      const got = await (early ?? browser.storage.local.get([CACHE_KEY, KEY_SHELL_KEY, SETTINGS_KEY]));
      await after;
      const value = got[CACHE_KEY] as StoredKeyCache | undefined;
      // The list of the management key the settings name now: one changed or removed since
      // (the cache is replaced only at the next refresh) never shows its old account's keys.
      const owner = (got[SETTINGS_KEY] as { managementKeyId?: unknown } | undefined)?.managementKeyId;
      if (value && Array.isArray(value.keys) && value.ownerEntryId && value.ownerEntryId === owner) {
        // Its markup, stored apart (lib/storage/key-cache.ts): shell.ts saves none the same again.
        const drawn = got[KEY_SHELL_KEY] as { ownerEntryId?: unknown; shell?: unknown } | undefined;
        cached.value =
          drawn?.ownerEntryId === value.ownerEntryId && typeof drawn.shell === 'string'
            ? { ...value, shell: drawn.shell }
            : value;
      }
    } catch {
      // The background's answer follows anyway.
    }
  }

  /**
   * What the user did in this popup before the saved state came back. `create`/`edit`: a whole
   * draft was decided (sent, discarded, finished), so the saved one is out of date. `typed*`: the
   * fields typed into, which a late restore must never overwrite.
   */
  const touched = { route: false, create: false, edit: false };
  const typedCreate = new Set<DraftField>();
  const typedEdit = new Set<DraftField>();

  /**
   * Restores the screen the user left; done when that screen is known, which may be before the
   * drafts are. The list and the usage view paint from cache before the background answers: read
   * straight from storage by popup-cache.js, they wait neither for the storage library's chunk
   * nor for the drafts (the usage view takes a window it does not offer as its default). Any
   * other screen waits for the checked read.
   */
  async function restore(): Promise<void> {
    const saved = restoreSaved();
    const got = await (globalThis as { vkcRoute?: Promise<Record<string, Route>> }).vkcRoute?.catch(
      () => null,
    );
    const left = got?.[POPUP_ROUTE_KEY];
    // The list, saved or by default: the checked read only confirms it (and brings the drafts).
    if (got && (!left || left.name === 'list')) return;
    if (left?.name !== 'usage') return saved;
    if (!touched.route) route.value = left;
  }

  /**
   * Restores the screen and drafts the user left, in parallel with the first list answer. It may
   * land after the user started typing (a slow storage read on a busy machine): it then fills in
   * only the fields not typed into here.
   */
  async function restoreSaved(): Promise<void> {
    let savedRoute: Route | null;
    let savedCreate: CreateDraft | null;
    let savedEdit: EditDraft | null;
    try {
      const items = await sessionItems();
      [savedRoute, savedCreate, savedEdit] = await Promise.all([
        items.route.getValue(),
        items.create.getValue(),
        items.edit.getValue(),
      ]);
    } catch {
      return;
    }
    if (savedCreate && !touched.create) {
      if (typedCreate.size === 0) createDraft.value = savedCreate;
      else if (savedCreate.submittedAt === null) {
        createDraft.value = {
          ...savedCreate,
          draft: mergeTyped(savedCreate.draft, createDraft.value.draft, typedCreate),
        };
        persist('create', createDraft.value);
      }
      // Else an earlier popup sent its form and this one already has a new one typed: the new
      // one stays. The background finishes the earlier create and keeps its secret in the vault.
    }
    if (savedEdit && !touched.edit) {
      const mine = editDraft.value;
      if (!mine || typedEdit.size === 0) editDraft.value = savedEdit;
      else if (mine.id === savedEdit.id) {
        editDraft.value = { ...savedEdit, draft: mergeTyped(savedEdit.draft, mine.draft, typedEdit) };
        persist('edit', editDraft.value);
      }
    }
    if (!touched.route && savedRoute) route.value = savedRoute;
  }

  /** Saves (or, with null, removes) one of the popup's session items; writes keep their order. */
  function persist(name: 'route', value: Route | null): void;
  function persist(name: 'create', value: CreateDraft | null): void;
  function persist(name: 'edit', value: EditDraft | null): void;
  function persist(name: keyof SessionItems, value: Route | CreateDraft | EditDraft | null): void {
    sessionItems()
      .then((items) => {
        const item = items[name] as { setValue(v: unknown): Promise<void>; removeValue(): Promise<void> };
        return value === null ? item.removeValue() : item.setValue(value);
      })
      .catch(() => undefined);
  }

  function go(next: Route): void {
    touched.route = true;
    route.value = next;
    // A confirmation is never restored on reopen: revoking must be a fresh decision.
    persist('route', next.name === 'revoke' ? null : next);
  }

  /** A decision about the whole create form (sent, answered, discarded); null starts a blank one. */
  function setCreateDraft(next: CreateDraft | null): void {
    touched.create = true;
    typedCreate.clear();
    createDraft.value = next ?? blankCreateDraft();
    persist('create', next);
  }

  /** One field typed into the create form, applied to the latest draft (never to a stale copy). */
  function typeCreate<K extends DraftField>(field: K, value: KeySettingsDraft[K]): void {
    typedCreate.add(field);
    const current = createDraft.value;
    createDraft.value = { ...current, draft: { ...current.draft, [field]: value } };
    persist('create', createDraft.value);
  }

  function setEditDraft(next: EditDraft | null): void {
    touched.edit = true;
    typedEdit.clear();
    editDraft.value = next;
    persist('edit', next);
  }

  /**
   * One field typed into the edit form of key `id`. The first keystroke starts the draft from
   * `original` (the key as last known), so nothing waits for an effect to set it up.
   */
  function typeEdit<K extends DraftField>(
    id: string,
    original: KeySettingsDraft,
    field: K,
    value: KeySettingsDraft[K],
  ): void {
    let current = editDraft.value;
    if (!current || current.id !== id) {
      typedEdit.clear();
      current = { id, original, draft: original };
    }
    typedEdit.add(field);
    editDraft.value = { ...current, draft: { ...current.draft, [field]: value } };
    persist('edit', editDraft.value);
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
    return () => {
      browser.storage.local.onChanged.removeListener(onChanged);
      stopVault();
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
    typeCreate,
    setEditDraft,
    typeEdit,
    hide,
    watch,
  };
}

export type SortKey = 'created' | 'name' | 'lastUsed' | 'expiry' | 'usage';

export type PopupState = ReturnType<typeof createPopupState>;
