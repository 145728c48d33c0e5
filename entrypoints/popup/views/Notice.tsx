import { errorText } from '@/lib/error-message';
import { call } from '@/lib/messaging/client';
import type { PopupState } from '../state';

/** What the last action said: an error, a note, or a revoke's offer to remove the vault copy. */
export function Notice({ state }: { state: PopupState }) {
  const notice = state.notice.value;
  if (!notice) return null;
  const dismiss = () => {
    state.notice.value = null;
  };
  if (notice.kind === 'error')
    return (
      <div class="error-box" role="alert">
        <p>{notice.text}</p>
        <button type="button" onClick={dismiss}>
          Dismiss
        </button>
      </div>
    );
  if (notice.kind === 'revoked' && notice.vaultCopy) {
    const copy = notice.vaultCopy;
    return (
      <div class="notice" role="status">
        <p>
          {notice.text} Its secret is still in your vault as “{copy.label}”.
        </p>
        <button
          type="button"
          class="danger"
          onClick={async () => {
            try {
              await call('vault.removeKey', { entryId: copy.entryId });
              state.notice.value = { kind: 'info', text: `Removed “${copy.label}” from the vault.` };
              void state.load();
            } catch (err) {
              state.notice.value = { kind: 'error', text: errorText(err) };
            }
          }}
        >
          Remove from vault
        </button>
        <button type="button" onClick={dismiss}>
          Keep it
        </button>
      </div>
    );
  }
  return (
    <div class="notice" role="status">
      <p>{notice.text}</p>
      <button type="button" onClick={dismiss} aria-label="Dismiss message">
        ×
      </button>
    </div>
  );
}
