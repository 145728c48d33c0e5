import { useState } from 'preact/hooks';
import { UnlockForm } from '@/components/vault/UnlockForm';
import { call } from '@/lib/messaging/client';
import { errorText } from '../state';
import { ResetVault } from './ResetVault';
import { RestoreBackup } from './RestoreBackup';

export function UnlockVault({ onUnlocked }: { onUnlocked: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [showRecovery, setShowRecovery] = useState(false);

  async function unlock(passphrase: string) {
    setBusy(true);
    setError(null);
    try {
      await call('vault.unlock', { passphrase });
      onUnlocked();
    } catch (err) {
      setError(errorText(err));
      // Damaged data: the way out is a backup, so show it at once.
      if ((err as { code?: string }).code === 'vault_damaged') setShowRecovery(true);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <div class="card">
        <UnlockForm onUnlock={unlock} busy={busy} error={error} onForgot={() => setShowRecovery(true)} />
      </div>
      {showRecovery && (
        <>
          <RestoreBackup replacing={true} onRestored={onUnlocked} />
          <ResetVault onReset={onUnlocked} />
        </>
      )}
    </>
  );
}
