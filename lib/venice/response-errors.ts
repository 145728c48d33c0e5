/**
 * Turns a non-2xx Venice response into one typed error (FACTS.md §1, §2, §4, §6).
 * The status decides the family; Venice's wording picks the member where the status is
 * shared (400 not-found vs key cap vs validation; 401 admin-required vs auth; 402 x402
 * discovery vs balance).
 */
import {
  type FieldError,
  type RateLimitKind,
  VeniceAdminRequiredError,
  VeniceAuthError,
  type VeniceError,
  type VeniceErrorContext,
  VeniceForbiddenError,
  VeniceGoneError,
  VeniceHttpError,
  VeniceInsufficientBalanceError,
  VeniceKeyLimitError,
  VeniceNoCredentialsError,
  VeniceNotFoundError,
  VeniceRateLimitError,
  VeniceServerError,
  VeniceValidationError,
  VeniceWeb3RejectedError,
} from './errors';

/** Longest piece of Venice's own text we repeat to the user. */
export const VENICE_MESSAGE_MAX = 200;
const MAX_FIELD_ERRORS = 10;
const MAX_DETAIL_DEPTH = 6;
/** A Retry-After longer than a day is nonsense; we ignore it rather than show it. */
const RETRY_AFTER_MAX_SECONDS = 86_400;

export interface ErrorResponse {
  status: number;
  /** The body as text; may be empty, HTML, or JSON of any shape. */
  bodyText: string;
  headers: Headers;
  /** `METHOD /path/{template}`. */
  endpoint: string;
  /** The secret sent with the request, so it can be redacted if Venice echoes it. */
  secret?: string;
  mutating?: boolean;
  /** Current time in ms (for HTTP-date Retry-After). */
  now?: number;
}

/**
 * Venice's text made safe to show: control characters and runs of whitespace collapsed,
 * anything shaped like a key secret or a JWT redacted, cut to ~200 characters.
 */
export function sanitizeVeniceText(raw: unknown, secret?: string): string {
  if (typeof raw !== 'string') return '';
  let text = raw;
  if (secret && secret.length >= 8) text = text.split(secret).join('[redacted]');
  text = text
    .replace(/VENICE_[A-Z]+_KEY_[^\s"',;]*/g, '[redacted]')
    .replace(/eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, '[redacted]')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length > VENICE_MESSAGE_MAX) text = `${text.slice(0, VENICE_MESSAGE_MAX - 1).trimEnd()}…`;
  return text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `{ error: "..." }`, `{ error: { message } }`, or `{ message }`. */
export function veniceMessageOf(body: unknown): string {
  if (!isRecord(body)) return '';
  const { error, message } = body;
  if (typeof error === 'string') return error;
  if (isRecord(error) && typeof error.message === 'string') return error.message;
  if (typeof message === 'string') return message;
  return '';
}

function cleanFieldName(key: string): string {
  return key.replace(/[^A-Za-z0-9_$-]/g, '').slice(0, 40);
}

/**
 * Venice's validation details as `field: message` lines. `details` is usually a zod
 * `format()` tree (`{ _errors: [], field: { _errors: [...] } }`) but may be a plain string;
 * `issues` is zod's flat list. Both are walked defensively and bounded.
 */
export function flattenValidationDetails(details: unknown, issues: unknown, secret?: string): FieldError[] {
  const out: FieldError[] = [];
  const push = (field: string, message: unknown) => {
    const text = sanitizeVeniceText(message, secret);
    if (!text || out.length >= MAX_FIELD_ERRORS) return;
    if (out.some((e) => e.field === field && e.message === text)) return;
    out.push({ field, message: text });
  };
  const walk = (node: unknown, path: string[], depth: number) => {
    if (!isRecord(node) || depth > MAX_DETAIL_DEPTH || out.length >= MAX_FIELD_ERRORS) return;
    const errors = node._errors;
    if (Array.isArray(errors)) for (const e of errors) push(path.join('.'), e);
    for (const [key, child] of Object.entries(node)) {
      if (key === '_errors') continue;
      const name = cleanFieldName(key);
      if (name) walk(child, [...path, name], depth + 1);
    }
  };
  if (typeof details === 'string') push('', details);
  else walk(details, [], 0);
  if (out.length === 0 && Array.isArray(issues)) {
    for (const issue of issues.slice(0, MAX_FIELD_ERRORS)) {
      if (!isRecord(issue)) continue;
      const path = Array.isArray(issue.path)
        ? issue.path
            .filter((p): p is string | number => typeof p === 'string' || typeof p === 'number')
            .map((p) => cleanFieldName(String(p)))
            .filter(Boolean)
            .join('.')
        : '';
      push(path, issue.message);
    }
  }
  return out;
}

function headerNumber(headers: Headers, name: string): number | undefined {
  const raw = headers.get(name)?.trim();
  if (!raw || !/^\d+(\.\d+)?$/.test(raw)) return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Seconds to wait, from `Retry-After` (seconds or an HTTP date) or, failing that, the
 * `x-ratelimit-reset(s)` headers (Unix ms, Unix s, or a duration in s, told apart by size).
 * Undefined when nothing usable was sent.
 */
export function parseRetryAfter(headers: Headers, now: number = Date.now()): number | undefined {
  const clamp = (seconds: number): number | undefined =>
    Number.isFinite(seconds) && seconds >= 0 && seconds <= RETRY_AFTER_MAX_SECONDS
      ? Math.ceil(seconds)
      : undefined;
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) {
      const s = clamp(Number(retryAfter));
      if (s !== undefined) return s;
    } else if (/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(retryAfter)) {
      // IMF-fixdate, the only date form HTTP senders may use; Date.parse alone accepts "-5".
      const at = Date.parse(retryAfter);
      if (Number.isFinite(at)) {
        const s = clamp(Math.max(0, (at - now) / 1000));
        if (s !== undefined) return s;
      }
    }
  }
  for (const name of ['x-ratelimit-resets', 'x-ratelimit-reset', 'x-ratelimit-reset-requests']) {
    const value = headerNumber(headers, name);
    if (value === undefined) continue;
    const seconds = value > 1e12 ? (value - now) / 1000 : value > 1e9 ? value - now / 1000 : value;
    const s = clamp(Math.max(0, seconds));
    if (s !== undefined) return s;
  }
  return undefined;
}

function parseJsonSafely(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const NOT_FOUND = /not found|could not be found/i;
const KEY_CAP =
  /\b500\b|maximum (number of )?(active )?(api )?keys|key limit|too many (active )?(api )?keys/i;
const ERROR_BUDGET = /too many failed attempts/i;

function rateLimitKind(endpoint: string, message: string): RateLimitKind {
  if (ERROR_BUDGET.test(message)) return 'error_budget';
  // Web3 mints count against the same 20-per-minute creation limit.
  if (endpoint === 'POST /api_keys' || endpoint === 'POST /api_keys/generate_web3_key') return 'key_creation';
  return 'other';
}

/** The one place a Venice status becomes an error. */
export function errorFromResponse(res: ErrorResponse): VeniceError {
  const body = parseJsonSafely(res.bodyText);
  const message = sanitizeVeniceText(veniceMessageOf(body), res.secret);
  const ctx: VeniceErrorContext = { endpoint: res.endpoint, status: res.status, mutating: res.mutating };
  const isCreate = res.endpoint === 'POST /api_keys' || res.endpoint === 'POST /api_keys/generate_web3_key';
  const { status } = res;

  if (status === 400 || status === 422) {
    if (NOT_FOUND.test(message) && !isCreate) return new VeniceNotFoundError(ctx);
    if (isCreate && KEY_CAP.test(message)) return new VeniceKeyLimitError(ctx);
    const fields = isRecord(body) ? flattenValidationDetails(body.details, body.issues, res.secret) : [];
    if (res.endpoint === 'POST /api_keys/generate_web3_key')
      return new VeniceWeb3RejectedError(message, fields, ctx);
    return new VeniceValidationError(message, fields, ctx);
  }
  if (status === 401) {
    return /admin api key required/i.test(message)
      ? new VeniceAdminRequiredError(ctx)
      : new VeniceAuthError(ctx);
  }
  if (status === 402) {
    return isRecord(body) && 'x402Version' in body
      ? new VeniceNoCredentialsError(ctx)
      : new VeniceInsufficientBalanceError(message, ctx);
  }
  if (status === 403) return new VeniceForbiddenError(message, ctx);
  if (status === 410) return new VeniceGoneError(ctx);
  if (status === 429) {
    return new VeniceRateLimitError(
      rateLimitKind(res.endpoint, message),
      parseRetryAfter(res.headers, res.now),
      ctx,
    );
  }
  if (status >= 500 && status <= 599) {
    return new VeniceServerError(status, ctx, parseRetryAfter(res.headers, res.now));
  }
  return new VeniceHttpError(status, message, ctx);
}
