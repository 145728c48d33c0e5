import { describe, expect, it } from 'vitest';
import type { CachedBalance } from '@/lib/keys/types';
import { DAY_MS } from '@/lib/usage/forecast';
import {
  createForecastNotifier,
  FORECAST_NOTIFICATION_PREFIX,
  type ForecastInput,
  type ForecastNotified,
  forecastAlerts,
} from '@/lib/usage/notify';
import type { ApiKey } from '@/lib/venice/types';

// 2026-11-20 12:00 UTC.
const NOW = Date.UTC(2026, 10, 20, 12);

const key = (over: Partial<ApiKey> = {}): ApiKey => ({
  id: 'k1',
  apiKeyType: 'INFERENCE',
  description: 'prod app',
  createdAt: null,
  expiresAt: null,
  lastUsedAt: null,
  last6Chars: 'abc123',
  // $50 a month, $30 used, $4 a day: reached on Nov 25 (5 days).
  consumptionLimits: { usd: 50, diem: null },
  limitPeriod: 'MONTH',
  trailingSevenDays: { usd: 28, diem: 0 },
  currentPeriodUsage: { usd: 30, diem: 0 },
  modelPrivacy: null,
  ...over,
});

const balance = (usd: number | null, diem: number | null, fetchedAt = NOW - 60_000): CachedBalance => ({
  fetchedAt,
  value: {
    canConsume: true,
    consumptionCurrency: 'USD',
    balances: { usd, diem, bundledCredits: null, earnedCredits: null },
    diemEpochAllocation: null,
  },
});

const input = (over: Partial<ForecastInput> = {}): ForecastInput => ({
  now: NOW,
  daysBefore: 5,
  keys: [key()],
  keysFetchedAt: NOW - 60_000,
  balance: null,
  ...over,
});

describe('forecastAlerts', () => {
  it('alerts for a key whose cap is reached within the chosen days, with the date and the sentence', () => {
    expect(forecastAlerts(input())).toEqual([
      {
        subject: 'key:k1:usd',
        date: '2026-11-25',
        title: 'prod app reaches its cap soon',
        message: "At the last 7 days' pace this key reaches its $50 monthly cap on Nov 25.",
      },
    ]);
  });

  it('stays quiet when the date is further away than the chosen days', () => {
    expect(forecastAlerts(input({ daysBefore: 4 }))).toEqual([]);
  });

  it('stays quiet for a key already over its cap, one with no spend, and one that resets first', () => {
    const keys = [
      key({ id: 'over', currentPeriodUsage: { usd: 60, diem: 0 } }),
      key({ id: 'idle', trailingSevenDays: { usd: 0, diem: 0 } }),
      // $1 a day on a daily cap of $5 with $1 used: the day ends first.
      key({
        id: 'daily',
        limitPeriod: 'EPOCH',
        consumptionLimits: { usd: 5, diem: null },
        currentPeriodUsage: { usd: 1, diem: 0 },
        trailingSevenDays: { usd: 7, diem: 0 },
      }),
      key({ id: 'uncapped', consumptionLimits: { usd: null, diem: null } }),
      key({ id: 'future-period', limitPeriod: 'FORTNIGHT' as ApiKey['limitPeriod'] }),
    ];
    expect(forecastAlerts(input({ keys, daysBefore: 30 }))).toEqual([]);
  });

  it('forecasts a DIEM cap and a LIFETIME cap too', () => {
    const keys = [
      key({
        id: 'diem',
        consumptionLimits: { usd: null, diem: 100 },
        limitPeriod: 'LIFETIME',
        currentPeriodUsage: { usd: 0, diem: 90 },
        trailingSevenDays: { usd: 0, diem: 35 },
      }),
    ];
    // 10 DIEM left at 5 a day: Nov 22.
    expect(forecastAlerts(input({ keys }))).toMatchObject([{ subject: 'key:diem:diem', date: '2026-11-22' }]);
  });

  it('forecasts nothing from a key list older than a day', () => {
    expect(forecastAlerts(input({ keysFetchedAt: NOW - DAY_MS - 1 }))).toEqual([]);
    expect(forecastAlerts(input({ keysFetchedAt: null }))).toEqual([]);
  });

  it('alerts for the account balance at the account’s pace, else at the keys’ summed pace', () => {
    // $12 left at $4 a day (the one key): Nov 23.
    expect(
      forecastAlerts(
        input({ keys: [key({ consumptionLimits: { usd: null, diem: null } })], balance: balance(12, null) }),
      ),
    ).toEqual([
      {
        subject: 'balance:usd',
        date: '2026-11-23',
        title: 'Your Venice USD balance runs out soon',
        message: "At the last 7 days' pace the USD balance runs out on Nov 23.",
      },
    ]);
    // The account's own daily figures (web-app use included) win: $12 at $6 a day, Nov 22.
    const daily = { usd: [6, 6, 6, 6, 6, 6, 6], diem: [0, 0, 0, 0, 0, 0, 0] };
    expect(
      forecastAlerts(input({ keys: [], balance: balance(12, null), accountDaily: daily })),
    ).toMatchObject([{ subject: 'balance:usd', date: '2026-11-22' }]);
  });

  it('a DIEM balance that lasts until the midnight refill, or a stale balance, alerts nothing', () => {
    const keys = [
      key({ consumptionLimits: { usd: null, diem: null }, trailingSevenDays: { usd: 0, diem: 7 } }),
    ];
    expect(forecastAlerts(input({ keys, balance: balance(null, 5) }))).toEqual([]);
    expect(forecastAlerts(input({ balance: balance(1, null, NOW - 2 * DAY_MS) }))).toEqual([
      expect.objectContaining({ subject: 'key:k1:usd' }),
    ]);
  });
});

function harness(options: { daysBefore: number | null; notified?: ForecastNotified; failShow?: boolean }) {
  let now = NOW;
  let stored: ForecastNotified = options.notified ?? {};
  const shown: { id: string; title: string; message: string }[] = [];
  let keys = [key()];
  const notifier = createForecastNotifier({
    now: () => now,
    daysBefore: async () => options.daysBefore,
    read: async () => ({ keys, keysFetchedAt: now - 60_000, balance: null }),
    notified: {
      get: async () => structuredClone(stored),
      set: async (next) => {
        stored = structuredClone(next);
      },
    },
    show: async (id, title, message) => {
      if (options.failShow) throw new Error('blocked');
      shown.push({ id, title, message });
    },
  });
  return {
    notifier,
    shown,
    stored: () => stored,
    setNow: (ms: number) => {
      now = ms;
    },
    setKeys: (next: ApiKey[]) => {
      keys = next;
    },
  };
}

describe('createForecastNotifier', () => {
  it('notifies once per key per exhaustion date, across ticks', async () => {
    const h = harness({ daysBefore: 5 });
    expect(await h.notifier.check()).toBe(1);
    expect(h.shown).toEqual([
      {
        id: `${FORECAST_NOTIFICATION_PREFIX}key:k1:usd`,
        title: 'prod app reaches its cap soon',
        message: "At the last 7 days' pace this key reaches its $50 monthly cap on Nov 25.",
      },
    ]);
    expect(h.stored()).toEqual({ 'key:k1:usd': ['2026-11-25'] });
    // The next tick, and one an hour later (same date): nothing new.
    expect(await h.notifier.check()).toBe(0);
    h.setNow(NOW + 3_600_000);
    expect(await h.notifier.check()).toBe(0);
    expect(h.shown).toHaveLength(1);
  });

  it('notifies again when the exhaustion date moves', async () => {
    const h = harness({ daysBefore: 5 });
    await h.notifier.check();
    // Spend triples: $12 a day, $20 left, reached Nov 22.
    h.setKeys([key({ trailingSevenDays: { usd: 84, diem: 0 } })]);
    expect(await h.notifier.check()).toBe(1);
    expect(h.stored()).toEqual({ 'key:k1:usd': ['2026-11-25', '2026-11-22'] });
  });

  it('does nothing while the setting is off', async () => {
    const h = harness({ daysBefore: null });
    expect(await h.notifier.check()).toBe(0);
    expect(h.shown).toEqual([]);
    expect(h.stored()).toEqual({});
  });

  it('forgets dates already past, keeps the rest', async () => {
    const h = harness({
      daysBefore: 1,
      notified: {
        'key:gone:usd': ['2026-11-01'],
        'key:k1:usd': ['2026-11-19', '2026-11-25'],
        junk: 'x' as never,
      },
    });
    expect(await h.notifier.check()).toBe(0);
    expect(h.stored()).toEqual({ 'key:k1:usd': ['2026-11-25'] });
  });

  it('a blocked notification is not recorded, so the next tick tries again', async () => {
    const h = harness({ daysBefore: 5, failShow: true });
    expect(await h.notifier.check()).toBe(0);
    expect(h.stored()).toEqual({});
  });

  it('two ticks at once notify once', async () => {
    const h = harness({ daysBefore: 5 });
    // The second joins the first tick rather than reading the dates before the first stored them.
    const [a, b] = await Promise.all([h.notifier.check(), h.notifier.check()]);
    expect([a, b]).toEqual([1, 1]);
    expect(h.shown).toHaveLength(1);
  });
});
