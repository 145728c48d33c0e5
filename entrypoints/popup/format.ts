/** How the popup writes times, money and Venice's terms for a person. Pure functions. */
import { relativeTime } from '@/components/Ago';
import type { LimitPeriod, ModelPrivacy, RateLimitType } from '@/lib/venice/types';

export { relativeTime };

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** One sentence for rows Venice sent that could not be read: how many, and why (field names). */
export function unreadableNotice(
  unreadable: { count: number; reasons: string[] } | null | undefined,
  what: [one: string, many: string],
): string | null {
  if (!unreadable || unreadable.count < 1) return null;
  const noun = unreadable.count === 1 ? what[0] : what[1];
  const why = unreadable.reasons.length ? ` (${unreadable.reasons.join('; ')})` : '';
  return `Venice sent ${unreadable.count} ${noun} this extension cannot read, so ${unreadable.count === 1 ? 'it is' : 'they are'} not shown${why}.`;
}

/** 2026-01-31 (UTC: the dates Venice stores); "unknown" for a date Venice sent that cannot be read. */
export function shortDate(iso: string | null): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : 'unknown';
}

/** A date Venice sent that cannot be read (UNKNOWN_DATE or anything else Date.parse refuses). */
export function isUnreadableDate(iso: string | null): boolean {
  return iso !== null && iso !== '' && !Number.isFinite(Date.parse(iso));
}

/** 2026-01-31 13:45 UTC */
export function dateTimeUtc(iso: string | null): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return 'unknown';
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

// Formatters built once, on first use: toLocaleString with options builds a new one on every
// call, and that was the costliest script in the popup's first paint (a few figures per row).
const formats = new Map<number, Intl.NumberFormat>();
function decimals(min: number, max: number): Intl.NumberFormat {
  let format = formats.get(min * 10 + max);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { minimumFractionDigits: min, maximumFractionDigits: max });
    formats.set(min * 10 + max, format);
  }
  return format;
}

export function usd(value: number): string {
  const abs = Math.abs(value);
  const format = abs !== 0 && abs < 0.01 ? decimals(4, 4) : decimals(2, 2);
  return `${value < 0 ? '−' : ''}$${format.format(abs)}`;
}

export function diem(value: number): string {
  return `${decimals(0, 4).format(value)} DIEM`;
}

/** The word for a limit period, as the list shows it next to a cap. */
export const PERIOD_WORD: Record<LimitPeriod, string> = {
  EPOCH: 'daily',
  MONTH: 'monthly',
  LIFETIME: 'lifetime',
};

/** The word for a period; one Venice added later is shown as sent ("period: WEEK"). */
export function periodWord(period: string | null): string {
  if (period === null) return 'daily';
  return Object.hasOwn(PERIOD_WORD, period) ? PERIOD_WORD[period as LimitPeriod] : `period: ${period}`;
}

export const PRIVACY_WORDS: Record<ModelPrivacy, string> = {
  ALL: 'All models',
  PRIVATE_TEXT: 'Private text models only',
  PRIVATE_ONLY: 'Private models only',
};

/** A model-privacy value in words; one Venice added later is shown as sent ("privacy: NEW_VALUE"). */
export function privacyWords(privacy: string | null): string {
  if (privacy === null) return PRIVACY_WORDS.ALL;
  return Object.hasOwn(PRIVACY_WORDS, privacy)
    ? PRIVACY_WORDS[privacy as ModelPrivacy]
    : `privacy: ${privacy}`;
}

/** Whether a value is one this extension knows (else it is shown as sent). */
export function isKnownPrivacy(privacy: string | null): boolean {
  return privacy === null || Object.hasOwn(PRIVACY_WORDS, privacy);
}

export const BREACH_TYPE_WORDS: Record<RateLimitType, string> = {
  RPM: 'Requests per minute',
  RPD: 'Requests per day',
  TPM: 'Tokens per minute',
  FAILED_REQUESTS: 'Too many failed requests',
  UNSUPPORTED_FEATURE_REQUESTS: 'Too many unsupported-feature requests',
};

export function breachTypeWords(type: string): string {
  return Object.hasOwn(BREACH_TYPE_WORDS, type) ? BREACH_TYPE_WORDS[type as RateLimitType] : type;
}

/** A key's expiry as the list says it, and whether it needs attention (under 7 days, or past). */
export function expiryInfo(
  iso: string | null,
  now: number,
): { text: string; soon: boolean; expired: boolean } {
  if (!iso) return { text: 'Never expires', soon: false, expired: false };
  const at = Date.parse(iso);
  if (!Number.isFinite(at)) return { text: 'Expiry unknown', soon: false, expired: false };
  if (at <= now) return { text: `Expired ${relativeTime(at, now)}`, soon: true, expired: true };
  return { text: `Expires ${relativeTime(at, now)}`, soon: at - now < 7 * DAY, expired: false };
}

/**
 * When a moment comes: "in 3 h 05 min 09 s" before it, "3 min ago" once it has passed (never
 * "in now"), "unknown" for a date that cannot be read.
 */
export function untilOrAgo(iso: string | null, now: number): string {
  if (!iso) return '—';
  const at = Date.parse(iso);
  if (!Number.isFinite(at)) return 'unknown';
  return at > now + 999 ? `in ${countdown(iso, now)}` : relativeTime(at, now);
}

/** "3 h 05 min 09 s" until a moment; "now" once it has passed. */
export function countdown(iso: string | null, now: number): string {
  if (!iso) return '—';
  const at = Date.parse(iso);
  if (!Number.isFinite(at)) return 'unknown';
  let rest = Math.max(0, Math.floor((at - now) / SECOND));
  if (rest === 0) return 'now';
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const m = Math.floor(rest / 60);
  const s = rest - m * 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h} h ${pad(m)} min ${pad(s)} s` : m > 0 ? `${m} min ${pad(s)} s` : `${s} s`;
}
