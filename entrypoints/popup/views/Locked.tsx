import { browser } from 'wxt/browser';
import { useAction } from '@/components/useAction';
import { UnlockForm } from '@/components/vault/UnlockForm';
import { call } from '@/lib/messaging/client';

/** The vault is locked: the vault's own unlock form; the passphrase goes straight to the background. */
export function Locked({ onUnlocked }: { onUnlocked: () => void }) {
  const unlock = useAction(async (passphrase: string) => {
    await call('vault.unlock', { passphrase });
    onUnlocked();
  });
  return (
    <UnlockForm
      heading="Vault locked"
      onUnlock={(passphrase) => void unlock.run(passphrase)}
      busy={unlock.busy}
      error={unlock.error?.message ?? null}
      onForgot={() => void browser.runtime.openOptionsPage()}
    />
  );
}
