import { useState } from 'preact/hooks';
import type { ShownSecret } from '../controller';

/** The minted secret, shown this once (it is already in the vault, unless saveError says not). */
export function SecretOnce({ shown }: { shown: ShownSecret }) {
  const [status, setStatus] = useState('');
  async function copy() {
    try {
      await navigator.clipboard.writeText(shown.secret);
      setStatus('Copied to the clipboard.');
    } catch {
      setStatus('Could not copy: select the secret and copy it by hand.');
    }
  }
  return (
    <div class="wallet__secret">
      {shown.saveError ? (
        <p class="error" role="alert">
          The key could not be saved in your vault ({shown.saveError}). Copy it now and keep it somewhere
          safe: Venice will never show it again.
        </p>
      ) : (
        <p>
          Saved in your vault as “{shown.label}”. This is the only time it is shown here; the vault keeps it.
        </p>
      )}
      <input
        type="text"
        readOnly
        class="mono"
        aria-label="Secret of the new key"
        value={shown.secret}
        onFocus={(e) => e.currentTarget.select()}
      />
      <button type="button" class="primary" onClick={copy}>
        Copy secret
      </button>
      <p role="status" class="muted">
        {status}
      </p>
    </div>
  );
}
