import { useEffect, useRef, useState } from 'preact/hooks';
// The shared copy-and-clear: the background clears the clipboard on time, page open or not.
import { type CopyHandle, copySecret } from '@/lib/clipboard';

/**
 * A secret shown read-only with its Copy button and what became of the copy. Leaving the view
 * stops only the following of the copy, never the clear. `page`: what may close ("this popup").
 */
export function SecretField({
  secret,
  label,
  page,
  class: className,
}: {
  secret: string;
  label: string;
  page: string;
  class?: string;
}) {
  const [status, setStatus] = useState('');
  const handle = useRef<CopyHandle | null>(null);
  useEffect(() => () => handle.current?.cancel(), []);

  async function copy() {
    handle.current?.cancel();
    try {
      const copied = await copySecret(secret);
      handle.current = copied;
      setStatus(
        copied.clearsInMs !== null
          ? `Copied. It is taken off the clipboard in ${Math.round(copied.clearsInMs / 1000)} s, even if ${page} closes.`
          : `Copied. ${copied.unsupportedReason}`,
      );
      const outcome = await copied.done;
      if (handle.current === copied && outcome === 'cleared') setStatus('Cleared from the clipboard.');
    } catch {
      setStatus('Could not copy: select the secret and copy it by hand.');
    }
  }

  return (
    <>
      <div class={className}>
        <input
          type="text"
          readOnly
          class="mono"
          aria-label={label}
          value={secret}
          spellcheck={false}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" class="primary" onClick={copy}>
          Copy secret
        </button>
      </div>
      <p role="status" class="muted">
        {status}
      </p>
    </>
  );
}
