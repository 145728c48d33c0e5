/**
 * The optional forecast notification (issue 15 item 3): a chosen number of days before a key's
 * cap or the account balance runs out at the last 7 days' pace, once per key (or balance) per
 * exhaustion date. Runs on the badge's alarm, from what the extension already knows (the key
 * list cache with each key's cap, period usage and trailing 7 days; the cached balance; the
 * 7-day analytics when they belong to the same account): it never asks Venice itself.
 */
import type { CachedBalance } from '@/lib/keys/types';
import { type ForecastNotified, forecastNotifiedItem } from '@/lib/storage/forecast-notified';
import { STORAGE_KEYS } from '@/lib/storage/keys';
import type { ApiKey, LimitPeriod } from '@/lib/venice/types';
import { isLimitPeriod } from '@/lib/venice/validation';
import {
  DAY_MS,
  describeBalanceForecast,
  describeCapForecast,
  forecastBalance,
  forecastCap,
  nextPeriodReset,
  PACE_DAYS,
  trailingPace,
} from './forecast';

export const FORECAST_NOTIFICATION_PREFIX = 'vkc-forecast:';
export const FORECAST_NOTIFIED_STORAGE_KEY = STORAGE_KEYS.local.usageForecastNotified;
/** Figures older than this say nothing about today's pace: no forecast from them. */
export const FORECAST_MAX_AGE_MS = DAY_MS;
/** Dates remembered per subject (enough for a forecast that moves back and forth). */
const DATES_KEPT = 8;

export type { ForecastNotified };
export { forecastNotifiedItem };

export interface ForecastAlert {
  /** `key:<id>:usd`, `balance:diem`: one notification per subject per date. */
  subject: string;
  /** The UTC day the limit is reached (YYYY-MM-DD). */
  date: string;
  title: string;
  message: string;
}

export interface ForecastInput {
  now: number;
  daysBefore: number;
  keys: readonly ApiKey[];
  /** When the key list was fetched; null: never. */
  keysFetchedAt: number | null;
  balance: CachedBalance | null;
  /** The account's daily spend of the last days (oldest first), when known; else the keys' sum is used. */
  accountDaily?: { usd: number[]; diem: number[] } | null;
}

const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const isFresh = (at: number | null | undefined, now: number): at is number =>
  typeof at === 'number' && now - at <= FORECAST_MAX_AGE_MS;

function keyName(key: ApiKey): string {
  return key.description.trim() || `key …${key.last6Chars}`;
}

/** The limits reached within `daysBefore` days at the last 7 days' pace. Pure. */
export function forecastAlerts(input: ForecastInput): ForecastAlert[] {
  const { now } = input;
  const horizon = now + input.daysBefore * DAY_MS;
  const out: ForecastAlert[] = [];
  if (isFresh(input.keysFetchedAt, now)) {
    for (const key of input.keys) {
      // A period Venice added after this version resets by rules we do not know: no forecast.
      if (key.limitPeriod !== null && !isLimitPeriod(key.limitPeriod)) continue;
      const period = key.limitPeriod as LimitPeriod | null;
      for (const c of ['usd', 'diem'] as const) {
        const cap = key.consumptionLimits[c];
        if (cap === null || !(cap > 0)) continue;
        const forecast = forecastCap({
          cap,
          used: key.currentPeriodUsage?.[c] ?? 0,
          period,
          perDay: (key.trailingSevenDays?.[c] ?? 0) / PACE_DAYS,
          now,
        });
        if (forecast.kind !== 'reaches' || forecast.at > horizon) continue;
        const currency = c === 'usd' ? 'USD' : 'DIEM';
        out.push({
          subject: `key:${key.id}:${c}`,
          date: utcDay(forecast.at),
          title: `${keyName(key)} reaches its cap soon`,
          message: describeCapForecast(forecast, { amount: cap, currency, period }, now),
        });
      }
    }
  }
  const balance = input.balance;
  if (balance && isFresh(balance.fetchedAt, now)) {
    const sum = (c: 'usd' | 'diem') =>
      input.keys.reduce((total, k) => total + Math.max(0, k.trailingSevenDays?.[c] ?? 0), 0) / PACE_DAYS;
    const daily = input.accountDaily ?? null;
    for (const c of ['usd', 'diem'] as const) {
      const amount = balance.value.balances[c];
      if (amount === null) continue;
      const perDay = daily ? trailingPace(daily[c]) : sum(c);
      const currency = c === 'usd' ? 'USD' : 'DIEM';
      const forecast = forecastBalance({
        balance: amount,
        perDay,
        now,
        // A staking account's DIEM refills at every UTC midnight.
        refillsAt: c === 'diem' ? nextPeriodReset('EPOCH', now) : null,
      });
      if (forecast.kind !== 'reaches' || forecast.at > horizon) continue;
      out.push({
        subject: `balance:${c}`,
        date: utcDay(forecast.at),
        title: `Your Venice ${currency} balance runs out soon`,
        message: describeBalanceForecast(forecast, currency, now),
      });
    }
  }
  return out;
}

export interface ForecastNotifierDeps {
  now(): number;
  /** The setting: null when off. */
  daysBefore(): Promise<number | null>;
  read(): Promise<Omit<ForecastInput, 'now' | 'daysBefore'>>;
  notified: { get(): Promise<ForecastNotified>; set(next: ForecastNotified): Promise<void> };
  /** Shows one notification; a failure (notifications blocked) is the caller's to swallow. */
  show(id: string, title: string, message: string): Promise<void>;
}

/** One alarm tick: notifies each alert not yet notified for its date, and remembers it. */
export function createForecastNotifier(deps: ForecastNotifierDeps) {
  let running: Promise<number> | null = null;

  async function check(): Promise<number> {
    const daysBefore = await deps.daysBefore();
    if (daysBefore === null) return 0;
    const now = deps.now();
    const alerts = forecastAlerts({ ...(await deps.read()), now, daysBefore });
    const notified = await deps.notified.get();
    const today = utcDay(now);
    // Dates already past are forgotten; the rest stay, so a date is never notified twice.
    const next: ForecastNotified = {};
    for (const [subject, dates] of Object.entries(notified)) {
      if (!Array.isArray(dates)) continue;
      const kept = dates.filter((d) => typeof d === 'string' && d >= today);
      if (kept.length > 0) next[subject] = kept;
    }
    let shown = 0;
    for (const alert of alerts) {
      const dates = next[alert.subject] ?? [];
      if (dates.includes(alert.date)) continue;
      try {
        await deps.show(`${FORECAST_NOTIFICATION_PREFIX}${alert.subject}`, alert.title, alert.message);
      } catch {
        // Blocked by the user or the OS: the forecast is still in the popup and the tooltip.
        continue;
      }
      shown += 1;
      next[alert.subject] = [...dates, alert.date].slice(-DATES_KEPT);
    }
    await deps.notified.set(next);
    return shown;
  }

  /** Ticks never overlap (two alarms in a row would notify twice). */
  function run(): Promise<number> {
    if (running) return running;
    running = check().finally(() => {
      running = null;
    });
    return running;
  }

  return { check: run };
}
