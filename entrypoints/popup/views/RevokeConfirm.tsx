import { useEffect, useRef, useState } from 'preact/hooks';
import { useFocusTrap } from '@/components/focus';
import { call } from '@/lib/messaging/client';
import type { ApiKey } from '@/lib/venice/types';
import { requestFocus } from '../focus';
import { type PopupState, toSerialized } from '../state';
import { keyName } from './KeyList';

/** What this extension itself uses the key for; revoking it takes that away. */
interface OwnUse {
  management: boolean;
  badge: boolean;
  /** The check itself failed. */
  unknown?: boolean;
}

/** Whether the key is the vault entry the extension manages keys with, or the badge key. */
async function ownUseOf(id: string, key: ApiKey | null): Promise<OwnUse> {
  const [settings, stored] = await Promise.all([call('settings.get'), call('vault.listKeys')]);
  // The same match the background uses: by Venice id, else by type and last 6 characters.
  const entry =
    stored.find((e) => e.veniceKeyId === id) ??
    (key
      ? stored.find((e) => !e.veniceKeyId && e.type === key.apiKeyType && e.last6 === key.last6Chars)
      : undefined);
  if (!entry) return { management: false, badge: false };
  return {
    management: settings.managementKeyId === entry.entryId,
    badge: settings.badgeKeyId === entry.entryId,
  };
}

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
  if (!ownUse.current)
    ownUse.current = ownUseOf(id, key).catch(
      // Unknown: ask the second question rather than risk cutting the extension off silently.
      (): OwnUse => ({ management: true, badge: false, unknown: true }),
    );
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
      state.notice.value = { kind: 'error', text: `Could not revoke ${name}: ${toSerialized(err).message}` };
    }
  }

  async function first() {
    if (busy) return;
    setBusy(true);
    const found = await (ownUse.current as Promise<OwnUse>);
    setBusy(false);
    if (found.management || found.badge) {
      setUse(found);
      setStep('own');
    } else void revoke();
  }

  if (step === 'own' && use)
    return (
      <section
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="revoke-heading"
        aria-describedby="revoke-text"
        class="revoke revoke--own"
        ref={dialog}
      >
        <h2 id="revoke-heading">Revoke the extension’s own key?</h2>
        <div id="revoke-text">
          <p>
            <strong>{name}</strong> is{' '}
            {use.unknown
              ? 'possibly a key this extension itself uses (it could not check)'
              : use.management && use.badge
                ? 'the key this extension manages your keys with, and the key on the toolbar badge'
                : use.management
                  ? 'the key this extension manages your keys with'
                  : 'the key on the toolbar badge'}
            . Once it is revoked:
          </p>
          <ul>
            {use.management && (
              <li>
                this popup can no longer list, create, edit or revoke keys, until you add another ADMIN key in
                the options;
              </li>
            )}
            {use.badge && <li>the toolbar badge stops showing a balance;</li>}
            <li>every app using it stops working too. This cannot be undone.</li>
          </ul>
        </div>
        <div class="actions">
          <button type="button" ref={safeButton} onClick={cancel}>
            Keep the key
          </button>
          <button
            type="button"
            class="danger"
            onClick={() => void revoke()}
            aria-label={`Yes, revoke ${name} and lose that access`}
          >
            Revoke anyway
          </button>
        </div>
      </section>
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
