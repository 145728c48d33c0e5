import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { PendingRevocations } from '@/components/PendingRevocations';
import { errorText } from '@/lib/error-message';
import type { RotationRecord } from '@/lib/keys/rotation-store';
import { call } from '@/lib/messaging/client';
import { STORAGE_KEYS } from '@/lib/storage/keys';
import type { PopupState } from '../state';

/** The popup's pending revocations, above the key list; each cancellable, each saying when. */
export function PendingList({ state }: { state: PopupState }) {
  const [rotations, setRotations] = useState<RotationRecord[]>([]);
  const [busyId, setBusyId] = useState<string | null>(null);

  useEffect(() => {
    const load = () => void call('keys.rotations').then(setRotations, () => undefined);
    load();
    // Not secret (storage.local): the background rewrites the records at every step.
    const onChanged = (changes: Record<string, unknown>) => {
      if (STORAGE_KEYS.local.keyRotations in changes) load();
    };
    browser.storage.local.onChanged.addListener(onChanged);
    return () => browser.storage.local.onChanged.removeListener(onChanged);
  }, []);

  async function act(
    rotationId: string,
    run: () => Promise<RotationRecord>,
    done: (r: RotationRecord) => string,
  ) {
    setBusyId(rotationId);
    try {
      const next = await run();
      setRotations((list) => list.map((r) => (r.id === next.id ? next : r)));
      state.notice.value =
        next.state === 'revoke_failed'
          ? { kind: 'error', text: `The revoke failed: ${next.error?.message ?? 'unknown reason'}` }
          : { kind: 'info', text: done(next) };
      void state.load();
    } catch (err) {
      state.notice.value = { kind: 'error', text: errorText(err) };
    } finally {
      setBusyId(null);
    }
  }

  const name = (r: RotationRecord) => `${r.old.description || 'Untitled key'} …${r.old.last6}`;
  return (
    <PendingRevocations
      rotations={rotations}
      now={state.now.value}
      busyId={busyId}
      onOpen={(r) => state.go({ name: 'rotate', id: r.old.id, rotationId: r.id })}
      onCancel={(id) =>
        void act(
          id,
          () => call('keys.rotationCancel', { rotationId: id }),
          (r) => `Revocation cancelled: ${name(r)} keeps working.`,
        )
      }
      onRevokeNow={(id) =>
        void act(
          id,
          () => call('keys.rotationRevoke', { rotationId: id, when: 'now' }),
          (r) => `Revoked ${name(r)}.`,
        )
      }
    />
  );
}
