/**
 * The leak check's background side: holds a selection for the one window that shows its
 * result, and matches text against the account's cached key list and the vault.
 *
 * The selection never leaves the browser and is never stored: it is kept in this worker's memory
 * under a one-time ticket, with a copy in `storage.session` (memory only, trusted contexts) so a
 * worker stopped between the click and the window's first message loses nothing. Both copies are
 * removed by the read that uses them. Pages get only masked results: the prefix and last 6.
 */
import type { ProvenanceMap } from '@/lib/apps/provenance';
import { hostOf } from '@/lib/apps/site';
import { AppError, serializeError } from '@/lib/errors';
import type { KeysAccess, KeysOverview } from '@/lib/keys/types';
import type { StoredKeyMeta, VaultStatus } from '@/lib/vault/types';
import type { ApiKey } from '@/lib/venice/types';
import { findKeyCandidates, type LeakMatch, matchCandidates, type VaultDigest } from './match';

/** A ticket the window may redeem; older ones are dropped (the window opens within a second). */
export const TICKET_TTL_MS = 10 * 60_000;
/**
 * A list fetched this recently is the account's list for a verdict of "not one of this account's":
 * an older one is asked for again first (a key made on venice.ai since would not be in it).
 */
export const LIST_CURRENT_MS = 30_000;
/** The most text kept for one check: a selection or page text past this is cut, and the result says so. */
export const MAX_TEXT_CHARS = 2_000_000;

/** Where the text came from: a selection (context menu) or a page the user asked to scan. */
export type LeakSource = { kind: 'selection' } | { kind: 'page'; origin: string; title: string };

export type HeldText = { text: string; at: number; source?: LeakSource };

/** The app a matched key was made for or tagged with (issue 17): non-secret, from `keys.provenance`. */
export interface LeakSite {
  origin: string;
  host: string;
  /** The page's title when the key was filled ('' for a hand tag or an untitled page). */
  title: string;
  how: 'filled' | 'tagged';
}

export type SitedLeakMatch = LeakMatch<ApiKey> & { site: LeakSite | null };

export interface LeakCheckResult {
  source: LeakSource;
  matches: SitedLeakMatch[];
  /** Key-shaped strings past the matcher's cap, counted only. */
  dropped: number;
  /** The text was longer than MAX_TEXT_CHARS and only its start was read. */
  truncated: boolean;
  access: KeysAccess;
  vault: VaultStatus;
  /** When the key list matched against was fetched (null: never). */
  listFetchedAt: number | null;
  /**
   * Why the account's current list could not be had, when a key matched none of the listed ones
   * (its last fetch failed): such a key was not compared, and must not be called someone else's.
   */
  listProblem: string | null;
  /** Rows of that list Venice sent that could not be read: an unmatched key may be one of them. */
  unreadableKeys: number;
  now: number;
}

export interface SessionStore {
  get(): Promise<Record<string, HeldText>>;
  set(value: Record<string, HeldText>): Promise<void>;
}

export interface LeakDeps {
  overview: () => Promise<KeysOverview>;
  /** Asks Venice for the list: only when a key matches none of a list older than LIST_CURRENT_MS. */
  refresh: () => Promise<KeysOverview>;
  vault: {
    getVaultStatus: () => Promise<VaultStatus>;
    listStoredKeys: () => Promise<StoredKeyMeta[]>;
    getStoredSecret: (entryId: string) => Promise<string>;
  };
  session: SessionStore;
  /** Where each key went (lib/apps/provenance), read only when something matched. */
  provenance: () => Promise<ProvenanceMap>;
  sha256: (text: string) => Promise<string>;
  now: () => number;
  newTicket: () => string;
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  let hex = '';
  for (const b of new Uint8Array(digest)) hex += b.toString(16).padStart(2, '0');
  return hex;
}

export function createLeakService(deps: LeakDeps) {
  const pending = new Map<string, HeldText>();
  /** The result of each held text, computed from the moment it is held (memory only, masked). */
  const prepared = new Map<string, Promise<LeakCheckResult>>();

  /** Keeps a selection (or a page's text) for one window; returns its ticket. */
  async function hold(text: string, source: LeakSource = { kind: 'selection' }): Promise<string> {
    const ticket = deps.newTicket();
    const at = deps.now();
    const entry: HeldText = { text: text.slice(0, MAX_TEXT_CHARS + 1), at, source };
    for (const [t, e] of pending)
      if (at - e.at >= TICKET_TTL_MS) {
        pending.delete(t);
        prepared.delete(t);
      }
    pending.set(ticket, entry);
    // The match starts now, while the browser opens the window: its one read then waits only for
    // what is left. A failed start is redone by that read.
    const early = check(entry.text, source);
    early.catch(() => undefined);
    prepared.set(ticket, early);
    const stored = await deps.session.get();
    const kept: Record<string, HeldText> = {};
    for (const [t, e] of Object.entries(stored)) if (at - e.at < TICKET_TTL_MS) kept[t] = e;
    kept[ticket] = entry;
    await deps.session.set(kept);
    return ticket;
  }

  /** The selection held under a ticket (memory first, then the session copy). */
  async function peek(ticket: string): Promise<HeldText> {
    const entry = pending.get(ticket) ?? (await deps.session.get())[ticket];
    if (!entry || deps.now() - entry.at >= TICKET_TTL_MS) throw new AppError('leaks.ticket_gone');
    return entry;
  }

  /** Removes both copies: a ticket works once. */
  async function drop(ticket: string): Promise<void> {
    pending.delete(ticket);
    prepared.delete(ticket);
    const stored = await deps.session.get();
    if (!(ticket in stored)) return;
    const { [ticket]: _gone, ...rest } = stored;
    await deps.session.set(rest);
  }

  /** Matches text against the cached list (asked for again when it cannot decide, above) and the vault. */
  async function check(text: string, source: LeakSource = { kind: 'selection' }): Promise<LeakCheckResult> {
    const truncated = text.length > MAX_TEXT_CHARS;
    const { candidates, dropped } = findKeyCandidates(truncated ? text.slice(0, MAX_TEXT_CHARS) : text);
    const [cached, vaultStatus] = await Promise.all([deps.overview(), deps.vault.getVaultStatus()]);
    const digests =
      vaultStatus === 'unlocked' ? await vaultDigests(candidates.flatMap((c) => c.readings)) : [];
    const matchWith = (o: KeysOverview) =>
      matchCandidates({ candidates, keys: o.list.keys, vault: digests, sha256: deps.sha256 });
    let overview = cached;
    let matches = await matchWith(overview);
    // A key that is none of the listed keys would be called "not one of this account's" (or, for a
    // vault secret, "not live"): a verdict only the account's current list may give. A list never
    // fetched, or older than LIST_CURRENT_MS, is asked for again, once; the match is redone on it.
    const unlisted = () => matches.some((m) => m.live.length === 0);
    const current = (o: KeysOverview) =>
      o.list.fetchedAt !== null && deps.now() - o.list.fetchedAt < LIST_CURRENT_MS;
    let listProblem: string | null = null;
    if (overview.access.state === 'ready' && unlisted() && !current(overview)) {
      overview = await deps.refresh().catch(
        (err: unknown): KeysOverview => ({
          ...cached,
          list: { ...cached.list, refreshError: serializeError(err) },
        }),
      );
      matches = await matchWith(overview);
      // The refresh failed (its error is kept until one succeeds): what is still unlisted was not compared.
      const failed = overview.list.refreshError;
      if (overview.access.state === 'ready' && failed && unlisted()) listProblem = failed.message;
    }
    return {
      source,
      matches: await withSites(matches, digests),
      dropped,
      truncated,
      access: overview.access,
      vault: vaultStatus,
      listFetchedAt: overview.list.fetchedAt,
      listProblem,
      unreadableKeys: overview.list.unreadable?.count ?? 0,
      now: deps.now(),
    };
  }

  /**
   * Each match with the app its key went to: the one listed key it is, or else the Venice id its
   * vault entry knows (a revoked key's secret still says which app leaked it). Several listed keys
   * with the same last 6 name no app: which one leaked is unknown.
   */
  async function withSites(matches: LeakMatch<ApiKey>[], digests: VaultDigest[]): Promise<SitedLeakMatch[]> {
    const keyIdOf = (m: LeakMatch<ApiKey>): string | null => {
      if (m.live.length === 1) return (m.live[0] as ApiKey).id;
      if (m.live.length > 1 || !m.vault) return null;
      const entryId = m.vault.entryId;
      return digests.find((d) => d.entryId === entryId)?.veniceKeyId ?? null;
    };
    const ids = matches.map(keyIdOf);
    // A provenance map that cannot be read costs the "used on" line, never the check.
    const map = ids.some((id) => id !== null)
      ? await deps.provenance().catch(() => ({}) as ProvenanceMap)
      : {};
    return matches.map((m, i) => {
      const p = ids[i] ? map[ids[i] as string] : undefined;
      return {
        ...m,
        site: p ? { origin: p.origin, host: hostOf(p.origin), title: p.title, how: p.how } : null,
      };
    });
  }

  /**
   * Digests of the vault secrets that could be one of the readings (same type and last 6): a
   * secret is read out of the vault only when a candidate already ends like it.
   */
  async function vaultDigests(readings: string[]): Promise<VaultDigest[]> {
    const tails = new Set(
      readings.map((r) => `${r.startsWith('VENICE_ADMIN_KEY_') ? 'ADMIN' : 'INFERENCE'}:${r.slice(-6)}`),
    );
    const stored = await deps.vault.listStoredKeys();
    const digests: VaultDigest[] = [];
    for (const meta of stored) {
      if (!tails.has(`${meta.type}:${meta.last6}`)) continue;
      const secret = await deps.vault.getStoredSecret(meta.entryId);
      digests.push({
        entryId: meta.entryId,
        label: meta.label,
        type: meta.type,
        veniceKeyId: meta.veniceKeyId ?? undefined,
        sha256: await deps.sha256(secret),
        length: secret.length,
        last6: secret.slice(-6),
      });
    }
    return digests;
  }

  return {
    hold,
    /** The window's one read: the selection's result; the selection is gone afterwards. */
    async redeem(ticket: string): Promise<LeakCheckResult> {
      // Dropped only once the result exists: a worker stopped while matching keeps the ticket.
      const held = await peek(ticket);
      const early = prepared.get(ticket);
      prepared.delete(ticket);
      const result =
        (early && (await early.catch(() => null))) ??
        (await check(held.text, held.source ?? { kind: 'selection' }));
      await drop(ticket);
      return result;
    },
    check,
  };
}

export type LeakService = ReturnType<typeof createLeakService>;
