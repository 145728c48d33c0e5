import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { UnlockForm } from '@/components/vault/UnlockForm';
import { errorText } from '@/lib/error-message';
import { call } from '@/lib/messaging/client';

/**
 * The vault is locked: the vault's own unlock form; the passphrase goes straight to the background.
 * Written out rather than with useAction: this view is in the popup's first load, where the hook
 * cost 0.23 kB gzipped (test/bundle budget).
 */
export function Locked({ onUnlocked }: { onUnlocked: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function unlock(passphrase: string) {
    setBusy(true);
    setError(null);
    try {
      await call('vault.unlock', { passphrase });
      onUnlocked();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <UnlockForm
      heading="Vault locked"
      onUnlock={unlock}
      busy={busy}
      error={error}
      onForgot={() => void browser.runtime.openOptionsPage()}
    />
  );
}
