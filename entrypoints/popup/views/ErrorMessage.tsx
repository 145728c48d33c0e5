import type { SerializedError } from '@/lib/errors';

/**
 * A failure in place, in the words the background chose. A rate limit says when to try again,
 * counting down from the moment it happened.
 */
export function ErrorMessage({ error, at, now }: { error: SerializedError; at?: number; now: number }) {
  const retryAt =
    error.retryAfterSeconds !== undefined && at !== undefined ? at + error.retryAfterSeconds * 1000 : null;
  const wait = retryAt === null ? 0 : Math.ceil((retryAt - now) / 1000);
  return (
    <div class="error-box" role="alert" data-code={error.code}>
      {error.message.split('\n').map((line) => (
        <p key={line}>{line}</p>
      ))}
      {retryAt !== null && (
        <p class="muted">
          {wait > 0
            ? `You can try again at ${new Date(retryAt).toLocaleTimeString()} (in ${wait} s).`
            : 'You can try again now.'}
        </p>
      )}
    </div>
  );
}
