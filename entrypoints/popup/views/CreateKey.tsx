import { useEffect, useState } from 'preact/hooks';
import { useEscape } from '@/components/focus';
import { KeySettingsForm } from '@/components/KeySettingsForm';
import {
  defaultKeySettings,
  hasErrors,
  type KeySettingsErrors,
  validateKeySettings,
} from '@/components/keySettings';
import type { SerializedError } from '@/lib/errors';
import type { CreateKeyResult } from '@/lib/keys/types';
import { call } from '@/lib/messaging/client';
import { requestFocus } from '../focus';
import { newRequestId, type PopupState, toSerialized } from '../state';
import { ErrorMessage } from './ErrorMessage';
import { keyName } from './KeyList';
import { SecretOnce } from './SecretOnce';
import { ViewHeader } from './ViewHeader';

type Phase =
  | { kind: 'editing' }
  | { kind: 'sending' }
  | { kind: 'checking' }
  | { kind: 'created'; result: CreateKeyResult; whileClosed: boolean };

/**
 * Create a key. The form survives a closed popup (draft in storage.session); the secret is in
 * the vault before it is shown, once. A request id made when the form opens means two clicks
 * (or a reopened popup) never create two keys.
 */
export function CreateKey({ state }: { state: PopupState }) {
  const saved = state.createDraft.value;
  const [phase, setPhase] = useState<Phase>(saved?.submittedAt ? { kind: 'checking' } : { kind: 'editing' });
  const [errors, setErrors] = useState<KeySettingsErrors>({});
  const [failure, setFailure] = useState<SerializedError | null>(null);
  const [failedAt, setFailedAt] = useState(0);
  const back = () => state.go({ name: 'list' });
  // Escape closes the form, keeping the draft (storage.session) for the next New key.
  useEscape(
    phase.kind === 'editing'
      ? () => {
          back();
          requestFocus({ kind: 'new-key' });
        }
      : undefined,
  );

  useEffect(() => {
    if (!state.createDraft.value)
      state.setCreateDraft({ requestId: newRequestId(), draft: defaultKeySettings(), submittedAt: null });
  }, []);

  // Reopened after sending: ask the background how that create ended.
  useEffect(() => {
    if (phase.kind !== 'checking' || !saved) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = async () => {
      try {
        const outcome = await call('keys.createOutcome', { requestId: saved.requestId });
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
        state.setCreateDraft({ ...saved, submittedAt: null });
        setPhase({ kind: 'editing' });
      } catch (err) {
        if (live) {
          setFailure(toSerialized(err));
          setPhase({ kind: 'editing' });
        }
      }
    };
    void ask();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [phase.kind]);

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

  const current = saved ?? { requestId: '', draft: defaultKeySettings(), submittedAt: null };
  const busy = phase.kind !== 'editing';

  async function submit(event: Event) {
    event.preventDefault();
    if (busy || !saved) return;
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
      const error = toSerialized(err);
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
          onChange={(draft) => {
            if (!saved) return;
            state.setCreateDraft({ ...saved, draft });
            if (hasErrors(errors)) setErrors(validateKeySettings(draft, 'create'));
          }}
        />
        {failure && <ErrorMessage error={failure} at={failedAt} now={state.now.value} />}
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
            {phase.kind === 'sending' ? 'Creating…' : phase.kind === 'checking' ? 'Checking…' : 'Create key'}
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
