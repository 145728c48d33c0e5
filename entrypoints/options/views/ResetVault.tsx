import { useState } from 'preact/hooks';
import { ErrorMessage } from '@/components/ErrorMessage';
import { useAction } from '@/components/useAction';
import { call } from '@/lib/messaging/client';
import { RESET_CONFIRMATION } from '@/lib/vault/constants';

/** Wipes the vault after a typed confirmation: the way out of a forgotten passphrase. */
export function ResetVault({ onReset }: { onReset: () => void }) {
  const [typed, setTyped] = useState('');
  const matches = typed.trim().toLowerCase() === RESET_CONFIRMATION;
  const reset = useAction(async () => {
    await call('vault.reset', { confirmation: typed });
    setTyped('');
    onReset();
  });
  const busy = reset.busy;

  function submit(event: Event) {
    event.preventDefault();
    if (matches) void reset.run();
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
      {reset.error && <ErrorMessage error={reset.error} inline />}
    </form>
  );
}
