import { describe, expect, it } from 'vitest';
import { computeBadge } from '@/lib/badge/compute';
import { badgeForecastText, findBadgeApiKey } from '@/lib/usage/badge';
import {
  DAY_MS,
  describeBalanceForecast,
  describeCapForecast,
  durationUntil,
  forecastBalance,
  forecastCap,
  nextPeriodReset,
  trailingPace,
} from '@/lib/usage/forecast';

// Nov 20 2026, 19:00 UTC: the month resets on Dec 1, the epoch at 00:00 UTC tonight.
const NOW = Date.parse('2026-11-20T19:00:00.000Z');

describe('nextPeriodReset', () => {
  it('EPOCH resets at the next 00:00 UTC, MONTH on the 1st, LIFETIME never', () => {
    expect(nextPeriodReset('EPOCH', NOW)).toBe(Date.parse('2026-11-21T00:00:00Z'));
    expect(nextPeriodReset('MONTH', NOW)).toBe(Date.parse('2026-12-01T00:00:00Z'));
    expect(nextPeriodReset('MONTH', Date.parse('2026-12-31T23:59:59Z'))).toBe(
      Date.parse('2027-01-01T00:00:00Z'),
    );
    expect(nextPeriodReset('EPOCH', Date.parse('2026-11-20T00:00:00Z'))).toBe(
      Date.parse('2026-11-21T00:00:00Z'),
    );
    expect(nextPeriodReset('LIFETIME', NOW)).toBeNull();
    expect(nextPeriodReset(null, NOW)).toBeNull();
  });
});

describe('trailingPace', () => {
  it('averages the last 7 days, counting missing days and refunds as nothing', () => {
    expect(trailingPace([100, 1, 1, 1, 1, 1, 1, 1])).toBe(1);
    expect(trailingPace([7])).toBe(1);
    expect(trailingPace([2, -5, Number.NaN, 2, 2, 2, 2])).toBeCloseTo(10 / 7);
    expect(trailingPace([])).toBe(0);
  });
});

describe('forecastCap', () => {
  it('MONTH: reaches the cap before the 1st at the pace', () => {
    // $30 of $50 used, $4/day: 5 days → Nov 25 19:00.
    const f = forecastCap({ cap: 50, used: 30, period: 'MONTH', perDay: 4, now: NOW });
    expect(f).toEqual({
      kind: 'reaches',
      at: NOW + 5 * DAY_MS,
      perDay: 4,
      resetsAt: Date.parse('2026-12-01T00:00:00Z'),
    });
    expect(describeCapForecast(f, { amount: 50, currency: 'USD', period: 'MONTH' }, NOW)).toBe(
      "At the last 7 days' pace this key reaches its $50 monthly cap on Nov 25.",
    );
  });

  it('MONTH: a pace that would reach the cap only after the 1st is "not at this pace"', () => {
    const f = forecastCap({ cap: 50, used: 30, period: 'MONTH', perDay: 1, now: NOW });
    expect(f.kind).toBe('not_at_this_pace');
    expect(describeCapForecast(f, { amount: 50, currency: 'USD', period: 'MONTH' }, NOW)).toBe(
      "At the last 7 days' pace this key does not reach its $50 monthly cap. It resets on Dec 1.",
    );
  });

  it('EPOCH: the daily cap resets at 00:00 UTC, so only a fast pace reaches it today', () => {
    // 5 h left today. $1 of $5 used: $4 left needs more than $19.2/day to run out before midnight.
    const slow = forecastCap({ cap: 5, used: 1, period: 'EPOCH', perDay: 19, now: NOW });
    expect(slow.kind).toBe('not_at_this_pace');
    expect(describeCapForecast(slow, { amount: 2, currency: 'DIEM', period: 'EPOCH' }, NOW)).toBe(
      "At the last 7 days' pace this key does not reach its 2 DIEM daily cap. It resets in 5 h.",
    );
    const fast = forecastCap({ cap: 5, used: 1, period: 'EPOCH', perDay: 24, now: NOW });
    expect(fast).toMatchObject({ kind: 'reaches', at: NOW + 4 * 3_600_000 });
  });

  it('LIFETIME: never resets, so any pace reaches it eventually', () => {
    const f = forecastCap({ cap: 100, used: 10, period: 'LIFETIME', perDay: 0.5, now: NOW });
    expect(f).toEqual({ kind: 'reaches', at: NOW + 180 * DAY_MS, perDay: 0.5, resetsAt: null });
    expect(describeCapForecast(f, { amount: 100, currency: 'USD', period: 'LIFETIME' }, NOW)).toBe(
      "At the last 7 days' pace this key reaches its $100 lifetime cap on May 19.",
    );
  });

  it('no usage: no pace, no date', () => {
    const f = forecastCap({ cap: 50, used: 0, period: 'MONTH', perDay: 0, now: NOW });
    expect(f).toEqual({ kind: 'no_usage', resetsAt: Date.parse('2026-12-01T00:00:00Z') });
    expect(describeCapForecast(f, { amount: 50, currency: 'USD', period: 'MONTH' }, NOW)).toBe(
      'No spend in the last 7 days: this key is not on course to reach its $50 monthly cap.',
    );
  });

  it('usage at or above the cap already: exhausted until the reset, whatever the pace', () => {
    for (const used of [50, 61.5]) {
      const f = forecastCap({ cap: 50, used, period: 'MONTH', perDay: 3, now: NOW });
      expect(f).toEqual({ kind: 'exhausted', resetsAt: Date.parse('2026-12-01T00:00:00Z') });
    }
    const epoch = forecastCap({ cap: 5, used: 7, period: 'EPOCH', perDay: 0, now: NOW });
    expect(describeCapForecast(epoch, { amount: 5, currency: 'USD', period: 'EPOCH' }, NOW)).toBe(
      'This key has reached its $5 daily cap. It resets in 5 h.',
    );
    const life = forecastCap({ cap: 5, used: 5, period: 'LIFETIME', perDay: 1, now: NOW });
    expect(describeCapForecast(life, { amount: 5, currency: 'USD', period: 'LIFETIME' }, NOW)).toBe(
      'This key has reached its $5 lifetime cap.',
    );
  });
});

describe('forecastBalance', () => {
  it('USD: runs out at the pace, with no refill', () => {
    const f = forecastBalance({ balance: 42.5, perDay: 2.5, now: NOW });
    expect(f).toMatchObject({ kind: 'reaches', at: NOW + 17 * DAY_MS });
    expect(describeBalanceForecast(f, 'USD', NOW)).toBe(
      "At the last 7 days' pace the USD balance runs out on Dec 7.",
    );
  });

  it('DIEM: refills at 00:00 UTC, so the sentence says when', () => {
    const f = forecastBalance({ balance: 8, perDay: 3, now: NOW, refillsAt: nextPeriodReset('EPOCH', NOW) });
    expect(f.kind).toBe('not_at_this_pace');
    expect(describeBalanceForecast(f, 'DIEM', NOW)).toBe(
      "At the last 7 days' pace the DIEM balance does not run out. DIEM resets in 5 h.",
    );
  });

  it('a spent balance and no spend at all', () => {
    expect(describeBalanceForecast(forecastBalance({ balance: 0, perDay: 1, now: NOW }), 'USD', NOW)).toBe(
      'The USD balance is spent.',
    );
    expect(describeBalanceForecast(forecastBalance({ balance: 10, perDay: 0, now: NOW }), 'USD', NOW)).toBe(
      'No USD spend in the last 7 days.',
    );
  });
});

describe('durationUntil', () => {
  it('speaks in minutes, hours or days', () => {
    expect(durationUntil(NOW + 40 * 60_000, NOW)).toBe('40 min');
    expect(durationUntil(NOW + 5 * 3_600_000, NOW)).toBe('5 h');
    expect(durationUntil(NOW + 3 * DAY_MS, NOW)).toBe('3 days');
    expect(durationUntil(NOW - 1, NOW)).toBe('1 min');
  });
});

describe('badge tooltip forecast', () => {
  const key = {
    id: 'k1',
    apiKeyType: 'INFERENCE' as const,
    description: 'prod',
    createdAt: null,
    expiresAt: null,
    lastUsedAt: null,
    last6Chars: 'abc123',
    consumptionLimits: { usd: 50, diem: null },
    limitPeriod: 'MONTH' as const,
    trailingSevenDays: { usd: 28, diem: 0 },
    currentPeriodUsage: { usd: 30, diem: 0 },
    modelPrivacy: null,
  };

  it('says when the badge key reaches its first cap, from its own 7-day figures', () => {
    // $4/day, $20 left: Nov 25.
    expect(badgeForecastText(key, NOW)).toBe(
      "At the last 7 days' pace this key reaches its $50 monthly cap on Nov 25.",
    );
    expect(badgeForecastText({ ...key, consumptionLimits: { usd: null, diem: null } }, NOW)).toBeNull();
    expect(badgeForecastText(null, NOW)).toBeNull();
  });

  it('finds the badge entry’s key by Venice id, else by last 6 and type', () => {
    expect(findBadgeApiKey([key], { veniceKeyId: 'k1' })).toBe(key);
    expect(findBadgeApiKey([key], { veniceKeyId: null, last6: 'abc123', type: 'INFERENCE' })).toBe(key);
    expect(findBadgeApiKey([key], { veniceKeyId: null, last6: 'abc123', type: 'ADMIN' })).toBeNull();
  });

  it('the tooltip carries the line after the figures', () => {
    const view = computeBadge({
      now: NOW,
      badgeKey: { label: 'prod' },
      vault: 'unlocked',
      figures: { balances: { USD: 20 }, accessPermitted: true, fetchedAt: NOW },
      problem: null,
      currency: 'auto',
      warnAt: 5,
      criticalAt: 1,
      periodMinutes: 5,
      forecast: 'At the last 7 days’ pace this key reaches its $50 monthly cap on Nov 25.',
    });
    expect(view.title.split('\n').at(-1)).toBe(
      'At the last 7 days’ pace this key reaches its $50 monthly cap on Nov 25.',
    );
  });
});
