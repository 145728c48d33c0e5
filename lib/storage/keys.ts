/**
 * Every key this extension stores under, in one table: a newcomer sees the whole of what lands
 * in a user's browser here, and two modules can never pick the same key by accident. Plain
 * constants and nothing else, so any page (even the popup's early cache script) may import it.
 *
 * `local` survives a browser restart and holds nothing secret but the encrypted vault record;
 * `session` is memory only (trusted contexts only) and is gone when the browser closes.
 * A test (test/unit/storage/keys.test.ts) fails when code stores under a key missing here.
 */
import {
  ENDPOINT_NOTICE_KEY,
  KEY_CACHE_KEY,
  KEY_SHELL_KEY,
  POPUP_ROUTE_KEY,
  SETTINGS_KEY,
  USAGE_CACHE_KEY,
} from './page-keys';

/** The keys the popup's first load reads, also on their own (./page-keys.ts: not the whole table). */
export { KEY_CACHE_KEY, KEY_SHELL_KEY, POPUP_ROUTE_KEY };

export const STORAGE_KEYS = {
  local: {
    /** The encrypted vault record (lib/vault/record.ts). */
    vault: 'vault',
    /** The settings (lib/storage/settings-item.ts; the rules are lib/settings). */
    settings: SETTINGS_KEY,
    /** Why an endpoint read from storage was set back to Venice's (shown until dismissed). */
    endpointNotice: ENDPOINT_NOTICE_KEY,
    /** The key list, balance and in-vault marks: a cache, painted by the popup before the worker answers. */
    keyCache: KEY_CACHE_KEY,
    /**
     * The popup's markup of the cached list as it last drew it (names and figures, no secret), apart
     * from the list so that the popup's first read is small whatever the number of keys; written and
     * cleared with the list (lib/storage/key-cache.ts).
     */
    keyShell: KEY_SHELL_KEY,
    /** The badge's last figures, problem and backoff: a cache. */
    badgeCache: 'badgeCache',
    /** Usage per window (7/30/90 days), what the account view draws: a cache (v2: without the daily series). */
    usageCache: USAGE_CACHE_KEY,
    /** Usage's per-key and per-model daily series per window, apart from the totals the account view draws: a cache. */
    usageSeries: 'usage.series',
    /** Rotations and their pending revocations (lib/storage/rotations.ts): ids, times, reasons, no secret. */
    keyRotations: 'keys.rotations',
    /** Where each key went: the site it was filled into or tagged with (lib/storage/provenance.ts), no secret. */
    keyProvenance: 'keys.provenance',
    /** Expiry reminders already shown: key id, threshold, expiry (lib/storage/expiry-notified.ts), no secret. */
    expiryNotified: 'keys.expiryNotified',
    /** The exhaustion dates already notified, per key or balance (lib/usage/notify.ts); not secret. */
    usageForecastNotified: 'usage.forecastNotified',
  },
  session: {
    /** The unlocked vault's key (the one secret outside the record). */
    vaultUnlocked: 'vault.unlocked',
    /** The mint flow in progress (lib/wallet/store.ts). */
    mintFlow: 'mint.flow',
    /** The wallet window's id. */
    mintWindow: 'mint.window',
    /** Creates in flight by request id, never a secret (lib/storage/key-cache.ts). */
    keyCreates: 'keys.creates',
    /** The copy whose clipboard clear is pending. */
    clipboardPending: 'clipboard.pending',
    /** The last copy whose clipboard clear ran. */
    clipboardLastCleared: 'clipboard.lastCleared',
    /** The popup's screen, and its create and edit drafts (never a secret). */
    popupRoute: POPUP_ROUTE_KEY,
    popupCreateDraft: 'popup.createDraft',
    popupEditDraft: 'popup.editDraft',
    /** The wallet window's new-key settings as typed. */
    walletKeyDraft: 'wallet.keyDraft',
    /** "Fill a new Venice key" requests waiting for their confirm window (lib/storage/fill-requests.ts), never a secret. */
    fillRequests: 'apps.requests',
    /** Selections held for the leak-check window by one-time ticket, removed once read (lib/storage/leaks-held.ts). */
    leaksHeld: 'leaks.held',
  },
} as const;

type Values<T> = T[keyof T];
export type LocalStorageKey = Values<typeof STORAGE_KEYS.local>;
export type SessionStorageKey = Values<typeof STORAGE_KEYS.session>;
