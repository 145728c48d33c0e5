import { useEffect, useRef, useState } from 'preact/hooks';
// The shared copy-and-clear, so a minted secret leaves the clipboard like any other.
import { type CopyHandle, copySecret } from '@/lib/clipboard';
import type { ShownSecret } from '../controller';

/** The minted secret, shown this once (it is already in the vault, unless saveError says not). */
export function SecretOnce({ shown }: { shown: ShownSecret }) {
  const [status, setStatus] = useState('');
  const handle = useRef<CopyHandle | null>(null);
  useEffect(() => () => handle.current?.cancel(), []);

  async function copy() {
    handle.current?.cancel();
    try {
      const copied = await copySecret(shown.secret);
      handle.current = copied;
      setStatus(
        copied.clearsInMs !== null
          ? `Copied. The clipboard is cleared in ${Math.round(copied.clearsInMs / 1000)} seconds, even if this window closes.`
          : `Copied. ${copied.unsupportedReason}`,
      );
      const outcome = await copied.done;
      if (handle.current === copied && outcome === 'cleared') setStatus('The clipboard was cleared.');
    } catch {
      setStatus('Could not copy: select the secret and copy it by hand.');
    }
  }
  return (
    <div class="wallet__secret">
      {shown.saveError ? (
        <p class="error" role="alert">
          <strong>Not saved — copy it now.</strong> The key could not be saved in your vault (
          {shown.saveError}
          ). Keep it somewhere safe: Venice will never show it again.
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
