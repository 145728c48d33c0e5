import { useEffect, useRef, useState } from 'preact/hooks';
// The shared copy-and-clear: the background clears it in 30 s, popup open or not.
import { type CopyHandle, copySecret } from '@/lib/clipboard';
import type { CreateKeyResult } from '@/lib/keys/types';
import { call } from '@/lib/messaging/client';
import { toSerialized } from '../state';

/**
 * The new key's secret, shown once. It is already in the vault (unless the vault refused it, in
 * which case this is the user's only chance to copy it, and we say so).
 */
export function SecretOnce({ result, whileClosed }: { result: CreateKeyResult; whileClosed: boolean }) {
  const [secret, setSecret] = useState<string | null>(result.secret);
  const [status, setStatus] = useState<string>('');

  const handle = useRef<CopyHandle | null>(null);
  // Leaving this view (or closing the popup) does not cancel the clear: the background owns it.
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );

  async function copy() {
    if (!secret) return;
    try {
      handle.current?.cancel();
      const copied = await copySecret(secret);
      handle.current = copied;
      setStatus(
        copied.clearsInMs !== null
          ? `Copied. It is taken off the clipboard in ${Math.round(copied.clearsInMs / 1000)} s, even if this popup closes.`
          : `Copied. ${copied.unsupportedReason}`,
      );
      void copied.done.then((outcome) => {
        if (mounted.current && handle.current === copied && outcome === 'cleared')
          setStatus('Cleared from the clipboard.');
      });
    } catch {
      setStatus('Could not copy: select the secret and copy it by hand.');
    }
  }

  async function reveal() {
    if (!result.vaultCopy) return;
    try {
      const answer = await call('vault.revealSecret', { entryId: result.vaultCopy.entryId });
      setSecret(answer.secret);
    } catch (err) {
      setStatus(toSerialized(err).message);
    }
  }

  return (
    <div class="secret-once">
      {result.vaultError ? (
        <p class="error" role="alert">
          <strong>Not saved — copy it now.</strong> The secret could not be saved in your vault (
          {result.vaultError.message}). Keep it somewhere safe: Venice will never show it again.
        </p>
      ) : (
        <p class="warning">
          {whileClosed ? 'The popup was closed while the key was being created. ' : ''}
          The secret is saved in your vault
          {result.vaultCopy ? ` as “${result.vaultCopy.label}”` : ''}. Venice will never show it again.
        </p>
      )}
      {secret ? (
        <div class="secret-once__value">
          <input
            type="text"
            readOnly
            class="mono"
            aria-label="Secret of the new key"
            value={secret}
            onFocus={(e) => e.currentTarget.select()}
          />
          <button type="button" class="primary" onClick={copy}>
            Copy secret
          </button>
        </div>
      ) : (
        result.vaultCopy && (
          <button type="button" onClick={reveal}>
            Reveal secret
          </button>
        )
      )}
      <p role="status" class="muted">
        {status}
      </p>
    </div>
  );
}
