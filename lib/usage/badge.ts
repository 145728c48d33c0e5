/**
 * The badge key's forecast for the badge tooltip: when its first cap is reached at the last 7
 * days' pace (from the key list cache: caps, period, current-period usage, trailing 7 days).
 */
import type { ApiKey } from '@/lib/venice/types';
import { isLimitPeriod } from '@/lib/venice/validation';
import { describeCapForecast, forecastCap } from './forecast';

/** One tooltip line, or null when the key has no cap or no figures to go on. */
export function badgeForecastText(key: ApiKey | null, now: number): string | null {
  if (!key) return null;
  // A period Venice added after this version resets by rules we do not know: no forecast.
  const period = key.limitPeriod === null || isLimitPeriod(key.limitPeriod) ? key.limitPeriod : undefined;
  if (period === undefined) return null;
  for (const c of ['usd', 'diem'] as const) {
    const cap = key.consumptionLimits[c];
    if (cap === null) continue;
    const forecast = forecastCap({
      cap,
      used: key.currentPeriodUsage?.[c] ?? 0,
      period,
      perDay: (key.trailingSevenDays?.[c] ?? 0) / 7,
      now,
    });
    return describeCapForecast(
      forecast,
      { amount: cap, currency: c === 'usd' ? 'USD' : 'DIEM', period },
      now,
    );
  }
  return null;
}

/** The badge vault entry's Venice key, by id or else by last 6 characters and type (as lib/keys matches). */
export function findBadgeApiKey(
  keys: ApiKey[],
  entry: { veniceKeyId?: string | null; last6?: string; type?: string } | undefined,
): ApiKey | null {
  if (!entry) return null;
  return (
    (entry.veniceKeyId ? keys.find((k) => k.id === entry.veniceKeyId) : undefined) ??
    keys.find((k) => k.last6Chars === entry.last6 && k.apiKeyType === entry.type) ??
    null
  );
}
