import { useEffect, useRef, useState } from 'preact/hooks';
import { KeySettingsForm } from '@/components/KeySettingsForm';
import { useAction } from '@/components/useAction';
import { UnlockForm } from '@/components/vault/UnlockForm';
import type { FillOutcome, FillRequestView } from '@/lib/apps/service';
import { copySecret } from '@/lib/clipboard';
import { errorCode, errorText } from '@/lib/error-message';
import {
  hasErrors,
  type KeySettingsDraft,
  type KeySettingsErrors,
  validateKeySettings,
} from '@/lib/keys/key-settings';
import { call } from '@/lib/messaging/client';
import { usableKeySettingsDraft } from '@/lib/storage/check';
import './fill.css';
import type { VaultStatus } from '@/lib/vault/types';

type Phase =
  | { kind: 'loading' }
  | { kind: 'gone'; message: string }
  | { kind: 'ready' }
  | { kind: 'sending'; what: 'create' | 'reuse' | 'retry' }
  | { kind: 'done'; outcome: FillOutcome };

/**
 * The form as typed, in this window's sessionStorage (nothing in it is secret): a reload, or a
 * failed create followed by one, brings back what the user changed instead of the defaults. Closing
 * the window abandons the request, and the draft with it.
 */
const draftKey = (requestId: string) => `vkc.fill.draft.${requestId}`;

function savedDraft(requestId: string): KeySettingsDraft | null {
  try {
    const raw = sessionStorage.getItem(draftKey(requestId));
    return raw === null ? null : usableKeySettingsDraft(JSON.parse(raw));
  } catch {
    return null;
  }
}

function saveDraft(requestId: string, draft: KeySettingsDraft | null): void {
  try {
    if (draft) sessionStorage.setItem(draftKey(requestId), JSON.stringify(draft));
    else sessionStorage.removeItem(draftKey(requestId));
  } catch {
    // Storage refused (full, or disabled): the form still works, only a reload loses it.
  }
}

/**
 * The confirm step of "Fill a new Venice key": shows where the key goes (the site's origin) and
 * what will be created, all editable; nothing is minted until "Create and fill" is clicked.
 */
export function App({ requestId }: { requestId: string }) {
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [view, setView] = useState<FillRequestView | null>(null);
  const [draft, setDraft] = useState<KeySettingsDraft | null>(null);
  const [errors, setErrors] = useState<KeySettingsErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [vault, setVault] = useState<VaultStatus | null>(null);

  async function load() {
    try {
      const [next, status] = await Promise.all([call('apps.request', { requestId }), call('vault.status')]);
      setView(next);
      setVault(status.status);
      setDraft((d) => d ?? savedDraft(requestId) ?? next.draft);
      setPhase(next.request.outcome ? { kind: 'done', outcome: next.request.outcome } : { kind: 'ready' });
    } catch (err) {
      setPhase({ kind: 'gone', message: errorText(err) });
    }
  }
  useEffect(() => {
    void load();
  }, []);
  useEffect(() => {
    // Kept while the form can still be sent (not before it is loaded); gone once the request has its outcome.
    if (phase.kind === 'done') saveDraft(requestId, null);
    else if (draft) saveDraft(requestId, draft);
  }, [draft, phase.kind]);

  const unlocking = useAction(async (passphrase: string) => {
    await call('vault.unlock', { passphrase });
    await load();
  });

  async function run(what: 'create' | 'reuse' | 'retry', work: () => Promise<FillOutcome>) {
    setFailure(null);
    setPhase({ kind: 'sending', what });
    try {
      setPhase({ kind: 'done', outcome: await work() });
    } catch (err) {
      setFailure(errorText(err));
      setPhase({ kind: 'ready' });
      if (errorCode(err) === 'vault.locked') setVault('locked');
    }
  }

  function submit(event: Event) {
    event.preventDefault();
    if (!draft) return;
    const found = validateKeySettings(draft, 'create');
    setErrors(found);
    if (hasErrors(found)) return;
    void run('create', () => call('apps.confirm', { requestId, draft }));
  }

  const close = () => window.close();

  if (phase.kind === 'loading')
    return (
      <main class="fill">
        <p aria-busy="true">Loading…</p>
      </main>
    );
  if (phase.kind === 'gone' || !view || !draft)
    return (
      <main class="fill">
        <h1>Fill a new Venice key</h1>
        <p class="error" role="alert">
          {phase.kind === 'gone' ? phase.message : 'This fill request is no longer open.'}
        </p>
        <button type="button" onClick={close}>
          Close
        </button>
      </main>
    );

  const { request } = view;
  if (request.refusal)
    return (
      <main class="fill">
        <h1>No key can be filled here</h1>
        <p class="error" role="alert">
          {request.refusal.reason}
        </p>
        <p class="muted">Nothing was created.</p>
        <button type="button" onClick={close}>
          Close
        </button>
      </main>
    );

  const site = (
    <section class="fill__site" aria-label="Where the key goes">
      <p>
        Site: <strong>{request.origin}</strong>
        {request.topOrigin && (
          <>
            {' '}
            (a frame inside <span>{request.topOrigin}</span>)
          </>
        )}
      </p>
      {request.title && <p class="muted">Page: {request.title}</p>}
    </section>
  );

  if (phase.kind === 'done')
    return (
      <Done
        outcome={phase.outcome}
        host={request.host}
        requestId={requestId}
        onRetry={(w) => void run('retry', w)}
        site={site}
      />
    );

  const sending = phase.kind === 'sending';
  return (
    <main class="fill">
      <h1>Fill a new Venice key</h1>
      {site}
      {vault === 'locked' && (
        <UnlockForm
          heading="Unlock the vault"
          busy={unlocking.busy}
          error={unlocking.error?.message ?? null}
          onUnlock={(p) => void unlocking.run(p)}
        />
      )}
      {vault === 'none' && (
        <p class="error" role="alert">
          There is no vault yet. Set one up on the options page, with your ADMIN key, then try again.
        </p>
      )}
      {failure && (
        <p class="error" role="alert">
          {failure}
        </p>
      )}
      {view.reuse.length > 0 && (
        <section aria-labelledby="reuse-heading">
          <h2 id="reuse-heading">This site already has a key</h2>
          <p class="muted">Fill the key you made for it before, instead of adding another one.</p>
          <ul class="fill__reuse">
            {view.reuse.map((c) => (
              <li key={c.keyId}>
                <button
                  type="button"
                  class="primary"
                  disabled={sending || vault !== 'unlocked'}
                  onClick={() =>
                    void run('reuse', () => call('apps.fillExisting', { requestId, keyId: c.keyId }))
                  }
                >
                  Fill the existing key “{c.label}” (…{c.last6})
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <form onSubmit={submit} aria-label="New key for this site">
        <h2>{view.reuse.length > 0 ? 'Or create a new key' : 'The key that will be created'}</h2>
        <p class="muted">
          An INFERENCE key, saved in your vault first, then filled into the field. Change anything before
          creating it.
        </p>
        <KeySettingsForm
          value={draft}
          mode="edit"
          errors={errors}
          disabled={sending}
          onChange={(next) => setDraft({ ...next, apiKeyType: 'INFERENCE' })}
        />
        <div class="fill__actions">
          <button type="submit" class="primary" disabled={sending || vault !== 'unlocked'}>
            {sending && phase.what === 'create' ? 'Creating…' : 'Create and fill'}
          </button>
          <button type="button" onClick={close} disabled={sending}>
            Cancel
          </button>
        </div>
      </form>
    </main>
  );
}

function Done({
  outcome,
  host,
  requestId,
  onRetry,
  site,
}: {
  outcome: FillOutcome;
  host: string;
  requestId: string;
  onRetry: (work: () => Promise<FillOutcome>) => void;
  site: preact.ComponentChildren;
}) {
  const [copyStatus, setCopyStatus] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [outcome]);
  const name = `“${outcome.key.description}” (…${outcome.key.last6})`;
  async function copy() {
    if (!outcome.vaultCopy) return;
    try {
      const { secret } = await call('vault.revealSecret', { entryId: outcome.vaultCopy.entryId });
      await copySecret(secret);
      setCopyStatus('Copied. It leaves the clipboard in 30 seconds.');
    } catch (err) {
      setCopyStatus(`Could not copy: ${errorText(err)}`);
    }
  }
  return (
    <main class="fill">
      <h1 tabIndex={-1} ref={heading}>
        {outcome.fill.ok ? 'Key filled' : 'Key saved, not filled'}
      </h1>
      {site}
      {outcome.fill.ok ? (
        <p role="status">
          {outcome.reused ? 'The existing key' : 'The new key'} {name} is in the field on {host}
          {outcome.vaultCopy ? ' and saved in your vault.' : '.'}
        </p>
      ) : (
        <>
          <p class="error" role="alert">
            Could not fill the field: {outcome.fill.reason}
          </p>
          {outcome.vaultCopy && (
            <p>
              The key {name} is saved in your vault as “{outcome.vaultCopy.label}”. Copy it and paste it
              yourself, or try again.
            </p>
          )}
          {outcome.vaultCopy && (
            <div class="fill__actions">
              <button type="button" class="primary" onClick={() => void copy()}>
                Copy the key
              </button>
              <button type="button" onClick={() => onRetry(() => call('apps.retryFill', { requestId }))}>
                Try filling again
              </button>
            </div>
          )}
          {copyStatus && <p role="status">{copyStatus}</p>}
        </>
      )}
      <button type="button" onClick={() => window.close()}>
        Close
      </button>
    </main>
  );
}
