import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { ErrorMessage } from '@/components/ErrorMessage';
import { useAction } from '@/components/useAction';
import type { Api } from '@/lib/background/api';
import { call } from '@/lib/messaging/client';
import type { InputOf } from '@/lib/messaging/define';
import { type EndpointsState, endpointsState } from '@/lib/settings/endpoints-client';
import type { Settings } from '@/lib/storage/settings-item';
import { AUTO_LOCK_CHOICES } from '@/lib/vault/constants';
import { type Note, StatusNote } from './StatusNote';

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
  const [saved, setSaved] = useState<string | null>(null);

  // Follow changes made elsewhere (another tab, a test harness) unless the user is editing.
  const [editing, setEditing] = useState(false);
  useEffect(() => {
    if (!editing) setApiBaseUrl(settings.apiBaseUrl);
  }, [settings.apiBaseUrl, editing]);

  const saving = useAction(async (patch: InputOf<Api['settings.update']>, done: string) => {
    setSaved(null);
    await call('settings.update', patch);
    setSaved(done);
    setEditing(false);
  });
  const busy = saving.busy;
  const save = saving.run;

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
        {saving.error ? (
          <ErrorMessage error={saving.error} inline />
        ) : (
          saved && (
            <p class="ok" role="status">
              {saved}
            </p>
          )
        )}
      </div>
      {show !== 'autoLock' && <CustomEndpoint />}
    </section>
  );
}

type EndpointField = EndpointsState['custom'][number]['field'];
const FIELD_NAMES: Record<EndpointField, string> = {
  apiBaseUrl: 'Venice API',
  veniceSiteUrl: 'Venice site (page wallet)',
  baseRpcUrl: 'Base RPC (stake check)',
};

/**
 * The warned opt-in for an endpoint that is not Venice's: the browser asks the user to grant the
 * one origin (a host permission, requested straight from this click), and only then does the
 * background accept it. While one is active, every extension page shows a red banner.
 */
function CustomEndpoint() {
  const state = endpointsState.value;
  const [field, setField] = useState<EndpointField>('apiBaseUrl');
  const [url, setUrl] = useState('');
  const [message, setMessage] = useState<Note | null>(null);
  // A refusal of the browser's prompt arrives as its words, not as a failure: nothing was tried.
  const settling = useAction(
    async (work: Promise<EndpointsState | string>, done: string) => {
      const result = await work;
      if (typeof result === 'string') return setMessage({ kind: 'error', text: result });
      endpointsState.value = result;
      setMessage({ kind: 'ok', text: done });
      setUrl('');
    },
    { onError: (failure) => setMessage({ kind: 'error', text: failure.message }) },
  );
  const busy = settling.busy;
  const settle = settling.run;

  function allow(event: Event) {
    event.preventDefault();
    setMessage(null);
    let origin: string;
    try {
      const parsed = new URL(url.trim());
      origin = parsed.origin;
      // The development build may also name a local server; the background decides either way.
      if (parsed.protocol !== 'https:' && import.meta.env.MODE !== 'development') throw new Error('https');
    } catch {
      setMessage({ kind: 'error', text: 'Enter the full https:// address of the custom endpoint.' });
      return;
    }
    // Before any await: the browser only shows its prompt during the click that asked.
    const asked = browser.permissions.request({ origins: [`${origin}/*`] });
    void settle(
      asked.then<EndpointsState | string>((granted) =>
        granted
          ? call('settings.useCustomEndpoint', { field, url: url.trim() })
          : `The browser did not grant access to ${origin}, so nothing changed.`,
      ),
      `${FIELD_NAMES[field]}: now ${origin}.`,
    );
  }

  const custom = state?.custom ?? [];
  return (
    <div class="card">
      <h3>Custom endpoint</h3>
      <p class="warning">
        Only for a server you run or trust completely. A custom API endpoint receives every key this extension
        uses, your ADMIN key included; a custom site or RPC decides what the wallet steps see. While one is in
        use, every page of this extension shows a red banner.
      </p>
      {custom.length > 0 && (
        <>
          <ul aria-label="Custom endpoints in use">
            {custom.map((c) => (
              <li key={c.field}>
                {c.name}: <span class="mono">{c.origin}</span>
              </li>
            ))}
          </ul>
          <button
            type="button"
            disabled={busy}
            onClick={() => void settle(call('settings.useVeniceEndpoints'), 'Back to Venice’s endpoints.')}
          >
            Use Venice’s endpoints again
          </button>
        </>
      )}
      <form onSubmit={allow}>
        <label>
          Endpoint to replace
          <select value={field} onChange={(e) => setField(e.currentTarget.value as EndpointField)}>
            {(Object.keys(FIELD_NAMES) as EndpointField[]).map((f) => (
              <option key={f} value={f}>
                {FIELD_NAMES[f]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Custom endpoint URL
          <input
            type="url"
            value={url}
            spellcheck={false}
            placeholder="https://"
            onInput={(e) => setUrl(e.currentTarget.value)}
          />
        </label>
        <button type="submit" disabled={busy || url.trim() === ''}>
          Allow and use this endpoint
        </button>
      </form>
      <StatusNote note={message} />
    </div>
  );
}
