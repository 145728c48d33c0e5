import { useEffect, useRef, useState } from 'preact/hooks';
import { type CopyHandle, copySecret } from '@/lib/clipboard';
import { type SerializedError, serializeError } from '@/lib/errors';
import { call } from '@/lib/messaging/client';

/** The new secret, once, with copy lines for a shell and for a `.env` file (cleared after 30 s). */
export function NewSecret({
  closes,
  secret,
  vaultError,
  entryId,
  onReveal,
}: {
  /** What the user may close while the clipboard timer runs: named in the copy message. */
  closes: 'popup' | 'window';
  secret: string | null;
  vaultError: SerializedError | null;
  entryId: string | null;
  onReveal: (secret: string) => void;
}) {
  const [status, setStatus] = useState('');
  const handle = useRef<CopyHandle | null>(null);
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );

  async function copy(text: string, what: string) {
    try {
      handle.current?.cancel();
      const copied = await copySecret(text);
      handle.current = copied;
      setStatus(
        copied.clearsInMs !== null
          ? `Copied ${what}. It is taken off the clipboard in ${Math.round(copied.clearsInMs / 1000)} s, even if this ${closes} closes.`
          : `Copied ${what}. ${copied.unsupportedReason}`,
      );
      void copied.done.then((outcome) => {
        if (mounted.current && handle.current === copied && outcome === 'cleared')
          setStatus('Cleared from the clipboard.');
      });
    } catch {
      setStatus('Could not copy: select the line and copy it by hand.');
    }
  }

  async function reveal() {
    if (!entryId) return;
    try {
      onReveal((await call('vault.revealSecret', { entryId })).secret);
    } catch (err) {
      setStatus(serializeError(err).message);
    }
  }

  return (
    <div class="secret-once">
      {vaultError && (
        <p class="error" role="alert">
          <strong>Not saved — copy it now.</strong> The secret could not be saved in your vault (
          {vaultError.message}
          ). Venice will never show it again.
        </p>
      )}
      {secret ? (
        <>
          <div class="secret-once__value">
            <input
              type="text"
              readOnly
              class="mono"
              aria-label="Secret of the new key"
              value={secret}
              onFocus={(e) => e.currentTarget.select()}
            />
          </div>
          <div class="actions">
            <button
              type="button"
              class="primary"
              onClick={() => void copy(`export VENICE_API_KEY=${secret}`, 'the export line')}
            >
              Copy as export VENICE_API_KEY=…
            </button>
            <button type="button" onClick={() => void copy(`VENICE_API_KEY=${secret}`, 'the .env line')}>
              Copy as .env line
            </button>
          </div>
        </>
      ) : (
        entryId && (
          <button type="button" onClick={() => void reveal()}>
            Reveal the new secret
          </button>
        )
      )}
      <p role="status" class="muted">
        {status}
      </p>
    </div>
  );
}
