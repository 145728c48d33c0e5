import { useState } from 'preact/hooks';
import { useAction } from '@/components/useAction';
import { UnlockForm } from '@/components/vault/UnlockForm';
import { call } from '@/lib/messaging/client';
import { ResetVault } from './ResetVault';
import { RestoreBackup } from './RestoreBackup';

export function UnlockVault({ onUnlocked }: { onUnlocked: () => void }) {
  const [showRecovery, setShowRecovery] = useState(false);
  const unlock = useAction(
    async (passphrase: string) => {
      await call('vault.unlock', { passphrase });
      onUnlocked();
    },
    {
      // Damaged data: the way out is a backup, so show it at once.
      onError: (error) => error.code === 'vault.damaged' && setShowRecovery(true),
    },
  );

  return (
    <>
      <div class="card">
        <UnlockForm
          onUnlock={(passphrase) => void unlock.run(passphrase)}
          busy={unlock.busy}
          error={unlock.error?.message ?? null}
          onForgot={() => setShowRecovery(true)}
        />
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
