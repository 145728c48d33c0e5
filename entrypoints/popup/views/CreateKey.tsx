import { useEffect, useState } from 'preact/hooks';
import { ErrorMessage } from '@/components/ErrorMessage';
import { useEscape } from '@/components/focus';
import { KeySettingsForm } from '@/components/KeySettingsForm';
import { serializeError } from '@/lib/error-shape';
import type { SerializedError } from '@/lib/errors';
import { hasErrors, type KeySettingsErrors, validateKeySettings } from '@/lib/keys/key-settings';
import type { CreateKeyResult } from '@/lib/keys/types';
import { call } from '@/lib/messaging/client';
import { requestFocus } from '../focus';
import { newRequestId, type PopupState } from '../state';
import { keyName } from './KeyList';
import { SecretOnce } from './SecretOnce';
import { ViewHeader } from './ViewHeader';

type Phase =
  | { kind: 'editing' }
  | { kind: 'sending' }
  | { kind: 'created'; result: CreateKeyResult; whileClosed: boolean };

/**
 * Create a key. The form survives a closed popup (draft in storage.session); the secret is in
 * the vault before it is shown, once. A request id made with the draft means two clicks (or a
 * reopened popup) never create two keys. The draft lives in the popup state from its first
 * render, and every keystroke goes straight into it: nothing typed waits for an effect.
 */
export function CreateKey({ state }: { state: PopupState }) {
  const current = state.createDraft.value;
  const [phase, setPhase] = useState<Phase>({ kind: 'editing' });
  const [errors, setErrors] = useState<KeySettingsErrors>({});
  const [failure, setFailure] = useState<SerializedError | null>(null);
  const [failedAt, setFailedAt] = useState(0);
  const back = () => state.go({ name: 'list' });
  // Sent from a popup that was closed before the answer (or restored so): ask how it ended.
  const checking = phase.kind === 'editing' && current.submittedAt !== null;
  // Escape closes the form, keeping the draft (storage.session) for the next New key.
  useEscape(
    phase.kind === 'editing' && !checking
      ? () => {
          back();
          requestFocus({ kind: 'new-key' });
        }
      : undefined,
  );

  useEffect(() => {
    if (!checking) return;
    const requestId = current.requestId;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const reopen = () => {
      const latest = state.createDraft.value;
      if (latest.requestId === requestId) state.setCreateDraft({ ...latest, submittedAt: null });
    };
    const ask = async () => {
      try {
        const outcome = await call('keys.createOutcome', { requestId });
        if (!live) return;
        if (outcome.state === 'pending') {
          timer = setTimeout(ask, 500);
          return;
        }
        if (outcome.state === 'done') {
          state.setCreateDraft(null);
          setPhase({
            kind: 'created',
            whileClosed: true,
            result: { key: outcome.key, secret: null, vaultCopy: outcome.vaultCopy, vaultError: null },
          });
          return;
        }
        if (outcome.state === 'failed') setFailure(outcome.error);
        reopen();
      } catch (err) {
        if (!live) return;
        setFailure(serializeError(err));
        // Sending again with the same request id is safe: the background answers a finished create.
        reopen();
      }
    };
    void ask();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [checking, current.requestId]);

  if (phase.kind === 'created') {
    const { result } = phase;
    return (
      <section aria-labelledby="view-heading" class="create">
        <ViewHeader title="Key created" />
        <p role="status">
          Created <strong>{keyName(result.key)}</strong> ({result.key.apiKeyType}).
        </p>
        <SecretOnce result={result} whileClosed={phase.whileClosed} />
        <div class="actions">
          <button type="button" class="primary" onClick={back}>
            Done
          </button>
          <button type="button" onClick={() => state.go({ name: 'detail', id: result.key.id })}>
            View key
          </button>
        </div>
      </section>
    );
  }

  const busy = phase.kind !== 'editing' || checking;

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    const saved = state.createDraft.value;
    const found = validateKeySettings(saved.draft, 'create');
    setErrors(found);
    if (hasErrors(found)) return;
    setFailure(null);
    setPhase({ kind: 'sending' });
    state.setCreateDraft({ ...saved, submittedAt: Date.now() });
    try {
      const result = await call('keys.create', { requestId: saved.requestId, draft: saved.draft });
      state.setCreateDraft(null);
      setPhase({ kind: 'created', result, whileClosed: false });
    } catch (err) {
      const error = serializeError(err);
      setFailure(error);
      setFailedAt(Date.now());
      // After an interrupted create the old id is spent; anything else may be retried with it.
      const requestId = error.code === 'keys.create_interrupted' ? newRequestId() : saved.requestId;
      state.setCreateDraft({ ...saved, requestId, submittedAt: null });
      setPhase({ kind: 'editing' });
    }
  }

  return (
    <section aria-labelledby="view-heading" class="create">
      <ViewHeader title="New API key" onBack={busy ? undefined : back} />
      <form onSubmit={submit} noValidate aria-busy={busy}>
        <KeySettingsForm
          mode="create"
          value={current.draft}
          errors={errors}
          disabled={busy}
          onChange={(next, field) => {
            state.typeCreate(field, next[field]);
            if (hasErrors(errors)) setErrors(validateKeySettings(state.createDraft.value.draft, 'create'));
          }}
        />
        {failure && <ErrorMessage error={failure} at={failedAt} />}
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
            {phase.kind === 'sending' ? 'Creating…' : checking ? 'Checking…' : 'Create key'}
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              state.setCreateDraft(null);
              back();
            }}
          >
            Discard
          </button>
        </div>
      </form>
    </section>
  );
}
