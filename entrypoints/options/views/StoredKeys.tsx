import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorMessage } from '@/components/ErrorMessage';
import { useFocusTrap } from '@/components/focus';
import { useAction } from '@/components/useAction';
import { type ClearOutcome, type CopyHandle, copySecret } from '@/lib/clipboard';
import { errorText } from '@/lib/error-message';
import { call } from '@/lib/messaging/client';
import type { Settings } from '@/lib/storage/settings-item';
import { LABEL_MAX } from '@/lib/vault/constants';
import type { StoredKeyMeta } from '@/lib/vault/types';
import { type Note, StatusNote } from './StatusNote';

type Notice = Note | null;

/** How long a revealed secret stays on screen. */
const REVEAL_MS = 30_000;

/**
 * With exactly one ADMIN key in the vault there is nothing to choose: it manages the keys and,
 * unless another key is on the badge, shows its balance there. Returns what it did, in words.
 */
async function adoptSoleAdmin(key: StoredKeyMeta): Promise<string | null> {
  if (key.type !== 'ADMIN') return null;
  const [settings, stored] = await Promise.all([call('settings.get'), call('vault.listKeys')]);
  const admins = stored.filter((k) => k.type === 'ADMIN');
  if (admins.length !== 1 || admins[0]?.entryId !== key.entryId) return null;
  const chosen = (id: string | null) => id !== null && stored.some((k) => k.entryId === id);
  const patch: { managementKeyId?: string; badgeKeyId?: string } = {};
  if (!chosen(settings.managementKeyId)) patch.managementKeyId = key.entryId;
  if (!chosen(settings.badgeKeyId)) patch.badgeKeyId = key.entryId;
  if (!patch.managementKeyId && !patch.badgeKeyId) return null;
  await call('settings.update', patch);
  return patch.managementKeyId && patch.badgeKeyId
    ? 'It now manages your keys and shows its balance on the badge.'
    : patch.managementKeyId
      ? 'It now manages your keys.'
      : 'It now shows its balance on the badge.';
}

export function AddKeyForm({ onAdded }: { onAdded: (text: string) => void }) {
  const [label, setLabel] = useState('');
  const [secret, setSecret] = useState('');
  const [offerUnverified, setOfferUnverified] = useState(false);
  const adding = useAction(
    async (allowUnverified: boolean) => {
      const { key, note } = await call('vault.addKey', { label, secret, allowUnverified });
      setLabel('');
      setSecret('');
      setOfferUnverified(false);
      const state = key.verified
        ? `verified, ${key.type}`
        : `not verified, assumed ${key.type} from its prefix`;
      let adopted: string | null = null;
      try {
        adopted = await adoptSoleAdmin(key);
      } catch (err) {
        adopted = `It could not be chosen to manage your keys: ${errorText(err)}`;
      }
      onAdded(`Added “${key.label}” (${state}).${note ? ` ${note}` : ''}${adopted ? ` ${adopted}` : ''}`);
    },
    { onError: (error) => setOfferUnverified(error.code === 'vault.key_unverifiable') },
  );
  const busy = adding.busy;
  const add = (allowUnverified: boolean) => adding.run(allowUnverified);

  return (
    <form
      class="card"
      aria-labelledby="add-key-heading"
      onSubmit={(e) => {
        e.preventDefault();
        void add(false);
      }}
    >
      <h3 id="add-key-heading">Add a key</h3>
      <p class="muted">
        Paste a Venice API key. It is checked with Venice (<code>GET /api_keys/rate_limits</code>), which also
        tells whether it is an ADMIN key, then stored encrypted.
      </p>
      <label>
        Label (optional)
        <input
          type="text"
          maxLength={LABEL_MAX}
          value={label}
          onInput={(e) => setLabel(e.currentTarget.value)}
        />
      </label>
      <label>
        API key
        <input
          type="password"
          autoComplete="off"
          spellcheck={false}
          placeholder="VENICE_ADMIN_KEY_… or VENICE_INFERENCE_KEY_…"
          value={secret}
          onInput={(e) => {
            setSecret(e.currentTarget.value);
            setOfferUnverified(false);
          }}
        />
      </label>
      <div class="row">
        <button type="submit" class="primary" disabled={busy || secret.trim() === ''}>
          {busy ? 'Checking with Venice…' : 'Add key'}
        </button>
        {offerUnverified && (
          <button type="button" disabled={busy} onClick={() => void add(true)}>
            Save unverified
          </button>
        )}
      </div>
      {adding.error && <ErrorMessage error={adding.error} inline />}
    </form>
  );
}

function KeyRow({
  item,
  settings,
  revealed,
  onReveal,
  onHide,
  onCopy,
  onNotice,
}: {
  item: StoredKeyMeta;
  settings: Settings;
  revealed: string | null;
  onReveal: () => void;
  onHide: () => void;
  onCopy: () => void;
  onNotice: (n: Notice) => void;
}) {
  const [renaming, setRenaming] = useState<string | null>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const isManagement = settings.managementKeyId === item.entryId;
  const isBadge = settings.badgeKeyId === item.entryId;
  const action = useAction(
    async (task: () => Promise<unknown>, done?: string) => {
      await task();
      if (done) onNotice({ kind: 'ok', text: done });
    },
    { onError: (error) => onNotice({ kind: 'error', text: error.message }) },
  );
  const { busy, run } = action;

  return (
    <li class="stored-key" aria-label={item.label}>
      <div class="key-head">
        {renaming === null ? (
          <strong>{item.label}</strong>
        ) : (
          <form
            class="row"
            onSubmit={(e) => {
              e.preventDefault();
              void run(async () => {
                await call('vault.updateKey', { entryId: item.entryId, label: renaming });
                setRenaming(null);
              });
            }}
          >
            <label>
              <span class="visually-hidden">New label for {item.label}</span>
              <input
                type="text"
                maxLength={LABEL_MAX}
                value={renaming}
                onInput={(e) => setRenaming(e.currentTarget.value)}
              />
            </label>
            <button type="submit" disabled={busy}>
              Save label
            </button>
            <button type="button" onClick={() => setRenaming(null)}>
              Cancel
            </button>
          </form>
        )}
        <span class={`pill ${item.type === 'ADMIN' ? 'admin' : ''}`}>{item.type}</span>
        <span class="mono">…{item.last6}</span>
        {item.verified ? (
          <span class="pill ok">verified</span>
        ) : (
          <span class="pill warn" title="Venice could not be reached when it was added">
            unverified
          </span>
        )}
        {isManagement && <span class="pill">management key</span>}
        {isBadge && <span class="pill">badge key</span>}
      </div>
      <div class="muted small">
        Added {new Date(item.addedAt).toLocaleString()} · {item.source}
      </div>
      {revealed !== null && (
        <div class="secret-box">
          <label>
            <span class="visually-hidden">Secret of {item.label}</span>
            <input type="text" class="mono" readOnly value={revealed} spellcheck={false} />
          </label>
        </div>
      )}
      <div class="row actions">
        {revealed === null ? (
          <button type="button" aria-label={`Reveal ${item.label}`} onClick={onReveal}>
            Reveal
          </button>
        ) : (
          <button type="button" aria-label={`Hide ${item.label}`} onClick={onHide}>
            Hide
          </button>
        )}
        <button type="button" aria-label={`Copy ${item.label}`} onClick={onCopy}>
          Copy
        </button>
        <button type="button" aria-label={`Rename ${item.label}`} onClick={() => setRenaming(item.label)}>
          Rename
        </button>
        {!item.verified && (
          <button
            type="button"
            aria-label={`Verify ${item.label}`}
            disabled={busy}
            onClick={() =>
              void run(async () => {
                const { reason } = await call('vault.verifyKey', { entryId: item.entryId });
                onNotice(
                  reason
                    ? { kind: 'error', text: `Still not verified: ${reason}` }
                    : { kind: 'ok', text: `“${item.label}” is verified.` },
                );
              })
            }
          >
            Verify now
          </button>
        )}
        {item.type === 'ADMIN' && !isManagement && (
          <button
            type="button"
            aria-label={`Use ${item.label} to manage keys`}
            disabled={busy}
            onClick={() =>
              void run(
                () => call('settings.update', { managementKeyId: item.entryId }),
                `“${item.label}” now manages your keys.`,
              )
            }
          >
            Use to manage keys
          </button>
        )}
        {!isBadge && (
          <button
            type="button"
            aria-label={`Show ${item.label} on the badge`}
            disabled={busy}
            onClick={() =>
              void run(
                () => call('settings.update', { badgeKeyId: item.entryId }),
                `The badge now shows the balance of “${item.label}”.`,
              )
            }
          >
            Show on badge
          </button>
        )}
        <button
          type="button"
          class="danger"
          aria-label={`Remove ${item.label}`}
          onClick={() => setConfirmRemove(true)}
        >
          Remove
        </button>
      </div>
      {confirmRemove && (
        <RemoveConfirm
          item={item}
          isManagement={isManagement}
          isBadge={isBadge}
          busy={busy}
          onRemove={() =>
            void run(
              () => call('vault.removeKey', { entryId: item.entryId }),
              `Removed “${item.label}” from the vault (still valid at Venice).`,
            )
          }
          onKeep={() => setConfirmRemove(false)}
        />
      )}
    </li>
  );
}

/**
 * Removing a key from the vault. Focus starts on the safe choice and Escape keeps the key; the
 * key the extension manages keys with, or shows on the badge, asks a second time.
 */
function RemoveConfirm({
  item,
  isManagement,
  isBadge,
  busy,
  onRemove,
  onKeep,
}: {
  item: StoredKeyMeta;
  isManagement: boolean;
  isBadge: boolean;
  busy: boolean;
  onRemove: () => void;
  onKeep: () => void;
}) {
  const [second, setSecond] = useState(false);
  const box = useRef<HTMLFieldSetElement>(null);
  const keep = useRef<HTMLButtonElement>(null);
  // Inline in the list, not modal: Tab cycles inside and Escape keeps the key; a click may leave.
  useFocusTrap(box, onKeep, { hold: false });
  useEffect(() => {
    keep.current?.focus();
  }, [second]);
  if (second)
    return (
      <fieldset class="confirm" ref={box}>
        <legend>“{item.label}” is the extension’s own key. Remove it anyway?</legend>
        <p>Once it is out of the vault:</p>
        <ul>
          {isManagement && (
            <li>
              the toolbar popup can no longer list, create, edit or revoke keys, until you add another ADMIN
              key;
            </li>
          )}
          {isBadge && <li>the toolbar badge stops showing a balance.</li>}
        </ul>
        <button type="button" ref={keep} onClick={onKeep}>
          Keep it
        </button>
        <button
          type="button"
          class="danger"
          disabled={busy}
          aria-label={`Yes, remove ${item.label} and lose that access`}
          onClick={onRemove}
        >
          Remove anyway
        </button>
      </fieldset>
    );
  return (
    <fieldset class="confirm" ref={box}>
      <legend>Remove “{item.label}” from the vault?</legend>
      <p>
        <strong>This does not revoke the key at Venice</strong>: it keeps working for anyone who has it.
        Revoke it from the popup if it leaked.
      </p>
      <button type="button" ref={keep} onClick={onKeep}>
        Keep it
      </button>
      <button
        type="button"
        class="danger"
        disabled={busy}
        onClick={() => (isManagement || isBadge ? setSecond(true) : onRemove())}
      >
        Remove from vault
      </button>
    </fieldset>
  );
}

export function StoredKeys({ keys, settings }: { keys: StoredKeyMeta[]; settings: Settings }) {
  const [notice, setNotice] = useState<Notice>(null);
  const [revealed, setRevealed] = useState<{ entryId: string; secret: string } | null>(null);
  const copyRef = useRef<CopyHandle | null>(null);
  const hideTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  // A revealed secret never outlives its key (removed, or the vault locked).
  useEffect(() => {
    if (revealed && !keys.some((k) => k.entryId === revealed.entryId)) setRevealed(null);
  }, [keys, revealed]);
  useEffect(
    () => () => {
      if (hideTimer.current) clearTimeout(hideTimer.current);
    },
    [],
  );

  async function reveal(item: StoredKeyMeta) {
    try {
      const { secret } = await call('vault.revealSecret', { entryId: item.entryId });
      setRevealed({ entryId: item.entryId, secret }); // one at a time: replaces any other
      if (hideTimer.current) clearTimeout(hideTimer.current);
      hideTimer.current = setTimeout(() => setRevealed(null), REVEAL_MS);
    } catch (err) {
      setNotice({ kind: 'error', text: errorText(err) });
    }
  }

  async function copy(item: StoredKeyMeta) {
    try {
      const { secret } = await call('vault.revealSecret', { entryId: item.entryId });
      copyRef.current?.cancel();
      const handle = await copySecret(secret);
      copyRef.current = handle;
      setNotice({
        kind: 'ok',
        text:
          handle.clearsInMs !== null
            ? `Copied “${item.label}”. The clipboard will be cleared in ${Math.round(handle.clearsInMs / 1000)} s, even if this page closes.`
            : `Copied “${item.label}”. ${handle.unsupportedReason}`,
      });
      const outcome: ClearOutcome = await handle.done;
      if (copyRef.current !== handle) return;
      copyRef.current = null;
      if (outcome === 'cleared') setNotice({ kind: 'ok', text: 'Clipboard cleared.' });
      else if (outcome === 'failed')
        setNotice({
          kind: 'error',
          text: 'Could not clear the clipboard. Copy something else over the key.',
        });
      else setNotice(null);
    } catch (err) {
      setNotice({ kind: 'error', text: errorText(err) });
    }
  }

  return (
    <section aria-labelledby="keys-heading">
      <h2 id="keys-heading">Stored keys</h2>
      <StatusNote note={notice} />
      {keys.length === 0 ? (
        <p class="muted">No keys yet. Add an ADMIN key to manage your keys from the toolbar.</p>
      ) : (
        <ul class="stored-keys">
          {keys.map((item) => (
            <KeyRow
              key={item.entryId}
              item={item}
              settings={settings}
              revealed={revealed?.entryId === item.entryId ? revealed.secret : null}
              onReveal={() => void reveal(item)}
              onHide={() => setRevealed(null)}
              onCopy={() => void copy(item)}
              onNotice={setNotice}
            />
          ))}
        </ul>
      )}
      {keys.length > 0 && !keys.some((k) => k.entryId === settings.managementKeyId) && (
        <p class="muted">
          No management key chosen: pick an ADMIN key with “Use to manage keys” to list and create keys in the
          popup.
        </p>
      )}
      <AddKeyForm onAdded={(text) => setNotice({ kind: 'ok', text })} />
    </section>
  );
}
