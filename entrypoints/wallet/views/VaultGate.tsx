import { useSignal } from '@preact/signals';
import {
  checkNewPassphrase,
  type NewPassphrase,
  NewPassphraseFields,
} from '@/components/vault/NewPassphraseFields';
import { UnlockForm } from '@/components/vault/UnlockForm';
import type { WalletState } from '../state';

/**
 * The minted secret goes into the vault before it is shown, so the vault must be open before
 * anyone signs: unlock it here (or create it, on a first run).
 */
export function VaultGate({ state }: { state: WalletState }) {
  const { busy, createVault, pendingSubmit, problem, unlockVault, vaultStatus } = state;
  const fresh = useSignal<NewPassphrase>({ first: '', second: '' });
  const status = vaultStatus.value;
  if (status === 'unlocked' || status === null) return null;
  if (status === 'locked') {
    return (
      <div class="wallet__vault">
        <p>
          {pendingSubmit.value
            ? 'Unlock the vault to finish: the signature is ready and nothing was sent yet.'
            : 'The new key is saved into your vault before it is shown. Unlock the vault first.'}
        </p>
        <UnlockForm
          heading="Unlock the vault"
          busy={busy.value !== null}
          error={null}
          onUnlock={(passphrase) => void unlockVault(passphrase)}
        />
      </div>
    );
  }
  const check = checkNewPassphrase(fresh.value);
  return (
    <form
      class="wallet__vault"
      aria-label="Create the vault"
      onSubmit={(event) => {
        event.preventDefault();
        if (check.problem) {
          problem.value = check.problem;
          return;
        }
        void createVault(fresh.value.first);
      }}
    >
      <p>
        The new key is saved in an encrypted vault before it is shown. Choose a passphrase for the vault (it
        never leaves this browser).
      </p>
      <NewPassphraseFields
        value={fresh.value}
        onChange={(next) => {
          fresh.value = next;
        }}
        label="Vault passphrase"
      />
      <button type="submit" class="primary" disabled={busy.value !== null || check.problem !== null}>
        Create the vault
      </button>
    </form>
  );
}
