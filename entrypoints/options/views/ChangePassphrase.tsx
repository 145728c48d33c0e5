import { useState } from 'preact/hooks';
import { ErrorMessage } from '@/components/ErrorMessage';
import { useAction } from '@/components/useAction';
import {
  checkNewPassphrase,
  type NewPassphrase,
  NewPassphraseFields,
} from '@/components/vault/NewPassphraseFields';
import { call } from '@/lib/messaging/client';

/** The old record stays valid until the new one is completely written (the background's promise). */
export function ChangePassphrase() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState<NewPassphrase>({ first: '', second: '' });
  const [changed, setChanged] = useState(false);
  const check = checkNewPassphrase(next);
  const change = useAction(async () => {
    await call('vault.changePassphrase', { current, next: next.first });
    setCurrent('');
    setNext({ first: '', second: '' });
    setChanged(true);
  });
  const busy = change.busy;

  function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setChanged(false);
    if (current === '') return change.setError('Type the current passphrase.');
    if (check.problem) return change.setError(check.problem);
    void change.run();
  }

  return (
    <form class="card" aria-labelledby="change-heading" onSubmit={submit}>
      <h3 id="change-heading">Change passphrase</h3>
      <label>
        Current passphrase
        <input
          type="password"
          autoComplete="current-password"
          value={current}
          onInput={(e) => setCurrent(e.currentTarget.value)}
        />
      </label>
      <NewPassphraseFields value={next} onChange={setNext} />
      <button type="submit" disabled={busy}>
        {busy ? 'Changing…' : 'Change passphrase'}
      </button>
      {change.error && <ErrorMessage error={change.error} inline />}
      {changed && (
        <p class="ok" role="status">
          Passphrase changed. Export a new backup: old backups keep the old one.
        </p>
      )}
    </form>
  );
}
