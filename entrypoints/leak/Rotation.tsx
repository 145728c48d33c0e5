import { useEffect, useRef, useState } from 'preact/hooks';
import { OpenSiteToFill } from '@/components/OpenSiteToFill';
import type { RotationRecord } from '@/lib/keys/rotation-store';
import type { LeakSite } from '@/lib/leaks/service';
import { call, RemoteError } from '@/lib/messaging/client';

type Step =
  | { kind: 'creating' }
  | {
      kind: 'created';
      newName: string;
      newLast6: string;
      vaultLabel: string | null;
      /** Only when the vault could not keep it: shown once, to copy now. */
      unsavedSecret: string | null;
      revoke: { state: 'running' } | { state: 'done' } | { state: 'failed'; message: string };
    };

function messageOf(err: unknown): string {
  return err instanceof RemoteError ? err.message : 'Something went wrong inside the extension.';
}

/**
 * Rotating a leaked key from the leak window: the replacement is created with the same settings
 * and saved in the vault (the background's `keys.rotate`), then the old key is revoked at once
 * (a leak leaves no grace period). A management key is verified first. A revoke that fails after
 * the create shows both facts and offers the revoke again.
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
  const rotationId = useRef(crypto.randomUUID()).current;

  async function revokeOld(rotation: RotationRecord) {
    setStep((s) => (s.kind === 'created' ? { ...s, revoke: { state: 'running' } } : s));
    let revoke: Extract<Step, { kind: 'created' }>['revoke'];
    try {
      if (rotation.roles.management && !rotation.managementMoved)
        await call('keys.rotationVerify', { rotationId });
      const record = await call('keys.rotationRevoke', { rotationId, when: 'now' });
      revoke =
        record.state === 'revoked'
          ? { state: 'done' }
          : { state: 'failed', message: record.error?.message ?? 'Venice did not confirm the revoke.' };
    } catch (err) {
      revoke = { state: 'failed', message: messageOf(err) };
    }
    setStep((s) => (s.kind === 'created' ? { ...s, revoke } : s));
  }

  useEffect(() => {
    void (async () => {
      let start: Awaited<ReturnType<typeof call<'keys.rotate'>>>;
      try {
        start = await call('keys.rotate', { rotationId, id });
      } catch (err) {
        onCreateFailed(
          `Could not rotate ${name}: ${messageOf(err)} The old key is unchanged and still live.`,
        );
        return;
      }
      const made = start.rotation.created;
      if (!made) {
        const why = start.rotation.error?.message ?? 'the new key was not created.';
        onCreateFailed(`Could not rotate ${name}: ${why} The old key is unchanged and still live.`);
        return;
      }
      setStep({
        kind: 'created',
        newName: made.description || 'Untitled key',
        newLast6: made.last6,
        vaultLabel: start.created?.vaultCopy?.label ?? null,
        unsavedSecret: start.created?.vaultError ? start.created.secret : null,
        revoke: { state: 'running' },
      });
      await revokeOld(start.rotation);
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
      {step.unsavedSecret && (
        <p class="error">
          Not saved — copy it now:{' '}
          <input readOnly value={step.unsavedSecret} aria-label="Secret of the new key" class="mono" />
        </p>
      )}
      {site && step.vaultLabel && <OpenSiteToFill origin={site.origin} host={site.host} />}
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
                    s.kind === 'created' ? { ...s, revoke: { state: 'failed', message: messageOf(err) } } : s,
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
