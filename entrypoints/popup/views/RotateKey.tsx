import { useEffect, useRef, useState } from 'preact/hooks';
import { NewSecret } from '@/components/NewSecret';
import { OpenSiteToFill } from '@/components/OpenSiteToFill';
import { PendingRevocationText } from '@/components/PendingRevocations';
import { cutOff, useFollowRotation } from '@/components/useFollowRotation';
import { serializeError } from '@/lib/error-shape';
import type { SerializedError } from '@/lib/errors';
import type { RevokeWhen, RotationRecord } from '@/lib/keys/rotation-store';
import { call } from '@/lib/messaging/client';
import { keySites } from '../sites';
import { newRequestId, type PopupState } from '../state';
import { keyName } from './KeyList';
import { ViewHeader } from './ViewHeader';

const WHEN_WORDS: Record<Exclude<RevokeWhen, 'now'>, string> = {
  '1h': 'in 1 hour',
  '1d': 'in 1 day',
  '7d': 'in 7 days',
};

/**
 * Rotate a key: its replacement (same settings, today's date in the description) is created and
 * saved in the vault, shown once with copy lines for a shell or a `.env` file, and then the old
 * key is revoked now or after a grace period. The rotation's id is kept in the route, so a
 * reopened popup picks the rotation up where it stands (without the secret: it is in the vault).
 */
export function RotateKey({ state, id, rotationId }: { state: PopupState; id: string; rotationId?: string }) {
  const key = state.overview.value?.list.keys.find((k) => k.id === id) ?? null;
  const [rotation, setRotation] = useState<RotationRecord | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [vaultError, setVaultError] = useState<SerializedError | null>(null);
  const [error, setError] = useState<SerializedError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  /** The worker stopped during a step: its outcome comes from the record, once it is known. */
  const [cut, setCut] = useState(false);

  const see = (r: RotationRecord) => {
    setRotation(r);
    setCut((was) => was && (r.state === 'creating' || r.state === 'revoking'));
  };
  /** A step's own answer is on its way: it, not the records written meanwhile, is shown (with the secret). */
  const inFlight = useRef(false);
  useFollowRotation(rotationId, (r) => {
    if (!inFlight.current) see(r);
  });

  /** The rotation this view started: its answer (with the secret) is on its way, nothing to load. */
  const startedHere = useRef<string | null>(null);
  useEffect(() => {
    if (!rotationId || startedHere.current === rotationId) return;
    let live = true;
    call('keys.rotation', { rotationId })
      .then((r) => {
        if (live) setRotation(r);
      })
      .catch((err) => {
        if (live) setError(serializeError(err));
      });
    return () => {
      live = false;
    };
  }, [rotationId]);

  const oldName = rotation
    ? `${rotation.old.description || 'Untitled key'} …${rotation.old.last6}`
    : key
      ? keyName(key)
      : `the key ${id}`;
  const back = () => state.go(rotation || !key ? { name: 'list' } : { name: 'detail', id });

  async function step(label: string, run: () => Promise<RotationRecord>) {
    if (busy) return;
    setBusy(label);
    setError(null);
    inFlight.current = true;
    try {
      setRotation(await run());
    } catch (err) {
      if (cutOff(err)) setCut(true);
      else setError(serializeError(err));
      if (rotationId) void call('keys.rotation', { rotationId }).then(see, () => undefined);
    } finally {
      inFlight.current = false;
      setBusy(null);
    }
  }

  /** `fresh`: a new attempt after a failed create (that rotation is over; this is another). */
  async function start(fresh = false) {
    if (busy) return;
    const next = fresh || !rotationId ? newRequestId() : rotationId;
    startedHere.current = next;
    // In the route first: a popup closed mid-create comes back to this rotation.
    state.go({ name: 'rotate', id, rotationId: next });
    setBusy('create');
    setError(null);
    inFlight.current = true;
    try {
      const answer = await call('keys.rotate', { rotationId: next, id });
      setRotation(answer.rotation);
      setSecret(answer.created?.secret ?? null);
      setVaultError(answer.created?.vaultError ?? null);
      void state.load();
    } catch (err) {
      if (cutOff(err)) setCut(true);
      else setError(serializeError(err));
      void call('keys.rotation', { rotationId: next }).then(see, () => undefined);
    } finally {
      inFlight.current = false;
      setBusy(null);
    }
  }

  if (!rotation || rotation.state === 'creating')
    return (
      <section aria-labelledby="view-heading" class="rotate">
        <ViewHeader title={`Rotate ${oldName}`} onBack={back} />
        <p>
          A new key is made with the same type, caps, limit period, model privacy and expiry, named after this
          one with today’s date. Its secret is saved in your vault before it is shown. Then you choose when
          the old key is revoked.
        </p>
        {error && (
          <p class="error" role="alert">
            Could not create the new key: {error.message} The old key is unchanged.
          </p>
        )}
        {cut && <CutOff />}
        <div class="actions">
          <button type="button" onClick={back}>
            Cancel
          </button>
          <button
            type="button"
            class="primary"
            onClick={() => void start()}
            disabled={busy !== null || (!key && !rotationId)}
            aria-busy={busy === 'create'}
          >
            {busy === 'create' ? 'Creating the new key…' : 'Create the new key'}
          </button>
        </div>
      </section>
    );

  const created = rotation.created;
  const needsVerify = rotation.roles.management && !rotation.managementMoved;
  const revokable = ['created', 'scheduled', 'revoke_failed', 'cancelled'].includes(rotation.state);

  return (
    <section aria-labelledby="view-heading" class="rotate">
      <ViewHeader title={`Rotate ${oldName}`} onBack={() => state.go({ name: 'list' })} />
      {rotation.state === 'create_failed' ? (
        <>
          <p class="error" role="alert">
            The new key was not created: {rotation.error?.message ?? 'unknown reason'} The old key is
            unchanged.
          </p>
          <button
            type="button"
            class="primary"
            disabled={busy !== null}
            onClick={() => {
              setRotation(null);
              void start(true);
            }}
          >
            Try creating the new key again
          </button>
        </>
      ) : (
        created && (
          <>
            <p class="notice" role="status">
              New key created: <strong>{created.description}</strong>{' '}
              <span class="mono">…{created.last6}</span>
              {created.entryId ? ', saved in your vault.' : '.'}
              {rotation.badgeMoved && ' The toolbar badge now shows the new key.'}
              {rotation.managementMoved && ' The extension now manages your keys with the new key.'}
            </p>
            <NewSecret
              closes="popup"
              secret={secret}
              vaultError={vaultError}
              entryId={created.entryId}
              onReveal={setSecret}
            />
            {created.entryId && <SiteOffer keyId={created.id} />}
          </>
        )
      )}
      {needsVerify && created && (
        <div class="rotate__verify">
          <p>
            The old key is the key this extension manages your keys with. First check that the new ADMIN key
            works: it is used to list your keys, and only then becomes the management key.
          </p>
          <button
            type="button"
            class="primary"
            disabled={busy !== null}
            onClick={() =>
              void step('verify', () => call('keys.rotationVerify', { rotationId: rotation.id }))
            }
          >
            {busy === 'verify' ? 'Checking the new key…' : 'Verify the new key and manage keys with it'}
          </button>
        </div>
      )}
      <RevocationStatus rotation={rotation} now={state.now.value} />
      {cut && <CutOff />}
      {/* A failed create is said once, above, from the rotation's own record. */}
      {error && rotation.state !== 'create_failed' && (
        <p class="error" role="alert">
          {error.message}
        </p>
      )}
      {revokable && created && !needsVerify && (
        <fieldset class="rotate__when">
          <legend>
            {rotation.state === 'revoke_failed'
              ? 'Revoke the old key again'
              : 'When should the old key stop working?'}
          </legend>
          <div class="actions">
            <button
              type="button"
              class="danger"
              disabled={busy !== null}
              onClick={() =>
                void step('now', () => call('keys.rotationRevoke', { rotationId: rotation.id, when: 'now' }))
              }
            >
              {busy === 'now' ? 'Revoking…' : 'Revoke the old key now'}
            </button>
            {(['1h', '1d', '7d'] as const).map((when) => (
              <button
                key={when}
                type="button"
                disabled={busy !== null}
                onClick={() =>
                  void step(when, () => call('keys.rotationRevoke', { rotationId: rotation.id, when }))
                }
              >
                Revoke it {WHEN_WORDS[when]}
              </button>
            ))}
          </div>
          <p class="muted">Now is for a leaked key; a grace period lets apps move to the new key first.</p>
        </fieldset>
      )}
      {rotation.state === 'scheduled' && (
        <button
          type="button"
          disabled={busy !== null}
          onClick={() => void step('cancel', () => call('keys.rotationCancel', { rotationId: rotation.id }))}
        >
          Cancel the revocation (keep the old key)
        </button>
      )}
    </section>
  );
}

/** The new key's site (taken over from the old key), offered once the key is saved. */
function SiteOffer({ keyId }: { keyId: string }) {
  const site = keySites.value.get(keyId);
  return site ? <OpenSiteToFill origin={site.origin} host={site.host} /> : null;
}

function CutOff() {
  return (
    <p class="muted" role="status">
      The extension stopped in the middle of this step. What it did is shown here as soon as it is known.
    </p>
  );
}

function RevocationStatus({ rotation, now }: { rotation: RotationRecord; now: number }) {
  if (rotation.state === 'revoked')
    return (
      <p class="notice" role="status">
        The old key is revoked.
      </p>
    );
  if (rotation.state === 'revoke_failed')
    return (
      <p class="error" role="alert">
        The new key was created, but revoking the old key failed:{' '}
        {rotation.error?.message ?? 'unknown reason'} The old key still works.
      </p>
    );
  if (rotation.state === 'scheduled' || rotation.state === 'revoking')
    return (
      <p class="notice" role="status">
        <PendingRevocationText rotation={rotation} now={now} />
      </p>
    );
  if (rotation.state === 'cancelled')
    return (
      <p class="muted" role="status">
        The revocation was cancelled: the old key still works.
      </p>
    );
  return null;
}
