import { useState } from 'preact/hooks';
import { call } from '@/lib/messaging/client';
import { RESET_CONFIRMATION } from '@/lib/vault/constants';
import { errorText } from '../state';

/** Wipes the vault after a typed confirmation: the way out of a forgotten passphrase. */
export function ResetVault({ onReset }: { onReset: () => void }) {
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const matches = typed.trim().toLowerCase() === RESET_CONFIRMATION;

  async function submit(event: Event) {
    event.preventDefault();
    if (!matches || busy) return;
    setBusy(true);
    setError(null);
    try {
      await call('vault.reset', { confirmation: typed });
      setTyped('');
      onReset();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="card danger-zone" aria-labelledby="reset-heading" onSubmit={submit}>
      <h2 id="reset-heading">Reset the vault</h2>
      <p>
        This deletes every key stored in this browser’s vault. It does not revoke them at Venice: they keep
        working for whoever has them. Only a backup can bring them back.
      </p>
      <label>
        Type “{RESET_CONFIRMATION}” to confirm
        <input
          type="text"
          autoComplete="off"
          value={typed}
          onInput={(e) => setTyped(e.currentTarget.value)}
        />
      </label>
      <button type="submit" class="danger" disabled={!matches || busy}>
        {busy ? 'Resetting…' : 'Reset vault'}
      </button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
