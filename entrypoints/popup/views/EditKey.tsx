import { useEffect, useState } from 'preact/hooks';
import { ErrorMessage } from '@/components/ErrorMessage';
import { useEscape } from '@/components/focus';
import { KeySettingsForm } from '@/components/KeySettingsForm';
import { useAction } from '@/components/useAction';
import { serializeError } from '@/lib/error-shape';
import type { SerializedError } from '@/lib/errors';
import {
  hasErrors,
  type KeySettingsErrors,
  keySettingsFromKey,
  validateKeySettings,
} from '@/lib/keys/key-settings';
import { call } from '@/lib/messaging/client';
import type { ApiKey } from '@/lib/venice/types';
import type { EditDraft, PopupState } from '../state';
import { keyName } from './KeyList';
import { ViewHeader } from './ViewHeader';

function fresh(id: string, key: ApiKey): EditDraft {
  const original = keySettingsFromKey(key);
  return { id, original, draft: original };
}

/** Edit a key's description, expiry, caps, period and privacy; only what changed is sent. */
export function EditKey({ state, id }: { state: PopupState; id: string }) {
  const cached = state.overview.value?.list.keys.find((k) => k.id === id) ?? null;
  const [key, setKey] = useState<ApiKey | null>(cached);
  const [loadError, setLoadError] = useState<SerializedError | null>(null);
  const [errors, setErrors] = useState<KeySettingsErrors>({});
  const back = () => state.go({ name: 'detail', id });
  const saving = useAction(async (latest: EditDraft) => {
    const result = await call('keys.update', { id, original: latest.original, draft: latest.draft });
    state.setEditDraft(null);
    state.notice.value = {
      kind: 'info',
      text: result.changed ? `Saved ${keyName(result.key)}.` : 'Nothing changed, so nothing was sent.',
    };
    back();
  });
  const sending = saving.busy;
  const failure = saving.error;
  // Escape closes the form; the draft stays in storage.session for the next Edit.
  useEscape(sending ? undefined : back);

  useEffect(() => {
    if (key) return;
    call('keys.detail', { id })
      .then((d) => setKey(d.key))
      .catch((err) => setLoadError(serializeError(err)));
  }, [id]);

  // The draft kept in storage.session wins: it is what the user typed before the popup closed.
  // Without one, the form starts from the key as last known; the first keystroke makes the draft.
  const stored = state.editDraft.value;
  const saved = stored?.id === id ? stored : key ? fresh(id, key) : null;

  if (!saved || !key)
    return (
      <section aria-labelledby="view-heading">
        <ViewHeader title="Edit key" onBack={back} backLabel="Back to key details" />
        {loadError ? (
          <p class="error" role="alert">
            {loadError.message}
          </p>
        ) : (
          <p aria-busy="true">Loading…</p>
        )}
      </section>
    );

  function submit(event: Event) {
    event.preventDefault();
    if (sending || !saved) return;
    const latest = state.editDraft.value?.id === id ? state.editDraft.value : saved;
    const found = validateKeySettings(latest.draft, 'edit', { original: latest.original });
    setErrors(found);
    if (hasErrors(found)) return;
    void saving.run(latest);
  }

  return (
    <section aria-labelledby="view-heading" class="edit">
      <ViewHeader
        title={`Edit ${keyName(key)}`}
        onBack={sending ? undefined : back}
        backLabel="Back to key details"
      />
      <form onSubmit={submit} noValidate aria-busy={sending}>
        <KeySettingsForm
          mode="edit"
          value={saved.draft}
          errors={errors}
          disabled={sending}
          onChange={(next, field) => {
            state.typeEdit(id, saved.original, field, next[field]);
            const draft = state.editDraft.value;
            if (hasErrors(errors) && draft)
              setErrors(validateKeySettings(draft.draft, 'edit', { original: draft.original }));
          }}
        />
        {failure && <ErrorMessage error={failure} />}
        <div class="actions">
          <button type="submit" class="primary" disabled={sending}>
            {sending ? 'Saving…' : 'Save changes'}
          </button>
          <button
            type="button"
            disabled={sending}
            onClick={() => {
              state.setEditDraft(null);
              back();
            }}
          >
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
