/**
 * Every way a Venice call can fail, as one class hierarchy under AppError. Each class has
 * a stable `code` (UI logic and tests switch on it) and a message written for a person.
 *
 * Messages may quote Venice's own short error string (trimmed, at most ~200 characters,
 * with anything that looks like a key secret redacted) but never a raw body, a header or
 * a secret.
 */
import { AppError, ERROR_TEXT, type ErrorCode } from '@/lib/errors';

export interface VeniceErrorContext {
  /** e.g. `GET /api_keys/{id}`: method and path template, never ids or queries. */
  endpoint?: string;
  status?: number;
  cause?: unknown;
  /** POST/PATCH/DELETE: a failure after sending may still have changed something at Venice. */
  mutating?: boolean;
}

/** Appended when a change request failed in a way that does not prove Venice ignored it. */
function mayHaveApplied(ctx: VeniceErrorContext): string {
  return ctx.mutating ? 'Venice may still have carried out the change: refresh before trying again.' : '';
}

/** A hint followed by the may-have-applied warning, when the request was a change. */
function hintFor(code: ErrorCode, ctx: VeniceErrorContext): string {
  return [ERROR_TEXT[code].hint, mayHaveApplied(ctx)].filter(Boolean).join(' ');
}

export class VeniceError extends AppError {
  override name = 'VeniceError';
  readonly endpoint: string | undefined;
  readonly status: number | undefined;

  constructor(
    code: ErrorCode,
    message: string | undefined,
    ctx: VeniceErrorContext = {},
    retryable = false,
    hint?: string,
  ) {
    super(code, message, { cause: ctx.cause, retryable, ...(hint === undefined ? {} : { hint }) });
    this.endpoint = ctx.endpoint;
    this.status = ctx.status;
  }
}

/** 402 with an x402 discovery body: the request carried no credentials at all. */
export class VeniceNoCredentialsError extends VeniceError {
  override name = 'VeniceNoCredentialsError';
  constructor(ctx: VeniceErrorContext = {}) {
    super('venice.no_credentials', undefined, ctx);
  }
}

/** 401 "Authentication failed". */
export class VeniceAuthError extends VeniceError {
  override name = 'VeniceAuthError';
  constructor(ctx: VeniceErrorContext = {}) {
    super('venice.auth_failed', undefined, ctx);
  }
}

/** 401 "Admin API key required": the key works, but it is an INFERENCE key. */
export class VeniceAdminRequiredError extends VeniceError {
  override name = 'VeniceAdminRequiredError';
  constructor(ctx: VeniceErrorContext = {}) {
    super('venice.admin_required', undefined, ctx);
  }
}

export interface FieldError {
  /** Dotted path (`consumptionLimit.usd`), or '' for the request as a whole. */
  field: string;
  message: string;
}

/** 400: Venice rejected what we sent. Carries Venice's message and its per-field details. */
export class VeniceValidationError extends VeniceError {
  override name = 'VeniceValidationError';
  readonly veniceMessage: string;
  readonly fieldErrors: FieldError[];
  constructor(
    veniceMessage: string,
    fieldErrors: FieldError[],
    ctx: VeniceErrorContext = {},
    kind: { code: ErrorCode; lead: string } = {
      code: 'venice.validation',
      lead: 'Venice rejected the request',
    },
  ) {
    const lines = fieldErrors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message));
    const head = veniceMessage ? `${kind.lead}: ${veniceMessage}` : `${kind.lead}.`;
    super(kind.code, lines.length ? `${head}\n${lines.join('\n')}` : head, ctx, false, '');
    this.veniceMessage = veniceMessage;
    this.fieldErrors = fieldErrors;
  }
}

export type Web3RejectionReason = 'no_stake' | 'token' | 'signature' | 'address' | 'other';

/** 400 from POST /api_keys/generate_web3_key: Venice's own wording is the most specific. */
export class VeniceWeb3RejectedError extends VeniceValidationError {
  override name = 'VeniceWeb3RejectedError';
  readonly reason: Web3RejectionReason;
  constructor(veniceMessage: string, fieldErrors: FieldError[], ctx: VeniceErrorContext = {}) {
    super(veniceMessage, fieldErrors, ctx, {
      code: 'venice.web3_rejected',
      lead: 'Venice refused the wallet mint',
    });
    this.reason = classifyWeb3Rejection(veniceMessage);
  }
}

function classifyWeb3Rejection(message: string): Web3RejectionReason {
  if (/stak|sVVV/i.test(message)) return 'no_stake';
  if (/token|jwt/i.test(message)) return 'token';
  if (/signature|signer|recover/i.test(message)) return 'signature';
  if (/address/i.test(message)) return 'address';
  return 'other';
}

/** 400 "API key not found" / "could not be found" / "not found or expired". */
export class VeniceNotFoundError extends VeniceError {
  override name = 'VeniceNotFoundError';
  constructor(ctx: VeniceErrorContext = {}) {
    super('venice.not_found', undefined, ctx);
  }
}

/** 400 on create: the account already has 500 active keys. */
export class VeniceKeyLimitError extends VeniceError {
  override name = 'VeniceKeyLimitError';
  constructor(ctx: VeniceErrorContext = {}) {
    super('venice.key_limit', undefined, ctx);
  }
}

export type RateLimitKind = 'key_creation' | 'error_budget' | 'other';

/** 429. `retryAfterSeconds` from Retry-After or the reset headers, when Venice sent one. */
export class VeniceRateLimitError extends VeniceError {
  override name = 'VeniceRateLimitError';
  readonly retryAfterSeconds: number | undefined;
  readonly kind: RateLimitKind;
  constructor(kind: RateLimitKind, retryAfterSeconds: number | undefined, ctx: VeniceErrorContext = {}) {
    const wait =
      retryAfterSeconds === undefined
        ? 'Try again in a moment.'
        : `Try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.`;
    const what =
      kind === 'key_creation'
        ? 'Venice allows 20 new keys per minute.'
        : kind === 'error_budget'
          ? 'Venice paused this key for about 30 seconds after too many failed requests.'
          : 'Venice is limiting how fast these requests may be made.';
    super('venice.rate_limited', what, ctx, true, wait);
    this.kind = kind;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** 403: the account or key is not allowed to do this. */
export class VeniceForbiddenError extends VeniceError {
  override name = 'VeniceForbiddenError';
  readonly veniceMessage: string;
  constructor(veniceMessage: string, ctx: VeniceErrorContext = {}) {
    super(
      'venice.forbidden',
      veniceMessage ? `Venice refused this request: ${veniceMessage}` : undefined,
      ctx,
    );
    this.veniceMessage = veniceMessage;
  }
}

export type InsufficientBalanceKind = 'balance' | 'usd_cap' | 'diem_cap';

/** 402 without an x402 body: the account balance or the key's cap is used up. */
export class VeniceInsufficientBalanceError extends VeniceError {
  override name = 'VeniceInsufficientBalanceError';
  readonly kind: InsufficientBalanceKind;
  constructor(veniceMessage: string, ctx: VeniceErrorContext = {}) {
    const kind: InsufficientBalanceKind = /USD spend limit/i.test(veniceMessage)
      ? 'usd_cap'
      : /DIEM spend limit/i.test(veniceMessage)
        ? 'diem_cap'
        : 'balance';
    const cap = kind === 'usd_cap' ? 'USD' : kind === 'diem_cap' ? 'DIEM' : null;
    super(
      'venice.insufficient_balance',
      cap ? `This key has reached its ${cap} spending cap.` : undefined,
      ctx,
      false,
      cap ? 'Raise the cap or wait for its period to reset.' : undefined,
    );
    this.kind = kind;
  }
}

/** 5xx. */
export class VeniceServerError extends VeniceError {
  override name = 'VeniceServerError';
  /** From Retry-After on a 503, when sent. */
  readonly retryAfterSeconds: number | undefined;
  constructor(status: number, ctx: VeniceErrorContext = {}, retryAfterSeconds?: number) {
    const slowAnalytics = status === 504 && ctx.endpoint?.includes('usage-analytics');
    super(
      'venice.server_error',
      slowAnalytics
        ? 'Venice took too long to compute these analytics.'
        : `Venice had a problem answering (HTTP ${status}).`,
      { ...ctx, status },
      true,
      slowAnalytics
        ? ['Choose a shorter period.', mayHaveApplied(ctx)].filter(Boolean).join(' ')
        : hintFor('venice.server_error', ctx),
    );
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** 410: Venice retired this endpoint. */
export class VeniceGoneError extends VeniceError {
  override name = 'VeniceGoneError';
  constructor(ctx: VeniceErrorContext = {}) {
    super('venice.gone', undefined, ctx);
  }
}

/** Any other status we have no better name for (404 from a wrong base URL, 409, 413, 415, 422…). */
export class VeniceHttpError extends VeniceError {
  override name = 'VeniceHttpError';
  constructor(status: number, veniceMessage: string, ctx: VeniceErrorContext = {}) {
    const hint = status === 404 ? 'Check the Venice API address in the options.' : '';
    const quoted = veniceMessage ? `: ${veniceMessage}` : '.';
    super(
      'venice.http_error',
      `Venice answered with HTTP ${status}${quoted}`,
      { ...ctx, status },
      false,
      hint,
    );
  }
}

/** fetch threw: offline, DNS, refused or dropped connection, blocked by the browser. */
export class VeniceNetworkError extends VeniceError {
  override name = 'VeniceNetworkError';
  constructor(host: string, ctx: VeniceErrorContext = {}) {
    super('venice.network', `Could not reach Venice at ${host}.`, ctx, true, hintFor('venice.network', ctx));
  }
}

export class VeniceTimeoutError extends VeniceError {
  override name = 'VeniceTimeoutError';
  readonly timeoutMs: number;
  constructor(timeoutMs: number, ctx: VeniceErrorContext = {}) {
    const seconds = Math.round(timeoutMs / 100) / 10;
    super(
      'venice.timeout',
      `Venice did not answer within ${seconds} seconds.`,
      ctx,
      true,
      hintFor('venice.timeout', ctx),
    );
    this.timeoutMs = timeoutMs;
  }
}

/** A success status whose body is not JSON. */
export class VeniceMalformedResponseError extends VeniceError {
  override name = 'VeniceMalformedResponseError';
  constructor(ctx: VeniceErrorContext = {}) {
    super(
      'venice.malformed_response',
      `Venice sent a response that is not valid JSON${ctx.endpoint ? ` (${ctx.endpoint})` : ''}.`,
      ctx,
      false,
      hintFor('venice.malformed_response', ctx),
    );
  }
}

/** JSON that does not match the documented shape. Names the endpoint and field, never values. */
export class VeniceUnexpectedResponseError extends VeniceError {
  override name = 'VeniceUnexpectedResponseError';
  readonly field: string;
  readonly problem: string;
  constructor(field: string, problem: string, ctx: VeniceErrorContext = {}) {
    const where = ctx.endpoint ? ` from ${ctx.endpoint}` : '';
    super(
      'venice.unexpected_response',
      `Venice sent a response${where} that this extension does not understand (${field || 'the response'}: ${problem}).`,
      ctx,
      false,
      hintFor('venice.unexpected_response', ctx),
    );
    this.field = field;
    this.problem = problem;
  }
}

/** Our own input broke one of Venice's rules; nothing was sent. */
export class VeniceInvalidInputError extends VeniceError {
  override name = 'VeniceInvalidInputError';
  readonly fieldErrors: FieldError[];
  constructor(fieldErrors: FieldError[], ctx: VeniceErrorContext = {}) {
    const lines = fieldErrors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message));
    super('venice.invalid_input', lines.join('\n') || undefined, ctx, false, '');
    this.fieldErrors = fieldErrors;
  }
}

/** The client was given a base URL it cannot use. */
export class VeniceConfigError extends VeniceError {
  override name = 'VeniceConfigError';
  constructor(message: string) {
    super('venice.config', message);
  }
}
