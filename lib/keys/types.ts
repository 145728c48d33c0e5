/**
 * What the `keys.*` methods return. Type-only for the UI (the popup imports nothing from
 * lib/keys at run time, so none of the background's code or zod lands in its bundle).
 */
import type { SerializedError } from '@/lib/errors';
import type { ApiKey, BillingBalance, RateLimitBreach, RateLimits, UnreadableRows } from '@/lib/venice/types';

/** Why the popup can or cannot manage keys right now. */
export type KeysAccess =
  /** No vault yet: everything starts on the options page. */
  | { state: 'no_vault' }
  | { state: 'locked' }
  /** The vault is open but no ADMIN key is chosen to manage keys with. */
  | { state: 'no_management_key'; hasAdminKeyInVault: boolean }
  /** The only key we can use is an INFERENCE key: we show its own limits instead of a list. */
  | { state: 'inference_only'; entryId: string; label: string; last6: string }
  | { state: 'ready'; entryId: string; label: string; last6: string };

export interface CachedKeyList {
  keys: ApiKey[];
  /** When Venice last answered the list (epoch ms); null = never. */
  fetchedAt: number | null;
  /** The last refresh's failure, kept until a refresh succeeds. */
  refreshError: SerializedError | null;
  /** Rows of the last list Venice sent that could not be read (so are not shown); absent in old caches. */
  unreadable?: UnreadableRows | null;
}

export interface CachedBalance {
  value: BillingBalance;
  fetchedAt: number;
}

export interface KeysOverview {
  access: KeysAccess;
  list: CachedKeyList;
  /** Ids of listed keys whose secret is in the vault. Empty while locked. */
  inVault: string[];
  balance: CachedBalance | null;
  /** Why the last balance refresh failed, kept until one succeeds (the figure shown is then old). */
  balanceError: SerializedError | null;
  /** The background's clock when it answered, so ages agree across contexts. */
  now: number;
}

export interface VaultCopy {
  entryId: string;
  label: string;
}

export interface KeyDetail {
  key: ApiKey;
  vaultCopy: VaultCopy | null;
  /** Only when the key's own secret is in the vault (rate_limits reports on the calling key). */
  rateLimits: RateLimits | null;
  rateLimitsError: SerializedError | null;
  fetchedAt: number;
}

export interface CreateKeyResult {
  key: ApiKey;
  /**
   * The secret, given to the page exactly once: in the answer to the call that created the key.
   * Null when the same request is asked about again (it is in the vault by then).
   */
  secret: string | null;
  vaultCopy: VaultCopy | null;
  /** Set when the vault refused the secret: the page must make the user copy it now. */
  vaultError: SerializedError | null;
}

/** Where a create with a given request id stands (answers a popup reopened mid-create). */
export type CreateOutcome =
  | { state: 'unknown' }
  | { state: 'pending'; startedAt: number }
  | { state: 'done'; key: ApiKey; vaultCopy: VaultCopy | null }
  | { state: 'failed'; error: SerializedError };

export interface UpdateKeyResult {
  key: ApiKey;
  /** False when nothing differed, so nothing was sent. */
  changed: boolean;
  /** The exact fields sent to Venice (never secret), for the page and for tests. */
  sent: string[];
}

export interface RevokeKeyResult {
  /** Venice no longer knew the key (revoked or expired elsewhere): the goal is reached anyway. */
  alreadyGone: boolean;
  /** The secret is still in the vault: the page offers to remove it too. */
  vaultCopy: VaultCopy | null;
}

export interface BreachEntry extends RateLimitBreach {
  /** The key's description from the list, or null when the key is unknown (revoked, expired). */
  keyDescription: string | null;
  keyLast6: string | null;
}

export interface BreachLog {
  entries: BreachEntry[];
  /** Entries Venice sent that could not be read (not shown). */
  unreadable: UnreadableRows | null;
  fetchedAt: number;
}

export interface OwnLimits {
  label: string;
  last6: string;
  rateLimits: RateLimits;
  fetchedAt: number;
}
