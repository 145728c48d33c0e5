// The shared secret field and its copy-and-clear, so a minted secret leaves the clipboard like any other.
import { SecretField } from '@/components/SecretField';
import type { ShownSecret } from '../state';

/** The minted secret, shown this once (it is already in the vault, unless saveError says not). */
export function SecretOnce({ shown }: { shown: ShownSecret }) {
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
      <SecretField
        secret={shown.secret}
        label="Secret of the new key"
        page="this window"
        class="wallet__secret-value"
      />
    </div>
  );
}
