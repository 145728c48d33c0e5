/**
 * The one error-to-text helper, for every page and the badge tooltip: what a person is shown for
 * any failure. Not part of the popup's first paint (lib/error-shape.ts is).
 */
import type { ErrorCode } from './error-codes';
import { CodedError, INTERNAL_TEXT, type SerializedError, serialized } from './error-shape';

/**
 * An AppError, a background answer or a serialized error reads as its message (which ends with
 * its hint); anything else as the generic message, never its own text (it may come from anywhere
 * and hold data).
 */
export function errorText(err: unknown): string {
  return read(err).message;
}

/** The code of any failure, for the UI's checks: an unknown throw counts as `extension.internal`. */
export function errorCode(err: unknown): ErrorCode {
  return read(err).code;
}

function read(err: unknown): SerializedError {
  if (err instanceof CodedError || isSerializedError(err)) return err;
  return serialized('extension.internal', INTERNAL_TEXT);
}

function isSerializedError(v: unknown): v is SerializedError {
  return (
    !!v &&
    typeof v === 'object' &&
    !(v instanceof Error) &&
    typeof (v as SerializedError).code === 'string' &&
    typeof (v as SerializedError).message === 'string'
  );
}
