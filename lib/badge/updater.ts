import { browser } from 'wxt/browser';
import { AppError, errorText } from '@/lib/errors';
import { customEndpointsOf } from '@/lib/settings/endpoints';
import {
  type BadgeCache,
  EMPTY_BADGE_CACHE,
  loadBadgeCache,
  saveBadgeCache,
} from '@/lib/storage/badge-cache';
import type { Settings } from '@/lib/storage/settings-item';
import { settingsItem } from '@/lib/storage/settings-item';
import type { VaultStatus } from '@/lib/vault/types';
import type { RateLimits } from '@/lib/venice/types';
import { applyBadge } from './action';
import { type BadgeView, CURRENCY_NAME, computeBadge, formatFull, spendable } from './compute';

export const BADGE_ALARM = 'vkc-badge-refresh';
export const LOW_BALANCE_NOTIFICATION = 'vkc-badge-low-balance';
/** Requests arriving this close together (a burst of key changes) become one refresh. */
export const COALESCE_MS = 300;
/**
 * A woken worker first answers what woke it (a page's message, an alarm), then repaints the
 * badge and checks its alarm: done at once, that housekeeping delayed the first answer by
 * about 10 ms (`npm run bench`). Chrome keeps the painted badge while the worker sleeps, so
 * the repaint only matters after the badge was lost (an extension re-enabled).
 */
export const STARTUP_HOUSEKEEPING_MS = 200;
/** Backoff never stretches the clock-driven refresh beyond about an hour. */
const MAX_BACKOFF_MINUTES = 60;

/** Codes meaning Venice refused the key itself: retrying on the clock cannot help. */
const KEY_REFUSED_CODES = new Set(['venice.auth_failed', 'venice.no_credentials', 'venice.forbidden']);

/** Everything the updater needs from the rest of the background, injected so tests use fakes. */
export interface BadgeDeps {
  now: () => number;
  getSettings: () => Promise<Settings>;
  vaultStatus: () => Promise<VaultStatus>;
  /** Throws when locked. */
  listStoredKeys: () => Promise<{ entryId: string; label: string }[]>;
  /** Background only; the secret never leaves the updater's stack. */
  getStoredSecret: (entryId: string) => Promise<string>;
  getRateLimits: (secret: string) => Promise<RateLimits>;
  onVaultUnlocked: (cb: () => void) => void;
  onVaultLocked: (cb: () => void) => void;
  /** The vault's stored keys changed (the badge key may be gone, or newly verified). */
  onVaultKeysChanged: (cb: (reason: string) => void) => void;
  /** The badge key's forecast line for the tooltip (lib/usage); optional, never fails the badge. */
  forecastLine?: (badgeKeyId: string) => Promise<string | null>;
}

/** `alarm`: the periodic tick (subject to backoff). `event`: a change, unlock, start, or the user asking. */
export type RefreshTrigger = 'alarm' | 'event';

/** What the options page shows about the badge. Never a secret. */
export interface BadgeStatus {
  view: BadgeView;
  badgeKeyId: string | null;
  keyLabel: string | null;
  vault: VaultStatus;
  figures: BadgeCache['figures'];
  problem: BadgeCache['problem'];
  failures: number;
  periodMinutes: number;
}

export function createBadgeUpdater(deps: BadgeDeps) {
  let inFlight: Promise<void> | null = null;
  let followUp: Promise<void> | null = null;
  let coalesceTimer: ReturnType<typeof setTimeout> | null = null;
  let coalesced: Promise<void> | null = null;
  /** Counts change requests; a refresh notes the count it started at, so it covers those before it. */
  let changes = 0;
  let covered = 0;

  async function gather(): Promise<{
    settings: Settings;
    cache: BadgeCache;
    vault: VaultStatus;
    forecast: string | null;
  }> {
    const [settings, cache, vault] = await Promise.all([
      deps.getSettings(),
      loadBadgeCache(),
      deps.vaultStatus(),
    ]);
    const forecast =
      settings.badgeKeyId !== null && deps.forecastLine
        ? await deps.forecastLine(settings.badgeKeyId).catch(() => null)
        : null;
    return { settings, cache, vault, forecast };
  }

  function viewOf(
    settings: Settings,
    cache: BadgeCache,
    vault: VaultStatus,
    forecast: string | null = null,
  ): BadgeView {
    const sameKey = settings.badgeKeyId !== null && cache.keyId === settings.badgeKeyId;
    const view = computeBadge({
      now: deps.now(),
      badgeKey: settings.badgeKeyId === null ? null : { label: (sameKey && cache.keyLabel) || '' },
      vault,
      figures: sameKey ? cache.figures : null,
      problem: sameKey ? cache.problem : null,
      ...settings.badge,
      forecast: sameKey ? forecast : null,
    });
    // The tooltip is the one place that warns with no extension page open.
    const custom = customEndpointsOf(settings);
    if (custom.length === 0) return view;
    const warning = `Custom endpoint, not Venice: ${custom.map((c) => `${c.name} ${c.origin}`).join(', ')}`;
    return { ...view, title: `${warning}\n${view.title}` };
  }

  /** Paints from what is known, without asking Venice (worker start, lock, settings change, locked ticks). */
  async function paint(): Promise<BadgeView> {
    const { settings, cache, vault, forecast } = await gather();
    const badge = viewOf(settings, cache, vault, forecast);
    await applyBadge(badge);
    return badge;
  }

  async function status(): Promise<BadgeStatus> {
    const { settings, cache, vault, forecast } = await gather();
    const sameKey = settings.badgeKeyId !== null && cache.keyId === settings.badgeKeyId;
    return {
      view: viewOf(settings, cache, vault, forecast),
      badgeKeyId: settings.badgeKeyId,
      keyLabel: sameKey ? cache.keyLabel : null,
      vault,
      figures: sameKey ? cache.figures : null,
      problem: sameKey ? cache.problem : null,
      failures: sameKey ? cache.failures : 0,
      periodMinutes: settings.badge.periodMinutes,
    };
  }

  /**
   * One refresh at a time. A tick arriving while one runs joins it; a change arriving while
   * one runs gets one follow-up refresh after it (the running one may predate the change).
   */
  function refresh(trigger: RefreshTrigger): Promise<void> {
    if (inFlight) {
      if (trigger === 'alarm') return inFlight;
      followUp ??= inFlight
        .catch(() => undefined)
        .then(() => {
          followUp = null;
          return refresh('event');
        });
      return followUp;
    }
    // A change-driven run reads everything afresh and is not held back by the clock's backoff,
    // so it answers every change requested before it starts: a waiting coalesced request then
    // costs no second call to Venice.
    if (trigger === 'event') covered = changes;
    inFlight = runRefresh(trigger).finally(() => {
      inFlight = null;
    });
    return inFlight;
  }

  async function runRefresh(trigger: RefreshTrigger): Promise<void> {
    let { settings, cache, vault } = await gather();
    const keyId = vault === 'none' ? null : settings.badgeKeyId;
    if (keyId === null) {
      if (cache.keyId !== null) await saveBadgeCache({ ...EMPTY_BADGE_CACHE });
      await applyBadge(viewOf(settings, EMPTY_BADGE_CACHE, vault));
      return;
    }
    if (cache.keyId !== keyId) cache = { ...EMPTY_BADGE_CACHE, keyId };
    const before = JSON.stringify(cache);
    const fetched = await fetchFigures(trigger, keyId, settings, cache, vault);
    cache = fetched.cache;
    // Ticks while locked change nothing: no write, no storage event for open pages.
    if (JSON.stringify(cache) !== before) await saveBadgeCache(cache);
    // The badge key may have changed while Venice answered; then the figures belong to the old one.
    const latest = await gather();
    ({ settings, vault } = latest);
    await applyBadge(viewOf(settings, cache, vault, latest.forecast));
    if (fetched.notify) await notifyLow(fetched.notify, settings);
  }

  interface Fetched {
    cache: BadgeCache;
    notify?: { label: string; currency: keyof typeof CURRENCY_NAME; amount: number };
  }

  async function fetchFigures(
    trigger: RefreshTrigger,
    keyId: string,
    settings: Settings,
    cache: BadgeCache,
    vault: VaultStatus,
  ): Promise<Fetched> {
    // None while locked: the cached figure is painted grey instead.
    if (vault !== 'unlocked') return { cache };
    const now = deps.now();
    if (cache.notBefore !== null && now < cache.notBefore) return { cache };
    if (trigger === 'alarm') {
      // A refused key is not retried by the clock; a key change, unlock or the user retries it.
      if (cache.problem?.kind === 'key') return { cache };
      if (cache.skipTicks > 0) return { cache: { ...cache, skipTicks: cache.skipTicks - 1 } };
    }

    let label: string;
    let secret: string;
    try {
      const meta = (await deps.listStoredKeys()).find((k) => k.entryId === keyId);
      if (!meta) {
        return {
          cache: {
            ...cache,
            problem: {
              kind: 'key',
              message: 'It is no longer in the vault. Choose another badge key in Options.',
              at: now,
            },
          },
        };
      }
      label = meta.label;
      secret = await deps.getStoredSecret(keyId);
    } catch (err) {
      // Locked between the status check and the read: nothing to do until unlock.
      if (err instanceof AppError && err.code === 'vault.locked') return { cache };
      return { cache: failed(cache, settings, err, now) };
    }

    let limits: RateLimits;
    try {
      limits = await deps.getRateLimits(secret);
    } catch (err) {
      const at = deps.now();
      if (err instanceof AppError && KEY_REFUSED_CODES.has(err.code)) {
        return {
          cache: {
            ...cache,
            keyLabel: label,
            problem: { kind: 'key', message: err.message, at },
            failures: 0,
            skipTicks: 0,
            notBefore: null,
          },
        };
      }
      return { cache: failed({ ...cache, keyLabel: label }, settings, err, at) };
    }

    const figures = {
      balances: { ...limits.balances },
      accessPermitted: limits.accessPermitted === true,
      fetchedAt: deps.now(),
    };
    const { currency, amount } = spendable(figures.balances, settings.badge.currency);
    // Unknown amounts keep the previous crossing state: no figure is not a crossing.
    const below = amount === null ? cache.wasBelowCritical : amount < settings.badge.criticalAt;
    const next: BadgeCache = {
      ...cache,
      keyLabel: label,
      figures,
      problem: null,
      failures: 0,
      skipTicks: 0,
      notBefore: null,
      wasBelowCritical: below,
    };
    const crossed = below && !cache.wasBelowCritical && amount !== null;
    return crossed ? { cache: next, notify: { label, currency, amount } } : { cache: next };
  }

  /** A failed refresh: keep the last figures (shown grey), back off on the clock. */
  function failed(cache: BadgeCache, settings: Settings, err: unknown, at: number): BadgeCache {
    const failures = cache.failures + 1;
    const period = settings.badge.periodMinutes;
    // The next tick tries again; after that 1, 3, 7… ticks are skipped, up to about an hour.
    const maxSkip = Math.max(0, Math.ceil(MAX_BACKOFF_MINUTES / period) - 1);
    const skipTicks = Math.min(2 ** (failures - 1) - 1, maxSkip);
    // Venice's Retry-After holds every request (ticks and events) until it has passed.
    const retryAfter = (err as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    const notBefore =
      typeof retryAfter === 'number' && Number.isFinite(retryAfter) && retryAfter > 0
        ? at + Math.min(retryAfter, MAX_BACKOFF_MINUTES * 60) * 1000
        : null;
    return {
      ...cache,
      problem: { kind: 'refresh', message: errorText(err), at },
      failures,
      skipTicks,
      notBefore,
    };
  }

  async function notifyLow(what: NonNullable<Fetched['notify']>, settings: Settings): Promise<void> {
    if (!settings.badge.notifyLow) return;
    try {
      await browser.notifications.create(LOW_BALANCE_NOTIFICATION, {
        type: 'basic',
        iconUrl: browser.runtime.getURL('/icon/128.png'),
        title: `Venice balance low: ${what.label || 'badge key'}`,
        message: `This key can spend ${formatFull(what.amount)} ${CURRENCY_NAME[what.currency]}, below your critical level of ${formatFull(settings.badge.criticalAt)}.`,
      });
    } catch {
      // Notifications may be blocked by the user or the OS; the red badge still says it.
      console.warn('[vkc] low-balance notification could not be shown');
    }
  }

  /**
   * A refresh after a change: bursts within COALESCE_MS become one request. Resolves when
   * the refresh has been painted.
   */
  function request(_reason: string): Promise<void> {
    changes++;
    if (coalesceTimer === null) {
      coalesced = new Promise<void>((resolve) => {
        coalesceTimer = setTimeout(() => {
          coalesceTimer = null;
          // A refresh that started after the last change (the user's "Refresh now") answers it.
          const run = covered >= changes ? (inFlight ?? Promise.resolve()) : refresh('event');
          run.catch(() => console.warn('[vkc] badge refresh failed')).finally(resolve);
        }, COALESCE_MS);
      });
    }
    return coalesced as Promise<void>;
  }

  /** Creates the periodic alarm, or replaces it when the period changed (never otherwise: that would reset its schedule). */
  async function ensureAlarm(periodMinutes: number): Promise<void> {
    const existing = await browser.alarms.get(BADGE_ALARM);
    if (existing?.periodInMinutes === periodMinutes) return;
    await browser.alarms.create(BADGE_ALARM, {
      periodInMinutes: periodMinutes,
      delayInMinutes: periodMinutes,
    });
  }

  /** Wires listeners; call synchronously at worker start so a waking alarm is delivered. */
  function register(): void {
    const log = (what: string) => () => console.warn(`[vkc] badge: ${what} failed`);
    // Returning the promise lets the worker (and tests) know when the tick's work is done.
    browser.alarms.onAlarm.addListener((alarm) =>
      alarm.name === BADGE_ALARM ? refresh('alarm').catch(log('periodic refresh')) : undefined,
    );
    browser.runtime.onStartup.addListener(() => void request('browser start'));
    browser.runtime.onInstalled.addListener(() => void request('installed'));
    deps.onVaultUnlocked(() => void request('vault unlocked'));
    deps.onVaultLocked(() => void paint().catch(log('paint')));
    deps.onVaultKeysChanged((reason) => void request(reason));
    settingsItem.watch((next, previous) => {
      if (!next) return;
      if (next.badge.periodMinutes !== previous?.badge.periodMinutes) {
        void ensureAlarm(next.badge.periodMinutes).catch(log('alarm'));
      }
      if (next.badgeKeyId !== previous?.badgeKeyId) void request('badge key chosen');
      else void paint().catch(log('paint'));
    });
    // A restarted worker or browser shows the last known figure, once the waking event had its turn.
    setTimeout(() => {
      void paint().catch(log('paint'));
      void deps
        .getSettings()
        .then((s) => ensureAlarm(s.badge.periodMinutes))
        .catch(log('alarm'));
    }, STARTUP_HOUSEKEEPING_MS);
  }

  return { register, refresh, request, paint, status, ensureAlarm };
}

export type BadgeUpdater = ReturnType<typeof createBadgeUpdater>;
