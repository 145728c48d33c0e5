import { useState } from 'preact/hooks';
import { ErrorMessage } from '@/components/ErrorMessage';
import { useAction } from '@/components/useAction';
import {
  checkNewPassphrase,
  type NewPassphrase,
  NewPassphraseFields,
} from '@/components/vault/NewPassphraseFields';
import { call } from '@/lib/messaging/client';

/** First run: a passphrase typed twice, refused with its reason when weak. */
export function CreateVault({ onCreated }: { onCreated: () => void }) {
  const [value, setValue] = useState<NewPassphrase>({ first: '', second: '' });
  const [tried, setTried] = useState(false);
  const check = checkNewPassphrase(value);
  const create = useAction(async () => {
    await call('vault.create', { passphrase: value.first });
    setValue({ first: '', second: '' });
    onCreated();
  });
  const busy = create.busy;

  function submit(event: Event) {
    event.preventDefault();
    setTried(true);
    if (!busy && !check.problem) void create.run();
  }

  return (
    <form class="card" aria-labelledby="create-heading" onSubmit={submit}>
      <h2 id="create-heading">Create your vault</h2>
      <p class="muted">
        Your Venice keys are encrypted with this passphrase (PBKDF2 and AES-256-GCM) and never stored in plain
        text. Nobody can recover it for you: if you forget it, the only way out is a reset, which deletes the
        stored keys. Export a backup once you have added keys.
      </p>
      <NewPassphraseFields value={value} onChange={setValue} label="Passphrase" />
      <button type="submit" class="primary" disabled={busy}>
        {busy ? 'Creating… (measuring this computer’s speed)' : 'Create vault'}
      </button>
      {tried && check.problem && !busy && (
        <p class="error" role="alert">
          {check.problem}
        </p>
      )}
      {create.error && <ErrorMessage error={create.error} inline />}
    </form>
  );
}
