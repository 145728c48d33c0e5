import { useState } from 'preact/hooks';
import { ErrorMessage } from '@/components/ErrorMessage';
import { useAction } from '@/components/useAction';
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
  const [savedAs, setSavedAs] = useState<string | null>(null);
  const lock = useAction(async () => {
    await call('vault.lock');
    onChanged();
  });
  const exportBackup = useAction(async () => {
    setSavedAs(null);
    const { fileName, contents } = await call('vault.export');
    saveFile(fileName, contents);
    setSavedAs(fileName);
  });
  const busy = lock.busy || exportBackup.busy;
  const error = exportBackup.error ?? (savedAs === null ? lock.error : null);

  return (
    <section aria-labelledby="vault-heading">
      <div class="section-head">
        <h2 id="vault-heading">Vault</h2>
        <span class="pill ok">Unlocked</span>
        <button type="button" class="primary" onClick={() => void lock.run()} disabled={busy}>
          Lock now
        </button>
      </div>
      <div class="card">
        <h3>Backup</h3>
        <p class="muted">An encrypted copy of the vault, restorable only with the vault’s passphrase.</p>
        <button type="button" onClick={() => void exportBackup.run()} disabled={busy}>
          {exportBackup.busy ? 'Exporting…' : 'Export backup'}
        </button>
        {error ? (
          <ErrorMessage error={error} inline />
        ) : (
          savedAs && (
            <p class="ok" role="status">
              Backup saved as {savedAs}. It is encrypted: keep the passphrase, it is needed to restore it.
            </p>
          )
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
