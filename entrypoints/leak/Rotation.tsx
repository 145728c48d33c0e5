import { useEffect, useRef, useState } from 'preact/hooks';
import { NewSecret } from '@/components/NewSecret';
import { OpenSiteToFill } from '@/components/OpenSiteToFill';
import { cutOff, useFollowRotation } from '@/components/useFollowRotation';
import { errorText } from '@/lib/error-message';
import type { SerializedError } from '@/lib/errors';
import type { RotationRecord } from '@/lib/keys/rotation-store';
import type { LeakSite } from '@/lib/leaks/service';
import { call } from '@/lib/messaging/client';

type Step =
  | { kind: 'creating' }
  | {
      kind: 'created';
      newName: string;
      newLast6: string;
      vaultLabel: string | null;
      /** The new key's vault entry: its secret is revealed from there, to copy. */
      entryId: string | null;
      /** Only when the vault could not keep it: shown once, to copy now, with why. */
      unsaved: { secret: string; error: SerializedError } | null;
      revoke:
        | { state: 'running' }
        | { state: 'done' }
        | { state: 'failed'; message: string }
        /** The old key is the management key: the user checks the new one first (an explicit step). */
        | { state: 'verify'; rotation: RotationRecord };
    };

type Revoke = Extract<Step, { kind: 'created' }>['revoke'];

/**
 * Rotating a leaked key from the leak window: the replacement is created with the same settings
 * and saved in the vault (the background's `keys.rotate`), then the old key is revoked at once
 * (a leak leaves no grace period). For the management key the user first checks the new key (an
 * explicit step: it must list the keys before the old one goes). A revoke that fails after
 * the create shows both facts and offers the revoke again. A step cut off by the worker stopping
 * ends as the rotation's record says once the worker is back (it resumes or marks the step).
 */
export function Rotation({
  id,
  name,
  site,
  onCreateFailed,
}: {
  id: string;
  name: string;
  /** The app the leaked key was used on: the new key goes there (the background gave it that site). */
  site: LeakSite | null;
  onCreateFailed: (message: string) => void;
}) {
  const [step, setStep] = useState<Step>({ kind: 'creating' });
  /** The new key's secret, once the user asked to see it (read from the vault). */
  const [secret, setSecret] = useState<string | null>(null);
  const rotationId = useRef(crypto.randomUUID()).current;
  /** Which step the worker stopped in: its end is read from the record (see useFollowRotation). */
  const waiting = useRef<'create' | 'revoke' | null>(null);

  const setRevoke = (revoke: Revoke) => setStep((s) => (s.kind === 'created' ? { ...s, revoke } : s));

  function revokeOutcome(record: RotationRecord): Revoke | null {
    if (record.state === 'revoked') return { state: 'done' };
    if (record.state === 'revoking') return null;
    return {
      state: 'failed',
      message:
        record.state === 'revoke_failed'
          ? (record.error?.message ?? 'Venice did not confirm the revoke.')
          : 'The revoke did not finish.',
    };
  }

  function created(
    record: RotationRecord,
    vaultLabel: string | null,
    unsaved: { secret: string; error: SerializedError } | null,
  ): boolean {
    const made = record.created;
    if (!made) return false;
    setStep({
      kind: 'created',
      newName: made.description || 'Untitled key',
      newLast6: made.last6,
      vaultLabel,
      entryId: made.entryId,
      unsaved,
      revoke: { state: 'running' },
    });
    return true;
  }

  /** How a create cut off by the worker ended, from its record (nothing yet while it is open). */
  function createEnded(record: RotationRecord): void {
    if (waiting.current !== 'create' || record.state === 'creating') return;
    waiting.current = null;
    if (record.state === 'create_failed' || !created(record, null, null)) {
      const why = record.error?.message ?? 'the new key was not created.';
      onCreateFailed(`Could not rotate ${name}: ${why} The old key is unchanged and still live.`);
      return;
    }
    afterCreate(record);
  }

  /** The management key waits for the user's explicit check of the new key; any other is revoked at once. */
  function afterCreate(record: RotationRecord): void {
    if (record.roles.management && !record.managementMoved) setRevoke({ state: 'verify', rotation: record });
    else void revokeOld(record);
  }

  useFollowRotation(rotationId, (record) => {
    if (waiting.current === 'create') createEnded(record);
    else if (waiting.current === 'revoke') {
      const revoke = revokeOutcome(record);
      if (!revoke) return;
      waiting.current = null;
      setRevoke(revoke);
    }
  });

  async function revokeOld(rotation: RotationRecord) {
    setRevoke({ state: 'running' });
    let revoke: Revoke | null;
    try {
      if (rotation.roles.management && !rotation.managementMoved)
        await call('keys.rotationVerify', { rotationId });
      revoke = revokeOutcome(await call('keys.rotationRevoke', { rotationId, when: 'now' }));
    } catch (err) {
      if (!cutOff(err)) revoke = { state: 'failed', message: errorText(err) };
      else {
        // The worker stopped mid-step: it resumes a revoke under way when it wakes (this read wakes it).
        waiting.current = 'revoke';
        revoke = await call('keys.rotation', { rotationId }).then(revokeOutcome, () => null);
        if (revoke) waiting.current = null;
      }
    }
    if (revoke) setRevoke(revoke);
  }

  useEffect(() => {
    void (async () => {
      let start: Awaited<ReturnType<typeof call<'keys.rotate'>>>;
      try {
        start = await call('keys.rotate', { rotationId, id });
      } catch (err) {
        if (cutOff(err)) {
          // The worker stopped mid-create: once woken (this read wakes it) it marks how the create ended.
          waiting.current = 'create';
          void call('keys.rotation', { rotationId }).then(createEnded, () => undefined);
          return;
        }
        onCreateFailed(
          `Could not rotate ${name}: ${errorText(err)} The old key is unchanged and still live.`,
        );
        return;
      }
      const made = created(
        start.rotation,
        start.created?.vaultCopy?.label ?? null,
        start.created?.vaultError && start.created.secret
          ? { secret: start.created.secret, error: start.created.vaultError }
          : null,
      );
      if (!made) {
        const why = start.rotation.error?.message ?? 'the new key was not created.';
        onCreateFailed(`Could not rotate ${name}: ${why} The old key is unchanged and still live.`);
        return;
      }
      afterCreate(start.rotation);
    })();
  }, []);

  if (step.kind === 'creating') return <p role="status">Creating the replacement for {name}…</p>;
  const { revoke } = step;
  return (
    <div class="leak-rotation">
      <p role="status">
        New key <strong>{step.newName}</strong> <span class="mono">…{step.newLast6}</span> created with the
        same settings{step.vaultLabel ? `, saved in your vault as “${step.vaultLabel}”` : ''}.
      </p>
      {(step.unsaved || step.entryId) && (
        <NewSecret
          closes="window"
          secret={step.unsaved?.secret ?? secret}
          vaultError={step.unsaved?.error ?? null}
          entryId={step.entryId}
          onReveal={setSecret}
        />
      )}
      {site && step.vaultLabel && <OpenSiteToFill origin={site.origin} host={site.host} />}
      {revoke.state === 'verify' && (
        <div class="rotate__verify">
          <p>
            The old key is the key this extension manages your keys with. First check that the new ADMIN key
            works: it is used to list your keys, and only then becomes the management key. Then the old key is
            revoked.
          </p>
          <button type="button" class="primary" onClick={() => void revokeOld(revoke.rotation)}>
            Verify the new key and manage keys with it
          </button>
        </div>
      )}
      {revoke.state === 'running' && <p role="status">Revoking the old key…</p>}
      {revoke.state === 'done' && (
        <p role="status" class="ok">
          The old key is revoked: {name} no longer works anywhere.
        </p>
      )}
      {revoke.state === 'failed' && (
        <>
          <p role="alert" class="error">
            The new key exists, but the old key {name} is still live: {revoke.message}
          </p>
          <button
            type="button"
            class="danger"
            onClick={() =>
              void call('keys.rotation', { rotationId })
                .then(revokeOld)
                .catch((err: unknown) =>
                  setStep((s) =>
                    s.kind === 'created' ? { ...s, revoke: { state: 'failed', message: errorText(err) } } : s,
                  ),
                )
            }
          >
            Revoke the old key now
          </button>
        </>
      )}
    </div>
  );
}
