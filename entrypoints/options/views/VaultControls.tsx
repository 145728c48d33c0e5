import { useState } from 'preact/hooks';
import { errorText } from '@/lib/error-message';
import { call } from '@/lib/messaging/client';
import { ChangePassphrase } from './ChangePassphrase';
import { ResetVault } from './ResetVault';
import { RestoreBackup } from './RestoreBackup';

/** Offers a file to the user without any download permission: a blob link clicked once. */
function saveFile(fileName: string, contents: string): void {
  const url = URL.createObjectURL(new Blob([contents], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function VaultControls({ onChanged }: { onChanged: () => void }) {
  const [busy, setBusy] = useState<'lock' | 'export' | null>(null);
  const [message, setMessage] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);

  async function lock() {
    setBusy('lock');
    try {
      await call('vault.lock');
      onChanged();
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err) });
    } finally {
      setBusy(null);
    }
  }

  async function exportBackup() {
    setBusy('export');
    setMessage(null);
    try {
      const { fileName, contents } = await call('vault.export');
      saveFile(fileName, contents);
      setMessage({
        kind: 'ok',
        text: `Backup saved as ${fileName}. It is encrypted: keep the passphrase, it is needed to restore it.`,
      });
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err) });
    } finally {
      setBusy(null);
    }
  }

  return (
    <section aria-labelledby="vault-heading">
      <div class="section-head">
        <h2 id="vault-heading">Vault</h2>
        <span class="pill ok">Unlocked</span>
        <button type="button" class="primary" onClick={lock} disabled={busy !== null}>
          Lock now
        </button>
      </div>
      <div class="card">
        <h3>Backup</h3>
        <p class="muted">An encrypted copy of the vault, restorable only with the vault’s passphrase.</p>
        <button type="button" onClick={exportBackup} disabled={busy !== null}>
          {busy === 'export' ? 'Exporting…' : 'Export backup'}
        </button>
        {message && (
          <p
            class={message.kind === 'error' ? 'error' : 'ok'}
            role={message.kind === 'error' ? 'alert' : 'status'}
          >
            {message.text}
          </p>
        )}
      </div>
      <details>
        <summary>Change passphrase, restore a backup, reset</summary>
        <ChangePassphrase />
        <RestoreBackup replacing={true} onRestored={onChanged} />
        <ResetVault onReset={onChanged} />
      </details>
    </section>
  );
}
