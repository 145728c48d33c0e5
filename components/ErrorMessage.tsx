import type { SerializedError } from '@/lib/errors';
import { clock } from './clock';

/**
 * A failure in place, in the words the background chose, for every page. A rate limit says
 * when to try again, counting down from the moment it happened (`at`). `inline`: one line
 * under a form field or button; otherwise a box, one paragraph per line of the message.
 */
export function ErrorMessage({
  error,
  at,
  inline = false,
  id,
}: {
  error: SerializedError | string;
  at?: number | null;
  inline?: boolean;
  id?: string;
}) {
  const failure: SerializedError =
    typeof error === 'string' ? { code: 'messaging.invalid_input', message: error } : error;
  const text = failure.message;
  const retryAt =
    failure.retryAfterSeconds !== undefined && at !== undefined && at !== null
      ? at + failure.retryAfterSeconds * 1000
      : null;
  if (inline)
    return (
      <p id={id} class="error" role="alert" data-code={failure.code}>
        {text}
        {retryAt !== null && (
          <>
            {' '}
            <RetryIn at={retryAt} />
          </>
        )}
      </p>
    );
  return (
    <div id={id} class="error-box" role="alert" data-code={failure.code}>
      {text.split('\n').map((line) => (
        <p key={line}>{line}</p>
      ))}
      {retryAt !== null && (
        <p class="muted">
          <RetryIn at={retryAt} />
        </p>
      )}
    </div>
  );
}

/** The countdown alone reads the clock, so only it re-renders each second. */
function RetryIn({ at }: { at: number }) {
  const wait = Math.ceil((at - clock.value) / 1000);
  return (
    <>
      {wait > 0
        ? `You can try again at ${new Date(at).toLocaleTimeString()} (in ${wait} s).`
        : 'You can try again now.'}
    </>
  );
}
