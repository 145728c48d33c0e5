/**
 * Follows one rotation's record as the background rewrites it (before and after every step, in
 * storage.local, not secret). A page whose call was cut off by the worker stopping mid-step
 * learns what happened next (a create marked interrupted, a revoke resumed and done) without a
 * reload. Reads go through the background (`keys.rotation`), so pages keep no storage code.
 */
import { useEffect, useRef } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { RotationRecord } from '@/lib/keys/rotation-store';
import { call, RemoteError } from '@/lib/messaging/client';
import { STORAGE_KEYS } from '@/lib/storage/keys';

export function useFollowRotation(
  rotationId: string | null | undefined,
  onRecord: (rotation: RotationRecord) => void,
): void {
  const latest = useRef(onRecord);
  latest.current = onRecord;
  useEffect(() => {
    if (!rotationId) return;
    let live = true;
    let asked = 0;
    const onChanged = (changes: Record<string, unknown>) => {
      if (!(STORAGE_KEYS.local.keyRotations in changes)) return;
      // Only the newest read counts: answers to earlier ones may arrive after it.
      const mine = ++asked;
      call('keys.rotation', { rotationId }).then(
        (rotation) => {
          if (live && mine === asked) latest.current(rotation);
        },
        () => undefined,
      );
    };
    browser.storage.local.onChanged.addListener(onChanged);
    return () => {
      live = false;
      browser.storage.local.onChanged.removeListener(onChanged);
    };
  }, [rotationId]);
}

/** The worker stopped while answering: the step may or may not have run; the record will say. */
export function cutOff(err: unknown): boolean {
  return err instanceof RemoteError && err.code === 'messaging.background_unreachable';
}
