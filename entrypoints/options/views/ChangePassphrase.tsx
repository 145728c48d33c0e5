import { useState } from 'preact/hooks';
import {
  checkNewPassphrase,
  type NewPassphrase,
  NewPassphraseFields,
} from '@/components/vault/NewPassphraseFields';
import { call } from '@/lib/messaging/client';
import { errorText } from '../state';

/** The old record stays valid until the new one is completely written (the background's promise). */
export function ChangePassphrase() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState<NewPassphrase>({ first: '', second: '' });
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);
  const check = checkNewPassphrase(next);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    if (current === '') return setMessage({ kind: 'error', text: 'Type the current passphrase.' });
    if (check.problem) return setMessage({ kind: 'error', text: check.problem });
    setBusy(true);
    setMessage(null);
    try {
      await call('vault.changePassphrase', { current, next: next.first });
      setCurrent('');
      setNext({ first: '', second: '' });
      setMessage({
        kind: 'ok',
        text: 'Passphrase changed. Export a new backup: old backups keep the old one.',
      });
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err) });
    } finally {
      setBusy(false);
    }
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
      {message && (
        <p
          class={message.kind === 'error' ? 'error' : 'ok'}
          role={message.kind === 'error' ? 'alert' : 'status'}
        >
          {message.text}
        </p>
      )}
    </form>
  );
}
