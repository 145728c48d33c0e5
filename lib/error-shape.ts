/**
 * The error shape as the pages need it, kept light for their first paint: an error with a code,
 * a short message and a hint (CodedError), its serialized form (what crosses the message boundary
 * and is stored). The list of codes is only a type here
 * (lib/error-codes.ts); the words for every code are in lib/errors.ts, for the background.
 */
import type { ErrorCode } from './error-codes';

export interface ErrorText {
  /** What happened, in one sentence. */
  message: string;
  /** What to do about it; '' when the message says all there is. */
  hint: string;
}

/** The words the pages need without asking the background (the rest are in lib/errors.ts). */
export const INTERNAL_TEXT: ErrorText = {
  message: 'Something went wrong inside the extension.',
  hint: 'Please try again.',
};
export const UNREACHABLE_TEXT: ErrorText = {
  message: 'The extension’s background did not answer.',
  hint: 'Try again.',
};

/**
 * An error with a code, a short message (what happened) and a hint (what to do); `message` is
 * both, as a person reads them. AppError (lib/errors.ts) fills the words from the table;
 * RemoteError (a background answer) brings them.
 */
export class CodedError extends Error {
  readonly code: ErrorCode;
  /** What to do; the end of `message` ('' for none). */
  readonly hint: string;
  /** Whether trying the same thing again may succeed (network, 5xx, 429…). */
  readonly retryable: boolean;

  /** `message`: the whole text, ending with `hint`. */
  constructor(
    code: ErrorCode,
    message: string,
    hint: string,
    options: { cause?: unknown; retryable?: boolean },
  ) {
    // Error reads `cause` from the options only when the key is there.
    super(message, options);
    this.code = code;
    this.hint = hint;
    this.retryable = options.retryable === true;
  }
}

export function joinText(message: string, hint: string | undefined): string {
  return hint ? `${message} ${hint}` : message;
}

/** An error as it crosses the message boundary or is stored. */
export interface SerializedError {
  code: ErrorCode;
  /** The whole text as a person reads it: the short message, then the hint. */
  message: string;
  /** The hint alone (already at the end of `message`); older records have none. */
  hint?: string;
  retryable?: boolean;
  /** Seconds after which a retry makes sense (429 Retry-After), when known. */
  retryAfterSeconds?: number;
}

export function serializeError(err: unknown): SerializedError {
  if (err instanceof CodedError) {
    const out: SerializedError = { code: err.code, message: err.message };
    if (err.hint) out.hint = err.hint;
    if (err.retryable) out.retryable = true;
    const retryAfter = (err as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    if (typeof retryAfter === 'number' && Number.isFinite(retryAfter)) out.retryAfterSeconds = retryAfter;
    return out;
  }
  // Unknown failures are reported generically: their text may come from anywhere.
  return serialized('extension.internal', INTERNAL_TEXT);
}

/** Words as a serialized error. */
export function serialized(code: ErrorCode, { message, hint }: ErrorText): SerializedError {
  return hint ? { code, message: joinText(message, hint), hint } : { code, message };
}
