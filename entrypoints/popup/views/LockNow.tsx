import { useState } from 'preact/hooks';
import { errorText } from '@/lib/error-message';
import { call } from '@/lib/messaging/client';
import type { PopupState } from '../state';

/** Locks the vault at once; the background forgets the key material and the popup shows the unlock form. */
export function LockNow({ state }: { state: PopupState }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function lock() {
    setBusy(true);
    setError(null);
    try {
      await call('vault.lock');
      await state.load();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <button type="button" class="lock-now" onClick={lock} disabled={busy}>
        Lock now
      </button>
      {error && (
        <p class="error lock-now__error" role="alert">
          Could not lock the vault: {error}
        </p>
      )}
    </>
  );
}
