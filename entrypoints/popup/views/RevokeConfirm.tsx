import { useEffect, useRef, useState } from 'preact/hooks';
import { useFocusTrap } from '@/components/focus';
import { needsSecondStep, OwnKeyRevokeDialog, type OwnUse, ownUseOf } from '@/components/OwnKeyRevoke';
import { errorText } from '@/lib/error-message';
import { call } from '@/lib/messaging/client';
import { requestFocus } from '../focus';
import type { PopupState } from '../state';
import { keyName } from './KeyList';

/**
 * The confirmation before a revoke, naming the key; a second one when the key is the one the
 * extension manages keys with or shows on the badge. Focus starts on the safe choice, stays
 * inside, and Escape cancels. Confirming hides the row at once and goes back to the list; if
 * Venice refuses, the row comes back with the reason.
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
  const [step, setStep] = useState<'confirm' | 'own'>('confirm');
  const [busy, setBusy] = useState(false);
  const ownUse = useRef<Promise<OwnUse> | null>(null);
  ownUse.current ??= ownUseOf(id, key);
  const [use, setUse] = useState<OwnUse | null>(null);
  const dialog = useRef<HTMLElement>(null);
  const safeButton = useRef<HTMLButtonElement>(null);

  const name = key ? keyName(key) : `the key ${id}`;
  const cancel = () => {
    state.go(from === 'detail' ? { name: 'detail', id } : { name: 'list' });
    requestFocus({ kind: 'row', id, control: 'revoke' });
  };
  useFocusTrap(dialog, cancel);
  useEffect(() => {
    safeButton.current?.focus();
  }, [step]);

  async function revoke() {
    state.hide(id, true);
    state.notice.value = { kind: 'info', text: `Revoking ${name}…` };
    state.go({ name: 'list' });
    requestFocus({ kind: 'after', id });
    try {
      const result = await call('keys.revoke', { id });
      state.notice.value = {
        kind: 'revoked',
        text: result.alreadyGone ? `${name} was already revoked or expired.` : `Revoked ${name}.`,
        vaultCopy: result.vaultCopy,
      };
    } catch (err) {
      state.hide(id, false);
      state.notice.value = { kind: 'error', text: `Could not revoke ${name}: ${errorText(err)}` };
    }
  }

  async function first() {
    if (busy) return;
    setBusy(true);
    const found = await (ownUse.current as Promise<OwnUse>);
    setBusy(false);
    if (needsSecondStep(found)) {
      setUse(found);
      setStep('own');
    } else void revoke();
  }

  if (step === 'own' && use)
    return (
      <OwnKeyRevokeDialog
        name={name}
        use={use}
        idPrefix="revoke"
        className="revoke revoke--own"
        dialogRef={dialog}
        safeRef={safeButton}
        onKeep={cancel}
        onRevoke={() => void revoke()}
      />
    );

  return (
    <section
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="revoke-heading"
      aria-describedby="revoke-text"
      class="revoke"
      ref={dialog}
    >
      <h2 id="revoke-heading">Revoke this key?</h2>
      <p id="revoke-text">
        <strong>{key ? key.description || 'Untitled key' : id}</strong>
        {key && <span class="mono"> …{key.last6Chars}</span>} stops working immediately, for every app using
        it. This cannot be undone.
      </p>
      <div class="actions">
        <button type="button" ref={safeButton} onClick={cancel}>
          Cancel
        </button>
        <button
          type="button"
          class="danger"
          onClick={() => void first()}
          aria-busy={busy}
          aria-label={`Revoke ${name} now`}
        >
          {busy ? 'Checking…' : 'Revoke key'}
        </button>
      </div>
    </section>
  );
}
