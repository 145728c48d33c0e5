/**
 * The one error shape that crosses the message boundary: `{ code, message }`.
 * Every failure the user can meet is an AppError (or a subclass) with a stable code and
 * a message written for a person. Messages never contain secrets.
 */
export class AppError extends Error {
  override name = 'AppError';
  readonly code: string;
  /** Whether trying the same thing again may succeed (network, 5xx, 429…). */
  readonly retryable: boolean;

  constructor(code: string, message: string, options: { cause?: unknown; retryable?: boolean } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}

export interface SerializedError {
  code: string;
  message: string;
  retryable?: boolean;
  /** Seconds after which a retry makes sense (429 Retry-After), when known. */
  retryAfterSeconds?: number;
}

export function serializeError(err: unknown): SerializedError {
  if (err instanceof AppError) {
    const out: SerializedError = { code: err.code, message: err.message };
    if (err.retryable) out.retryable = true;
    const retryAfter = (err as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    if (typeof retryAfter === 'number' && Number.isFinite(retryAfter)) out.retryAfterSeconds = retryAfter;
    return out;
  }
  // Unknown failures are reported generically: their text may come from anywhere.
  return { code: 'internal', message: 'Something went wrong inside the extension. Please try again.' };
}
