import './vault.css';
import { useId, useState } from 'preact/hooks';

export interface UnlockFormProps {
  /** Called with the passphrase; the caller sends it to the background (`vault.unlock`). */
  onUnlock: (passphrase: string) => void;
  /** True while the background derives the key (a few hundred ms). */
  busy: boolean;
  /** The last failure, e.g. "Wrong passphrase". */
  error: string | null;
  heading?: string;
  /** Shown as a link-style button under the form, e.g. to the options page's reset. */
  onForgot?: () => void;
}

/**
 * The passphrase prompt of a locked vault, for the popup and the options page. Presentational:
 * it never decrypts anything and holds the passphrase only until it is submitted.
 */
export function UnlockForm({
  onUnlock,
  busy,
  error,
  heading = 'Unlock the vault',
  onForgot,
}: UnlockFormProps) {
  const [passphrase, setPassphrase] = useState('');
  const headingId = useId();
  const errorId = useId();
  function submit(event: Event) {
    event.preventDefault();
    if (busy || passphrase === '') return;
    onUnlock(passphrase);
    setPassphrase('');
  }
  return (
    <form class="vault-unlock" aria-labelledby={headingId} onSubmit={submit}>
      <h2 id={headingId}>{heading}</h2>
      <label>
        Passphrase
        <input
          type="password"
          name="passphrase"
          autoComplete="current-password"
          // biome-ignore lint/a11y/noAutofocus: the only thing to do on this screen is to type the passphrase
          autoFocus
          value={passphrase}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          onInput={(e) => setPassphrase(e.currentTarget.value)}
        />
      </label>
      <button type="submit" class="primary" disabled={busy || passphrase === ''}>
        {busy ? 'Unlocking…' : 'Unlock'}
      </button>
      {error && (
        <p id={errorId} class="error" role="alert">
          {error}
        </p>
      )}
      {onForgot && (
        <button type="button" class="link" onClick={onForgot}>
          Forgot the passphrase?
        </button>
      )}
    </form>
  );
}
