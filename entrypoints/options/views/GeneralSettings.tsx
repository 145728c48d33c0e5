import { useEffect, useState } from 'preact/hooks';
import type { Api } from '@/lib/background/api';
import { call } from '@/lib/messaging/client';
import type { InputOf } from '@/lib/messaging/define';
import type { Settings } from '@/lib/storage/settings';
import { AUTO_LOCK_CHOICES } from '@/lib/vault/constants';
import { errorText } from '../state';

function autoLockLabel(minutes: number): string {
  if (minutes === 0) return 'Only when the browser closes';
  if (minutes < 60) return `After ${minutes} minutes idle`;
  return `After ${minutes / 60} hour${minutes === 60 ? '' : 's'} idle`;
}

/** `show` picks the part a section of the options page holds (auto-lock: Vault & security; URL: Advanced). */
export function GeneralSettings({
  settings,
  show = 'all',
}: {
  settings: Settings;
  show?: 'all' | 'autoLock' | 'apiUrl';
}) {
  const [apiBaseUrl, setApiBaseUrl] = useState(settings.apiBaseUrl);
  const [notice, setNotice] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  // Follow changes made elsewhere (another tab, a test harness) unless the user is editing.
  const [editing, setEditing] = useState(false);
  useEffect(() => {
    if (!editing) setApiBaseUrl(settings.apiBaseUrl);
  }, [settings.apiBaseUrl, editing]);

  async function save(patch: InputOf<Api['settings.update']>, done: string) {
    setBusy(true);
    setNotice(null);
    try {
      await call('settings.update', patch);
      setNotice({ kind: 'ok', text: done });
      setEditing(false);
    } catch (err) {
      setNotice({ kind: 'error', text: errorText(err) });
    } finally {
      setBusy(false);
    }
  }

  const choices: number[] = AUTO_LOCK_CHOICES.includes(
    settings.autoLockMinutes as (typeof AUTO_LOCK_CHOICES)[number],
  )
    ? [...AUTO_LOCK_CHOICES]
    : [...AUTO_LOCK_CHOICES, settings.autoLockMinutes];

  return (
    <section aria-labelledby="settings-heading">
      <h2 id="settings-heading">
        {show === 'autoLock' ? 'Auto-lock' : show === 'apiUrl' ? 'Venice API' : 'Settings'}
      </h2>
      <div class="card">
        {show !== 'autoLock' && (
          <form
            class="row"
            onSubmit={(e) => {
              e.preventDefault();
              void save({ apiBaseUrl }, 'API base URL saved.');
            }}
          >
            <label class="grow">
              Venice API base URL
              <input
                type="url"
                value={apiBaseUrl}
                spellcheck={false}
                onInput={(e) => {
                  setEditing(true);
                  setApiBaseUrl(e.currentTarget.value);
                }}
              />
            </label>
            <button type="submit" disabled={busy || apiBaseUrl === settings.apiBaseUrl}>
              Save URL
            </button>
          </form>
        )}
        {show !== 'apiUrl' && (
          <label>
            Lock the vault automatically
            <select
              value={String(settings.autoLockMinutes)}
              disabled={busy}
              onChange={(e) => {
                const minutes = Number(e.currentTarget.value);
                void save(
                  { autoLockMinutes: minutes },
                  `Auto-lock: ${autoLockLabel(minutes).toLowerCase()}.`,
                );
              }}
            >
              {choices.map((m) => (
                <option key={m} value={String(m)}>
                  {autoLockLabel(m)}
                </option>
              ))}
            </select>
          </label>
        )}
        {notice && (
          <p
            class={notice.kind === 'error' ? 'error' : 'ok'}
            role={notice.kind === 'error' ? 'alert' : 'status'}
          >
            {notice.text}
          </p>
        )}
      </div>
    </section>
  );
}
