/**
 * Forecasts: arithmetic over the trailing spend, a cap or a balance, and the period the cap
 * resets on. Pure functions of their inputs and `now`, so the views, the badge tooltip and the
 * notifications agree to the cent and the tests pin the dates.
 *
 * Periods (FACTS §3.6 and the key's `limitPeriod`): EPOCH resets at 00:00 UTC every day, MONTH at
 * 00:00 UTC on the 1st, LIFETIME never. A staking account's DIEM refills at every UTC midnight.
 */
import type { LimitPeriod } from '@/lib/venice/types';

export const DAY_MS = 86_400_000;
export const PACE_DAYS = 7;

export type Forecast =
  /** Already at or above the cap (or the balance is spent). */
  | { kind: 'exhausted'; resetsAt: number | null }
  /** Nothing spent in the trailing window: no pace to extrapolate. */
  | { kind: 'no_usage'; resetsAt: number | null }
  /** The period resets (or, for a balance, nothing runs out) before the pace reaches the limit. */
  | { kind: 'not_at_this_pace'; resetsAt: number | null; perDay: number }
  | { kind: 'reaches'; at: number; perDay: number; resetsAt: number | null };

/** The next reset of a cap's period after `now`; null for LIFETIME (and for no period). */
export function nextPeriodReset(period: LimitPeriod | null, now: number): number | null {
  const d = new Date(now);
  if (period === 'EPOCH') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
  if (period === 'MONTH') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  return null;
}

/** The average daily spend of the last `days` complete-or-current days; negatives and junk count as 0. */
export function trailingPace(daily: readonly number[], days = PACE_DAYS): number {
  const window = daily.slice(-days);
  if (window.length === 0) return 0;
  let sum = 0;
  for (const value of window) if (Number.isFinite(value) && value > 0) sum += value;
  return sum / days;
}

/**
 * When a cap is reached at `perDay`, from `used` of `cap` in the current period. A cap is reached
 * only if that happens before the period resets; the usage then starts again from zero, so a
 * pace that cannot reach the cap within one period never reaches it.
 */
export function forecastCap(input: {
  cap: number;
  used: number;
  period: LimitPeriod | null;
  perDay: number;
  now: number;
}): Forecast {
  const { cap, used, perDay, now } = input;
  const resetsAt = nextPeriodReset(input.period, now);
  if (used >= cap) return { kind: 'exhausted', resetsAt };
  if (!(perDay > 0)) return { kind: 'no_usage', resetsAt };
  const at = now + ((cap - used) / perDay) * DAY_MS;
  if (resetsAt !== null && at >= resetsAt) return { kind: 'not_at_this_pace', resetsAt, perDay };
  return { kind: 'reaches', at, perDay, resetsAt };
}

/**
 * When an account balance runs out at `perDay`. `refillsAt` is the next refill (DIEM: next UTC
 * midnight); a balance that lasts until then is "not at this pace".
 */
export function forecastBalance(input: {
  balance: number;
  perDay: number;
  now: number;
  refillsAt?: number | null;
}): Forecast {
  const { balance, perDay, now } = input;
  const resetsAt = input.refillsAt ?? null;
  if (balance <= 0) return { kind: 'exhausted', resetsAt };
  if (!(perDay > 0)) return { kind: 'no_usage', resetsAt };
  const at = now + (balance / perDay) * DAY_MS;
  if (resetsAt !== null && at >= resetsAt) return { kind: 'not_at_this_pace', resetsAt, perDay };
  return { kind: 'reaches', at, perDay, resetsAt };
}

/** "Dec 3" (UTC: caps reset on UTC boundaries, so the date must be the UTC one). */
export function shortDate(ms: number): string {
  return new Date(ms).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

/** "5 h", "40 min", "3 days": how long until `at`. */
export function durationUntil(at: number, now: number): string {
  const ms = Math.max(0, at - now);
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${Math.max(1, minutes)} min`;
  const hours = Math.round(ms / 3_600_000);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(ms / DAY_MS)} days`;
}

const PERIOD_WORD: Record<LimitPeriod, string> = { EPOCH: 'daily', MONTH: 'monthly', LIFETIME: 'lifetime' };

function money(amount: number, currency: 'USD' | 'DIEM'): string {
  const text = amount.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 2 });
  return currency === 'USD' ? `$${text}` : `${text} DIEM`;
}

/** One sentence for a key's cap, e.g. "At the last 7 days' pace this key reaches its $50 monthly cap on Dec 3." */
export function describeCapForecast(
  forecast: Forecast,
  cap: { amount: number; currency: 'USD' | 'DIEM'; period: LimitPeriod | null },
  now: number,
): string {
  const what = `its ${money(cap.amount, cap.currency)} ${cap.period ? `${PERIOD_WORD[cap.period]} ` : ''}cap`;
  const reset =
    forecast.resetsAt === null
      ? ''
      : cap.period === 'EPOCH'
        ? ` It resets in ${durationUntil(forecast.resetsAt, now)}.`
        : ` It resets on ${shortDate(forecast.resetsAt)}.`;
  switch (forecast.kind) {
    case 'exhausted':
      return `This key has reached ${what}.${reset}`;
    case 'no_usage':
      return `No spend in the last ${PACE_DAYS} days: this key is not on course to reach ${what}.`;
    case 'not_at_this_pace':
      return `At the last ${PACE_DAYS} days' pace this key does not reach ${what}.${reset}`;
    case 'reaches':
      return `At the last ${PACE_DAYS} days' pace this key reaches ${what} on ${shortDate(forecast.at)}.`;
  }
}

/** One sentence for an account balance, e.g. "At the last 7 days' pace the USD balance runs out on Dec 3." */
export function describeBalanceForecast(forecast: Forecast, currency: 'USD' | 'DIEM', now: number): string {
  const name = `the ${currency} balance`;
  const refill =
    forecast.resetsAt === null ? '' : ` ${currency} resets in ${durationUntil(forecast.resetsAt, now)}.`;
  switch (forecast.kind) {
    case 'exhausted':
      return `${capitalize(name)} is spent.${refill}`;
    case 'no_usage':
      return `No ${currency} spend in the last ${PACE_DAYS} days.${refill}`;
    case 'not_at_this_pace':
      return `At the last ${PACE_DAYS} days' pace ${name} does not run out.${refill}`;
    case 'reaches':
      return `At the last ${PACE_DAYS} days' pace ${name} runs out on ${shortDate(forecast.at)}.${refill}`;
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
