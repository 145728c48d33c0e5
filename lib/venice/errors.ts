/**
 * Every way a Venice call can fail, as one class hierarchy under AppError. Each class has
 * a stable `code` (UI logic and tests switch on it) and a message written for a person.
 *
 * Messages may quote Venice's own short error string (trimmed, at most ~200 characters,
 * with anything that looks like a key secret redacted) but never a raw body, a header or
 * a secret.
 */
import { AppError } from '@/lib/errors';

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
  return ctx.mutating ? ' Venice may still have carried out the change: refresh before trying again.' : '';
}

export class VeniceError extends AppError {
  override name = 'VeniceError';
  readonly endpoint: string | undefined;
  readonly status: number | undefined;

  constructor(code: string, message: string, ctx: VeniceErrorContext = {}, retryable = false) {
    super(code, message, { cause: ctx.cause, retryable });
    this.endpoint = ctx.endpoint;
    this.status = ctx.status;
  }
}

/** 402 with an x402 discovery body: the request carried no credentials at all. */
export class VeniceNoCredentialsError extends VeniceError {
  override name = 'VeniceNoCredentialsError';
  constructor(ctx: VeniceErrorContext = {}) {
    super(
      'venice.no_credentials',
      'No API key was sent to Venice. Add a key (or unlock the vault) and try again.',
      ctx,
    );
  }
}

/** 401 "Authentication failed". */
export class VeniceAuthError extends VeniceError {
  override name = 'VeniceAuthError';
  constructor(ctx: VeniceErrorContext = {}) {
    super(
      'venice.auth_failed',
      'Venice did not accept this API key: it is invalid, expired or revoked.',
      ctx,
    );
  }
}

/** 401 "Admin API key required": the key works, but it is an INFERENCE key. */
export class VeniceAdminRequiredError extends VeniceError {
  override name = 'VeniceAdminRequiredError';
  constructor(ctx: VeniceErrorContext = {}) {
    super(
      'venice.admin_required',
      'This is an INFERENCE key. Managing keys, the breach log and billing need an ADMIN key.',
      ctx,
    );
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
    kind: { code: string; lead: string } = { code: 'venice.validation', lead: 'Venice rejected the request' },
  ) {
    const lines = fieldErrors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message));
    const head = veniceMessage ? `${kind.lead}: ${veniceMessage}` : `${kind.lead}.`;
    super(kind.code, lines.length ? `${head}\n${lines.join('\n')}` : head, ctx);
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
    super('venice.not_found', 'Venice has no such API key: it may have been revoked or have expired.', ctx);
  }
}

/** 400 on create: the account already has 500 active keys. */
export class VeniceKeyLimitError extends VeniceError {
  override name = 'VeniceKeyLimitError';
  constructor(ctx: VeniceErrorContext = {}) {
    super(
      'venice.key_limit',
      'Your Venice account has reached its limit of 500 active API keys. Revoke keys you no longer use, then try again.',
      ctx,
    );
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
    super('venice.rate_limited', `${what} ${wait}`, ctx, true);
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
      veniceMessage ? `Venice refused this request: ${veniceMessage}` : 'Venice refused this request (403).',
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
    const message =
      kind === 'usd_cap'
        ? 'This key has reached its USD spending cap. Raise the cap or wait for its period to reset.'
        : kind === 'diem_cap'
          ? 'This key has reached its DIEM spending cap. Raise the cap or wait for its period to reset.'
          : 'The Venice account has too little USD or DIEM balance for this request. Add credits at venice.ai.';
    super('venice.insufficient_balance', message, ctx);
    this.kind = kind;
  }
}

/** 5xx. */
export class VeniceServerError extends VeniceError {
  override name = 'VeniceServerError';
  /** From Retry-After on a 503, when sent. */
  readonly retryAfterSeconds: number | undefined;
  constructor(status: number, ctx: VeniceErrorContext = {}, retryAfterSeconds?: number) {
    const message =
      status === 504 && ctx.endpoint?.includes('usage-analytics')
        ? 'Venice took too long to compute these analytics. Choose a shorter period.'
        : `Venice had a problem answering (HTTP ${status}). Try again in a moment.`;
    super('venice.server_error', message + mayHaveApplied(ctx), { ...ctx, status }, true);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** 410: Venice retired this endpoint. */
export class VeniceGoneError extends VeniceError {
  override name = 'VeniceGoneError';
  constructor(ctx: VeniceErrorContext = {}) {
    super(
      'venice.gone',
      'Venice no longer offers this feature (HTTP 410). The extension needs an update.',
      ctx,
    );
  }
}

/** Any other status we have no better name for (404 from a wrong base URL, 409, 413, 415, 422…). */
export class VeniceHttpError extends VeniceError {
  override name = 'VeniceHttpError';
  constructor(status: number, veniceMessage: string, ctx: VeniceErrorContext = {}) {
    const hint = status === 404 ? ' Check the Venice API address in the options.' : '';
    const quoted = veniceMessage ? `: ${veniceMessage}` : '.';
    super('venice.http_error', `Venice answered with HTTP ${status}${quoted}${hint}`, { ...ctx, status });
  }
}

/** fetch threw: offline, DNS, refused or dropped connection, blocked by the browser. */
export class VeniceNetworkError extends VeniceError {
  override name = 'VeniceNetworkError';
  constructor(host: string, ctx: VeniceErrorContext = {}) {
    super(
      'venice.network',
      `Could not reach Venice at ${host}. Check your internet connection and try again.${mayHaveApplied(ctx)}`,
      ctx,
      true,
    );
  }
}

export class VeniceTimeoutError extends VeniceError {
  override name = 'VeniceTimeoutError';
  readonly timeoutMs: number;
  constructor(timeoutMs: number, ctx: VeniceErrorContext = {}) {
    const seconds = Math.round(timeoutMs / 100) / 10;
    super(
      'venice.timeout',
      `Venice did not answer within ${seconds} seconds. Try again in a moment.${mayHaveApplied(ctx)}`,
      ctx,
      true,
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
      `Venice sent a response that is not valid JSON${ctx.endpoint ? ` (${ctx.endpoint})` : ''}.${mayHaveApplied(ctx)}`,
      ctx,
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
      `Venice sent a response${where} that this extension does not understand (${field || 'the response'}: ${problem}).${mayHaveApplied(ctx)}`,
      ctx,
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
    super('venice.invalid_input', lines.join('\n') || 'The request is not valid.', ctx);
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
