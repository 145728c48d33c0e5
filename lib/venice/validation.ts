/**
 * Venice's input rules as plain functions (FACTS.md §3.2, §3.3, §3.8, §3.9).
 *
 * This module imports nothing: the popup and options forms use it to validate as the
 * user types, and the client's request schemas (endpoints/*.ts, schemas.ts) call the same functions, so
 * a form and the wire can never disagree. Keep it free of zod and other heavy imports.
 */

export const API_KEY_TYPES = ['INFERENCE', 'ADMIN'] as const;
export const LIMIT_PERIODS = ['EPOCH', 'MONTH', 'LIFETIME'] as const;
export const MODEL_PRIVACY_VALUES = ['ALL', 'PRIVATE_TEXT', 'PRIVATE_ONLY'] as const;
export const USAGE_HISTORY_CURRENCIES = ['USD', 'DIEM', 'BUNDLED_CREDITS', 'EARNED_CREDITS'] as const;

/** Venice's maximum description length (characters as JavaScript counts them). */
export const DESCRIPTION_MAX = 64;
/** Highest per-key cap Venice accepts, in USD or DIEM. */
export const CONSUMPTION_LIMIT_MAX = 9_999_999_999;
export const USAGE_HISTORY_PAGE_SIZE_MIN = 10;
export const USAGE_HISTORY_PAGE_SIZE_MAX = 1000;
export const USAGE_HISTORY_CURSOR_MAX = 512;
export const USAGE_HISTORY_TIMESTAMP_MAX = 40;
export const USAGE_ANALYTICS_MAX_DAYS = 90;

export const ADMIN_KEY_PREFIX = 'VENICE_ADMIN_KEY_';
export const INFERENCE_KEY_PREFIX = 'VENICE_INFERENCE_KEY_';
/** Characters after the prefix: shortest and longest we consider plausible. */
const KEY_BODY_MIN = 16;
const KEY_TOTAL_MAX = 256;

export type Check = { ok: true } | { ok: false; reason: string };

const OK: Check = { ok: true };
const fail = (reason: string): Check => ({ ok: false, reason });

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME_Z = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{3})?Z$/;

/** True when year-month-day names a day that exists (no 2026-02-30). */
export function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

/** `YYYY-MM-DD` naming a real calendar day. */
export function isCalendarDate(value: string): boolean {
  const m = DATE_ONLY.exec(value);
  return m !== null && isRealDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/**
 * Venice's three `expiresAt` forms: exactly `""` (no expiry), `YYYY-MM-DD`, or
 * `YYYY-MM-DDTHH:MM:SS[.mmm]Z`. Offsets, missing `Z`, and 1/2/4+ fraction digits fail, as
 * they do at Venice; we also refuse impossible dates and times that Venice's pattern lets by.
 */
export function validateExpiresAt(value: string): Check {
  if (typeof value !== 'string') return fail('The expiry must be text.');
  if (value === '') return OK;
  if (DATE_ONLY.test(value)) {
    return isCalendarDate(value) ? OK : fail(`The expiry date ${value} does not exist.`);
  }
  const m = DATE_TIME_Z.exec(value);
  if (m) {
    if (!isRealDate(Number(m[1]), Number(m[2]), Number(m[3]))) return fail('The expiry date does not exist.');
    if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59)
      return fail('The expiry time does not exist (hours 00–23, minutes and seconds 00–59).');
    return OK;
  }
  return fail(
    'The expiry must be empty (never), a date like 2026-12-31, or a UTC time like 2026-12-31T23:59:59Z ' +
      '(optionally with exactly 3 fraction digits, always ending in Z).',
  );
}

export function validateDescription(value: string): Check {
  if (typeof value !== 'string') return fail('The description must be text.');
  if (value.length > DESCRIPTION_MAX)
    return fail(
      `The description is ${value.length} characters long; Venice allows at most ${DESCRIPTION_MAX}.`,
    );
  return OK;
}

/** A USD or DIEM cap: `null` (no cap) or a number in 0–9,999,999,999. */
export function validateConsumptionLimit(value: number | null): Check {
  if (value === null) return OK;
  if (typeof value !== 'number' || !Number.isFinite(value)) return fail('A spending cap must be a number.');
  if (value < 0) return fail('A spending cap cannot be negative.');
  if (value > CONSUMPTION_LIMIT_MAX) return fail('A spending cap can be at most 9,999,999,999.');
  return OK;
}

export function isApiKeyType(value: unknown): value is (typeof API_KEY_TYPES)[number] {
  return (API_KEY_TYPES as readonly unknown[]).includes(value);
}
export function isLimitPeriod(value: unknown): value is (typeof LIMIT_PERIODS)[number] {
  return (LIMIT_PERIODS as readonly unknown[]).includes(value);
}
export function isModelPrivacy(value: unknown): value is (typeof MODEL_PRIVACY_VALUES)[number] {
  return (MODEL_PRIVACY_VALUES as readonly unknown[]).includes(value);
}

/** An EVM address as a wallet reports it: `0x` + 40 hex digits (any case). */
export function isEvmAddress(value: unknown): value is `0x${string}` {
  return typeof value === 'string' && /^0x[0-9a-fA-F]{40}$/.test(value);
}

/** A 65-byte `personal_sign` signature: `0x` + 130 hex digits. */
export function isPersonalSignature(value: unknown): value is `0x${string}` {
  return typeof value === 'string' && /^0x[0-9a-fA-F]{130}$/.test(value);
}

/** ISO UTC timestamp with `Z`, as usage-history accepts for its bounds. */
export function validateUsageTimestamp(value: string): Check {
  if (typeof value !== 'string' || value.length > USAGE_HISTORY_TIMESTAMP_MAX)
    return fail(`A timestamp must be at most ${USAGE_HISTORY_TIMESTAMP_MAX} characters.`);
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?Z$/.exec(value);
  if (!m || !isRealDate(Number(m[1]), Number(m[2]), Number(m[3])))
    return fail('A timestamp must be an ISO UTC time ending in Z, e.g. 2026-01-31T00:00:00Z.');
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59)
    return fail('A timestamp must name a real time of day.');
  return OK;
}

export function validateUsageCursor(value: string): Check {
  if (typeof value !== 'string' || value.length === 0 || value.length > USAGE_HISTORY_CURSOR_MAX)
    return fail('The page cursor is empty or too long.');
  if (!/^[A-Za-z0-9_-]+$/.test(value)) return fail('The page cursor contains characters Venice never uses.');
  return OK;
}

/** `Nd` with 1 ≤ N ≤ 90 (Venice clamps larger values; we refuse them so the label stays honest). */
export function validateLookback(value: string): Check {
  const m = /^([1-9]\d*)d$/.exec(typeof value === 'string' ? value : '');
  if (!m) return fail('The period must be a number of days such as 7d or 30d.');
  if (Number(m[1]) > USAGE_ANALYTICS_MAX_DAYS)
    return fail(`The period can be at most ${USAGE_ANALYTICS_MAX_DAYS} days.`);
  return OK;
}

/** Both dates `YYYY-MM-DD`, start ≤ end, at most 90 days inclusive. */
export function validateDateRange(startDate: string, endDate: string): Check {
  if (!isCalendarDate(startDate)) return fail('The start date must be a real date like 2026-01-31.');
  if (!isCalendarDate(endDate)) return fail('The end date must be a real date like 2026-01-31.');
  const days = (Date.parse(`${endDate}T00:00:00Z`) - Date.parse(`${startDate}T00:00:00Z`)) / 86_400_000 + 1;
  if (days < 1) return fail('The end date must not be before the start date.');
  if (days > USAGE_ANALYTICS_MAX_DAYS)
    return fail(`The date range can span at most ${USAGE_ANALYTICS_MAX_DAYS} days.`);
  return OK;
}

export type KeyShape =
  | { ok: true; typeHint: 'ADMIN' | 'INFERENCE' }
  | {
      ok: false;
      reason: string;
    };

/** What a user probably meant to paste: surrounding spaces and a `Bearer ` prefix removed. */
export function trimPastedKey(raw: string): string {
  return raw.trim().replace(/^Bearer\s+/i, '');
}

/**
 * A first look at a pasted secret, before anything is sent anywhere. The prefix is only a
 * hint of the type (FACTS §0): `detectKeyType` in the client proves it with Venice.
 * Reasons never repeat the secret.
 */
export function checkKeyShape(secret: string): KeyShape {
  if (typeof secret !== 'string' || secret.length === 0)
    return { ok: false, reason: 'Paste a Venice API key.' };
  if (/\s/.test(secret))
    return { ok: false, reason: 'The key contains spaces or line breaks; paste only the key itself.' };
  if (/^Bearer/i.test(secret)) return { ok: false, reason: 'Paste the key without the word "Bearer".' };
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(secret))
    return { ok: false, reason: 'That is a key id, not the secret. The secret starts with VENICE_.' };
  let typeHint: 'ADMIN' | 'INFERENCE';
  let body: string;
  if (secret.startsWith(ADMIN_KEY_PREFIX)) {
    typeHint = 'ADMIN';
    body = secret.slice(ADMIN_KEY_PREFIX.length);
  } else if (secret.startsWith(INFERENCE_KEY_PREFIX)) {
    typeHint = 'INFERENCE';
    body = secret.slice(INFERENCE_KEY_PREFIX.length);
  } else if (/^sk-/.test(secret)) {
    return { ok: false, reason: 'That looks like another provider’s key; Venice keys start with VENICE_.' };
  } else {
    return {
      ok: false,
      reason: `A Venice API key starts with ${ADMIN_KEY_PREFIX} or ${INFERENCE_KEY_PREFIX}.`,
    };
  }
  if (body.length < KEY_BODY_MIN) return { ok: false, reason: 'The key is too short; it may be cut off.' };
  if (secret.length > KEY_TOTAL_MAX) return { ok: false, reason: 'The key is too long to be a Venice key.' };
  if (!/^[A-Za-z0-9._~+/=-]+$/.test(body))
    return { ok: false, reason: 'The key contains characters a Venice key never has.' };
  return { ok: true, typeHint };
}
