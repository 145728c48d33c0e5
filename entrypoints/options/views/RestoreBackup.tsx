import { useState } from 'preact/hooks';
import { ErrorMessage } from '@/components/ErrorMessage';
import { useAction } from '@/components/useAction';
import { call } from '@/lib/messaging/client';

const MAX_FILE_BYTES = 8_000_000;

/**
 * Restores a backup file. The background checks the file and the passphrase completely
 * before it writes anything, so a bad file or a wrong passphrase leaves the vault as it was.
 */
export function RestoreBackup({
  replacing,
  onRestored,
}: {
  replacing: boolean;
  onRestored: (keys: number) => void;
}) {
  const [file, setFile] = useState<File | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const restore = useAction(async (chosen: File) => {
    const contents = await chosen.text();
    const { keys } = await call('vault.import', { contents, passphrase, replace: replacing });
    setPassphrase('');
    onRestored(keys);
  });
  const busy = restore.busy;

  function submit(event: Event) {
    event.preventDefault();
    if (busy || !file || passphrase === '' || (replacing && !confirmed)) return;
    if (file.size > MAX_FILE_BYTES) {
      restore.setError(
        'This file is far too large to be a vault backup. Your current vault was not changed.',
      );
      return;
    }
    void restore.run(file);
  }

  return (
    <form class="card" aria-labelledby="restore-heading" onSubmit={submit}>
      <h2 id="restore-heading">Restore a backup</h2>
      <p class="muted">
        A backup stays encrypted: it opens only with the passphrase the vault had when it was exported.
      </p>
      <label>
        Backup file
        <input
          type="file"
          accept=".json,application/json"
          onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
        />
      </label>
      <label>
        Passphrase of the backup
        <input
          type="password"
          autoComplete="off"
          value={passphrase}
          onInput={(e) => setPassphrase(e.currentTarget.value)}
        />
      </label>
      {replacing && (
        <label class="inline">
          <input
            type="checkbox"
            checked={confirmed}
            onChange={(e) => setConfirmed(e.currentTarget.checked)}
          />
          Replace the vault in this browser with the backup
        </label>
      )}
      <button type="submit" disabled={busy || !file || passphrase === '' || (replacing && !confirmed)}>
        {busy ? 'Restoring…' : 'Restore backup'}
      </button>
      {restore.error && <ErrorMessage error={restore.error} inline />}
    </form>
  );
}
