import { useState } from 'preact/hooks';
import { SecretField } from '@/components/SecretField';
import { useAction } from '@/components/useAction';
import type { CreateKeyResult } from '@/lib/keys/types';
import { call } from '@/lib/messaging/client';

/**
 * The new key's secret, shown once. It is already in the vault (unless the vault refused it, in
 * which case this is the user's only chance to copy it, and we say so).
 */
export function SecretOnce({ result, whileClosed }: { result: CreateKeyResult; whileClosed: boolean }) {
  const [secret, setSecret] = useState<string | null>(result.secret);
  const reveal = useAction(async () => {
    if (!result.vaultCopy) return;
    const answer = await call('vault.revealSecret', { entryId: result.vaultCopy.entryId });
    setSecret(answer.secret);
  });

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
        // Leaving this view (or closing the popup) does not cancel the clear: the background owns it.
        <SecretField
          secret={secret}
          label="Secret of the new key"
          page="this popup"
          class="secret-once__value"
        />
      ) : (
        <>
          {result.vaultCopy && (
            <button type="button" onClick={() => void reveal.run()}>
              Reveal secret
            </button>
          )}
          <p role="status" class="muted">
            {reveal.error?.message ?? ''}
          </p>
        </>
      )}
    </div>
  );
}
