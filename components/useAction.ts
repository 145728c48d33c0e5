import { useRef, useState } from 'preact/hooks';
import { type SerializedError, serializeError } from '@/lib/error-shape';

export interface Action<A extends unknown[]> {
  /** True from the start of a run until it settles; a second run meanwhile is ignored. */
  busy: boolean;
  /** The last run's failure, in the words the background chose; cleared when a run starts. */
  error: SerializedError | null;
  /** When that failure happened, so a rate limit can count down to its retry. */
  failedAt: number | null;
  /** Runs the task; resolves true when it succeeded, false when it failed or was already running. */
  run: (...args: A) => Promise<boolean>;
  /** A failure found by the form itself (a missing field), shown like the task's own. */
  setError: (error: SerializedError | string | null) => void;
}

/**
 * Busy, error and run for one form or button, in place of the try/catch/finally each form
 * used to write by hand. Unknown failures read as the generic message, never their own text
 * (it may come from anywhere).
 */
export function useAction<A extends unknown[]>(
  task: (...args: A) => Promise<unknown>,
  options: { onError?: (error: SerializedError) => void } = {},
): Action<A> {
  const [busy, setBusy] = useState(false);
  const [error, setErrorState] = useState<SerializedError | null>(null);
  const [failedAt, setFailedAt] = useState<number | null>(null);
  const running = useRef(false);

  function setError(next: SerializedError | string | null) {
    setErrorState(typeof next === 'string' ? { code: 'messaging.invalid_input', message: next } : next);
    setFailedAt(next === null ? null : Date.now());
  }

  async function run(...args: A): Promise<boolean> {
    if (running.current) return false;
    running.current = true;
    setBusy(true);
    setError(null);
    try {
      await task(...args);
      return true;
    } catch (err) {
      const failure = serializeError(err);
      setError(failure);
      options.onError?.(failure);
      return false;
    } finally {
      running.current = false;
      setBusy(false);
    }
  }

  return { busy, error, failedAt, run, setError };
}
