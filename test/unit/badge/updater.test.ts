import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { BADGE_COLORS } from '@/lib/badge/compute';
import {
  BADGE_ALARM,
  type BadgeDeps,
  COALESCE_MS,
  createBadgeUpdater,
  LOW_BALANCE_NOTIFICATION,
  STARTUP_HOUSEKEEPING_MS,
} from '@/lib/badge/updater';
import { AppError } from '@/lib/errors';
import { getSettings, updateSettings } from '@/lib/settings/service';
import { badgeCacheItem, loadBadgeCache } from '@/lib/storage/badge-cache';
import type { RateLimits } from '@/lib/venice/types';

const SECRET = `VENICE_INFERENCE_KEY_${'x'.repeat(8)}${Math.random().toString(36).slice(2)}`;
const OTHER_SECRET = `VENICE_INFERENCE_KEY_other${Math.random().toString(36).slice(2)}`;

function limits(balances: RateLimits['balances'], accessPermitted = true): RateLimits {
  return {
    accessPermitted,
    apiTier: { id: 'paid', isCharged: true },
    balances,
    keyExpiration: null,
    nextEpochBegins: null,
    rateLimits: [],
  };
}

/** A stand-in vault and Venice: just enough state to drive the updater. */
function makeWorld() {
  const world = {
    vault: 'unlocked' as 'none' | 'locked' | 'unlocked',
    keys: [
      { entryId: 'entry-1', label: 'Prod app', secret: SECRET },
      { entryId: 'entry-2', label: 'Staging', secret: OTHER_SECRET },
    ],
    /** What Venice answers next, per secret; an Error is thrown. */
    answer: new Map<string, RateLimits | Error>([
      [SECRET, limits({ USD: 50 })],
      [OTHER_SECRET, limits({ DIEM: 9.5 })],
    ]),
    requests: [] as string[],
    unlocked: [] as (() => void)[],
    locked: [] as (() => void)[],
    keysChanged: [] as ((reason: string) => void)[],
  };
  const deps: BadgeDeps = {
    now: () => Date.now(),
    getSettings,
    vaultStatus: async () => world.vault,
    listStoredKeys: async () => {
      if (world.vault !== 'unlocked') throw new AppError('vault.locked');
      return world.keys.map(({ entryId, label }) => ({ entryId, label }));
    },
    getStoredSecret: async (entryId) => {
      if (world.vault !== 'unlocked') throw new AppError('vault.locked');
      const key = world.keys.find((k) => k.entryId === entryId);
      if (!key) throw new AppError('vault.key_not_found', 'No such key.');
      return key.secret;
    },
    getRateLimits: async (secret) => {
      world.requests.push(secret === SECRET ? 'entry-1' : 'entry-2');
      const answer = world.answer.get(secret);
      if (!answer) throw new AppError('venice.auth_failed', 'Venice did not accept this API key.');
      if (answer instanceof Error) throw answer;
      return answer;
    },
    onVaultUnlocked: (cb) => world.unlocked.push(cb),
    onVaultLocked: (cb) => world.locked.push(cb),
    onVaultKeysChanged: (cb) => world.keysChanged.push(cb),
  };
  return { world, deps };
}

async function badge() {
  return {
    text: await fakeBrowser.action.getBadgeText({}),
    color: await fakeBrowser.action.getBadgeBackgroundColor({}),
    title: await fakeBrowser.action.getTitle({}),
  };
}

function rgba(hex: string): number[] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255, 255];
}

async function tick() {
  await fakeBrowser.alarms.onAlarm.trigger({
    name: BADGE_ALARM,
    scheduledTime: Date.now(),
    periodInMinutes: 5,
  });
}

/** Lets everything started by a listener finish (storage, coalescing timer, refresh). */
async function settle() {
  await vi.advanceTimersByTimeAsync(Math.max(COALESCE_MS, STARTUP_HOUSEKEEPING_MS) + 50);
}

const serverError = () =>
  new AppError('venice.server_error', 'Venice had a problem answering (HTTP 503).', { retryable: true });

describe('badge updater', () => {
  let world: ReturnType<typeof makeWorld>['world'];
  let made: ReturnType<typeof makeWorld>;
  let updater: ReturnType<typeof createBadgeUpdater>;

  beforeEach(async () => {
    fakeBrowser.reset();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(Date.UTC(2026, 10, 26, 12, 0, 0));
    await updateSettings({ badgeKeyId: 'entry-1' });
    made = makeWorld();
    world = made.world;
    updater = createBadgeUpdater(made.deps);
    updater.register();
    await settle();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('registers the periodic alarm at the chosen period', async () => {
    const alarm = await fakeBrowser.alarms.get(BADGE_ALARM);
    expect(alarm?.periodInMinutes).toBe(5);
  });

  it('an alarm tick makes exactly one request and paints the balance', async () => {
    await tick();
    expect(world.requests).toEqual(['entry-1']);
    const b = await badge();
    expect(b.text).toBe('$50');
    expect(b.color).toEqual(rgba(BADGE_COLORS.ok));
    expect(b.title).toContain('Prod app');
    expect(b.title).toContain('USD: 50');
    expect(b.title).toContain('Updated just now');
  });

  it('one request per period: N ticks → N requests, and nothing polls in between', async () => {
    await tick();
    await tick();
    await tick();
    expect(world.requests).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(world.requests).toHaveLength(3);
  });

  it('concurrent ticks join one request', async () => {
    await Promise.all([tick(), tick(), updater.refresh('alarm')]);
    expect(world.requests).toHaveLength(1);
  });

  it('a change arriving while a refresh runs gets one follow-up refresh; ticks just join', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow = createBadgeUpdater({
      ...made.deps,
      getRateLimits: async (secret) => {
        const answer = await made.deps.getRateLimits(secret);
        await gate;
        return answer;
      },
    });
    const first = slow.refresh('alarm');
    await vi.advanceTimersByTimeAsync(0);
    world.answer.set(SECRET, limits({ USD: 12 }));
    const joined = slow.refresh('alarm');
    const followUps = [slow.refresh('event'), slow.refresh('event')];
    release();
    await Promise.all([first, joined, ...followUps]);
    expect(world.requests).toHaveLength(2);
    expect((await badge()).text).toBe('$12');
  });

  it('ticks while locked write nothing to storage', async () => {
    await tick();
    world.vault = 'locked';
    const set = vi.spyOn(fakeBrowser.storage.local, 'set');
    await tick();
    await tick();
    expect(set).not.toHaveBeenCalled();
  });

  it('a burst of change requests becomes one refresh', async () => {
    await Promise.all([
      updater.request('created'),
      updater.request('edited'),
      updater.request('vault add'),
      settle(),
    ]);
    expect(world.requests).toHaveLength(1);
  });

  it('a refresh asked for right after a change answers it: one request, not two', async () => {
    // Choosing the badge key, then "Refresh now" within the coalescing window.
    const change = updater.request('badge key chosen');
    await updater.refresh('event');
    await Promise.all([change, settle()]);
    expect(world.requests).toHaveLength(1);
  });

  it('a change after a refresh started still gets its own refresh', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow = createBadgeUpdater({
      ...made.deps,
      getRateLimits: async (secret) => {
        await gate;
        return made.deps.getRateLimits(secret);
      },
    });
    const running = slow.refresh('event');
    await vi.advanceTimersByTimeAsync(0);
    world.answer.set(SECRET, limits({ USD: 12 }));
    const change = slow.request('edited');
    release();
    await Promise.all([running, change, settle()]);
    expect(world.requests).toHaveLength(2);
    expect((await badge()).text).toBe('$12');
  });

  it('a clock tick does not answer a change: the change still refreshes', async () => {
    const change = updater.request('edited');
    await tick();
    await Promise.all([change, settle()]);
    expect(world.requests).toHaveLength(2);
  });

  it('the figures persist in local storage without the secret', async () => {
    await tick();
    const stored = await fakeBrowser.storage.local.get(null);
    const dump = JSON.stringify(stored);
    expect(dump).toContain('"USD":50');
    expect(dump).not.toContain(SECRET);
    expect(dump).not.toContain('VENICE_INFERENCE_KEY_');
  });

  describe('locked vault', () => {
    beforeEach(async () => {
      await tick();
      world.vault = 'locked';
      for (const cb of world.locked) cb();
      await settle();
    });

    it('keeps the last figure, greyed, with a lock in the tooltip', async () => {
      const b = await badge();
      expect(b.text).toBe('$50');
      expect(b.color).toEqual(rgba(BADGE_COLORS.inactive));
      expect(b.title).toContain('🔒');
    });

    it('makes no request on ticks, but keeps the age in the tooltip current', async () => {
      await vi.advanceTimersByTimeAsync(7 * 60_000);
      await tick();
      await Promise.all([updater.request('something'), settle()]);
      expect(world.requests).toHaveLength(1);
      expect((await badge()).title).toContain('Figures from the last successful refresh, 7 min ago.');
    });

    it('unlocking refreshes at once', async () => {
      world.answer.set(SECRET, limits({ USD: 42 }));
      world.vault = 'unlocked';
      for (const cb of world.unlocked) cb();
      await settle();
      expect(world.requests).toHaveLength(2);
      const b = await badge();
      expect(b.text).toBe('$42');
      expect(b.color).toEqual(rgba(BADGE_COLORS.ok));
    });
  });

  it('the vault telling of a change to its keys refreshes the badge (an event, not a call into the badge)', async () => {
    await tick();
    expect(world.requests).toHaveLength(1);
    world.answer.set(SECRET, limits({ USD: 42 }));
    expect(world.keysChanged).toHaveLength(1);
    for (const cb of world.keysChanged) cb('vault key verified');
    await settle();
    expect(world.requests).toHaveLength(2);
    expect((await badge()).text).toBe('$42');
  });

  it('a restarted worker (or browser) paints the cached figure at once, before any request', async () => {
    await tick();
    fakeBrowser.action.resetState();
    expect((await badge()).text).toBe('');
    const made = makeWorld();
    made.world.vault = 'locked';
    createBadgeUpdater(made.deps).register();
    // The event that woke the worker is answered first: nothing is read or painted yet.
    await vi.advanceTimersByTimeAsync(STARTUP_HOUSEKEEPING_MS - 10);
    expect((await badge()).text).toBe('');
    await settle();
    const b = await badge();
    expect(b.text).toBe('$50');
    expect(b.title).toContain('🔒');
    expect(made.world.requests).toHaveLength(0);
  });

  describe('backoff while Venice fails', () => {
    it('the next tick retries, then 1, 3, 7 ticks are skipped; success resets it', async () => {
      await tick(); // success first, so there is a figure to grey
      world.answer.set(SECRET, serverError());
      const madeRequest: boolean[] = [];
      for (let i = 0; i < 16; i++) {
        const before = world.requests.length;
        await tick();
        madeRequest.push(world.requests.length > before);
      }
      // fail, retry(fail), skip, retry(fail), skip×3, retry(fail), skip×7, retry
      expect(madeRequest).toEqual([
        true,
        true,
        false,
        true,
        false,
        false,
        false,
        true,
        false,
        false,
        false,
        false,
        false,
        false,
        false,
        true,
      ]);
      const b = await badge();
      expect(b.text).toBe('$50');
      expect(b.color).toEqual(rgba(BADGE_COLORS.inactive));
      expect(b.title).toContain('Last refresh failed: Venice had a problem answering (HTTP 503).');

      world.answer.set(SECRET, limits({ USD: 49 }));
      await Promise.all([updater.request('user asked'), settle()]);
      expect((await badge()).text).toBe('$49');
      const after = world.requests.length;
      await tick();
      expect(world.requests.length).toBe(after + 1);
    });

    it('backoff is capped at about an hour', async () => {
      world.answer.set(SECRET, serverError());
      for (let i = 0; i < 40; i++) await tick();
      const before = world.requests.length;
      for (let i = 0; i < 12; i++) await tick(); // 12 × 5 min = one hour
      expect(world.requests.length).toBe(before + 1);
    });

    it('respects Venice’s Retry-After, for events too', async () => {
      const limited = Object.assign(
        new AppError('venice.rate_limited', 'Slow down. Try again in 600 seconds.'),
        {
          retryAfterSeconds: 600,
        },
      );
      world.answer.set(SECRET, limited);
      await tick();
      expect(world.requests).toHaveLength(1);
      world.answer.set(SECRET, limits({ USD: 10 }));
      await Promise.all([updater.request('key edited'), settle()]);
      await tick();
      expect(world.requests).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(600_000);
      await tick();
      expect(world.requests).toHaveLength(2);
      expect((await badge()).text).toBe('$10');
    });
  });

  it('accessPermitted false → red "!" with the reason', async () => {
    world.answer.set(SECRET, limits({ USD: 0, DIEM: 0 }, false));
    await tick();
    const b = await badge();
    expect(b.text).toBe('!');
    expect(b.color).toEqual(rgba(BADGE_COLORS.critical));
    expect(b.title).toContain('Nothing left to spend');
  });

  it('a revoked key → "?" with the reason; the clock stops retrying it, a change retries', async () => {
    world.answer.delete(SECRET);
    await tick();
    let b = await badge();
    expect(b.text).toBe('?');
    expect(b.title).toContain('Venice did not accept this API key.');
    await tick();
    await tick();
    expect(world.requests).toHaveLength(1);
    world.answer.set(SECRET, limits({ USD: 7 }));
    await Promise.all([updater.request('key replaced'), settle()]);
    b = await badge();
    expect(world.requests).toHaveLength(2);
    expect(b.text).toBe('$7');
  });

  it('a badge key gone from the vault → "?" saying so, with no request', async () => {
    world.keys = world.keys.filter((k) => k.entryId !== 'entry-1');
    await tick();
    const b = await badge();
    expect(b.text).toBe('?');
    expect(b.title).toContain('It is no longer in the vault');
    expect(world.requests).toHaveLength(0);
  });

  it('no badge key → no badge and no request', async () => {
    await tick();
    await updateSettings({ badgeKeyId: null });
    await settle();
    await tick();
    expect(world.requests).toHaveLength(1);
    expect((await badge()).text).toBe('');
    expect((await loadBadgeCache()).figures).toBeNull();
  });

  it('choosing another badge key refreshes for it and never shows the old key’s figures', async () => {
    await tick();
    world.answer.set(OTHER_SECRET, serverError());
    await updateSettings({ badgeKeyId: 'entry-2' });
    await settle();
    expect(world.requests).toEqual(['entry-1', 'entry-2']);
    const b = await badge();
    expect(b.text).toBe('…');
    expect(b.title).not.toContain('USD: 50');
    world.answer.set(OTHER_SECRET, limits({ DIEM: 9.5 }));
    await tick();
    expect((await badge()).text).toBe('Đ9.5');
  });

  it('changing the period replaces the alarm; the same period leaves it alone', async () => {
    const create = vi.spyOn(fakeBrowser.alarms, 'create');
    await updateSettings({ badge: { periodMinutes: 15 } });
    await settle();
    expect((await fakeBrowser.alarms.get(BADGE_ALARM))?.periodInMinutes).toBe(15);
    expect(create).toHaveBeenCalledTimes(1);
    await updater.ensureAlarm(15);
    expect(create).toHaveBeenCalledTimes(1);
  });

  it('changing thresholds or currency repaints without asking Venice', async () => {
    world.answer.set(SECRET, limits({ USD: 50, DIEM: 3 }));
    await tick();
    expect((await badge()).text).toBe('Đ3');
    await updateSettings({ badge: { currency: 'USD', warnAt: 100 } });
    await settle();
    const b = await badge();
    expect(b.text).toBe('$50');
    expect(b.color).toEqual(rgba(BADGE_COLORS.warn));
    expect(world.requests).toHaveLength(1);
  });

  describe('low-balance notification', () => {
    it('fires once when the balance crosses below the critical level, again only after recovering', async () => {
      const create = vi.spyOn(fakeBrowser.notifications, 'create');
      for (const usd of [10, 0.5, 0.4, 0.3, 5, 0.2, 0.1]) {
        world.answer.set(SECRET, limits({ USD: usd }));
        await tick();
      }
      expect(create).toHaveBeenCalledTimes(2);
      const [id, options] = create.mock.calls[0] as unknown as [
        string,
        { title: string; message: string; iconUrl: string },
      ];
      expect(id).toBe(LOW_BALANCE_NOTIFICATION);
      expect(options.title).toContain('Prod app');
      expect(options.message).toContain('0.5 USD');
      expect(options.iconUrl).toMatch(/icon\/128\.png$/);
      expect(JSON.stringify(create.mock.calls)).not.toContain(SECRET);
    });

    it('does not fire again after a worker restart while still low', async () => {
      const create = vi.spyOn(fakeBrowser.notifications, 'create');
      world.answer.set(SECRET, limits({ USD: 0.5 }));
      await tick();
      const made = makeWorld();
      made.world.answer.set(SECRET, limits({ USD: 0.4 }));
      const restarted = createBadgeUpdater(made.deps);
      await restarted.refresh('alarm');
      expect(create).toHaveBeenCalledTimes(1);
    });

    it('is not shown when the user turned it off', async () => {
      const create = vi.spyOn(fakeBrowser.notifications, 'create');
      await updateSettings({ badge: { notifyLow: false } });
      await settle();
      world.answer.set(SECRET, limits({ USD: 0.5 }));
      await tick();
      expect(create).not.toHaveBeenCalled();
      expect((await badge()).color).toEqual(rgba(BADGE_COLORS.critical));
    });

    it('a failed refresh is not a crossing', async () => {
      const create = vi.spyOn(fakeBrowser.notifications, 'create');
      world.answer.set(SECRET, serverError());
      await tick();
      world.answer.set(SECRET, limits({ USD: 'junk' as unknown as number }));
      await tick();
      expect(create).not.toHaveBeenCalled();
    });
  });

  it('a damaged cache is ignored, not trusted', async () => {
    await badgeCacheItem.setValue({ keyId: 'entry-1', figures: { balances: 'lots' } } as never);
    const cache = await loadBadgeCache();
    expect(cache.figures).toBeNull();
    await tick();
    expect((await badge()).text).toBe('$50');
  });

  it('status() reports the view and figures for the options page, never the secret', async () => {
    await tick();
    const status = await updater.status();
    expect(status.view.text).toBe('$50');
    expect(status.keyLabel).toBe('Prod app');
    expect(status.badgeKeyId).toBe('entry-1');
    expect(JSON.stringify(status)).not.toContain(SECRET);
  });
});
