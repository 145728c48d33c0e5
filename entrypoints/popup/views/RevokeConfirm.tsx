import { useEffect, useRef } from 'preact/hooks';
import { call } from '@/lib/messaging/client';
import { type PopupState, toSerialized } from '../state';
import { keyName } from './KeyList';

/**
 * The one confirmation before a revoke, naming the key. Confirming hides the row at once and
 * goes back to the list; if Venice refuses, the row comes back with the reason.
 */
export function RevokeConfirm({
  state,
  id,
  from,
}: {
  state: PopupState;
  id: string;
  from: 'list' | 'detail';
}) {
  const key = state.overview.value?.list.keys.find((k) => k.id === id) ?? null;
  const confirmButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    confirmButton.current?.focus();
  }, []);
  const name = key ? keyName(key) : `the key ${id}`;
  const cancel = () => state.go(from === 'detail' ? { name: 'detail', id } : { name: 'list' });

  async function revoke() {
    state.hide(id, true);
    state.notice.value = { kind: 'info', text: `Revoking ${name}…` };
    state.go({ name: 'list' });
    try {
      const result = await call('keys.revoke', { id });
      state.notice.value = {
        kind: 'revoked',
        text: result.alreadyGone ? `${name} was already revoked or expired.` : `Revoked ${name}.`,
        vaultCopy: result.vaultCopy,
      };
    } catch (err) {
      state.hide(id, false);
      state.notice.value = { kind: 'error', text: `Could not revoke ${name}: ${toSerialized(err).message}` };
    }
  }

  return (
    <section
      role="alertdialog"
      aria-labelledby="revoke-heading"
      aria-describedby="revoke-text"
      class="revoke"
    >
      <h2 id="revoke-heading">Revoke this key?</h2>
      <p id="revoke-text">
        <strong>{key ? key.description || 'Untitled key' : id}</strong>
        {key && <span class="mono"> …{key.last6Chars}</span>} stops working immediately, for every app using
        it. This cannot be undone.
      </p>
      <div class="actions">
        <button
          type="button"
          class="danger"
          ref={confirmButton}
          onClick={revoke}
          aria-label={`Revoke ${name} now`}
        >
          Revoke key
        </button>
        <button type="button" onClick={cancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}
