import { useSignal } from '@preact/signals';
import { KeySettingsForm } from '@/components/KeySettingsForm';
import { hasErrors, type KeySettingsErrors, validateKeySettings } from '@/lib/keys/key-settings';
import type { MintFlow } from '@/lib/wallet/flow';
import { formatStakeAmount } from '../format';
import type { WalletState } from '../state';
import { VaultGate } from './VaultGate';

/** The stake check's outcome, then the new key's settings and the button that signs. */
export function KeyStep({ state, flow }: { state: WalletState; flow: MintFlow }) {
  const { busy, draft, runPreflight, signAndMint, typeDraft, vaultStatus } = state;
  const errors = useSignal<KeySettingsErrors>({});
  const waiting = busy.value !== null;

  if (flow.stake === null) {
    return (
      <section aria-labelledby="stake-heading">
        <h2 id="stake-heading">Staked VVV</h2>
        <p class="muted">Venice mints keys only for wallets with staked VVV on Base. Checking this wallet…</p>
        {!waiting && (
          <button type="button" onClick={() => void runPreflight()}>
            Check the stake
          </button>
        )}
      </section>
    );
  }

  function submit(event: Event) {
    event.preventDefault();
    const found = validateKeySettings(draft.value, 'mint');
    errors.value = found;
    if (hasErrors(found)) return;
    void signAndMint(draft.value);
  }

  const vaultReady = vaultStatus.value === 'unlocked';
  return (
    <section aria-labelledby="settings-heading">
      {flow.stake.kind === 'staked' ? (
        <p class="wallet__ok">
          Staked on Base: <strong>{formatStakeAmount(flow.stake.amount)} sVVV</strong>
        </p>
      ) : (
        <p class="wallet__warning" role="note">
          {flow.stake.warning}
        </p>
      )}
      <VaultGate state={state} />
      <form onSubmit={submit} aria-labelledby="settings-heading">
        <h2 id="settings-heading">The new key</h2>
        <KeySettingsForm
          value={draft.value}
          onChange={(next, field) => typeDraft(field, next[field])}
          mode="mint"
          errors={errors.value}
          disabled={waiting}
        />
        <p class="muted">
          Next, Venice issues a token valid for 15 minutes and your wallet asks you to sign it. The signature
          only proves you own this wallet; it moves no funds.
        </p>
        <button type="submit" class="primary" disabled={waiting || !vaultReady}>
          Get token and sign
        </button>
      </form>
    </section>
  );
}
