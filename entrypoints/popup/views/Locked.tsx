import { useState } from 'preact/hooks';
import { call } from '@/lib/messaging/client';
import { toSerialized } from '../state';

/** The vault is locked: unlock it here (the passphrase goes straight to the background). */
export function Locked({ onUnlocked }: { onUnlocked: () => void }) {
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(event: Event) {
    event.preventDefault();
    if (busy || !passphrase) return;
    setBusy(true);
    setError(null);
    try {
      await call('vault.unlock', { passphrase });
      setPassphrase('');
      onUnlocked();
    } catch (err) {
      setError(toSerialized(err).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <section class="state-card" aria-labelledby="state-heading">
      <h2 id="state-heading">Vault locked</h2>
      <form onSubmit={submit}>
        <label>
          Passphrase{' '}
          <input
            type="password"
            autoComplete="current-password"
            value={passphrase}
            onInput={(e) => setPassphrase(e.currentTarget.value)}
          />
        </label>{' '}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Unlocking…' : 'Unlock'}
        </button>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}
